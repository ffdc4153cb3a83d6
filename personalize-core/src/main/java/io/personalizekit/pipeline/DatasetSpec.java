package io.personalizekit.pipeline;

import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A dataset of a dataset group: its schema (whose dataset type is the dataset's type), the dataset and schema
 * names, and the bulk imports to run into it.
 *
 * <p>Unset names default, when the spec is added to a {@link DatasetGroupSpec}, to {@code <group>-<type>} for the
 * dataset and {@code <group>-<type>-schema} for the schema ({@code <type>} in lower case with {@code -}, for
 * example {@code news-items-schema}). Immutable and thread-safe.
 */
public final class DatasetSpec {
    private final DatasetSchema schema;
    private final @Nullable String name;
    private final @Nullable String schemaName;
    private final List<ImportSpec> imports;

    private DatasetSpec(Builder b) {
        this.schema = Objects.requireNonNull(b.schema, "schema");
        this.name = b.name;
        this.schemaName = b.schemaName;
        this.imports = Collections.unmodifiableList(new ArrayList<>(b.imports));
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
        return new Builder().schema(schema).name(name).schemaName(schemaName).imports(imports);
    }

    DatasetSpec withDefaultNames(String groupName) {
        String type = schema.datasetType().name().toLowerCase(Locale.ROOT).replace('_', '-');
        Builder b = toBuilder();
        if (name == null) {
            b.name(truncate(groupName + "-" + type));
        }
        if (schemaName == null) {
            b.schemaName(truncate(groupName + "-" + type + "-schema"));
        }
        return b.build();
    }

    private static String truncate(String s) {
        return s.length() <= 63 ? s : s.substring(0, 63);
    }

    /**
     * The dataset type, from the schema.
     *
     * @return the dataset type
     */
    public DatasetType datasetType() {
        return schema.datasetType();
    }

    /**
     * The schema.
     *
     * @return the schema
     */
    public DatasetSchema schema() {
        return schema;
    }

    /**
     * The dataset's name.
     *
     * @return the name, or {@code null} until defaulted by a {@link DatasetGroupSpec}
     */
    public @Nullable String name() {
        return name;
    }

    /**
     * The schema's name.
     *
     * @return the schema name, or {@code null} until defaulted by a {@link DatasetGroupSpec}
     */
    public @Nullable String schemaName() {
        return schemaName;
    }

    /**
     * The bulk imports, in order.
     *
     * @return an unmodifiable list
     */
    public List<ImportSpec> imports() {
        return imports;
    }

    /**
     * The job name an import gets: its own, else {@code <dataset>-import} (first) or {@code <dataset>-import-<n>}.
     *
     * @param index the 0-based index of the import in {@link #imports()}
     * @return the job name
     */
    String importJobName(int index) {
        ImportSpec imp = imports.get(index);
        if (imp.jobName() != null) {
            return imp.jobName();
        }
        String base = Objects.requireNonNull(name, "name") + "-import";
        String n = index == 0 ? base : base + "-" + (index + 1);
        return n.length() <= 63 ? n : n.substring(n.length() - 63);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DatasetSpec)) {
            return false;
        }
        DatasetSpec s = (DatasetSpec) o;
        return schema.equals(s.schema)
                && Objects.equals(name, s.name)
                && Objects.equals(schemaName, s.schemaName)
                && imports.equals(s.imports);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, schemaName, imports);
    }

    @Override
    public String toString() {
        return "DatasetSpec{type=" + datasetType() + ", name=" + name + ", schemaName=" + schemaName + ", imports="
                + imports + "}";
    }

    /** Builds a {@link DatasetSpec}. Not thread-safe. */
    public static final class Builder {
        private @Nullable DatasetSchema schema;
        private @Nullable String name;
        private @Nullable String schemaName;
        private final List<ImportSpec> imports = new ArrayList<>();

        private Builder() {}

        /**
         * Sets the schema (required); its dataset type is the dataset's type.
         *
         * @param schema the schema
         * @return this builder
         */
        public Builder schema(DatasetSchema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /**
         * Sets the dataset's name.
         *
         * @param name 1-63 characters of {@code [a-zA-Z0-9-_]}, or {@code null} for the default
         * @return this builder
         * @throws IllegalArgumentException if the name breaks the service's pattern
         */
        public Builder name(@Nullable String name) {
            this.name = name == null ? null : Names.name(name, "name");
            return this;
        }

        /**
         * Sets the schema's name.
         *
         * @param schemaName 1-63 characters of {@code [a-zA-Z0-9-_]}, or {@code null} for the default
         * @return this builder
         * @throws IllegalArgumentException if the name breaks the service's pattern
         */
        public Builder schemaName(@Nullable String schemaName) {
            this.schemaName = schemaName == null ? null : Names.name(schemaName, "schemaName");
            return this;
        }

        /**
         * Replaces the imports.
         *
         * @param imports the imports, in order
         * @return this builder
         */
        public Builder imports(List<ImportSpec> imports) {
            this.imports.clear();
            imports.forEach(this::addImport);
            return this;
        }

        /**
         * Appends an import.
         *
         * @param importSpec the import
         * @return this builder
         */
        public Builder addImport(ImportSpec importSpec) {
            this.imports.add(Objects.requireNonNull(importSpec, "importSpec"));
            return this;
        }

        /**
         * Appends an import built by the consumer.
         *
         * @param importSpec configures the import's builder
         * @return this builder
         */
        public Builder addImport(Consumer<ImportSpec.Builder> importSpec) {
            ImportSpec.Builder b = ImportSpec.builder();
            importSpec.accept(b);
            return addImport(b.build());
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         * @throws NullPointerException if no schema was set
         */
        public DatasetSpec build() {
            return new DatasetSpec(this);
        }
    }
}
