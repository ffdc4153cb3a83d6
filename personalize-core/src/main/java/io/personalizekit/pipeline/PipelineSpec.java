package io.personalizekit.pipeline;

import io.personalizekit.exception.SpecValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The whole provisioning flow as data: the dataset group with its datasets, schemas and imports, the solution and
 * its version, the campaign, optional filters and event tracker, the recommenders of a domain dataset group and a
 * metric attribution. A spec has a solution, recommenders, or both (a domain dataset group may hold solutions too).
 *
 * <p>Build it in Java, or load it from a JSON file with the same structure ({@link #fromJson(Path)}):
 *
 * <pre>{@code
 * {
 *   "datasetGroup": {
 *     "name": "news", "tags": {"team": "news"},
 *     "datasets": [
 *       {"type": "ITEMS", "schema": { ...Avro record... },
 *        "imports": [{"dataLocation": "s3://bucket/items.csv", "importMode": "FULL",
 *                     "roleArn": "arn:aws:iam::123456789012:role/PersonalizeS3"}]},
 *       {"type": "INTERACTIONS", "schema": { ... }, "imports": [ ... ]}
 *     ]
 *   },
 *   "solution": {"name": "news-similar", "recipeArn": "arn:aws:personalize:::recipe/aws-similar-items",
 *                "performAutoTraining": false, "trainingMode": "FULL"},
 *   "campaign": {"name": "news-similar", "minProvisionedTPS": 1},
 *   "filters": [{"name": "no-obituaries", "expression": "EXCLUDE ItemID WHERE Items.CATEGORY IN (\"obituaries\")"}],
 *   "eventTracker": {"name": "news-events"}
 * }
 * }</pre>
 *
 * <p>Other optional members: {@code datasetGroup.domain}, {@code kmsKeyArn}, {@code roleArn}; per dataset {@code
 * name}, {@code schemaName}; per import {@code jobName}; per solution {@code autoTrainingSchedule}, {@code
 * eventType}, {@code eventValueThreshold}, {@code algorithmHyperParameters}, {@code
 * featureTransformationParameters}; per campaign {@code enableMetadataWithRecommendations}, {@code
 * syncWithLatestSolutionVersion}, {@code itemExplorationConfig} (strings), {@code rankingInfluence} (numbers); a
 * {@code recommenders} array (each {@code name}, {@code recipeArn}, {@code minRecommendationRequestsPerSecond},
 * {@code enableMetadataWithRecommendations}, {@code itemExplorationConfig}, {@code trainingDataConfig} with {@code
 * excludedDatasetColumns} / {@code includedDatasetColumns} by dataset type, {@code state} {@code ACTIVE} or {@code
 * INACTIVE}), in which case {@code solution} may be left out; a {@code metricAttribution} ({@code name}, {@code
 * metrics} of {@code metricName}, {@code eventType}, {@code expression}, and {@code metricsOutputConfig} with {@code
 * roleArn} and an optional {@code s3DataDestination} {@code path} and {@code kmsKeyArn}), as the service's API
 * names them. The schema may be an Avro JSON object or a string holding one. Unknown members
 * are errors. Immutable and thread-safe.
 */
public final class PipelineSpec {
    private final DatasetGroupSpec datasetGroup;
    private final @Nullable SolutionSpec solution;
    private final @Nullable CampaignSpec campaign;
    private final List<FilterSpec> filters;
    private final @Nullable String eventTrackerName;
    private final List<RecommenderSpec> recommenders;
    private final @Nullable MetricAttributionSpec metricAttribution;

    private PipelineSpec(Builder b) {
        this.datasetGroup = Objects.requireNonNull(b.datasetGroup, "datasetGroup");
        this.recommenders = Collections.unmodifiableList(new ArrayList<>(b.recommenders));
        this.solution = recommenders.isEmpty() ? Objects.requireNonNull(b.solution, "solution") : b.solution;
        this.campaign = b.campaign;
        this.filters = Collections.unmodifiableList(new ArrayList<>(b.filters));
        this.eventTrackerName = b.eventTrackerName;
        this.metricAttribution = b.metricAttribution;
        if (campaign != null && solution == null) {
            throw new IllegalArgumentException(
                    "campaign '" + campaign.name() + "' needs a solution to serve; the spec has none");
        }
        if (!recommenders.isEmpty() && datasetGroup.domain() == null) {
            throw new IllegalArgumentException("recommender '"
                    + recommenders.get(0).name() + "' needs a domain"
                    + " dataset group (domain ECOMMERCE or VIDEO_ON_DEMAND); dataset group '" + datasetGroup.name()
                    + "' has no domain");
        }
        List<String> names = new ArrayList<>();
        for (RecommenderSpec r : recommenders) {
            if (names.contains(r.name())) {
                throw new IllegalArgumentException("recommender name '" + r.name() + "' is given twice");
            }
            names.add(r.name());
        }
        List<String> seen = new ArrayList<>();
        for (FilterSpec f : filters) {
            if (seen.contains(f.name())) {
                throw new IllegalArgumentException("filter name '" + f.name() + "' is given twice");
            }
            seen.add(f.name());
        }
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
     * Loads a spec from a JSON file.
     *
     * @param file the file
     * @return the spec
     * @throws io.personalizekit.exception.SpecValidationException naming the JSON path of the first problem, or
     *     with path {@code $} when the file cannot be read (the cause is the {@link IOException})
     */
    public static PipelineSpec fromJson(Path file) {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SpecValidationException("$", "cannot read the pipeline spec file " + file + ": " + e, e);
        }
    }

    /**
     * Parses a spec from a JSON document.
     *
     * @param json the document
     * @return the spec
     * @throws io.personalizekit.exception.SpecValidationException naming the JSON path of the first problem
     */
    public static PipelineSpec fromJson(String json) {
        return PipelineSpecJson.read(json);
    }

    /**
     * Renders this spec as JSON in the structure {@link #fromJson(String)} reads.
     *
     * @return the JSON document, pretty-printed
     */
    public String toJson() {
        return PipelineSpecJson.write(this);
    }

    /**
     * A builder initialised from this spec.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder()
                .datasetGroup(datasetGroup)
                .campaign(campaign)
                .filters(filters)
                .eventTrackerName(eventTrackerName)
                .recommenders(recommenders)
                .metricAttribution(metricAttribution);
        b.solution = solution;
        return b;
    }

    /**
     * The dataset group with its datasets.
     *
     * @return the dataset group spec
     */
    public DatasetGroupSpec datasetGroup() {
        return datasetGroup;
    }

    /**
     * The solution and solution version.
     *
     * @return the solution spec
     * @throws IllegalStateException when the spec has none (a domain dataset group with recommenders only); see
     *     {@link #hasSolution()}
     */
    public SolutionSpec solution() {
        if (solution == null) {
            throw new IllegalStateException("This spec has no solution, only recommenders "
                    + recommenders.stream().map(RecommenderSpec::name).collect(java.util.stream.Collectors.toList()));
        }
        return solution;
    }

    /**
     * Whether the spec has a solution (a spec of recommenders only has none).
     *
     * @return {@code true} when {@link #solution()} returns
     */
    public boolean hasSolution() {
        return solution != null;
    }

    /**
     * The recommenders of the domain dataset group, in the order they are provisioned.
     *
     * @return an unmodifiable list, empty for none
     */
    public List<RecommenderSpec> recommenders() {
        return recommenders;
    }

    /**
     * The metric attribution of the dataset group.
     *
     * @return the spec, or {@code null} for none
     */
    public @Nullable MetricAttributionSpec metricAttribution() {
        return metricAttribution;
    }

    /**
     * The campaign.
     *
     * @return the campaign spec, or {@code null} to stop after training
     */
    public @Nullable CampaignSpec campaign() {
        return campaign;
    }

    /**
     * The filters.
     *
     * @return an unmodifiable list
     */
    public List<FilterSpec> filters() {
        return filters;
    }

    /**
     * The event tracker's name.
     *
     * @return the name, or {@code null} for no event tracker
     */
    public @Nullable String eventTrackerName() {
        return eventTrackerName;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof PipelineSpec)) {
            return false;
        }
        PipelineSpec s = (PipelineSpec) o;
        return datasetGroup.equals(s.datasetGroup)
                && Objects.equals(solution, s.solution)
                && Objects.equals(campaign, s.campaign)
                && filters.equals(s.filters)
                && Objects.equals(eventTrackerName, s.eventTrackerName)
                && recommenders.equals(s.recommenders)
                && Objects.equals(metricAttribution, s.metricAttribution);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                datasetGroup, solution, campaign, filters, eventTrackerName, recommenders, metricAttribution);
    }

    @Override
    public String toString() {
        return "PipelineSpec{datasetGroup=" + datasetGroup + ", solution=" + solution + ", campaign=" + campaign
                + ", filters=" + filters + ", eventTrackerName=" + eventTrackerName + ", recommenders=" + recommenders
                + ", metricAttribution=" + metricAttribution + "}";
    }

    /** Builds a {@link PipelineSpec}. Not thread-safe. */
    public static final class Builder {
        private @Nullable DatasetGroupSpec datasetGroup;
        private @Nullable SolutionSpec solution;
        private @Nullable CampaignSpec campaign;
        private final List<FilterSpec> filters = new ArrayList<>();
        private @Nullable String eventTrackerName;
        private final List<RecommenderSpec> recommenders = new ArrayList<>();
        private @Nullable MetricAttributionSpec metricAttribution;

        private Builder() {}

        /**
         * Sets the dataset group (required).
         *
         * @param datasetGroup the dataset group spec
         * @return this builder
         */
        public Builder datasetGroup(DatasetGroupSpec datasetGroup) {
            this.datasetGroup = Objects.requireNonNull(datasetGroup, "datasetGroup");
            return this;
        }

        /**
         * Sets the dataset group built by the consumer.
         *
         * @param datasetGroup configures the dataset group's builder
         * @return this builder
         */
        public Builder datasetGroup(Consumer<DatasetGroupSpec.Builder> datasetGroup) {
            DatasetGroupSpec.Builder b = DatasetGroupSpec.builder();
            datasetGroup.accept(b);
            return datasetGroup(b.build());
        }

        /**
         * Sets the solution (required).
         *
         * @param solution the solution spec
         * @return this builder
         */
        public Builder solution(SolutionSpec solution) {
            this.solution = Objects.requireNonNull(solution, "solution");
            return this;
        }

        /**
         * Sets the solution built by the consumer.
         *
         * @param solution configures the solution's builder
         * @return this builder
         */
        public Builder solution(Consumer<SolutionSpec.Builder> solution) {
            SolutionSpec.Builder b = SolutionSpec.builder();
            solution.accept(b);
            return solution(b.build());
        }

        /**
         * Sets the campaign.
         *
         * @param campaign the campaign spec, or {@code null} for none
         * @return this builder
         */
        public Builder campaign(@Nullable CampaignSpec campaign) {
            this.campaign = campaign;
            return this;
        }

        /**
         * Sets the campaign built by the consumer.
         *
         * @param campaign configures the campaign's builder
         * @return this builder
         */
        public Builder campaign(Consumer<CampaignSpec.Builder> campaign) {
            CampaignSpec.Builder b = CampaignSpec.builder();
            campaign.accept(b);
            return campaign(b.build());
        }

        /**
         * Replaces the filters.
         *
         * @param filters the filters
         * @return this builder
         */
        public Builder filters(List<FilterSpec> filters) {
            this.filters.clear();
            filters.forEach(this::addFilter);
            return this;
        }

        /**
         * Adds a filter.
         *
         * @param filter the filter
         * @return this builder
         */
        public Builder addFilter(FilterSpec filter) {
            filters.add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /**
         * Sets the event tracker's name.
         *
         * @param name 1-63 characters of {@code [a-zA-Z0-9-_]}, or {@code null} for no event tracker
         * @return this builder
         * @throws IllegalArgumentException if the name breaks the service's pattern
         */
        public Builder eventTrackerName(@Nullable String name) {
            this.eventTrackerName = name == null ? null : Names.name(name, "eventTrackerName");
            return this;
        }

        /**
         * Replaces the recommenders.
         *
         * @param recommenders the recommenders
         * @return this builder
         */
        public Builder recommenders(List<RecommenderSpec> recommenders) {
            this.recommenders.clear();
            recommenders.forEach(this::addRecommender);
            return this;
        }

        /**
         * Adds a recommender (the dataset group must be a domain dataset group).
         *
         * @param recommender the recommender
         * @return this builder
         */
        public Builder addRecommender(RecommenderSpec recommender) {
            recommenders.add(Objects.requireNonNull(recommender, "recommender"));
            return this;
        }

        /**
         * Adds a recommender built by the consumer.
         *
         * @param recommender configures the recommender's builder
         * @return this builder
         */
        public Builder addRecommender(Consumer<RecommenderSpec.Builder> recommender) {
            RecommenderSpec.Builder b = RecommenderSpec.builder();
            recommender.accept(b);
            return addRecommender(b.build());
        }

        /**
         * Sets the metric attribution.
         *
         * @param metricAttribution the spec, or {@code null} for none
         * @return this builder
         */
        public Builder metricAttribution(@Nullable MetricAttributionSpec metricAttribution) {
            this.metricAttribution = metricAttribution;
            return this;
        }

        /**
         * Sets the metric attribution built by the consumer.
         *
         * @param metricAttribution configures the metric attribution's builder
         * @return this builder
         */
        public Builder metricAttribution(Consumer<MetricAttributionSpec.Builder> metricAttribution) {
            MetricAttributionSpec.Builder b = MetricAttributionSpec.builder();
            metricAttribution.accept(b);
            return metricAttribution(b.build());
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         * @throws NullPointerException if the dataset group is missing, or the solution of a spec without recommenders
         * @throws IllegalArgumentException if a filter or recommender name is given twice, a campaign has no
         *     solution, or recommenders are given for a dataset group without a domain
         */
        public PipelineSpec build() {
            return new PipelineSpec(this);
        }
    }
}
