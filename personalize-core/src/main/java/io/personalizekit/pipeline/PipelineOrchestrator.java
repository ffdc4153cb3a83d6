package io.personalizekit.pipeline;

import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.DatasetGroupRef;
import io.personalizekit.resource.DatasetRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.EventTrackerRef;
import io.personalizekit.resource.FilterRef;
import io.personalizekit.resource.MetricAttributionRef;
import io.personalizekit.resource.RecommenderRef;
import io.personalizekit.resource.SchemaRef;
import io.personalizekit.resource.SolutionRef;
import io.personalizekit.resource.SolutionVersionRef;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.WaitPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * Runs a {@link PipelineSpec} against Amazon Personalize: the whole console flow of the article (dataset group,
 * schemas, datasets, imports, solution, solution version, campaign, filters, event tracker), and the recommenders of a
 * domain dataset group and a metric attribution, as one call that is safe to re-run.
 *
 * <pre>{@code
 * try (PipelineOrchestrator pipeline = PipelineOrchestrator.builder().personalizeClient(personalize).build()) {
 *     Deployment news = pipeline.run(spec).deployment(); // typed references to everything the spec holds
 *     SimilarItemsClient similar = SimilarItemsClient.builder().runtimeClient(runtime).deployment(news).build();
 * }
 * }</pre>
 *
 * <p>Each step finds its resource by name (List* operations, all pages) and:
 *
 * <ul>
 *   <li>reuses it when it is ACTIVE with the same definition; a different definition (a schema whose fields
 *       changed, a filter with another expression, ...) throws a {@code DriftException} naming both;
 *   <li>awaits it when it is still being created (a re-run after a crash never creates it twice);
 *   <li>otherwise creates it, then waits until ACTIVE with the {@link ResourceWaiter}.
 * </ul>
 *
 * <p>Solution versions: one still training is awaited; otherwise an ACTIVE version is reused when it was created
 * at or after the completion ({@code lastUpdatedDateTime}) of the latest ACTIVE import job of any dataset of the
 * group ("trained on the same data"); otherwise a new version is trained. {@link Builder#forceRetraining(boolean)}
 * skips the reuse (a version already training is still awaited, not duplicated). A campaign serving another
 * version (or another {@code minProvisionedTPS} or {@code campaignConfig}) is updated and the update awaited.
 *
 * <p>What the service can change in place is updated rather than reported as drift, and each update awaited: a
 * solution's automatic training ({@code UpdateSolution}), a campaign, a recommender's config ({@code
 * UpdateRecommender}; it is started or stopped to reach the spec's {@link RecommenderState}), a metric attribution's
 * metrics and output ({@code UpdateMetricAttribution}). The metric attribution is provisioned right after the
 * datasets, before the imports, so that the imports are measured.
 *
 * <p>A create call refused with {@code LimitExceededException} for the quota on resources in progress ("More than
 * 5 resources with PENDING or IN_PROGRESS status.") is retried with the {@linkplain Builder#quotaPolicy quota
 * policy}'s backoff and reported to {@link PipelineListener#onQuotaWait}. Any other failure stops the run with a
 * {@code PipelineStepException} naming the step and ARN, its cause the original exception (a {@code
 * ResourceFailedException} carries the service's {@code failureReason}).
 *
 * <p>Every create takes effect once although a reply may be lost (carried out by the service, the answer reset or
 * timed out): after an ambiguous failure (5xx, connection reset or closed, timeout), or the {@code
 * ResourceAlreadyExistsException} that the SDK's retry of such a call meets, a step looks for the resource by name
 * before sending anything again. {@code CreateSolutionVersion}, each call of which trains and bills a model, is sent
 * with a fresh version name and without the SDK's retries; after an ambiguous failure the solution's versions are
 * listed and the one this request started is adopted. Waits ride out such failures within the waiter's {@link
 * WaitPolicy#errorBudget() error budget}.
 *
 * <p>Before any call, the spec's solution is checked against its recipe in the {@code
 * io.personalizekit.recipe.Recipe} catalogue: a recipe whose required datasets are missing from the spec
 * (User-Personalization without Interactions) or whose item fields are missing from the Items schema
 * (Semantic-Similarity without a textual field), a domain use case named as a solution's recipe, or a campaign for a
 * batch-only recipe is refused with a {@code SpecValidationException} at {@code $.solution.recipeArn} (or {@code
 * $.campaign}), by {@link #plan} as by {@link #run}. Recipe ARNs the catalogue does not list are not checked.
 *
 * <p>Thread-safe: concurrent runs are independent. The client (and a waiter passed in) are borrowed and never
 * closed; {@link #close()} closes only a waiter the orchestrator created.
 */
public final class PipelineOrchestrator implements AutoCloseable {
    private final PersonalizeClient client;
    private final ResourceWaiter waiter;
    private final boolean ownsWaiter;
    private final PipelineListener listener;
    private final boolean forceRetraining;
    private final WaitPolicy quotaPolicy;

    private PipelineOrchestrator(Builder b) {
        this.client = Objects.requireNonNull(b.client, "personalizeClient");
        this.ownsWaiter = b.waiter == null;
        this.waiter = b.waiter != null ? b.waiter : ResourceWaiter.create(client);
        this.listener = b.listener;
        this.forceRetraining = b.forceRetraining;
        this.quotaPolicy = b.quotaPolicy;
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
     * The default quota policy: first retry after 1 min, growing 1.5x to at most 5 min, for at most 6 h.
     *
     * @return the default quota policy
     */
    public static WaitPolicy defaultQuotaPolicy() {
        return WaitPolicy.builder()
                .initialDelay(Duration.ofMinutes(1))
                .maxDelay(Duration.ofMinutes(5))
                .timeout(Duration.ofHours(6))
                .build();
    }

    /**
     * Finds-or-creates and awaits every resource of the spec, in dependency order.
     *
     * @param spec the spec
     * @return each step's outcome, and the {@linkplain PipelineResult#deployment() deployment}: typed references to
     *     every resource of the spec. A re-run, or a run that resumes a failed one, returns an equal deployment when
     *     it reuses the same resources.
     * @throws io.personalizekit.exception.PipelineStepException when a step fails (drift, a failed resource, a
     *     timeout, an interrupt, a service error); its cause is the original exception
     */
    public PipelineResult run(PipelineSpec spec) {
        return Objects.requireNonNull(execute(spec, false).result);
    }

    /**
     * A dry run: lists what {@link #run(PipelineSpec)} would create, reuse, await or update, calling only List* and
     * Describe* operations.
     *
     * @param spec the spec
     * @return the plan; when it is {@linkplain PipelinePlan#isUpToDate() up to date}, it carries the deployment a
     *     run would return, so a serving process can find its resources without running the pipeline
     * @throws io.personalizekit.exception.PipelineStepException when a step cannot be planned, for example on drift
     */
    public PipelinePlan plan(PipelineSpec spec) {
        Execution x = execute(spec, true);
        return PipelinePlan.of(x.engine.plan, x.deployment);
    }

    /**
     * Deletes what the spec holds; the same as {@code Teardown} built with this orchestrator's client, waiter and
     * listener.
     *
     * @param spec the spec
     * @return each deletion's outcome
     * @throws io.personalizekit.exception.PipelineStepException when a deletion fails
     */
    public PipelineResult teardown(PipelineSpec spec) {
        return Teardown.builder()
                .personalizeClient(client)
                .waiter(waiter)
                .listener(listener)
                .build()
                .run(spec);
    }

    private static final class Execution {
        final Engine engine;
        final @Nullable PipelineResult result;
        final @Nullable Deployment deployment;

        Execution(Engine engine, @Nullable PipelineResult result, @Nullable Deployment deployment) {
            this.engine = engine;
            this.result = result;
            this.deployment = deployment;
        }
    }

    private Execution execute(PipelineSpec spec, boolean dryRun) {
        Objects.requireNonNull(spec, "spec");
        RecipeCheck.check(spec);
        Engine e = new Engine(client, waiter, listener, dryRun, forceRetraining, quotaPolicy);
        Instant start = e.now();
        DatasetGroupSpec g = spec.datasetGroup();
        // Every ARN a step produced (or, in a dry run, found); null where a dry run would create the resource.
        Deployment.Builder d = Deployment.builder();
        boolean complete = true;
        String groupArn = e.datasetGroup(g);
        complete &= groupArn != null;
        if (groupArn != null) {
            d.datasetGroup(DatasetGroupRef.of(groupArn, g.name()));
        }
        Map<DatasetSpec, @Nullable String> datasetArns = new HashMap<>();
        for (DatasetSpec ds : g.datasets()) {
            String schemaArn = e.schema(ds, g.domain());
            String datasetArn = e.dataset(ds, groupArn, schemaArn);
            datasetArns.put(ds, datasetArn);
            complete &= schemaArn != null && datasetArn != null;
            if (schemaArn != null) {
                d.putSchema(ds.datasetType(), SchemaRef.of(schemaArn, ds.schemaName()));
            }
            if (datasetArn != null) {
                d.putDataset(DatasetRef.of(datasetArn, ds.name()));
            }
        }
        MetricAttributionSpec attribution = spec.metricAttribution();
        if (attribution != null) {
            // before the imports: only imports created after the metric attribution are measured
            String attributionArn = e.metricAttribution(attribution, groupArn);
            complete &= attributionArn != null;
            if (attributionArn != null) {
                d.metricAttribution(MetricAttributionRef.of(attributionArn, attribution.name()));
            }
        }
        for (DatasetSpec ds : g.datasets()) {
            e.imports(ds, datasetArns.get(ds));
        }
        String solutionArn = null;
        String versionArn = null;
        if (spec.hasSolution()) {
            solutionArn = e.solution(spec.solution(), groupArn);
            versionArn = e.solutionVersion(spec.solution(), solutionArn, groupArn);
            complete &= solutionArn != null && versionArn != null;
            if (solutionArn != null) {
                d.solution(SolutionRef.of(solutionArn, spec.solution().name()));
            }
            if (versionArn != null) {
                d.solutionVersion(SolutionVersionRef.of(versionArn));
            }
        }
        for (RecommenderSpec r : spec.recommenders()) {
            String recommenderArn = e.recommender(r, groupArn);
            complete &= recommenderArn != null;
            if (recommenderArn != null) {
                d.putRecommender(RecommenderRef.of(recommenderArn, r.name()));
            }
        }
        CampaignSpec campaign = spec.campaign();
        if (campaign != null) {
            String campaignArn = e.campaign(campaign, versionArn, solutionArn);
            complete &= campaignArn != null;
            if (campaignArn != null) {
                d.campaign(CampaignRef.of(campaignArn, campaign.name()));
            }
        }
        for (FilterSpec f : spec.filters()) {
            String filterArn = e.filter(f, groupArn);
            complete &= filterArn != null;
            if (filterArn != null) {
                d.putFilter(FilterRef.of(filterArn, f.name()));
            }
        }
        String tracker = spec.eventTrackerName();
        if (tracker != null) {
            String trackerArn = e.eventTracker(tracker, groupArn);
            complete &= trackerArn != null;
            if (trackerArn != null) {
                String trackingId = client.describeEventTracker(r -> r.eventTrackerArn(trackerArn))
                        .eventTracker()
                        .trackingId();
                d.eventTracker(EventTrackerRef.of(trackerArn, tracker, trackingId));
            }
        }
        Deployment deployment = complete ? d.build() : null;
        Duration took = Duration.between(start, e.now());
        return new Execution(
                e, dryRun ? null : PipelineResult.of(e.outcomes, took, Objects.requireNonNull(deployment)), deployment);
    }

    /** Closes the waiter this orchestrator created, if any; never the client. Idempotent. */
    @Override
    public void close() {
        if (ownsWaiter) {
            waiter.close();
        }
    }

    /** Builds a {@link PipelineOrchestrator}. Not thread-safe. */
    public static final class Builder {
        private @Nullable PersonalizeClient client;
        private @Nullable ResourceWaiter waiter;
        private PipelineListener listener = PipelineListener.NONE;
        private boolean forceRetraining;
        private WaitPolicy quotaPolicy = defaultQuotaPolicy();

        private Builder() {}

        /**
         * Sets the control-plane client (required). It is borrowed: the orchestrator never closes it.
         *
         * @param personalizeClient the client
         * @return this builder
         */
        public Builder personalizeClient(PersonalizeClient personalizeClient) {
            this.client = Objects.requireNonNull(personalizeClient, "personalizeClient");
            return this;
        }

        /**
         * Sets the waiter (its policies, clock and sleeper apply to every wait and quota backoff). It is borrowed:
         * the orchestrator never closes it. Default: {@code ResourceWaiter.create(client)}, closed by {@link
         * PipelineOrchestrator#close()}.
         *
         * @param waiter the waiter
         * @return this builder
         */
        public Builder waiter(ResourceWaiter waiter) {
            this.waiter = Objects.requireNonNull(waiter, "waiter");
            return this;
        }

        /**
         * Sets the progress listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(PipelineListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Trains a new solution version even when an ACTIVE one for the same data exists (default {@code false}).
         *
         * @param forceRetraining whether to force retraining
         * @return this builder
         */
        public Builder forceRetraining(boolean forceRetraining) {
            this.forceRetraining = forceRetraining;
            return this;
        }

        /**
         * Sets the backoff for create calls refused by the in-progress quota (default {@link
         * #defaultQuotaPolicy()}).
         *
         * @param quotaPolicy the policy
         * @return this builder
         */
        public Builder quotaPolicy(WaitPolicy quotaPolicy) {
            this.quotaPolicy = Objects.requireNonNull(quotaPolicy, "quotaPolicy");
            return this;
        }

        /**
         * Builds the orchestrator.
         *
         * @return the orchestrator
         * @throws NullPointerException if no client was set
         */
        public PipelineOrchestrator build() {
            return new PipelineOrchestrator(this);
        }
    }
}
