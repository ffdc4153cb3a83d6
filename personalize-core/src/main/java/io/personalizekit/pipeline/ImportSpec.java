package io.personalizekit.pipeline;

import io.personalizekit.storage.S3Location;
import io.personalizekit.storage.UploadResult;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One bulk import into a dataset: an {@code s3://} location (a CSV file, or a folder ending in {@code /}), the
 * import mode, the IAM role Personalize assumes to read the bucket, and the job name.
 *
 * <p>The job name identifies the import on re-runs: an import job with the same name that already succeeded is not
 * repeated. To import new data, use a new job name. When unset, the pipeline uses {@code <datasetName>-import} for
 * the first import of a dataset and {@code <datasetName>-import-<n>} for the n-th. Immutable and thread-safe.
 */
public final class ImportSpec {
    private final @Nullable String jobName;
    private final String dataLocation;
    private final ImportMode importMode;
    private final @Nullable String roleArn;

    private ImportSpec(Builder b) {
        this.jobName = b.jobName;
        this.dataLocation = Objects.requireNonNull(b.dataLocation, "dataLocation");
        this.importMode = b.importMode;
        this.roleArn = b.roleArn;
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised from this spec.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .jobName(jobName)
                .dataLocation(dataLocation)
                .importMode(importMode)
                .roleArn(roleArn);
    }

    /**
     * The job name, when set explicitly.
     *
     * @return the job name, or {@code null} for the default
     */
    public @Nullable String jobName() {
        return jobName;
    }

    /**
     * The S3 location.
     *
     * @return the {@code s3://} URI
     */
    public String dataLocation() {
        return dataLocation;
    }

    /**
     * The import mode.
     *
     * @return the mode (default {@link ImportMode#FULL})
     */
    public ImportMode importMode() {
        return importMode;
    }

    /**
     * The IAM role Personalize assumes to read the data.
     *
     * @return the role ARN, or {@code null} to send none
     */
    public @Nullable String roleArn() {
        return roleArn;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ImportSpec)) {
            return false;
        }
        ImportSpec s = (ImportSpec) o;
        return Objects.equals(jobName, s.jobName)
                && dataLocation.equals(s.dataLocation)
                && importMode == s.importMode
                && Objects.equals(roleArn, s.roleArn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobName, dataLocation, importMode, roleArn);
    }

    @Override
    public String toString() {
        return "ImportSpec{jobName=" + jobName + ", dataLocation=" + dataLocation + ", importMode=" + importMode
                + ", roleArn=" + roleArn + "}";
    }

    /** Builds an {@link ImportSpec}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String jobName;
        private @Nullable String dataLocation;
        private ImportMode importMode = ImportMode.FULL;
        private @Nullable String roleArn;

        private Builder() {}

        /**
         * Sets the job name.
         *
         * @param jobName 1-63 characters of {@code [a-zA-Z0-9-_]}, or {@code null} for the default
         * @return this builder
         * @throws IllegalArgumentException if the name breaks the service's pattern
         */
        public Builder jobName(@Nullable String jobName) {
            this.jobName = jobName == null ? null : Names.name(jobName, "jobName");
            return this;
        }

        /**
         * Sets the S3 location (required).
         *
         * @param dataLocation an {@code s3://bucket/key.csv} file or {@code s3://bucket/folder/} prefix
         * @return this builder
         * @throws IllegalArgumentException if not an {@code s3://} URI of at most 256 characters
         */
        public Builder dataLocation(String dataLocation) {
            this.dataLocation = Names.s3(dataLocation, "dataLocation");
            return this;
        }

        /**
         * Sets the S3 location (required): a file, or a folder (a location ending in {@code /}).
         *
         * @param dataLocation the location
         * @return this builder
         * @throws IllegalArgumentException if its URI is longer than 256 characters
         */
        public Builder dataLocation(S3Location dataLocation) {
            return dataLocation(
                    Objects.requireNonNull(dataLocation, "dataLocation").uri());
        }

        /**
         * Sets the S3 location (required) to the file an upload wrote, for example {@code
         * i.dataLocation(uploader.upload(itemsCsv, location))}.
         *
         * @param upload the upload's result
         * @return this builder
         * @throws IllegalArgumentException if the location's URI is longer than 256 characters
         */
        public Builder dataLocation(UploadResult upload) {
            return dataLocation(Objects.requireNonNull(upload, "upload").location());
        }

        /**
         * Sets the import mode (default FULL).
         *
         * @param importMode the mode
         * @return this builder
         */
        public Builder importMode(ImportMode importMode) {
            this.importMode = Objects.requireNonNull(importMode, "importMode");
            return this;
        }

        /**
         * Sets the IAM role Personalize assumes to read the data.
         *
         * @param roleArn an IAM role ARN, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException if not an IAM role ARN
         */
        public Builder roleArn(@Nullable String roleArn) {
            this.roleArn = Names.roleArn(roleArn, "roleArn");
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         * @throws NullPointerException if no data location was set
         */
        public ImportSpec build() {
            return new ImportSpec(this);
        }
    }
}
