package io.personalizekit.export;

import io.personalizekit.resource.DatasetRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.storage.S3Location;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What to export: a dataset, which of its records ({@link ExportMode}), the S3 folder to write to and the role the
 * service writes with. Immutable and thread-safe.
 *
 * <pre>{@code
 * DatasetExportRequest request = DatasetExportRequest.builder()
 *         .dataset(deployment, DatasetType.INTERACTIONS)
 *         .mode(ExportMode.ALL)
 *         .output(S3Location.parse("s3://news-exports/interactions/"))
 *         .roleArn("arn:aws:iam::123456789012:role/PersonalizeExport")
 *         .build();
 * }</pre>
 */
public final class DatasetExportRequest {
    /** The API's job name rule: 1 to 63 characters, a letter or digit first, then letters, digits, - and _. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9\\-_]{0,62}");

    static final Pattern ROLE_ARN = Pattern.compile("arn:([a-z\\d-]+):iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");

    private final DatasetRef dataset;
    private final @Nullable String jobName;
    private final ExportMode mode;
    private final S3Location output;
    private final String roleArn;
    private final @Nullable String kmsKeyArn;

    private DatasetExportRequest(Builder b) {
        this.dataset = Objects.requireNonNull(b.dataset, "dataset");
        this.output = Objects.requireNonNull(b.output, "output");
        this.roleArn = Objects.requireNonNull(b.roleArn, "roleArn");
        this.jobName = b.jobName;
        this.mode = b.mode;
        this.kmsKeyArn = b.kmsKeyArn;
    }

    /**
     * Starts a builder; the mode defaults to {@link ExportMode#ALL}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The dataset to export.
     *
     * @return the dataset
     */
    public DatasetRef dataset() {
        return dataset;
    }

    /**
     * The job's name, when one was set; else the exporter names the job after the dataset and the time.
     *
     * @return the name, or empty
     */
    public Optional<String> jobName() {
        return Optional.ofNullable(jobName);
    }

    /**
     * Which records are exported.
     *
     * @return the mode
     */
    public ExportMode mode() {
        return mode;
    }

    /**
     * The S3 folder the job writes to (the service's {@code jobOutput.s3DataDestination.path}).
     *
     * @return the folder
     */
    public S3Location output() {
        return output;
    }

    /**
     * The IAM role the service writes to S3 with.
     *
     * @return the role ARN
     */
    public String roleArn() {
        return roleArn;
    }

    /**
     * The KMS key the output is encrypted with.
     *
     * @return the key ARN, or empty
     */
    public Optional<String> kmsKeyArn() {
        return Optional.ofNullable(kmsKeyArn);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof DatasetExportRequest r
                && dataset.equals(r.dataset)
                && Objects.equals(jobName, r.jobName)
                && mode == r.mode
                && output.equals(r.output)
                && roleArn.equals(r.roleArn)
                && Objects.equals(kmsKeyArn, r.kmsKeyArn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataset, jobName, mode, output, roleArn, kmsKeyArn);
    }

    @Override
    public String toString() {
        return "DatasetExportRequest{dataset=" + dataset.arn() + ", jobName=" + jobName + ", mode=" + mode + ", output="
                + output + ", roleArn=" + roleArn + "}";
    }

    /** Builder of {@link DatasetExportRequest}; not thread-safe. */
    public static final class Builder {
        private @Nullable DatasetRef dataset;
        private @Nullable String jobName;
        private ExportMode mode = ExportMode.ALL;
        private @Nullable S3Location output;
        private @Nullable String roleArn;
        private @Nullable String kmsKeyArn;

        private Builder() {}

        /**
         * Sets the dataset to export (required).
         *
         * @param dataset the dataset
         * @return this builder
         */
        public Builder dataset(DatasetRef dataset) {
            this.dataset = Objects.requireNonNull(dataset, "dataset");
            return this;
        }

        /**
         * Sets the dataset to export (required) to a deployment's dataset of a type.
         *
         * @param deployment the deployment, for example a pipeline run's
         * @param type the dataset type
         * @return this builder
         * @throws IllegalArgumentException when the deployment has no dataset of that type
         */
        public Builder dataset(Deployment deployment, DatasetType type) {
            Objects.requireNonNull(deployment, "deployment");
            return dataset(deployment.dataset(Objects.requireNonNull(type, "type")));
        }

        /**
         * Sets the job's name; by default it is {@code <dataset group>-<dataset type>-<epoch seconds>}. A name makes
         * the export exactly-once: a retried create that meets the job it started adopts it.
         *
         * @param jobName 1 to 63 characters: a letter or digit, then letters, digits, {@code -} and {@code _}
         * @return this builder
         * @throws IllegalArgumentException when the name breaks the rule, naming it
         */
        public Builder jobName(String jobName) {
            Objects.requireNonNull(jobName, "jobName");
            if (!NAME.matcher(jobName).matches()) {
                throw new IllegalArgumentException("jobName '" + jobName + "' must be 1 to 63 characters: a letter or"
                        + " digit, then letters, digits, - and _");
            }
            this.jobName = jobName;
            return this;
        }

        /**
         * Sets which records are exported; defaults to {@link ExportMode#ALL} (the service's own default is {@code
         * PUT}, which leaves out everything imported in bulk).
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(ExportMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the S3 folder the job writes to (required). The exporter lists the job's files under it.
         *
         * @param output the folder, for example {@code s3://exports/interactions/}
         * @return this builder
         */
        public Builder output(S3Location output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /**
         * Sets the IAM role the service writes to S3 with (required): it needs {@code s3:PutObject} and {@code
         * s3:ListBucket} on the bucket ({@link io.personalizekit.storage.PersonalizeS3Policies}).
         *
         * @param roleArn an IAM role ARN, {@code arn:aws:iam::<account>:role/<name>}
         * @return this builder
         * @throws IllegalArgumentException when it is not an IAM role ARN, naming it
         */
        public Builder roleArn(String roleArn) {
            Objects.requireNonNull(roleArn, "roleArn");
            if (!ROLE_ARN.matcher(roleArn).matches() || roleArn.length() > 256) {
                throw new IllegalArgumentException(
                        "roleArn '" + roleArn + "' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
            }
            this.roleArn = roleArn;
            return this;
        }

        /**
         * Sets the KMS key the service encrypts the output with (none by default).
         *
         * @param kmsKeyArn the key ARN, or null for none
         * @return this builder
         */
        public Builder kmsKeyArn(@Nullable String kmsKeyArn) {
            this.kmsKeyArn = kmsKeyArn;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws NullPointerException when the dataset, the output or the role is missing
         */
        public DatasetExportRequest build() {
            return new DatasetExportRequest(this);
        }
    }
}
