package io.personalizekit.pipeline;

import io.personalizekit.recipe.Recipe;
import io.personalizekit.schema.DatasetType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A recommender of a domain dataset group: its name, its use case (a domain recipe such as {@code
 * aws-ecomm-recommended-for-you}), its {@code recommenderConfig} ({@code minRecommendationRequestsPerSecond}, default
 * 1; {@code enableMetadataWithRecommendations}; {@code itemExplorationConfig} for the use cases that recommend items
 * for a user; {@code trainingDataConfig}'s excluded and included columns per dataset) and the {@linkplain #state()
 * state} it should be in. Immutable and thread-safe.
 */
public final class RecommenderSpec {
    private final String name;
    private final String recipeArn;
    private final int minRecommendationRequestsPerSecond;
    private final boolean enableMetadataWithRecommendations;
    private final Map<String, String> itemExplorationConfig;
    private final Map<DatasetType, List<String>> excludedColumns;
    private final Map<DatasetType, List<String>> includedColumns;
    private final RecommenderState state;

    private RecommenderSpec(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.recipeArn = Objects.requireNonNull(b.recipeArn, "recipeArn");
        this.minRecommendationRequestsPerSecond = b.minRecommendationRequestsPerSecond;
        this.enableMetadataWithRecommendations = b.enableMetadataWithRecommendations;
        this.itemExplorationConfig =
                Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.itemExplorationConfig));
        this.excludedColumns = copy(b.excludedColumns);
        this.includedColumns = copy(b.includedColumns);
        this.state = b.state;
    }

    private static Map<DatasetType, List<String>> copy(Map<DatasetType, List<String>> m) {
        Map<DatasetType, List<String>> out = new EnumMap<>(DatasetType.class);
        m.forEach((k, v) -> out.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        return Collections.unmodifiableMap(out);
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
        Builder b = new Builder()
                .name(name)
                .recipeArn(recipeArn)
                .minRecommendationRequestsPerSecond(minRecommendationRequestsPerSecond)
                .enableMetadataWithRecommendations(enableMetadataWithRecommendations)
                .state(state);
        b.itemExplorationConfig.putAll(itemExplorationConfig);
        b.excludedColumns.putAll(excludedColumns);
        b.includedColumns.putAll(includedColumns);
        return b;
    }

    /**
     * The recommender's name (recommender names are unique per account and region).
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The use case: a domain recipe ARN such as {@code arn:aws:personalize:::recipe/aws-vod-top-picks}.
     *
     * @return the recipe ARN
     */
    public String recipeArn() {
        return recipeArn;
    }

    /**
     * The {@code recommenderConfig.minRecommendationRequestsPerSecond}: the billing floor.
     *
     * @return at least 1 (default 1)
     */
    public int minRecommendationRequestsPerSecond() {
        return minRecommendationRequestsPerSecond;
    }

    /**
     * The {@code recommenderConfig.enableMetadataWithRecommendations}.
     *
     * @return the flag (default {@code false})
     */
    public boolean enableMetadataWithRecommendations() {
        return enableMetadataWithRecommendations;
    }

    /**
     * The {@code recommenderConfig.itemExplorationConfig} ({@code explorationWeight}, {@code
     * explorationItemAgeCutOff}); only for the use cases that recommend items for a user.
     *
     * @return an unmodifiable map, empty for the service's defaults
     */
    public Map<String, String> itemExplorationConfig() {
        return itemExplorationConfig;
    }

    /**
     * The {@code trainingDataConfig.excludedDatasetColumns}: columns left out of training, per dataset.
     *
     * @return an unmodifiable map, empty for none
     */
    public Map<DatasetType, List<String>> excludedColumns() {
        return excludedColumns;
    }

    /**
     * The {@code trainingDataConfig.includedDatasetColumns}: the only columns used for training, per dataset.
     *
     * @return an unmodifiable map, empty for all columns
     */
    public Map<DatasetType, List<String>> includedColumns() {
        return includedColumns;
    }

    /**
     * The state the recommender should be in after a run: a run starts or stops it to get there.
     *
     * @return the state (default {@link RecommenderState#ACTIVE})
     */
    public RecommenderState state() {
        return state;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof RecommenderSpec)) {
            return false;
        }
        RecommenderSpec r = (RecommenderSpec) o;
        return name.equals(r.name)
                && recipeArn.equals(r.recipeArn)
                && minRecommendationRequestsPerSecond == r.minRecommendationRequestsPerSecond
                && enableMetadataWithRecommendations == r.enableMetadataWithRecommendations
                && itemExplorationConfig.equals(r.itemExplorationConfig)
                && excludedColumns.equals(r.excludedColumns)
                && includedColumns.equals(r.includedColumns)
                && state == r.state;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                name,
                recipeArn,
                minRecommendationRequestsPerSecond,
                enableMetadataWithRecommendations,
                itemExplorationConfig,
                excludedColumns,
                includedColumns,
                state);
    }

    @Override
    public String toString() {
        return "RecommenderSpec{name=" + name + ", recipeArn=" + recipeArn + ", minRecommendationRequestsPerSecond="
                + minRecommendationRequestsPerSecond + ", enableMetadataWithRecommendations="
                + enableMetadataWithRecommendations + ", itemExplorationConfig=" + itemExplorationConfig
                + ", excludedColumns=" + excludedColumns + ", includedColumns=" + includedColumns + ", state="
                + state + "}";
    }

    /** Builds a {@link RecommenderSpec}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String name;
        private @Nullable String recipeArn;
        private int minRecommendationRequestsPerSecond = 1;
        private boolean enableMetadataWithRecommendations;
        private final Map<String, String> itemExplorationConfig = new java.util.LinkedHashMap<>();
        private final Map<DatasetType, List<String>> excludedColumns = new EnumMap<>(DatasetType.class);
        private final Map<DatasetType, List<String>> includedColumns = new EnumMap<>(DatasetType.class);
        private RecommenderState state = RecommenderState.ACTIVE;

        private Builder() {}

        /**
         * Sets the recommender's name (required).
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
         * Sets the use case (required).
         *
         * @param recipeArn a domain recipe ARN, for example {@code arn:aws:personalize:::recipe/aws-vod-top-picks}
         * @return this builder
         * @throws IllegalArgumentException if not a recipe ARN, or a recipe of the catalogue that is no domain use
         *     case (a custom recipe is trained by a solution)
         */
        public Builder recipeArn(String recipeArn) {
            if (!recipeArn.startsWith("arn:")
                    || !recipeArn.contains(":personalize:")
                    || !recipeArn.contains(":recipe/")) {
                throw new IllegalArgumentException("recipeArn must be a Personalize recipe ARN: '" + recipeArn + "'");
            }
            Recipe known = Recipe.fromArn(recipeArn).orElse(null);
            if (known != null && !known.isUseCase()) {
                throw new IllegalArgumentException("recipe " + known.recipeName() + " is a custom recipe, trained by a"
                        + " solution; a recommender takes a domain use case such as "
                        + Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU.arn());
            }
            this.recipeArn = recipeArn;
            return this;
        }

        /**
         * Sets the use case from the catalogue.
         *
         * @param useCase a domain use case such as {@link Recipe#VIDEO_TOP_PICKS}
         * @return this builder
         * @throws IllegalArgumentException if the recipe is no domain use case
         */
        public Builder useCase(Recipe useCase) {
            return recipeArn(Objects.requireNonNull(useCase, "useCase").arn());
        }

        /**
         * Sets the {@code minRecommendationRequestsPerSecond}.
         *
         * @param rps at least 1 (default 1)
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder minRecommendationRequestsPerSecond(int rps) {
            if (rps < 1) {
                throw new IllegalArgumentException("minRecommendationRequestsPerSecond must be >= 1: " + rps);
            }
            this.minRecommendationRequestsPerSecond = rps;
            return this;
        }

        /**
         * Sets whether requests may ask for item metadata.
         *
         * @param enable the flag (default {@code false})
         * @return this builder
         */
        public Builder enableMetadataWithRecommendations(boolean enable) {
            this.enableMetadataWithRecommendations = enable;
            return this;
        }

        /**
         * Adds an {@code itemExplorationConfig} entry, for example {@code explorationWeight} {@code 0.3}.
         *
         * @param key {@code explorationWeight} or {@code explorationItemAgeCutOff}
         * @param value its value
         * @return this builder
         * @throws IllegalArgumentException for another key
         */
        public Builder putItemExplorationConfig(String key, String value) {
            if (!key.equals("explorationWeight") && !key.equals("explorationItemAgeCutOff")) {
                throw new IllegalArgumentException("itemExplorationConfig takes explorationWeight and"
                        + " explorationItemAgeCutOff, not '" + key + "'");
            }
            itemExplorationConfig.put(key, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets the columns of a dataset left out of training ({@code trainingDataConfig.excludedDatasetColumns}).
         *
         * @param dataset {@code INTERACTIONS}, {@code ITEMS} or {@code USERS}
         * @param columns at most 50 column names
         * @return this builder
         * @throws IllegalArgumentException for another dataset type or more than 50 columns
         */
        public Builder excludeColumns(DatasetType dataset, List<String> columns) {
            excludedColumns.put(checked(dataset, columns), List.copyOf(columns));
            return this;
        }

        /**
         * Sets the only columns of a dataset used for training ({@code trainingDataConfig.includedDatasetColumns}).
         *
         * @param dataset {@code INTERACTIONS}, {@code ITEMS} or {@code USERS}
         * @param columns at most 50 column names
         * @return this builder
         * @throws IllegalArgumentException for another dataset type or more than 50 columns
         */
        public Builder includeColumns(DatasetType dataset, List<String> columns) {
            includedColumns.put(checked(dataset, columns), List.copyOf(columns));
            return this;
        }

        private static DatasetType checked(DatasetType dataset, List<String> columns) {
            Objects.requireNonNull(dataset, "dataset");
            if (dataset != DatasetType.INTERACTIONS && dataset != DatasetType.ITEMS && dataset != DatasetType.USERS) {
                throw new IllegalArgumentException(
                        "trainingDataConfig takes INTERACTIONS, ITEMS and USERS columns, not " + dataset);
            }
            if (columns.size() > 50) {
                throw new IllegalArgumentException(
                        "trainingDataConfig takes at most 50 columns per dataset: " + columns.size());
            }
            return dataset;
        }

        /**
         * Sets the state the recommender should be in after a run.
         *
         * @param state {@link RecommenderState#ACTIVE} (the default) or {@link RecommenderState#INACTIVE} (stopped)
         * @return this builder
         */
        public Builder state(RecommenderState state) {
            this.state = Objects.requireNonNull(state, "state");
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         * @throws NullPointerException if the name or the use case is missing
         */
        public RecommenderSpec build() {
            return new RecommenderSpec(this);
        }
    }
}
