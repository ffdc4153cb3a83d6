package io.personalizekit.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The IAM documents Amazon Personalize needs to use data in an S3 bucket, rendered as JSON:
 *
 * <ul>
 *   <li>{@link #bucketPolicy()}: the bucket policy, granting the service principal {@code
 *       personalize.amazonaws.com} the actions on the bucket and its objects;
 *   <li>{@link #rolePolicy()}: the identity policy to attach to the service role passed as {@code roleArn};
 *   <li>{@link #trustPolicy()}: the role's trust policy, letting {@code personalize.amazonaws.com} assume it.
 * </ul>
 *
 * <p>Reading (import jobs) needs {@code s3:GetObject} and {@code s3:ListBucket} on {@code arn:aws:s3:::bucket}
 * and {@code arn:aws:s3:::bucket/*}; batch inference jobs also write their output, so {@link
 * Builder#allowWrite(boolean)} adds {@code s3:PutObject}. With {@link Builder#sourceAccount(String)} the bucket and
 * trust policies carry an {@code aws:SourceAccount} condition, so that only Personalize acting for that account
 * can use them (the confused-deputy guard AWS recommends).
 *
 * <pre>{@code
 * PersonalizeS3Policies p = PersonalizeS3Policies.builder()
 *         .bucket("my-bucket").allowWrite(true).sourceAccount("123456789012").build();
 * s3.putBucketPolicy(r -> r.bucket("my-bucket").policy(p.bucketPolicy()));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PersonalizeS3Policies {
    /** The service principal of Amazon Personalize. */
    public static final String SERVICE_PRINCIPAL = "personalize.amazonaws.com";

    private static final String VERSION = "2012-10-17";
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern PARTITION = Pattern.compile("aws(-[a-z]+)*");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String bucket;
    private final boolean allowWrite;
    private final String partition;
    private final @Nullable String sourceAccount;

    private PersonalizeS3Policies(Builder b) {
        this.bucket = S3Location.validateBucket(Objects.requireNonNull(b.bucket, "bucket"));
        this.allowWrite = b.allowWrite;
        this.partition = b.partition;
        this.sourceAccount = b.sourceAccount;
    }

    /**
     * The read-only policies for a bucket in the {@code aws} partition, without a source-account condition.
     *
     * @param bucket the bucket
     * @return the policies
     * @throws IllegalArgumentException when the bucket name breaks S3's rules
     */
    public static PersonalizeS3Policies forBucket(String bucket) {
        return builder().bucket(bucket).build();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised with this object's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .bucket(bucket)
                .allowWrite(allowWrite)
                .partition(partition)
                .sourceAccount(sourceAccount);
    }

    /**
     * The bucket the policies grant access to.
     *
     * @return the bucket
     */
    public String bucket() {
        return bucket;
    }

    /**
     * Whether {@code s3:PutObject} is granted (needed by batch inference jobs).
     *
     * @return true when writing is allowed
     */
    public boolean allowWrite() {
        return allowWrite;
    }

    /**
     * The actions granted, in the order they are rendered.
     *
     * @return {@code s3:GetObject}, {@code s3:ListBucket} and, when writing is allowed, {@code s3:PutObject}
     */
    public List<String> actions() {
        return allowWrite
                ? List.of("s3:GetObject", "s3:ListBucket", "s3:PutObject")
                : List.of("s3:GetObject", "s3:ListBucket");
    }

    /**
     * The resources granted: the bucket and every object in it.
     *
     * @return {@code arn:<partition>:s3:::bucket} and {@code arn:<partition>:s3:::bucket/*}
     */
    public List<String> resources() {
        String arn = "arn:" + partition + ":s3:::" + bucket;
        return List.of(arn, arn + "/*");
    }

    /**
     * The bucket policy, for {@code PutBucketPolicy}.
     *
     * @return the policy JSON
     */
    public String bucketPolicy() {
        ObjectNode statement = statement("PersonalizeS3BucketAccessPolicy");
        statement.putObject("Principal").put("Service", SERVICE_PRINCIPAL);
        addActionsAndResources(statement);
        addSourceAccount(statement);
        return render(document("PersonalizeS3BucketAccessPolicy", statement));
    }

    /**
     * The identity policy for the service role Personalize assumes ({@code roleArn} of import and batch jobs).
     *
     * @return the policy JSON
     */
    public String rolePolicy() {
        ObjectNode statement = statement("PersonalizeS3Access");
        addActionsAndResources(statement);
        return render(document(null, statement));
    }

    /**
     * The trust policy of the service role, letting Personalize assume it.
     *
     * @return the policy JSON
     */
    public String trustPolicy() {
        ObjectNode statement = statement("PersonalizeAssumeRole");
        statement.putObject("Principal").put("Service", SERVICE_PRINCIPAL);
        statement.put("Action", "sts:AssumeRole");
        addSourceAccount(statement);
        return render(document(null, statement));
    }

    private static ObjectNode statement(String sid) {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        return statement;
    }

    private void addActionsAndResources(ObjectNode statement) {
        ArrayNode action = statement.putArray("Action");
        actions().forEach(action::add);
        ArrayNode resource = statement.putArray("Resource");
        resources().forEach(resource::add);
    }

    private void addSourceAccount(ObjectNode statement) {
        if (sourceAccount != null) {
            statement.putObject("Condition").putObject("StringEquals").put("aws:SourceAccount", sourceAccount);
        }
    }

    private static ObjectNode document(@Nullable String id, ObjectNode statement) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("Version", VERSION);
        if (id != null) {
            doc.put("Id", id);
        }
        doc.putArray("Statement").add(statement);
        return doc;
    }

    private static String render(ObjectNode doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Rendering a policy tree cannot fail", e);
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PersonalizeS3Policies)) {
            return false;
        }
        PersonalizeS3Policies p = (PersonalizeS3Policies) o;
        return allowWrite == p.allowWrite
                && bucket.equals(p.bucket)
                && partition.equals(p.partition)
                && Objects.equals(sourceAccount, p.sourceAccount);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bucket, allowWrite, partition, sourceAccount);
    }

    @Override
    public String toString() {
        return "PersonalizeS3Policies{bucket=" + bucket + ", allowWrite=" + allowWrite + ", partition=" + partition
                + (sourceAccount == null ? "" : ", sourceAccount=" + sourceAccount) + "}";
    }

    /** Builds {@link PersonalizeS3Policies}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String bucket;
        private boolean allowWrite;
        private String partition = "aws";
        private @Nullable String sourceAccount;

        private Builder() {}

        /**
         * The bucket (required).
         *
         * @param bucket the bucket name
         * @return this builder
         * @throws IllegalArgumentException when the name breaks S3's rules
         */
        public Builder bucket(String bucket) {
            this.bucket = S3Location.validateBucket(Objects.requireNonNull(bucket, "bucket"));
            return this;
        }

        /**
         * Whether to grant {@code s3:PutObject} as well, as batch inference jobs need to write their output;
         * default false.
         *
         * @param allowWrite true to allow writing
         * @return this builder
         */
        public Builder allowWrite(boolean allowWrite) {
            this.allowWrite = allowWrite;
            return this;
        }

        /**
         * The AWS partition of the bucket ARN; default {@code aws}.
         *
         * @param partition for example {@code aws}, {@code aws-cn} or {@code aws-us-gov}
         * @return this builder
         * @throws IllegalArgumentException when {@code partition} is not of the form {@code aws} or {@code
         *     aws-<name>}
         */
        public Builder partition(String partition) {
            Objects.requireNonNull(partition, "partition");
            if (!PARTITION.matcher(partition).matches()) {
                throw new IllegalArgumentException(
                        "partition must look like 'aws' or 'aws-<name>', but was '" + partition + "'");
            }
            this.partition = partition;
            return this;
        }

        /**
         * The account Personalize acts for; when set, the bucket and trust policies only apply to requests made
         * on behalf of that account ({@code aws:SourceAccount} condition). Default unset.
         *
         * @param accountId a 12-digit account id, or {@code null} to omit the condition
         * @return this builder
         * @throws IllegalArgumentException when {@code accountId} is not 12 digits
         */
        public Builder sourceAccount(@Nullable String accountId) {
            if (accountId != null && !ACCOUNT.matcher(accountId).matches()) {
                throw new IllegalArgumentException(
                        "sourceAccount must be a 12-digit account id, but was '" + accountId + "'");
            }
            this.sourceAccount = accountId;
            return this;
        }

        /**
         * Builds the policies.
         *
         * @return the policies
         * @throws NullPointerException when {@code bucket} was not set
         */
        public PersonalizeS3Policies build() {
            return new PersonalizeS3Policies(this);
        }

        /**
         * Applies a mutation to this builder.
         *
         * @param mutation the mutation
         * @return this builder
         */
        public Builder applyMutation(Consumer<Builder> mutation) {
            mutation.accept(this);
            return this;
        }
    }
}
