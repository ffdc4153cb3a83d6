package io.personalizekit.resource;

import io.personalizekit.schema.DatasetType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One value for everything a provisioned Personalize system consists of, as typed references: the dataset group,
 * its schemas and datasets by {@link DatasetType}, the solution and the solution version, the campaign, the filters
 * by name, the event tracker, the recommenders of a domain dataset group by name and the metric attribution. {@code PipelineOrchestrator.run(spec).deployment()} returns it; the serving and
 * seeding classes take it (or one of its references) directly, so no ARN is ever copied by hand:
 *
 * <pre>{@code
 * Deployment news = pipeline.run(spec).deployment();
 * SimilarItemsClient live = SimilarItemsClient.builder().runtimeClient(runtime).deployment(news).build();
 * CacheKeyspace keyspace = CacheKeyspace.builder().deployment(news).numResults(25).build();
 * ItemSeeder seeder = ItemSeeder.builder().eventsClient(events).dataset(news.dataset(DatasetType.ITEMS)) ...
 * }</pre>
 *
 * <p>An accessor of a resource the deployment does not hold ({@link #campaign()} of a spec without a campaign, say)
 * throws an {@link IllegalStateException} naming what is missing and what is there; {@link #has(ResourceType)},
 * {@link #datasets()} and {@link #filters()} tell beforehand. Systems provisioned elsewhere are described with
 * {@link #builder()}:
 *
 * <pre>{@code
 * Deployment news = Deployment.builder()
 *         .campaign(CampaignRef.of("arn:aws:personalize:eu-west-1:123456789012:campaign/news-similar"))
 *         .solutionVersion(SolutionVersionRef.of("arn:aws:personalize:eu-west-1:123456789012:solution/news-similar/1a2b3c4d"))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; equal when every reference is equal.
 */
public final class Deployment {
    private final @Nullable DatasetGroupRef datasetGroup;
    private final Map<DatasetType, SchemaRef> schemas;
    private final Map<DatasetType, DatasetRef> datasets;
    private final @Nullable SolutionRef solution;
    private final @Nullable SolutionVersionRef solutionVersion;
    private final @Nullable CampaignRef campaign;
    private final Map<String, FilterRef> filters;
    private final @Nullable EventTrackerRef eventTracker;
    private final Map<String, RecommenderRef> recommenders;
    private final @Nullable MetricAttributionRef metricAttribution;

    private Deployment(Builder b) {
        this.datasetGroup = b.datasetGroup;
        this.schemas = Collections.unmodifiableMap(new EnumMap<>(b.schemas));
        this.datasets = Collections.unmodifiableMap(new EnumMap<>(b.datasets));
        this.solutionVersion = b.solutionVersion;
        this.solution =
                b.solution != null ? b.solution : b.solutionVersion != null ? b.solutionVersion.solution() : null;
        this.campaign = b.campaign;
        this.filters = Collections.unmodifiableMap(new LinkedHashMap<>(b.filters));
        this.eventTracker = b.eventTracker;
        this.recommenders = Collections.unmodifiableMap(new LinkedHashMap<>(b.recommenders));
        this.metricAttribution = b.metricAttribution;
        checkConsistent();
    }

    /**
     * A builder of a deployment, for systems provisioned without the pipeline.
     *
     * @return a new, empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised with this deployment's references.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.datasetGroup = datasetGroup;
        b.schemas.putAll(schemas);
        b.datasets.putAll(datasets);
        b.solution = solution;
        b.solutionVersion = solutionVersion;
        b.campaign = campaign;
        b.filters.putAll(filters);
        b.eventTracker = eventTracker;
        b.recommenders.putAll(recommenders);
        b.metricAttribution = metricAttribution;
        return b;
    }

    /**
     * A copy changed by a consumer, for example {@code d.copy(b -> b.campaign(otherCampaign))}.
     *
     * @param change changes the copy's builder
     * @return the changed copy
     */
    public Deployment copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /**
     * Whether the deployment holds a resource of a type: for {@link ResourceType#DATASET}, {@link
     * ResourceType#SCHEMA}, {@link ResourceType#FILTER} and {@link ResourceType#RECOMMENDER}, at least one. Import and batch inference jobs are never
     * part of a deployment.
     *
     * @param type the resource type
     * @return {@code true} when the matching accessor returns instead of throwing
     */
    public boolean has(ResourceType type) {
        switch (Objects.requireNonNull(type, "type")) {
            case DATASET_GROUP:
                return datasetGroup != null;
            case SCHEMA:
                return !schemas.isEmpty();
            case DATASET:
                return !datasets.isEmpty();
            case SOLUTION:
                return solution != null;
            case SOLUTION_VERSION:
                return solutionVersion != null;
            case CAMPAIGN:
                return campaign != null;
            case FILTER:
                return !filters.isEmpty();
            case EVENT_TRACKER:
                return eventTracker != null;
            case RECOMMENDER:
                return !recommenders.isEmpty();
            case METRIC_ATTRIBUTION:
                return metricAttribution != null;
            default:
                return false;
        }
    }

    /**
     * The dataset group.
     *
     * @return the reference
     * @throws IllegalStateException when the deployment has none
     */
    public DatasetGroupRef datasetGroup() {
        return require(datasetGroup, "dataset group", ".datasetGroup(DatasetGroupRef.of(..))");
    }

    /**
     * The schemas, by the type of the dataset each describes.
     *
     * @return an unmodifiable map, empty when the deployment holds none
     */
    public Map<DatasetType, SchemaRef> schemas() {
        return schemas;
    }

    /**
     * The schema of the dataset of a type.
     *
     * @param type the dataset type
     * @return the reference
     * @throws IllegalStateException when the deployment has no schema for that type, naming the types it has
     */
    public SchemaRef schema(DatasetType type) {
        SchemaRef s = schemas.get(Objects.requireNonNull(type, "type"));
        if (s == null) {
            throw new IllegalStateException("This deployment has no schema for a " + type + " dataset; it has schemas"
                    + " for " + (schemas.isEmpty() ? "no dataset" : schemas.keySet()) + " (" + this + ")");
        }
        return s;
    }

    /**
     * The datasets by type.
     *
     * @return an unmodifiable map, empty when the deployment holds none
     */
    public Map<DatasetType, DatasetRef> datasets() {
        return datasets;
    }

    /**
     * The dataset of a type, for example the Items dataset that {@code ItemSeeder} writes to.
     *
     * @param type the dataset type
     * @return the reference
     * @throws IllegalStateException when the deployment has no dataset of that type, naming the types it has
     */
    public DatasetRef dataset(DatasetType type) {
        DatasetRef d = datasets.get(Objects.requireNonNull(type, "type"));
        if (d == null) {
            throw new IllegalStateException("This deployment has no " + type + " dataset; it has "
                    + (datasets.isEmpty() ? "no dataset" : datasets.keySet()) + " (" + this + ")");
        }
        return d;
    }

    /**
     * The solution: the one set, else the solution of the {@linkplain #solutionVersion() solution version}.
     *
     * @return the reference
     * @throws IllegalStateException when the deployment has neither
     */
    public SolutionRef solution() {
        return require(solution, "solution", ".solution(SolutionRef.of(..))");
    }

    /**
     * The solution version: the model the campaign serves after a pipeline run, and what batch inference and the
     * cache's keyspace take.
     *
     * @return the reference
     * @throws IllegalStateException when the deployment has none
     */
    public SolutionVersionRef solutionVersion() {
        return require(solutionVersion, "solution version", ".solutionVersion(SolutionVersionRef.of(..))");
    }

    /**
     * The campaign that serves the solution version.
     *
     * @return the reference
     * @throws IllegalStateException when the deployment has none (the pipeline spec declared no campaign)
     */
    public CampaignRef campaign() {
        return require(campaign, "campaign", ".campaign(CampaignRef.of(..)), or a campaign in the pipeline spec");
    }

    /**
     * The filters by name, in the order the spec declared them.
     *
     * @return an unmodifiable map, empty when the deployment holds none
     */
    public Map<String, FilterRef> filters() {
        return filters;
    }

    /**
     * The filter of a name.
     *
     * @param name the filter's name
     * @return the reference
     * @throws IllegalStateException when the deployment has no filter of that name, naming the filters it has
     */
    public FilterRef filter(String name) {
        FilterRef f = filters.get(Objects.requireNonNull(name, "name"));
        if (f == null) {
            throw new IllegalStateException("This deployment has no filter named '" + name + "'; it has "
                    + (filters.isEmpty() ? "no filter" : "filters " + filters.keySet()) + " (" + this + ")");
        }
        return f;
    }

    /**
     * The event tracker; the pipeline's reference carries its {@linkplain EventTrackerRef#trackingId() tracking
     * id}.
     *
     * @return the reference
     * @throws IllegalStateException when the deployment has none (the pipeline spec declared no event tracker)
     */
    public EventTrackerRef eventTracker() {
        return require(
                eventTracker,
                "event tracker",
                ".eventTracker(EventTrackerRef.of(..)), or an event tracker in the spec");
    }

    /**
     * The recommenders of the domain dataset group by name, in the order the spec declared them.
     *
     * @return an unmodifiable map, empty when the deployment holds none
     */
    public Map<String, RecommenderRef> recommenders() {
        return recommenders;
    }

    /**
     * The recommender of a name: what {@code GetRecommendations} takes as {@code recommenderArn}.
     *
     * @param name the recommender's name
     * @return the reference
     * @throws IllegalStateException when the deployment has no recommender of that name, naming the recommenders it
     *     has
     */
    public RecommenderRef recommender(String name) {
        RecommenderRef r = recommenders.get(Objects.requireNonNull(name, "name"));
        if (r == null) {
            throw new IllegalStateException("This deployment has no recommender named '" + name + "'; it has "
                    + (recommenders.isEmpty() ? "no recommender" : "recommenders " + recommenders.keySet()) + " ("
                    + this + ")");
        }
        return r;
    }

    /**
     * The metric attribution of the dataset group (a group has at most one).
     *
     * @return the reference
     * @throws IllegalStateException when the deployment has none (the pipeline spec declared no metric attribution)
     */
    public MetricAttributionRef metricAttribution() {
        return require(
                metricAttribution,
                "metric attribution",
                ".metricAttribution(MetricAttributionRef.of(..)), or a metric attribution in the spec");
    }

    private <T> T require(@Nullable T ref, String what, String howToAdd) {
        if (ref == null) {
            throw new IllegalStateException(
                    "This deployment has no " + what + " (" + this + "); add one with " + howToAdd);
        }
        return ref;
    }

    private void checkConsistent() {
        if (datasetGroup != null) {
            String group = datasetGroup.parsedArn().resourceId();
            for (DatasetRef d : datasets.values()) {
                if (!d.datasetGroupName().equals(group)) {
                    throw new IllegalArgumentException("dataset " + d.arn() + " belongs to dataset group '"
                            + d.datasetGroupName() + "', not to datasetGroup " + datasetGroup.arn());
                }
            }
        }
        if (solution != null
                && solutionVersion != null
                && !solutionVersion.solution().equals(solution)) {
            throw new IllegalArgumentException("solutionVersion " + solutionVersion.arn()
                    + " is a version of another solution than solution " + solution.arn());
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Deployment)) {
            return false;
        }
        Deployment d = (Deployment) o;
        return Objects.equals(datasetGroup, d.datasetGroup)
                && schemas.equals(d.schemas)
                && datasets.equals(d.datasets)
                && Objects.equals(solution, d.solution)
                && Objects.equals(solutionVersion, d.solutionVersion)
                && Objects.equals(campaign, d.campaign)
                && filters.equals(d.filters)
                && Objects.equals(eventTracker, d.eventTracker)
                && recommenders.equals(d.recommenders)
                && Objects.equals(metricAttribution, d.metricAttribution);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                datasetGroup,
                schemas,
                datasets,
                solution,
                solutionVersion,
                campaign,
                filters,
                eventTracker,
                recommenders,
                metricAttribution);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Deployment{");
        String sep = "";
        if (datasetGroup != null) {
            sb.append("datasetGroup=").append(datasetGroup.arn());
            sep = ", ";
        }
        if (!datasets.isEmpty()) {
            sb.append(sep).append("datasets=").append(datasets.keySet());
            sep = ", ";
        }
        if (solutionVersion != null) {
            sb.append(sep).append("solutionVersion=").append(solutionVersion.arn());
            sep = ", ";
        } else if (solution != null) {
            sb.append(sep).append("solution=").append(solution.arn());
            sep = ", ";
        }
        if (campaign != null) {
            sb.append(sep).append("campaign=").append(campaign.arn());
            sep = ", ";
        }
        if (!filters.isEmpty()) {
            sb.append(sep).append("filters=").append(filters.keySet());
            sep = ", ";
        }
        if (eventTracker != null) {
            sb.append(sep).append("eventTracker=").append(eventTracker.arn());
            sep = ", ";
        }
        if (!recommenders.isEmpty()) {
            sb.append(sep).append("recommenders=").append(recommenders.keySet());
            sep = ", ";
        }
        if (metricAttribution != null) {
            sb.append(sep).append("metricAttribution=").append(metricAttribution.arn());
        }
        return sb.append('}').toString();
    }

    /** Builds a {@link Deployment}; every reference is optional. Not thread-safe. */
    public static final class Builder {
        private @Nullable DatasetGroupRef datasetGroup;
        private final Map<DatasetType, SchemaRef> schemas = new EnumMap<>(DatasetType.class);
        private final Map<DatasetType, DatasetRef> datasets = new EnumMap<>(DatasetType.class);
        private @Nullable SolutionRef solution;
        private @Nullable SolutionVersionRef solutionVersion;
        private @Nullable CampaignRef campaign;
        private final Map<String, FilterRef> filters = new LinkedHashMap<>();
        private @Nullable EventTrackerRef eventTracker;
        private final Map<String, RecommenderRef> recommenders = new LinkedHashMap<>();
        private @Nullable MetricAttributionRef metricAttribution;

        private Builder() {}

        /**
         * Sets the dataset group.
         *
         * @param datasetGroup the reference, or {@code null} to unset
         * @return this builder
         */
        public Builder datasetGroup(@Nullable DatasetGroupRef datasetGroup) {
            this.datasetGroup = datasetGroup;
            return this;
        }

        /**
         * Adds (or replaces) the schema of the dataset of a type.
         *
         * @param type the type of the dataset the schema describes
         * @param schema the reference
         * @return this builder
         */
        public Builder putSchema(DatasetType type, SchemaRef schema) {
            schemas.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(schema, "schema"));
            return this;
        }

        /**
         * Adds (or replaces) a dataset; its type comes from its ARN.
         *
         * @param dataset the reference
         * @return this builder
         * @throws IllegalArgumentException when the ARN names a dataset type personalize-kit does not know
         */
        public Builder putDataset(DatasetRef dataset) {
            datasets.put(Objects.requireNonNull(dataset, "dataset").datasetType(), dataset);
            return this;
        }

        /**
         * Sets the solution; when unset, the solution version's solution is used.
         *
         * @param solution the reference, or {@code null} to unset
         * @return this builder
         */
        public Builder solution(@Nullable SolutionRef solution) {
            this.solution = solution;
            return this;
        }

        /**
         * Sets the solution version.
         *
         * @param solutionVersion the reference, or {@code null} to unset
         * @return this builder
         */
        public Builder solutionVersion(@Nullable SolutionVersionRef solutionVersion) {
            this.solutionVersion = solutionVersion;
            return this;
        }

        /**
         * Sets the campaign.
         *
         * @param campaign the reference, or {@code null} to unset
         * @return this builder
         */
        public Builder campaign(@Nullable CampaignRef campaign) {
            this.campaign = campaign;
            return this;
        }

        /**
         * Adds (or replaces) a filter, under its {@linkplain FilterRef#name() name}.
         *
         * @param filter the reference
         * @return this builder
         */
        public Builder putFilter(FilterRef filter) {
            filters.put(Objects.requireNonNull(filter, "filter").name(), filter);
            return this;
        }

        /**
         * Sets the event tracker.
         *
         * @param eventTracker the reference, or {@code null} to unset
         * @return this builder
         */
        public Builder eventTracker(@Nullable EventTrackerRef eventTracker) {
            this.eventTracker = eventTracker;
            return this;
        }

        /**
         * Adds (or replaces) a recommender, under its {@linkplain RecommenderRef#name() name}.
         *
         * @param recommender the reference
         * @return this builder
         */
        public Builder putRecommender(RecommenderRef recommender) {
            recommenders.put(Objects.requireNonNull(recommender, "recommender").name(), recommender);
            return this;
        }

        /**
         * Sets the metric attribution.
         *
         * @param metricAttribution the reference, or {@code null} to unset
         * @return this builder
         */
        public Builder metricAttribution(@Nullable MetricAttributionRef metricAttribution) {
            this.metricAttribution = metricAttribution;
            return this;
        }

        /**
         * Builds the deployment.
         *
         * @return the deployment
         * @throws IllegalArgumentException when a dataset belongs to another dataset group than the one set, or the
         *     solution version to another solution than the one set, naming both
         */
        public Deployment build() {
            return new Deployment(this);
        }
    }
}
