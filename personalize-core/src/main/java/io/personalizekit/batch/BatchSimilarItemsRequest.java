package io.personalizekit.batch;

import io.personalizekit.resource.FilterRef;
import io.personalizekit.resource.SolutionVersionRef;
import io.personalizekit.storage.S3Location;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a related-items batch inference job should do: its name, the solution version, how many items per input
 * item, an optional filter, where the JSON Lines input is (or goes) in S3, and the output prefix. Immutable and
 * thread-safe.
 *
 * <p>The output file of an input {@code s3://b/in/items.json} is {@code <outputPrefix>items.json.out}. The
 * service rejects an output prefix equal to the input's folder, and so does {@link Builder#build()}.
 */
public final class BatchSimilarItemsRequest {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9\\-_]{0,62}");
    private static final Pattern ARN = Pattern.compile("arn:([a-z\\d-]+):personalize:.*:.*:.+");

    private final String jobName;
    private final String solutionVersionArn;
    private final @Nullable Integer numResults;
    private final @Nullable String filterArn;
    private final S3Location input;
    private final S3Location outputPrefix;
    private final @Nullable Path inputFile;

    private BatchSimilarItemsRequest(Builder b) {
        this.jobName = Objects.requireNonNull(b.jobName, "jobName");
        this.solutionVersionArn = Objects.requireNonNull(b.solutionVersionArn, "solutionVersionArn");
        this.input = Objects.requireNonNull(b.input, "input");
        this.outputPrefix = Objects.requireNonNull(b.outputPrefix, "outputPrefix");
        this.numResults = b.numResults;
        this.filterArn = b.filterArn;
        this.inputFile = b.inputFile;
        String inputFolder = input.key().substring(0, input.key().lastIndexOf('/') + 1);
        if (input.bucket().equals(outputPrefix.bucket()) && inputFolder.equals(outputPrefix.key())) {
            throw new IllegalArgumentException("outputPrefix " + outputPrefix + " must differ from the folder of input "
                    + input + "; the service rejects it ('Invalid S3 output path')");
        }
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
     * A builder initialised with this request's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.jobName = jobName;
        b.solutionVersionArn = solutionVersionArn;
        b.numResults = numResults;
        b.filterArn = filterArn;
        b.input = input;
        b.outputPrefix = outputPrefix;
        b.inputFile = inputFile;
        return b;
    }

    /**
     * A copy with changes applied.
     *
     * @param mutation the changes
     * @return the new request
     */
    public BatchSimilarItemsRequest copy(Consumer<Builder> mutation) {
        Builder b = toBuilder();
        mutation.accept(b);
        return b.build();
    }

    /**
     * The job's name.
     *
     * @return the name
     */
    public String jobName() {
        return jobName;
    }

    /**
     * The solution version the job uses.
     *
     * @return the ARN
     */
    public String solutionVersionArn() {
        return solutionVersionArn;
    }

    /**
     * The number of recommended items per input item.
     *
     * @return the number, or empty for the service's default
     */
    public Optional<Integer> numResults() {
        return Optional.ofNullable(numResults);
    }

    /**
     * The filter applied to the recommendations.
     *
     * @return the filter ARN, or empty for none
     */
    public Optional<String> filterArn() {
        return Optional.ofNullable(filterArn);
    }

    /**
     * The S3 object holding the JSON Lines input.
     *
     * @return the input location
     */
    public S3Location input() {
        return input;
    }

    /**
     * The S3 prefix the job writes its output under.
     *
     * @return the output prefix (its key ends with {@code /} or is empty)
     */
    public S3Location outputPrefix() {
        return outputPrefix;
    }

    /**
     * The local input file uploaded to {@link #input()} before the job starts.
     *
     * @return the file, or empty when the input is already in S3
     */
    public Optional<Path> inputFile() {
        return Optional.ofNullable(inputFile);
    }

    /**
     * Where the job's output for this input appears: {@code <outputPrefix><input-file-name>.out}.
     *
     * @return the output object's location
     */
    public S3Location resultsLocation() {
        return outputPrefix.resolve(input.fileName() + ".out");
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BatchSimilarItemsRequest)) {
            return false;
        }
        BatchSimilarItemsRequest r = (BatchSimilarItemsRequest) o;
        return jobName.equals(r.jobName)
                && solutionVersionArn.equals(r.solutionVersionArn)
                && Objects.equals(numResults, r.numResults)
                && Objects.equals(filterArn, r.filterArn)
                && input.equals(r.input)
                && outputPrefix.equals(r.outputPrefix)
                && Objects.equals(inputFile, r.inputFile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobName, solutionVersionArn, numResults, filterArn, input, outputPrefix, inputFile);
    }

    @Override
    public String toString() {
        return "BatchSimilarItemsRequest{jobName=" + jobName + ", solutionVersionArn=" + solutionVersionArn
                + (numResults == null ? "" : ", numResults=" + numResults)
                + (filterArn == null ? "" : ", filterArn=" + filterArn)
                + ", input=" + input + ", outputPrefix=" + outputPrefix
                + (inputFile == null ? "" : ", inputFile=" + inputFile) + "}";
    }

    /** Builds a {@link BatchSimilarItemsRequest}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String jobName;
        private @Nullable String solutionVersionArn;
        private @Nullable Integer numResults;
        private @Nullable String filterArn;
        private @Nullable S3Location input;
        private @Nullable S3Location outputPrefix;
        private @Nullable Path inputFile;

        private Builder() {}

        /**
         * The job's name (required): 1 to 63 characters, letters, digits, {@code -} and {@code _}, starting with a
         * letter or digit; unique among the account's batch inference jobs.
         *
         * @param jobName the name
         * @return this builder
         * @throws IllegalArgumentException when the name breaks the service's pattern
         */
        public Builder jobName(String jobName) {
            Objects.requireNonNull(jobName, "jobName");
            if (!NAME.matcher(jobName).matches()) {
                throw new IllegalArgumentException("jobName '" + jobName + "' must be 1 to 63 characters of letters,"
                        + " digits, '-' and '_', starting with a letter or digit");
            }
            this.jobName = jobName;
            return this;
        }

        /**
         * The solution version to use (required); no campaign is needed.
         *
         * @param arn the solution version ARN
         * @return this builder
         * @throws IllegalArgumentException when {@code arn} is not a Personalize ARN of at most 256 characters
         */
        public Builder solutionVersionArn(String arn) {
            this.solutionVersionArn = checkArn("solutionVersionArn", arn);
            return this;
        }

        /**
         * The solution version to use (required), for example {@code deployment.solutionVersion()}.
         *
         * @param solutionVersion the solution version
         * @return this builder
         */
        public Builder solutionVersion(SolutionVersionRef solutionVersion) {
            return solutionVersionArn(
                    Objects.requireNonNull(solutionVersion, "solutionVersion").arn());
        }

        /**
         * The number of recommended items per input item; default unset (the service's default).
         *
         * @param numResults at least 1, or {@code null} to unset
         * @return this builder
         * @throws IllegalArgumentException when {@code numResults} is below 1
         */
        public Builder numResults(@Nullable Integer numResults) {
            if (numResults != null && numResults < 1) {
                throw new IllegalArgumentException("numResults must be >= 1, but was " + numResults);
            }
            this.numResults = numResults;
            return this;
        }

        /**
         * A filter to apply; default none.
         *
         * @param filterArn the filter ARN, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException when {@code filterArn} is not a Personalize ARN of at most 256
         *     characters
         */
        public Builder filterArn(@Nullable String filterArn) {
            this.filterArn = filterArn == null ? null : checkArn("filterArn", filterArn);
            return this;
        }

        /**
         * A filter to apply, for example {@code deployment.filter("unread")}; default none.
         *
         * @param filter the filter, or {@code null} for none
         * @return this builder
         */
        public Builder filter(@Nullable FilterRef filter) {
            return filterArn(filter == null ? null : filter.arn());
        }

        /**
         * The S3 object holding (or to hold) the JSON Lines input (required).
         *
         * @param input an object location, for example {@code s3://bucket/batch/in/items.json}
         * @return this builder
         * @throws IllegalArgumentException when {@code input} is a prefix, or its URI is longer than 256
         *     characters
         */
        public Builder input(S3Location input) {
            Objects.requireNonNull(input, "input");
            if (input.isPrefix()) {
                throw new IllegalArgumentException("input must name an object, but " + input + " is a prefix");
            }
            this.input = checkLength("input", input);
            return this;
        }

        /**
         * The S3 prefix the job writes its output under (required); a trailing {@code /} is added when missing.
         *
         * @param outputPrefix for example {@code s3://bucket/batch/out/}
         * @return this builder
         * @throws IllegalArgumentException when the URI is longer than 256 characters
         */
        public Builder outputPrefix(S3Location outputPrefix) {
            this.outputPrefix = checkLength(
                    "outputPrefix",
                    Objects.requireNonNull(outputPrefix, "outputPrefix").asPrefix());
            return this;
        }

        /**
         * A local JSON Lines file (see {@link BatchInputWriter}) to upload to {@link #input(S3Location)} before the
         * job starts; default unset (the input is already in S3).
         *
         * @param inputFile the file, or {@code null} to unset
         * @return this builder
         */
        public Builder inputFile(@Nullable Path inputFile) {
            this.inputFile = inputFile;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws NullPointerException when {@code jobName}, {@code solutionVersionArn}, {@code input} or {@code
         *     outputPrefix} is missing
         * @throws IllegalArgumentException when {@code outputPrefix} equals the folder of {@code input}
         */
        public BatchSimilarItemsRequest build() {
            return new BatchSimilarItemsRequest(this);
        }

        private static String checkArn(String field, String arn) {
            Objects.requireNonNull(arn, field);
            if (arn.length() > 256 || !ARN.matcher(arn).matches()) {
                throw new IllegalArgumentException(field + " '" + arn
                        + "' is not a Personalize ARN (arn:<partition>:personalize:..., <= 256 chars)");
            }
            return arn;
        }

        private static S3Location checkLength(String field, S3Location location) {
            if (location.uri().length() > 256) {
                throw new IllegalArgumentException(field + " " + location + " has "
                        + location.uri().length() + " characters; the service accepts at most 256");
            }
            return location;
        }
    }
}
