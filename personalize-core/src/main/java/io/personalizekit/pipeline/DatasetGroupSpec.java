package io.personalizekit.pipeline;

import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A dataset group and its datasets: name, optional domain, KMS key and role, tags, and at most one dataset per
 * type. Unset dataset and schema names are defaulted from the group's name (see {@link DatasetSpec}). Immutable
 * and thread-safe.
 */
public final class DatasetGroupSpec {
    private final String name;
    private final @Nullable String domain;
    private final @Nullable String kmsKeyArn;
    private final @Nullable String roleArn;
    private final Map<String, String> tags;
    private final List<DatasetSpec> datasets;

    private DatasetGroupSpec(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.domain = b.domain;
        this.kmsKeyArn = b.kmsKeyArn;
        this.roleArn = b.roleArn;
        if (roleArn != null && kmsKeyArn == null) {
            throw new IllegalArgumentException(
                    "roleArn is only valid together with kmsKeyArn (roleArn='" + roleArn + "', kmsKeyArn=null)");
        }
        this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
        List<DatasetSpec> resolved = new ArrayList<>();
        for (DatasetSpec d : b.datasets) {
            for (DatasetSpec other : resolved) {
                if (other.datasetType() == d.datasetType()) {
                    throw new IllegalArgumentException(
                            "A dataset group holds one dataset per type; " + d.datasetType() + " was given twice");
                }
            }
            resolved.add(d.withDefaultNames(name));
        }
        this.datasets = Collections.unmodifiableList(resolved);
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
                .name(name)
                .domain(domain)
                .kmsKeyArn(kmsKeyArn)
                .roleArn(roleArn)
                .tags(tags)
                .datasets(datasets);
    }

    /**
     * The dataset group's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The domain ({@code ECOMMERCE} or {@code VIDEO_ON_DEMAND}) of a domain dataset group.
     *
     * @return the domain, or {@code null} for a custom dataset group
     */
    public @Nullable String domain() {
        return domain;
    }

    /**
     * The KMS key that encrypts the group's data.
     *
     * @return the key ARN, or {@code null}
     */
    public @Nullable String kmsKeyArn() {
        return kmsKeyArn;
    }

    /**
     * The role Personalize assumes to use the KMS key.
     *
     * @return the role ARN, or {@code null}
     */
    public @Nullable String roleArn() {
        return roleArn;
    }

    /**
     * Tags applied to the dataset group when it is created.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> tags() {
        return tags;
    }

    /**
     * The datasets, with names defaulted.
     *
     * @return an unmodifiable list
     */
    public List<DatasetSpec> datasets() {
        return datasets;
    }

    /**
     * The dataset of a type.
     *
     * @param type the dataset type
     * @return the dataset, or empty when the group has none of that type
     */
    public Optional<DatasetSpec> dataset(DatasetType type) {
        return datasets.stream().filter(d -> d.datasetType() == type).findFirst();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DatasetGroupSpec)) {
            return false;
        }
        DatasetGroupSpec s = (DatasetGroupSpec) o;
        return name.equals(s.name)
                && Objects.equals(domain, s.domain)
                && Objects.equals(kmsKeyArn, s.kmsKeyArn)
                && Objects.equals(roleArn, s.roleArn)
                && tags.equals(s.tags)
                && datasets.equals(s.datasets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, domain, kmsKeyArn, roleArn, tags, datasets);
    }

    @Override
    public String toString() {
        return "DatasetGroupSpec{name=" + name + ", domain=" + domain + ", kmsKeyArn=" + kmsKeyArn + ", roleArn="
                + roleArn + ", tags=" + tags + ", datasets=" + datasets + "}";
    }

    /** Builds a {@link DatasetGroupSpec}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String name;
        private @Nullable String domain;
        private @Nullable String kmsKeyArn;
        private @Nullable String roleArn;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final List<DatasetSpec> datasets = new ArrayList<>();

        private Builder() {}

        /**
         * Sets the dataset group's name (required).
         *
         * @param name 1-63 characters of {@code [a-zA-Z0-9-_]}
         * @return this builder
         * @throws IllegalArgumentException if the name breaks the service's pattern
         */
        public Builder name(String name) {
            this.name = Names.name(name, "name");
            return this;
        }

        /**
         * Sets the domain of a domain dataset group.
         *
         * @param domain {@code ECOMMERCE}, {@code VIDEO_ON_DEMAND}, or {@code null} for a custom group
         * @return this builder
         * @throws IllegalArgumentException for another value
         */
        public Builder domain(@Nullable String domain) {
            if (domain != null && !domain.equals("ECOMMERCE") && !domain.equals("VIDEO_ON_DEMAND")) {
                throw new IllegalArgumentException("domain must be ECOMMERCE or VIDEO_ON_DEMAND: '" + domain + "'");
            }
            this.domain = domain;
            return this;
        }

        /**
         * Sets the KMS key that encrypts the group's data.
         *
         * @param kmsKeyArn a KMS key ARN, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException if not a KMS key ARN
         */
        public Builder kmsKeyArn(@Nullable String kmsKeyArn) {
            this.kmsKeyArn = Names.kmsKeyArn(kmsKeyArn, "kmsKeyArn");
            return this;
        }

        /**
         * Sets the role Personalize assumes to use the KMS key (only valid with a KMS key).
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
         * Replaces the tags.
         *
         * @param tags the tags
         * @return this builder
         */
        public Builder tags(Map<String, String> tags) {
            this.tags.clear();
            tags.forEach(this::putTag);
            return this;
        }

        /**
         * Adds a tag.
         *
         * @param key 1-128 characters
         * @param value 0-256 characters
         * @return this builder
         * @throws IllegalArgumentException if a length limit is broken
         */
        public Builder putTag(String key, String value) {
            if (key.isEmpty() || key.length() > 128 || value.length() > 256) {
                throw new IllegalArgumentException("tag key must be 1-128 and value 0-256 characters: '" + key + "'");
            }
            tags.put(key, value);
            return this;
        }

        /**
         * Replaces the datasets.
         *
         * @param datasets the datasets
         * @return this builder
         */
        public Builder datasets(List<DatasetSpec> datasets) {
            this.datasets.clear();
            datasets.forEach(this::addDataset);
            return this;
        }

        /**
         * Adds a dataset.
         *
         * @param dataset the dataset
         * @return this builder
         */
        public Builder addDataset(DatasetSpec dataset) {
            datasets.add(Objects.requireNonNull(dataset, "dataset"));
            return this;
        }

        /**
         * Adds a dataset built by the consumer.
         *
         * @param dataset configures the dataset's builder
         * @return this builder
         */
        public Builder addDataset(Consumer<DatasetSpec.Builder> dataset) {
            DatasetSpec.Builder b = DatasetSpec.builder();
            dataset.accept(b);
            return addDataset(b.build());
        }

        /**
         * Adds a dataset with default names and no imports.
         *
         * @param schema the schema; its type is the dataset's type
         * @return this builder
         */
        public Builder addDataset(DatasetSchema schema) {
            return addDataset(DatasetSpec.builder().schema(schema).build());
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         * @throws NullPointerException if no name was set
         * @throws IllegalArgumentException if a dataset type is given twice, or a role is given without a KMS key
         */
        public DatasetGroupSpec build() {
            return new DatasetGroupSpec(this);
        }
    }
}
