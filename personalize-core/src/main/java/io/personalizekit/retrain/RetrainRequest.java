package io.personalizekit.retrain;

import io.personalizekit.pipeline.ImportMode;
import io.personalizekit.schema.DatasetType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One periodic refresh: its run id, and optionally new data to import first. The run id names what the run creates
 * (its import jobs {@code <dataset>-<runId>} and its solution version {@code <solution>-<runId>}), so running the
 * same request again resumes it and a new id starts a new refresh; a date such as {@code 2026-11-28} is a good one.
 *
 * <pre>{@code
 * RetrainRequest weekly = RetrainRequest.builder()
 *         .runId("2026-11-28")
 *         .addImport(DatasetType.INTERACTIONS, "s3://news-data/interactions/2026-11-28.csv")
 *         .roleArn(roleArn)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RetrainRequest {
    /** The longest run id: {@value}, so that names built from it fit Personalize's 63 characters. */
    public static final int MAX_RUN_ID_LENGTH = 24;

    private static final Pattern RUN_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_-]*");

    private final String runId;
    private final Map<DatasetType, List<String>> imports;
    private final ImportMode importMode;
    private final @Nullable String roleArn;

    private RetrainRequest(Builder b) {
        this.runId = Objects.requireNonNull(b.runId, "runId");
        EnumMap<DatasetType, List<String>> m = new EnumMap<>(DatasetType.class);
        b.imports.forEach((k, v) -> m.put(k, List.copyOf(v)));
        this.imports = Collections.unmodifiableMap(m);
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
     * A builder initialised with this request.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.runId = runId;
        imports.forEach((k, v) -> b.imports.put(k, new ArrayList<>(v)));
        b.importMode = importMode;
        b.roleArn = roleArn;
        return b;
    }

    /**
     * The run id.
     *
     * @return the id
     */
    public String runId() {
        return runId;
    }

    /**
     * The S3 locations to import, by dataset type, in order.
     *
     * @return the imports, unmodifiable
     */
    public Map<DatasetType, List<String>> imports() {
        return imports;
    }

    /**
     * How the imports load: {@link ImportMode#INCREMENTAL} (the default) appends and replaces records with the
     * same id; {@link ImportMode#FULL} replaces the dataset's data.
     *
     * @return the mode
     */
    public ImportMode importMode() {
        return importMode;
    }

    /**
     * The IAM role Personalize assumes to read the bucket.
     *
     * @return the role ARN, or {@code null} when not set
     */
    public @Nullable String roleArn() {
        return roleArn;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof RetrainRequest)) {
            return false;
        }
        RetrainRequest r = (RetrainRequest) o;
        return runId.equals(r.runId)
                && imports.equals(r.imports)
                && importMode == r.importMode
                && Objects.equals(roleArn, r.roleArn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(runId, imports, importMode, roleArn);
    }

    @Override
    public String toString() {
        return "RetrainRequest{runId=" + runId + ", imports=" + imports + ", importMode=" + importMode + ", roleArn="
                + roleArn + "}";
    }

    /** Builds a {@link RetrainRequest}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String runId;
        private final Map<DatasetType, List<String>> imports = new EnumMap<>(DatasetType.class);
        private ImportMode importMode = ImportMode.INCREMENTAL;
        private @Nullable String roleArn;

        private Builder() {}

        /**
         * Sets the run id (required).
         *
         * @param runId 1 to {@value #MAX_RUN_ID_LENGTH} letters, digits, {@code -} and {@code _}, starting with a
         *     letter or digit
         * @return this builder
         * @throws IllegalArgumentException when the id does not match
         */
        public Builder runId(String runId) {
            Objects.requireNonNull(runId, "runId");
            if (runId.length() > MAX_RUN_ID_LENGTH || !RUN_ID.matcher(runId).matches()) {
                throw new IllegalArgumentException("runId must be 1 to " + MAX_RUN_ID_LENGTH
                        + " letters, digits, '-' and '_', starting with a letter or digit; was '" + runId + "'");
            }
            this.runId = runId;
            return this;
        }

        /**
         * Adds a file or folder to import into the deployment's dataset of a type.
         *
         * @param type the dataset's type; the deployment must hold such a dataset
         * @param s3Uri {@code s3://bucket/key}, or a folder prefix ending in {@code /}
         * @return this builder
         * @throws IllegalArgumentException when the location is not an {@code s3://} URI with a bucket
         */
        public Builder addImport(DatasetType type, String s3Uri) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(s3Uri, "s3Uri");
            if (!s3Uri.startsWith("s3://") || s3Uri.length() <= 5 || s3Uri.charAt(5) == '/') {
                throw new IllegalArgumentException("import location must be s3://bucket/key, was '" + s3Uri + "'");
            }
            imports.computeIfAbsent(type, t -> new ArrayList<>()).add(s3Uri);
            return this;
        }

        /**
         * Sets how the imports load (default {@link ImportMode#INCREMENTAL}).
         *
         * @param importMode the mode
         * @return this builder
         */
        public Builder importMode(ImportMode importMode) {
            this.importMode = Objects.requireNonNull(importMode, "importMode");
            return this;
        }

        /**
         * Sets the IAM role Personalize assumes to read the bucket.
         *
         * @param roleArn the role's ARN, or {@code null} to send none
         * @return this builder
         */
        public Builder roleArn(@Nullable String roleArn) {
            this.roleArn = roleArn;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws NullPointerException when no run id was set
         */
        public RetrainRequest build() {
            return new RetrainRequest(this);
        }

        /**
         * Applies a consumer to this builder.
         *
         * @param change the change
         * @return this builder
         */
        public Builder applyMutation(Consumer<Builder> change) {
            change.accept(this);
            return this;
        }
    }
}
