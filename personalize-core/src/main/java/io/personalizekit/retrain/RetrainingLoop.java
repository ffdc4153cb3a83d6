package io.personalizekit.retrain;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.exception.PipelineStepException;
import io.personalizekit.internal.waiters.ExactlyOnce;
import io.personalizekit.internal.waiters.IdempotentCreate;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.DatasetImportJobRef;
import io.personalizekit.resource.DatasetRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.ResourceStatus;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.resource.SolutionRef;
import io.personalizekit.resource.SolutionVersionRef;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.WaitCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.Campaign;
import software.amazon.awssdk.services.personalize.model.CampaignUpdateSummary;
import software.amazon.awssdk.services.personalize.model.DatasetImportJob;
import software.amazon.awssdk.services.personalize.model.DatasetImportJobSummary;
import software.amazon.awssdk.services.personalize.model.SolutionVersion;
import software.amazon.awssdk.services.personalize.model.SolutionVersionSummary;
import software.amazon.awssdk.services.personalize.model.Tag;

/**
 * The article's periodic refresh in one call, made safe: import new data, train a new solution version (or take
 * the one automatic training made), compare its offline metrics with the live version's through a {@link
 * QualityGate}, and only when it passes move the campaign to it, wait until the update is ACTIVE, and refresh the
 * cache into a new generation that readers switch to.
 *
 * <pre>{@code
 * try (RetrainingLoop loop = RetrainingLoop.builder()
 *         .personalizeClient(personalize)   // borrowed
 *         .deployment(news)                  // its datasets, solution and campaign
 *         .qualityGate(QualityGate.defaults()) // no metric more than 2 % worse
 *         .cacheRefresh(refresh)             // optional
 *         .build()) {
 *     RetrainResult r = loop.run(req -> req.runId("2026-11-28")
 *             .addImport(DatasetType.INTERACTIONS, "s3://news-data/interactions/2026-11-28.csv"));
 *     System.out.println(r.report());
 * }
 * }</pre>
 *
 * <h2>Steps</h2>
 *
 * <ol>
 *   <li>{@link RetrainStep#IMPORT}: each location of the request becomes an import job named {@code
 *       <dataset>-<runId>} ({@code -2}, {@code -3}, ... for more into one dataset), found by name or created once,
 *       and waited for.
 *   <li>{@link RetrainStep#TRAIN}: with {@link CandidateSource#TRAIN}, the version named {@code
 *       <solution>-<runId>} is found, or trained exactly once (the pipeline's rule: a client-chosen name, no SDK
 *       retries, a listing before any resend), tagged {@value #BASELINE_TAG} with the version the campaign served
 *       then; with {@link CandidateSource#LATEST_AUTOMATIC}, the newest version created after the live one is
 *       taken. Either is waited for until ACTIVE.
 *   <li>{@link RetrainStep#EVALUATE}: {@code GetSolutionMetrics} of both versions, judged by the gate.
 *   <li>Refused: the run ends ({@link RetrainOutcome#REFUSED}): no campaign update, no fetch, nothing else billed.
 *   <li>{@link RetrainStep#UPDATE_CAMPAIGN}: {@code UpdateCampaign} with the campaign's ARN and the candidate's
 *       (its TPS and configuration untouched), sent once although a reply may be lost, then waited for. A campaign
 *       with {@code syncWithLatestSolutionVersion} is not updated: it follows the newest version on its own.
 *   <li>{@link RetrainStep#REFRESH_CACHE}: with a {@link CacheRefresh}, the fetcher fills the new version's keyspace
 *       into a new generation and activates it.
 * </ol>
 *
 * <h2>Resuming</h2>
 *
 * The state of a run is read back from the service and the cache store, never kept on the caller's disk: running
 * the same request again after a crash finds its import jobs and its version by name (awaiting them when still in
 * progress), awaits a campaign update under way, recognises a campaign already on the candidate (judging it against
 * the version the baseline tag names), and skips a refresh whose generation is already active; a fetch that
 * stopped part-way is resumed by the fetcher itself. Nothing is trained, updated or fetched twice. A {@link
 * RetrainListener} hears each step.
 *
 * <p>A synced campaign serves a new version as soon as it is ACTIVE, before the gate can judge it; the gate's
 * refusal is then reported but cannot keep the version out (use a campaign pinned to a version for that).
 *
 * <p>Thread-safe for runs of different deployments; runs of one deployment must not overlap. The {@link
 * PersonalizeClient} (and a waiter passed in) is borrowed and never closed; {@link #close()} closes only the waiter
 * the loop made itself.
 */
public final class RetrainingLoop implements AutoCloseable {
    /**
     * The tag a trained candidate carries: the ARN of the version the campaign served when the candidate was
     * started, which it is judged against when a re-run finds the campaign already on it.
     */
    public static final String BASELINE_TAG = "personalizekit-retrain-baseline";

    private static final Logger log = LoggerFactory.getLogger(RetrainingLoop.class);

    private final PersonalizeClient client;
    private final ResourceWaiter waiter;
    private final boolean ownsWaiter;
    private final Deployment deployment;
    private final QualityGate gate;
    private final @Nullable CacheRefresh cacheRefresh;
    private final RetrainListener listener;
    private final CandidateSource candidateSource;
    private final String trainingMode;

    private RetrainingLoop(Builder b) {
        this.client = Objects.requireNonNull(b.client, "personalizeClient");
        this.ownsWaiter = b.waiter == null;
        this.waiter = b.waiter != null ? b.waiter : ResourceWaiter.create(client);
        this.deployment = Objects.requireNonNull(b.deployment, "deployment");
        if (!deployment.has(ResourceType.CAMPAIGN) || !deployment.has(ResourceType.SOLUTION)) {
            throw new IllegalArgumentException(
                    "the deployment must hold a campaign and a solution to retrain; it holds " + deployment);
        }
        this.gate = b.gate;
        this.cacheRefresh = b.cacheRefresh;
        this.listener = b.listener;
        this.candidateSource = b.candidateSource;
        this.trainingMode = b.trainingMode;
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
     * The deployment this loop refreshes.
     *
     * @return the deployment
     */
    public Deployment deployment() {
        return deployment;
    }

    /**
     * The quality gate.
     *
     * @return the gate
     */
    public QualityGate qualityGate() {
        return gate;
    }

    /**
     * Runs one refresh, built in place.
     *
     * @param request sets the request's run id and imports
     * @return what the run did
     * @throws PipelineStepException as {@link #run(RetrainRequest)}
     */
    public RetrainResult run(Consumer<RetrainRequest.Builder> request) {
        RetrainRequest.Builder b = RetrainRequest.builder();
        request.accept(b);
        return run(b.build());
    }

    /**
     * Runs one refresh, or resumes it when a run with the same id stopped part-way.
     *
     * @param request the run id and the data to import
     * @return what the run did; {@link RetrainResult#outcome()} says whether the candidate was promoted
     * @throws IllegalArgumentException when the request imports into a dataset type the deployment lacks
     * @throws PipelineStepException when a step failed (an import or a training ended {@code CREATE FAILED}, a
     *     wait timed out, the service refused a call): its {@code step()} names the step, its cause is the original
     *     error; fix the cause and run the same request again to resume
     */
    public RetrainResult run(RetrainRequest request) {
        Objects.requireNonNull(request, "request");
        for (DatasetType t : request.imports().keySet()) {
            if (!deployment.datasets().containsKey(t)) {
                throw new IllegalArgumentException(
                        "the request imports into the " + t + " dataset, which the deployment does not hold; it holds "
                                + deployment.datasets().keySet());
            }
        }
        Instant start = waiter.clock().instant();
        CampaignRef campaign = deployment.campaign();
        SolutionRef solution = deployment.solution();

        List<String> imports = step(
                RetrainStep.IMPORT,
                request.imports().isEmpty() ? "nothing to import" : "import " + request.imports(),
                null,
                () -> imports(request));

        Campaign live = currentCampaign(campaign);
        boolean synced = isSynced(live);
        List<SolutionVersionSummary> versions = versions(solution);
        String serving = synced ? newestActive(versions, null).orElse(null) : live.solutionVersionArn();

        Candidate cand = step(
                RetrainStep.TRAIN,
                candidateSource == CandidateSource.TRAIN
                        ? "find or train " + versionName(solution.name(), request.runId())
                        : "find the newest version after " + serving,
                null,
                () -> candidate(request, solution, versions, serving));
        if (cand == null) {
            return new RetrainResult(
                    request.runId(),
                    RetrainOutcome.NO_CANDIDATE,
                    imports,
                    ref(serving),
                    null,
                    false,
                    null,
                    false,
                    ref(serving),
                    null,
                    false,
                    Duration.between(start, waiter.clock().instant()));
        }
        // a campaign already on the candidate (a re-run after a crash, or a synced campaign) is judged against the
        // version recorded on the candidate when it was trained
        boolean alreadyServing = synced || cand.arn.equals(serving);
        String baseline = alreadyServing ? baselineOf(cand.arn, versions) : serving;
        String base = baseline;
        GateReport report = step(
                RetrainStep.EVALUATE,
                "GetSolutionMetrics of " + cand.arn + " and " + (base == null ? "no live version" : base),
                cand.arn,
                () -> evaluate(cand.arn, base));
        if (!report.passed()) {
            log.info("retrain {}: the quality gate refused {}:\n{}", request.runId(), cand.arn, report.table());
            if (synced) {
                log.warn(
                        "retrain {}: campaign {} follows the newest solution version on its own"
                                + " (syncWithLatestSolutionVersion); it serves the refused version {}",
                        request.runId(),
                        campaign.arn(),
                        cand.arn);
            }
            return new RetrainResult(
                    request.runId(),
                    RetrainOutcome.REFUSED,
                    imports,
                    ref(base),
                    ref(cand.arn),
                    cand.trained,
                    report,
                    false,
                    ref(synced ? cand.arn : serving),
                    null,
                    false,
                    Duration.between(start, waiter.clock().instant()));
        }
        boolean updated = step(
                RetrainStep.UPDATE_CAMPAIGN,
                synced ? "await the synced campaign " + campaign.arn() : "move " + campaign.arn() + " to " + cand.arn,
                campaign.arn(),
                () -> updateCampaign(campaign, cand.arn, alreadyServing));
        FetchSummary fetch = null;
        boolean fresh = false;
        if (cacheRefresh != null) {
            CacheKeyspace target = cacheRefresh.keyspaceFor(campaign.arn(), cand.arn);
            if (cacheRefresh.store().activeGeneration(target).isPresent()) {
                fresh = true;
                listener.onStepCompleted(RetrainStep.REFRESH_CACHE, "already active: keyspace " + target.id());
            } else {
                fetch = step(
                        RetrainStep.REFRESH_CACHE,
                        "fetch into keyspace " + target.id(),
                        null,
                        () -> cacheRefresh.fetcherFor(target).run(cacheRefresh.itemIds()));
            }
        }
        return new RetrainResult(
                request.runId(),
                RetrainOutcome.PROMOTED,
                imports,
                ref(base),
                ref(cand.arn),
                cand.trained,
                report,
                updated,
                ref(cand.arn),
                fetch,
                fresh,
                Duration.between(start, waiter.clock().instant()));
    }

    // ------------------------------------------------------------------ steps

    private <T> T step(RetrainStep step, String detail, @Nullable String arn, Supplier<T> body) {
        listener.onStepStarted(step, detail);
        T result;
        try {
            result = body.get();
        } catch (PipelineStepException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PipelineStepException(
                    "retrain " + step.name().toLowerCase(java.util.Locale.ROOT),
                    arn,
                    "Retraining step " + step + " failed" + (arn != null ? " on " + arn : "") + ": " + e.getMessage()
                            + "; fix the cause and run the same request again to resume",
                    e);
        }
        String done = String.valueOf(result);
        log.info("retrain {}: {}", step, done);
        listener.onStepCompleted(step, done);
        return result;
    }

    private List<String> imports(RetrainRequest request) {
        List<String> arns = new ArrayList<>();
        for (Map.Entry<DatasetType, List<String>> e : request.imports().entrySet()) {
            DatasetRef dataset = deployment.dataset(e.getKey());
            List<String> locations = e.getValue();
            for (int i = 0; i < locations.size(); i++) {
                String jobName = importJobName(dataset.name(), request.runId(), i);
                String location = locations.get(i);
                Optional<String> found = findImport(dataset.arn(), jobName);
                String arn;
                if (found.isPresent()) {
                    arn = found.get();
                    DatasetImportJob j = client.describeDatasetImportJob(b -> b.datasetImportJobArn(found.get()))
                            .datasetImportJob();
                    String had = j.dataSource() == null ? null : j.dataSource().dataLocation();
                    if (!location.equals(had)) {
                        throw new IllegalStateException("import job " + jobName + " of run " + request.runId()
                                + " reads " + had + ", not " + location
                                + "; give the new data a new run id");
                    }
                } else {
                    IdempotentCreate once = idempotent("import " + jobName, ResourceType.DATASET_IMPORT_JOB);
                    arn = once.run(
                            () -> client.createDatasetImportJob(b -> b.jobName(jobName)
                                            .datasetArn(dataset.arn())
                                            .dataSource(s -> s.dataLocation(location))
                                            .importMode(request.importMode().name())
                                            .roleArn(request.roleArn()))
                                    .datasetImportJobArn(),
                            () -> findImport(dataset.arn(), jobName));
                }
                waiter.waitUntilActive(DatasetImportJobRef.of(arn));
                arns.add(arn);
            }
        }
        return arns;
    }

    private Optional<String> findImport(String datasetArn, String jobName) {
        return client.listDatasetImportJobsPaginator(b -> b.datasetArn(datasetArn)).datasetImportJobs().stream()
                .filter(s -> jobName.equals(s.jobName()))
                .map(DatasetImportJobSummary::datasetImportJobArn)
                .findFirst();
    }

    /** The campaign, once any update under way has finished. */
    private Campaign currentCampaign(CampaignRef campaign) {
        Campaign c = client.describeCampaign(b -> b.campaignArn(campaign.arn())).campaign();
        ResourceStatus status = ResourceStatus.fromValue(c.status());
        CampaignUpdateSummary u = c.latestCampaignUpdate();
        boolean updating = u != null && ResourceStatus.fromValue(u.status()).isInProgress();
        if (status != ResourceStatus.ACTIVE) {
            waiter.waitUntilActive(campaign);
        }
        if (updating) {
            log.info("campaign {}: an update to {} is under way; awaiting it", campaign.arn(), u.solutionVersionArn());
            waiter.waitUntilCampaignUpdated(campaign);
        }
        if (updating || status != ResourceStatus.ACTIVE) {
            c = client.describeCampaign(b -> b.campaignArn(campaign.arn())).campaign();
        }
        return c;
    }

    private static boolean isSynced(Campaign c) {
        return c.campaignConfig() != null
                        && Boolean.TRUE.equals(c.campaignConfig().syncWithLatestSolutionVersion())
                || c.solutionVersionArn() != null && c.solutionVersionArn().endsWith("/$LATEST");
    }

    private List<SolutionVersionSummary> versions(SolutionRef solution) {
        return client.listSolutionVersionsPaginator(b -> b.solutionArn(solution.arn())).solutionVersions().stream()
                .sorted(Comparator.comparing(
                                SolutionVersionSummary::creationDateTime,
                                Comparator.nullsFirst(Comparator.naturalOrder()))
                        .reversed())
                .collect(Collectors.toList());
    }

    /** The newest ACTIVE version, other than {@code except}. */
    private static Optional<String> newestActive(List<SolutionVersionSummary> newestFirst, @Nullable String except) {
        return newestFirst.stream()
                .filter(v -> ResourceStatus.fromValue(v.status()) == ResourceStatus.ACTIVE)
                .map(SolutionVersionSummary::solutionVersionArn)
                .filter(a -> !a.equals(except))
                .findFirst();
    }

    private @Nullable Candidate candidate(
            RetrainRequest request,
            SolutionRef solution,
            List<SolutionVersionSummary> newestFirst,
            @Nullable String serving) {
        Instant servingCreated = newestFirst.stream()
                .filter(v -> v.solutionVersionArn().equals(serving))
                .map(SolutionVersionSummary::creationDateTime)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        String arn;
        boolean trained = false;
        if (candidateSource == CandidateSource.LATEST_AUTOMATIC) {
            Optional<String> newer = newestFirst.stream()
                    .filter(v -> !v.solutionVersionArn().equals(serving))
                    .filter(v -> servingCreated == null
                            || v.creationDateTime() != null
                                    && v.creationDateTime().isAfter(servingCreated))
                    .filter(v -> !ResourceStatus.fromValue(v.status()).isFailure())
                    .map(SolutionVersionSummary::solutionVersionArn)
                    .findFirst();
            if (newer.isEmpty()) {
                return null;
            }
            arn = newer.get();
        } else {
            String name = versionName(solution.name(), request.runId());
            Optional<String> found = findByName(newestFirst, name, servingCreated);
            if (found.isPresent()) {
                arn = found.get();
            } else {
                Set<String> known = newestFirst.stream()
                        .map(SolutionVersionSummary::solutionVersionArn)
                        .collect(Collectors.toSet());
                List<Tag> tags = serving == null
                        ? List.of()
                        : List.of(Tag.builder()
                                .tagKey(BASELINE_TAG)
                                .tagValue(serving)
                                .build());
                arn = ExactlyOnce.train(
                        client,
                        idempotent("solution version " + name, ResourceType.SOLUTION_VERSION),
                        Supplier::get,
                        solution.arn(),
                        name,
                        trainingMode,
                        tags,
                        known,
                        waiter.clock().instant());
                trained = true;
            }
        }
        waiter.waitUntilActive(SolutionVersionRef.of(arn));
        return new Candidate(arn, trained);
    }

    /** The version of this name, looked for among the versions created since the serving one (inclusive). */
    private Optional<String> findByName(
            List<SolutionVersionSummary> newestFirst, String name, @Nullable Instant servingCreated) {
        for (SolutionVersionSummary v : newestFirst) {
            if (servingCreated != null
                    && v.creationDateTime() != null
                    && v.creationDateTime().isBefore(servingCreated)) {
                break;
            }
            SolutionVersion d = client.describeSolutionVersion(b -> b.solutionVersionArn(v.solutionVersionArn()))
                    .solutionVersion();
            if (name.equals(d.name())) {
                return Optional.of(v.solutionVersionArn());
            }
        }
        return Optional.empty();
    }

    /**
     * What a candidate the campaign may already serve is judged against: the version its baseline tag names, else
     * the newest ACTIVE version created before it.
     */
    private @Nullable String baselineOf(String candidateArn, List<SolutionVersionSummary> newestFirst) {
        try {
            Optional<String> tagged = client.listTagsForResource(b -> b.resourceArn(candidateArn)).tags().stream()
                    .filter(t -> BASELINE_TAG.equals(t.tagKey()))
                    .map(Tag::tagValue)
                    .findFirst();
            if (tagged.isPresent()) {
                return tagged.get();
            }
        } catch (RuntimeException e) {
            log.debug(
                    "tags of {} not readable ({}); judging against the version before it", candidateArn, e.toString());
        }
        Instant created = newestFirst.stream()
                .filter(v -> v.solutionVersionArn().equals(candidateArn))
                .map(SolutionVersionSummary::creationDateTime)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        return newestFirst.stream()
                .filter(v -> ResourceStatus.fromValue(v.status()) == ResourceStatus.ACTIVE)
                .filter(v -> !v.solutionVersionArn().equals(candidateArn))
                .filter(v -> created == null
                        || v.creationDateTime() != null && v.creationDateTime().isBefore(created))
                .map(SolutionVersionSummary::solutionVersionArn)
                .findFirst()
                .orElse(null);
    }

    private GateReport evaluate(String candidateArn, @Nullable String baselineArn) {
        Map<String, Double> cand = metrics(candidateArn);
        if (baselineArn == null || baselineArn.equals(candidateArn)) {
            // nothing to be worse than: the candidate is judged against itself
            return gate.evaluate(candidateArn, cand, candidateArn, cand);
        }
        return gate.evaluate(baselineArn, metrics(baselineArn), candidateArn, cand);
    }

    private Map<String, Double> metrics(String versionArn) {
        return new LinkedHashMap<>(
                client.getSolutionMetrics(b -> b.solutionVersionArn(versionArn)).metrics());
    }

    private Boolean updateCampaign(CampaignRef campaign, String candidateArn, boolean alreadyServing) {
        if (alreadyServing) {
            waiter.waitUntilActive(campaign);
            return false;
        }
        ExactlyOnce.updateCampaign(
                client,
                idempotent("update of campaign " + campaign.name(), ResourceType.CAMPAIGN),
                campaign.arn(),
                candidateArn,
                null,
                waiter.clock().instant());
        waiter.await(campaign, WaitCondition.CAMPAIGN_UPDATED, null, null);
        return true;
    }

    private IdempotentCreate idempotent(String what, ResourceType type) {
        return new IdempotentCreate(
                what, waiter.clock(), waiter.sleeper(), waiter.policyFor(type), waiter.notFoundGrace());
    }

    /** {@code <solution>-<runId>}, the solution's name cut so that the whole fits 63 characters. */
    static String versionName(String solutionName, String runId) {
        int room = 63 - 1 - runId.length();
        return (solutionName.length() > room ? solutionName.substring(0, room) : solutionName) + "-" + runId;
    }

    /** {@code <dataset>-<runId>}, then {@code -2}, {@code -3}, ... for further imports into the same dataset. */
    static String importJobName(String datasetName, String runId, int index) {
        String suffix = "-" + runId + (index == 0 ? "" : "-" + (index + 1));
        int room = 63 - suffix.length();
        return (datasetName.length() > room ? datasetName.substring(0, room) : datasetName) + suffix;
    }

    private static @Nullable SolutionVersionRef ref(@Nullable String arn) {
        return arn == null || arn.endsWith("/$LATEST") ? null : SolutionVersionRef.of(arn);
    }

    /** Closes the waiter the loop made itself; a borrowed client or waiter is left open. */
    @Override
    public void close() {
        if (ownsWaiter) {
            waiter.close();
        }
    }

    private static final class Candidate {
        final String arn;
        final boolean trained;

        Candidate(String arn, boolean trained) {
            this.arn = arn;
            this.trained = trained;
        }

        @Override
        public String toString() {
            return (trained ? "trained " : "found ") + arn;
        }
    }

    /** Builds a {@link RetrainingLoop}. Not thread-safe. */
    public static final class Builder {
        private @Nullable PersonalizeClient client;
        private @Nullable ResourceWaiter waiter;
        private @Nullable Deployment deployment;
        private QualityGate gate = QualityGate.defaults();
        private @Nullable CacheRefresh cacheRefresh;
        private RetrainListener listener = new RetrainListener() {};
        private CandidateSource candidateSource = CandidateSource.TRAIN;
        private String trainingMode = "FULL";

        private Builder() {}

        /**
         * Sets the control-plane client (required); borrowed, never closed by the loop.
         *
         * @param client the client
         * @return this builder
         */
        public Builder personalizeClient(PersonalizeClient client) {
            this.client = Objects.requireNonNull(client, "personalizeClient");
            return this;
        }

        /**
         * Sets the waiter (default: one with the per-type default policies, closed with the loop); borrowed.
         * Against personalize-local, pass {@code local.resourceWaiter()}.
         *
         * @param waiter the waiter
         * @return this builder
         */
        public Builder waiter(ResourceWaiter waiter) {
            this.waiter = Objects.requireNonNull(waiter, "waiter");
            return this;
        }

        /**
         * Sets the deployment to refresh (required): its campaign and solution, and the datasets the request imports
         * into.
         *
         * @param deployment the deployment, for example a pipeline run's
         * @return this builder
         */
        public Builder deployment(Deployment deployment) {
            this.deployment = Objects.requireNonNull(deployment, "deployment");
            return this;
        }

        /**
         * Sets the quality gate (default {@link QualityGate#defaults()}).
         *
         * @param gate the gate
         * @return this builder
         */
        public Builder qualityGate(QualityGate gate) {
            this.gate = Objects.requireNonNull(gate, "gate");
            return this;
        }

        /**
         * Sets the quality gate, built in place.
         *
         * @param gate sets the gate's metrics and tolerance
         * @return this builder
         */
        public Builder qualityGate(Consumer<QualityGate.Builder> gate) {
            QualityGate.Builder b = QualityGate.builder();
            gate.accept(b);
            return qualityGate(b.build());
        }

        /**
         * Sets how the cache is refreshed after a promotion (default: not at all).
         *
         * @param cacheRefresh the refresh, or {@code null} for none
         * @return this builder
         */
        public Builder cacheRefresh(@Nullable CacheRefresh cacheRefresh) {
            this.cacheRefresh = cacheRefresh;
            return this;
        }

        /**
         * Sets the listener (default: none).
         *
         * @param listener hears each step
         * @return this builder
         */
        public Builder listener(RetrainListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets where the candidate comes from (default {@link CandidateSource#TRAIN}).
         *
         * @param source the source
         * @return this builder
         */
        public Builder candidateSource(CandidateSource source) {
            this.candidateSource = Objects.requireNonNull(source, "candidateSource");
            return this;
        }

        /**
         * Sets the training mode of trained versions (default {@code FULL}; {@code UPDATE} for the recipes that
         * support it).
         *
         * @param trainingMode {@code FULL} or {@code UPDATE}
         * @return this builder
         * @throws IllegalArgumentException for another value
         */
        public Builder trainingMode(String trainingMode) {
            if (!"FULL".equals(trainingMode) && !"UPDATE".equals(trainingMode)) {
                throw new IllegalArgumentException("trainingMode must be FULL or UPDATE, was " + trainingMode);
            }
            this.trainingMode = trainingMode;
            return this;
        }

        /**
         * Builds the loop.
         *
         * @return the loop
         * @throws NullPointerException when the client or the deployment is missing
         * @throws IllegalArgumentException when the deployment lacks a campaign or a solution
         */
        public RetrainingLoop build() {
            return new RetrainingLoop(this);
        }
    }
}
