package io.personalizekit.pipeline;

import io.personalizekit.exception.DriftException;
import io.personalizekit.exception.PipelineStepException;
import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.exception.SchemaValidationException;
import io.personalizekit.exception.WaitInterruptedException;
import io.personalizekit.internal.waiters.ExactlyOnce;
import io.personalizekit.internal.waiters.IdempotentCreate;
import io.personalizekit.internal.waiters.Observation;
import io.personalizekit.internal.waiters.ResourceDescriber;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.DatasetGroupRef;
import io.personalizekit.resource.DatasetImportJobRef;
import io.personalizekit.resource.DatasetRef;
import io.personalizekit.resource.EventTrackerRef;
import io.personalizekit.resource.FilterRef;
import io.personalizekit.resource.ResourceRef;
import io.personalizekit.resource.ResourceStatus;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.resource.SchemaRef;
import io.personalizekit.resource.SolutionRef;
import io.personalizekit.resource.SolutionVersionRef;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.WaitCondition;
import io.personalizekit.waiter.WaitListener;
import io.personalizekit.waiter.WaitPolicy;
import io.personalizekit.waiter.WaitResult;
import java.time.Clock;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.AutoTrainingConfig;
import software.amazon.awssdk.services.personalize.model.Campaign;
import software.amazon.awssdk.services.personalize.model.CampaignUpdateSummary;
import software.amazon.awssdk.services.personalize.model.Dataset;
import software.amazon.awssdk.services.personalize.model.DatasetGroup;
import software.amazon.awssdk.services.personalize.model.DatasetImportJob;
import software.amazon.awssdk.services.personalize.model.DatasetImportJobSummary;
import software.amazon.awssdk.services.personalize.model.DatasetSummary;
import software.amazon.awssdk.services.personalize.model.EventTrackerSummary;
import software.amazon.awssdk.services.personalize.model.Filter;
import software.amazon.awssdk.services.personalize.model.LimitExceededException;
import software.amazon.awssdk.services.personalize.model.ResourceInUseException;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;
import software.amazon.awssdk.services.personalize.model.Solution;
import software.amazon.awssdk.services.personalize.model.SolutionConfig;
import software.amazon.awssdk.services.personalize.model.SolutionVersionSummary;
import software.amazon.awssdk.services.personalize.model.Tag;

/**
 * The find-or-create, plan and delete logic behind {@link PipelineOrchestrator}, {@link DatasetGroupBuilder} and
 * {@link Teardown}. One instance per run; not thread-safe.
 */
final class Engine {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final PersonalizeClient client;
    private final ResourceWaiter waiter;
    private final PipelineListener listener;
    private final boolean dryRun;
    private final boolean forceRetraining;
    private final WaitPolicy quotaPolicy;
    private final Clock clock;
    final List<StepOutcome> outcomes = new ArrayList<>();
    final List<PlannedStep> plan = new ArrayList<>();
    private boolean newDataPlanned;

    Engine(
            PersonalizeClient client,
            ResourceWaiter waiter,
            PipelineListener listener,
            boolean dryRun,
            boolean forceRetraining,
            WaitPolicy quotaPolicy) {
        this.client = client;
        this.waiter = waiter;
        this.listener = listener;
        this.dryRun = dryRun;
        this.forceRetraining = forceRetraining;
        this.quotaPolicy = quotaPolicy;
        this.clock = waiter.clock();
    }

    Instant now() {
        return clock.instant();
    }

    // ------------------------------------------------------------------ step machinery

    private final class Step {
        final String name;
        final ResourceType type;
        String resourceName;

        @Nullable
        String arn;

        StepAction action = StepAction.REUSED;
        String status = "";
        PlannedAction planned = PlannedAction.CREATE;
        String detail = "";

        Step(String name, ResourceType type, String resourceName) {
            this.name = name;
            this.type = type;
            this.resourceName = resourceName;
        }

        void plan(PlannedAction action, String detail) {
            this.planned = action;
            this.detail = detail;
        }
    }

    private interface Body {
        void run(Step st);
    }

    private @Nullable String step(String name, ResourceType type, String resourceName, Body body) {
        Step st = new Step(name, type, resourceName);
        Instant start = now();
        try {
            if (!dryRun) {
                listener.onStepStarted(name);
            }
            body.run(st);
            if (dryRun) {
                if (type == ResourceType.DATASET_IMPORT_JOB && st.planned != PlannedAction.REUSE) {
                    newDataPlanned = true;
                }
                plan.add(PlannedStep.of(name, type, st.resourceName, st.arn, st.planned, st.detail));
            } else {
                StepOutcome o = StepOutcome.of(
                        name, type, st.resourceName, st.arn, st.action, st.status, Duration.between(start, now()));
                outcomes.add(o);
                log.info("{}: {} {} ({})", name, st.action, st.arn, st.status);
                listener.onStepCompleted(o);
            }
            return st.arn;
        } catch (RuntimeException e) {
            if (!dryRun) {
                try {
                    listener.onStepFailed(name, st.arn, e);
                } catch (RuntimeException listenerFailure) {
                    e.addSuppressed(listenerFailure);
                }
            }
            if (e instanceof PipelineStepException) {
                throw e;
            }
            throw new PipelineStepException(
                    name,
                    st.arn,
                    "Step '" + name + "' failed" + (st.arn != null ? " on " + st.arn : "") + ": " + e.getMessage(),
                    e);
        }
    }

    private WaitResult await(Step st, ResourceRef ref, WaitCondition condition) {
        WaitListener forward = new WaitListener() {
            @Override
            public void onPolled(ResourceRef r, String rawStatus, int attempt, Duration elapsed) {
                listener.onStatusPolled(st.name, r, rawStatus, attempt, elapsed);
            }
        };
        WaitResult result = waiter.await(ref, condition, null, forward);
        st.status = result.rawStatus();
        return result;
    }

    /** An existing resource was found with the given status: reuse it, or await it. */
    private @Nullable WaitResult existing(Step st, ResourceRef ref, @Nullable String rawStatus) {
        st.arn = ref.arn();
        String raw = rawStatus == null ? "UNKNOWN" : rawStatus;
        ResourceStatus status = ResourceStatus.fromValue(raw);
        if (dryRun) {
            st.plan(status == ResourceStatus.ACTIVE ? PlannedAction.REUSE : PlannedAction.AWAIT, "status " + raw);
            return null;
        }
        if (status == ResourceStatus.ACTIVE) {
            st.action = StepAction.REUSED;
            st.status = raw;
            return null;
        }
        st.action = StepAction.AWAITED;
        return await(st, ref, WaitCondition.ACTIVE);
    }

    private WaitResult created(Step st, ResourceRef ref) {
        st.arn = ref.arn();
        st.action = StepAction.CREATED;
        return await(st, ref, WaitCondition.ACTIVE);
    }

    /** Calls a create operation, waiting out the quota on resources in progress. */
    private <T> T create(Step st, Supplier<T> call) {
        Instant start = now();
        int attempt = 0;
        while (true) {
            try {
                return call.get();
            } catch (LimitExceededException e) {
                String message =
                        e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                                ? e.awsErrorDetails().errorMessage()
                                : String.valueOf(e.getMessage());
                if (!isTransientLimit(message)) {
                    throw e;
                }
                attempt++;
                Duration elapsed = Duration.between(start, now());
                if (attempt >= quotaPolicy.maxAttempts() || elapsed.compareTo(quotaPolicy.timeout()) >= 0) {
                    throw e;
                }
                Duration delay = quotaPolicy.delayAfter(
                        attempt, ThreadLocalRandom.current().nextDouble());
                if (attempt == 1) {
                    log.info("{}: {} Waiting for resources in progress to finish, then retrying.", st.name, message);
                } else {
                    log.debug("{}: still limited (attempt {}), retrying in {}", st.name, attempt, delay);
                }
                listener.onQuotaWait(st.name, message, delay);
                try {
                    waiter.sleeper().sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new WaitInterruptedException(st.resourceName, "LimitExceededException", attempt, elapsed, ie);
                }
            }
        }
    }

    static boolean isTransientLimit(String message) {
        return message.contains("PENDING or IN_PROGRESS")
                || message.contains("IN_PROGRESS status")
                || message.contains("requests per second");
    }

    private static void drift(String type, String name, String existing, String requested) {
        if (!existing.equals(requested)) {
            throw new DriftException(type, name, existing, requested);
        }
    }

    private static String describe(Map<String, @Nullable Object> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static Map<String, @Nullable Object> fields(@Nullable Object... kv) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(String.valueOf(kv[i]), kv[i + 1]);
        }
        return m;
    }

    // ------------------------------------------------------------------ provisioning

    @Nullable
    String datasetGroup(DatasetGroupSpec g) {
        return step("dataset group " + g.name(), ResourceType.DATASET_GROUP, g.name(), st -> {
            Optional<String> found = findDatasetGroup(g.name());
            if (found.isPresent()) {
                DatasetGroup d = client.describeDatasetGroup(b -> b.datasetGroupArn(found.get()))
                        .datasetGroup();
                drift(
                        "dataset group",
                        g.name(),
                        describe(fields(
                                "domain", d.domainAsString(), "kmsKeyArn", d.kmsKeyArn(), "roleArn", d.roleArn())),
                        describe(fields("domain", g.domain(), "kmsKeyArn", g.kmsKeyArn(), "roleArn", g.roleArn())));
                existing(st, DatasetGroupRef.of(found.get(), g.name()), d.status());
            } else if (!dryRun) {
                List<Tag> tags = g.tags().entrySet().stream()
                        .map(e -> Tag.builder()
                                .tagKey(e.getKey())
                                .tagValue(e.getValue())
                                .build())
                        .collect(Collectors.toList());
                String arn = createOrFind(
                        st,
                        () -> client.createDatasetGroup(b -> b.name(g.name())
                                        .domain(g.domain())
                                        .kmsKeyArn(g.kmsKeyArn())
                                        .roleArn(g.roleArn())
                                        .tags(tags.isEmpty() ? null : tags))
                                .datasetGroupArn(),
                        () -> findDatasetGroup(g.name()));
                created(st, DatasetGroupRef.of(arn, g.name()));
            }
        });
    }

    /**
     * Creates a resource that has a client-chosen name. A {@code ResourceAlreadyExistsException} (created
     * concurrently, or by an earlier attempt whose reply was lost and that the SDK retried) and a failure that
     * leaves open whether the call was carried out (5xx, connection reset, timeout, once the SDK's retries are
     * spent) both look the name up before anything is sent again: see {@link IdempotentCreate}.
     */
    private String createOrFind(Step st, Supplier<String> create, Supplier<Optional<String>> find) {
        return idempotent(st).run(() -> create(st, create), find);
    }

    private IdempotentCreate idempotent(Step st) {
        return new IdempotentCreate(
                st.name, clock, waiter.sleeper(), waiter.policyFor(st.type), waiter.notFoundGrace());
    }

    Optional<String> findDatasetGroup(String name) {
        return client.listDatasetGroupsPaginator(b -> {}).datasetGroups().stream()
                .filter(s -> name.equals(s.name()))
                .map(s -> s.datasetGroupArn())
                .findFirst();
    }

    Optional<String> findSchema(String name) {
        return client.listSchemasPaginator(b -> {}).schemas().stream()
                .filter(s -> name.equals(s.name()))
                .map(s -> s.schemaArn())
                .findFirst();
    }

    @Nullable
    String schema(DatasetSpec ds, @Nullable String domain) {
        String name = Objects.requireNonNull(ds.schemaName());
        return step("schema " + name, ResourceType.SCHEMA, name, st -> {
            DatasetSchema requested = ds.schema();
            Optional<String> found = findSchema(name);
            if (found.isPresent()) {
                String existingJson = client.describeSchema(b -> b.schemaArn(found.get()))
                        .schema()
                        .schema();
                boolean same;
                try {
                    same = DatasetSchema.parse(ds.datasetType(), existingJson).sameDefinitionAs(requested);
                } catch (SchemaValidationException e) {
                    same = false;
                }
                if (!same) {
                    throw new DriftException("schema", name, existingJson, requested.toAvroJson());
                }
                existing(st, SchemaRef.of(found.get(), name), "ACTIVE");
            } else if (!dryRun) {
                String arn = createOrFind(
                        st,
                        () -> client.createSchema(b -> b.name(name)
                                        .schema(requested.toAvroJson())
                                        .domain(domain))
                                .schemaArn(),
                        () -> findSchema(name));
                created(st, SchemaRef.of(arn, name));
            }
        });
    }

    @Nullable
    String dataset(DatasetSpec ds, @Nullable String groupArn, @Nullable String schemaArn) {
        String name = Objects.requireNonNull(ds.name());
        return step("dataset " + name, ResourceType.DATASET, name, st -> {
            Optional<DatasetSummary> found = groupArn == null ? Optional.empty() : findDataset(groupArn, ds);
            if (found.isPresent()) {
                Dataset d = client.describeDataset(b -> b.datasetArn(found.get().datasetArn()))
                        .dataset();
                drift(
                        "dataset",
                        name,
                        describe(fields("name", d.name(), "schemaArn", d.schemaArn())),
                        describe(fields("name", name, "schemaArn", schemaArn)));
                existing(st, DatasetRef.of(d.datasetArn(), name), d.status());
            } else if (!dryRun) {
                String arn = createOrFind(
                        st,
                        () -> client.createDataset(b -> b.name(name)
                                        .datasetGroupArn(groupArn)
                                        .schemaArn(schemaArn)
                                        .datasetType(ds.datasetType().apiName()))
                                .datasetArn(),
                        () -> findDataset(Objects.requireNonNull(groupArn), ds).map(DatasetSummary::datasetArn));
                created(st, DatasetRef.of(arn, name));
            }
        });
    }

    private Optional<DatasetSummary> findDataset(String groupArn, DatasetSpec ds) {
        return client.listDatasetsPaginator(b -> b.datasetGroupArn(groupArn)).datasets().stream()
                .filter(s -> ds.datasetType().apiName().equalsIgnoreCase(s.datasetType())
                        || ds.datasetType().name().equalsIgnoreCase(s.datasetType()))
                .findFirst();
    }

    void imports(DatasetSpec ds, @Nullable String datasetArn) {
        for (int i = 0; i < ds.imports().size(); i++) {
            ImportSpec imp = ds.imports().get(i);
            String jobName = ds.importJobName(i);
            step("import " + jobName, ResourceType.DATASET_IMPORT_JOB, jobName, st -> {
                Optional<String> found = datasetArn == null ? Optional.empty() : findImport(datasetArn, jobName);
                if (found.isPresent()) {
                    DatasetImportJob j = client.describeDatasetImportJob(b -> b.datasetImportJobArn(found.get()))
                            .datasetImportJob();
                    drift(
                            "dataset import job",
                            jobName,
                            describe(fields(
                                    "dataLocation",
                                    j.dataSource() == null
                                            ? null
                                            : j.dataSource().dataLocation(),
                                    "importMode",
                                    j.importModeAsString() == null ? "FULL" : j.importModeAsString())),
                            describe(fields("dataLocation", imp.dataLocation(), "importMode", imp.importMode())));
                    existing(st, DatasetImportJobRef.of(found.get()), j.status());
                } else if (!dryRun) {
                    String arn = createOrFind(
                            st,
                            () -> client.createDatasetImportJob(b -> b.jobName(jobName)
                                            .datasetArn(datasetArn)
                                            .dataSource(s -> s.dataLocation(imp.dataLocation()))
                                            .importMode(imp.importMode().name())
                                            .roleArn(imp.roleArn()))
                                    .datasetImportJobArn(),
                            () -> findImport(Objects.requireNonNull(datasetArn), jobName));
                    created(st, DatasetImportJobRef.of(arn));
                }
            });
        }
    }

    private Optional<String> findImport(String datasetArn, String jobName) {
        return client.listDatasetImportJobsPaginator(b -> b.datasetArn(datasetArn)).datasetImportJobs().stream()
                .filter(s -> jobName.equals(s.jobName()))
                .map(DatasetImportJobSummary::datasetImportJobArn)
                .findFirst();
    }

    @Nullable
    String solution(SolutionSpec s, @Nullable String groupArn) {
        return step("solution " + s.name(), ResourceType.SOLUTION, s.name(), st -> {
            Optional<String> found = groupArn == null ? Optional.empty() : findSolution(groupArn, s.name());
            if (found.isPresent()) {
                Solution d =
                        client.describeSolution(b -> b.solutionArn(found.get())).solution();
                boolean autoTraining = d.performAutoTraining() == null || d.performAutoTraining();
                drift(
                        "solution",
                        s.name(),
                        describe(fields(
                                "recipeArn", d.recipeArn(),
                                "performAutoTraining", autoTraining,
                                "eventType", d.eventType())),
                        describe(fields(
                                "recipeArn", s.recipeArn(),
                                "performAutoTraining", s.performAutoTraining(),
                                "eventType", s.eventType())));
                existing(st, SolutionRef.of(found.get(), s.name()), d.status());
            } else if (!dryRun) {
                SolutionConfig config = s.hasSolutionConfig()
                        ? SolutionConfig.builder()
                                .eventValueThreshold(s.eventValueThreshold())
                                .algorithmHyperParameters(
                                        s.algorithmHyperParameters().isEmpty() ? null : s.algorithmHyperParameters())
                                .featureTransformationParameters(
                                        s.featureTransformationParameters().isEmpty()
                                                ? null
                                                : s.featureTransformationParameters())
                                .autoTrainingConfig(
                                        s.autoTrainingSchedule() == null
                                                ? null
                                                : AutoTrainingConfig.builder()
                                                        .schedulingExpression(s.autoTrainingSchedule())
                                                        .build())
                                .build()
                        : null;
                String arn = createOrFind(
                        st,
                        () -> client.createSolution(b -> b.name(s.name())
                                        .datasetGroupArn(groupArn)
                                        .recipeArn(s.recipeArn())
                                        .performAutoTraining(s.performAutoTraining())
                                        .eventType(s.eventType())
                                        .solutionConfig(config))
                                .solutionArn(),
                        () -> findSolution(Objects.requireNonNull(groupArn), s.name()));
                created(st, SolutionRef.of(arn, s.name()));
            }
        });
    }

    private Optional<String> findSolution(String groupArn, String name) {
        return client.listSolutionsPaginator(b -> b.datasetGroupArn(groupArn)).solutions().stream()
                .filter(x -> name.equals(x.name()))
                .map(x -> x.solutionArn())
                .findFirst();
    }

    /**
     * The "same data" rule: the completion time ({@code lastUpdatedDateTime}) of the latest ACTIVE import job
     * across the group's datasets.
     */
    private @Nullable Instant latestImport(String groupArn) {
        Instant latest = null;
        for (DatasetSummary d :
                client.listDatasetsPaginator(b -> b.datasetGroupArn(groupArn)).datasets()) {
            for (DatasetImportJobSummary j : client.listDatasetImportJobsPaginator(b -> b.datasetArn(d.datasetArn()))
                    .datasetImportJobs()) {
                if (ResourceStatus.fromValue(j.status()) == ResourceStatus.ACTIVE
                        && j.lastUpdatedDateTime() != null
                        && (latest == null || j.lastUpdatedDateTime().isAfter(latest))) {
                    latest = j.lastUpdatedDateTime();
                }
            }
        }
        return latest;
    }

    @Nullable
    String solutionVersion(SolutionSpec s, @Nullable String solutionArn, @Nullable String groupArn) {
        return step("solution version of " + s.name(), ResourceType.SOLUTION_VERSION, s.name(), st -> {
            if (solutionArn == null) {
                st.plan(PlannedAction.CREATE, "train a new " + s.trainingMode() + " version");
                return;
            }
            List<SolutionVersionSummary> versions =
                    client.listSolutionVersionsPaginator(b -> b.solutionArn(solutionArn)).solutionVersions().stream()
                            .sorted(Comparator.comparing(
                                            SolutionVersionSummary::creationDateTime,
                                            Comparator.nullsFirst(Comparator.naturalOrder()))
                                    .reversed())
                            .collect(Collectors.toList());
            Optional<SolutionVersionSummary> inProgress = versions.stream()
                    .filter(v -> ResourceStatus.fromValue(v.status()).isInProgress())
                    .findFirst();
            if (inProgress.isPresent()) {
                SolutionVersionRef ref = SolutionVersionRef.of(inProgress.get().solutionVersionArn());
                st.resourceName = s.name() + "/" + ref.versionId();
                existing(st, ref, inProgress.get().status());
                return;
            }
            Instant dataAsOf = groupArn == null ? null : latestImport(groupArn);
            if (!forceRetraining && !newDataPlanned) {
                Optional<SolutionVersionSummary> reusable = versions.stream()
                        .filter(v -> ResourceStatus.fromValue(v.status()) == ResourceStatus.ACTIVE)
                        .filter(v -> dataAsOf == null
                                || v.creationDateTime() != null
                                        && !v.creationDateTime().isBefore(dataAsOf))
                        .findFirst();
                if (reusable.isPresent()) {
                    SolutionVersionRef ref =
                            SolutionVersionRef.of(reusable.get().solutionVersionArn());
                    st.resourceName = s.name() + "/" + ref.versionId();
                    existing(st, ref, reusable.get().status());
                    if (dryRun) {
                        st.detail = "ACTIVE version trained after the latest import (" + dataAsOf + ")";
                    }
                    return;
                }
            }
            if (dryRun) {
                st.plan(
                        PlannedAction.CREATE,
                        forceRetraining
                                ? "retraining forced"
                                : newDataPlanned
                                        ? "new data would be imported first"
                                        : "no ACTIVE version trained after the latest import (" + dataAsOf + ")");
                return;
            }
            String arn = trainOnce(st, s, solutionArn, versions);
            SolutionVersionRef ref = SolutionVersionRef.of(arn);
            st.resourceName = s.name() + "/" + ref.versionId();
            created(st, ref);
        });
    }

    /**
     * Starts one training, billed once even when the reply is lost: a fresh client-chosen version name, no SDK
     * retries, and a listing before any resend ({@link ExactlyOnce#train}, decision D10).
     */
    private String trainOnce(Step st, SolutionSpec s, String solutionArn, List<SolutionVersionSummary> before) {
        Set<String> known =
                before.stream().map(SolutionVersionSummary::solutionVersionArn).collect(Collectors.toSet());
        return ExactlyOnce.train(
                client,
                idempotent(st),
                call -> create(st, call),
                solutionArn,
                versionName(s.name()),
                s.trainingMode(),
                List.of(),
                known,
                now());
    }

    /** How far the service's clock may be behind ours: {@link ExactlyOnce#CLOCK_SKEW}. */
    static final Duration CLOCK_SKEW = ExactlyOnce.CLOCK_SKEW;

    /** A fresh version name: the solution's name (cut to fit 63 characters) and 8 random hex digits. */
    static String versionName(String solutionName) {
        return ExactlyOnce.randomVersionName(solutionName);
    }

    @Nullable
    String campaign(CampaignSpec c, @Nullable String versionArn) {
        return step("campaign " + c.name(), ResourceType.CAMPAIGN, c.name(), st -> {
            Optional<String> found = findCampaign(c.name());
            if (found.isEmpty()) {
                if (!dryRun) {
                    String arn = createOrFind(
                            st,
                            () -> client.createCampaign(b -> b.name(c.name())
                                            .solutionVersionArn(versionArn)
                                            .minProvisionedTPS(c.minProvisionedTps()))
                                    .campaignArn(),
                            () -> findCampaign(c.name()));
                    created(st, CampaignRef.of(arn, c.name()));
                }
                return;
            }
            CampaignRef ref = CampaignRef.of(found.get(), c.name());
            st.arn = ref.arn();
            Campaign d = client.describeCampaign(b -> b.campaignArn(ref.arn())).campaign();
            ResourceStatus status = ResourceStatus.fromValue(d.status());
            CampaignUpdateSummary u = d.latestCampaignUpdate();
            boolean updating = u != null && ResourceStatus.fromValue(u.status()).isInProgress();
            if (dryRun) {
                String target = updating ? u.solutionVersionArn() : d.solutionVersionArn();
                Integer tps = updating ? u.minProvisionedTPS() : d.minProvisionedTPS();
                boolean same = Objects.equals(target, versionArn) && Objects.equals(tps, c.minProvisionedTps());
                if (!same) {
                    st.plan(
                            PlannedAction.UPDATE,
                            "serving " + target + " at " + tps + " TPS; would serve "
                                    + (versionArn == null ? "the new version" : versionArn) + " at "
                                    + c.minProvisionedTps());
                } else {
                    st.plan(
                            status == ResourceStatus.ACTIVE && !updating ? PlannedAction.REUSE : PlannedAction.AWAIT,
                            "status " + d.status());
                }
                return;
            }
            StepAction action = StepAction.REUSED;
            st.status = d.status();
            if (status != ResourceStatus.ACTIVE) {
                await(st, ref, WaitCondition.ACTIVE);
                action = StepAction.AWAITED;
            }
            if (updating) {
                await(st, ref, WaitCondition.CAMPAIGN_UPDATED);
                action = StepAction.AWAITED;
            }
            if (action == StepAction.AWAITED) {
                d = client.describeCampaign(b -> b.campaignArn(ref.arn())).campaign();
            }
            if (!Objects.equals(d.solutionVersionArn(), versionArn)
                    || !Objects.equals(d.minProvisionedTPS(), c.minProvisionedTps())) {
                log.info(
                        "campaign {}: serving {} at {} TPS; updating to {} at {} TPS",
                        c.name(),
                        d.solutionVersionArn(),
                        d.minProvisionedTPS(),
                        versionArn,
                        c.minProvisionedTps());
                updateOnce(st, ref, versionArn, c.minProvisionedTps());
                await(st, ref, WaitCondition.CAMPAIGN_UPDATED);
                action = StepAction.UPDATED;
            }
            st.action = action;
        });
    }

    /**
     * Updates a campaign once although the reply may be lost ({@link ExactlyOnce#updateCampaign}): after an
     * ambiguous failure, or "an update is already in progress", an update of the campaign to this version and TPS
     * started since the request is taken as ours.
     */
    private void updateOnce(Step st, CampaignRef ref, @Nullable String versionArn, Integer tps) {
        ExactlyOnce.updateCampaign(client, idempotent(st), ref.arn(), versionArn, tps, now());
    }

    private Optional<String> findCampaign(String name) {
        return client.listCampaignsPaginator(b -> {}).campaigns().stream()
                .filter(x -> name.equals(x.name()))
                .map(x -> x.campaignArn())
                .findFirst();
    }

    @Nullable
    String filter(FilterSpec f, @Nullable String groupArn) {
        return step("filter " + f.name(), ResourceType.FILTER, f.name(), st -> {
            Optional<String> found = groupArn == null ? Optional.empty() : findFilter(groupArn, f.name());
            if (found.isPresent()) {
                Filter d = client.describeFilter(b -> b.filterArn(found.get())).filter();
                drift("filter", f.name(), String.valueOf(d.filterExpression()), f.expression());
                existing(st, FilterRef.of(found.get(), f.name()), d.status());
            } else if (!dryRun) {
                String arn = createOrFind(
                        st,
                        () -> client.createFilter(b -> b.name(f.name())
                                        .datasetGroupArn(groupArn)
                                        .filterExpression(f.expression()))
                                .filterArn(),
                        () -> findFilter(Objects.requireNonNull(groupArn), f.name()));
                created(st, FilterRef.of(arn, f.name()));
            }
        });
    }

    private Optional<String> findFilter(String groupArn, String name) {
        return client.listFiltersPaginator(b -> b.datasetGroupArn(groupArn)).filters().stream()
                .filter(x -> name.equals(x.name()))
                .map(x -> x.filterArn())
                .findFirst();
    }

    @Nullable
    String eventTracker(String name, @Nullable String groupArn) {
        return step("event tracker " + name, ResourceType.EVENT_TRACKER, name, st -> {
            Optional<EventTrackerSummary> found = groupArn == null ? Optional.empty() : findTracker(groupArn);
            if (found.isPresent()) {
                drift(
                        "event tracker",
                        name,
                        "name=" + found.get().name() + " (a dataset group has at most one event tracker)",
                        "name=" + name + " (a dataset group has at most one event tracker)");
                existing(
                        st,
                        EventTrackerRef.of(found.get().eventTrackerArn(), name),
                        found.get().status());
            } else if (!dryRun) {
                String arn = createOrFind(
                        st,
                        () -> client.createEventTracker(b -> b.name(name).datasetGroupArn(groupArn))
                                .eventTrackerArn(),
                        () -> findTracker(Objects.requireNonNull(groupArn)).map(EventTrackerSummary::eventTrackerArn));
                created(st, EventTrackerRef.of(arn, name));
            }
        });
    }

    private Optional<EventTrackerSummary> findTracker(String groupArn) {
        return client.listEventTrackersPaginator(b -> b.datasetGroupArn(groupArn)).eventTrackers().stream()
                .findFirst();
    }

    // ------------------------------------------------------------------ teardown

    /** Deletes everything in a dataset group, then the group, in dependency order. */
    void teardownGroup(String groupArn, String groupName, List<String> extraSchemaNames) {
        DatasetGroupRef group = DatasetGroupRef.of(groupArn, groupName);
        List<String> schemaArns = new ArrayList<>();
        boolean groupExists = true;
        try {
            client.describeDatasetGroup(b -> b.datasetGroupArn(groupArn));
        } catch (ResourceNotFoundException e) {
            groupExists = false;
        }
        if (groupExists) {
            List<SolutionRef> solutions =
                    client.listSolutionsPaginator(b -> b.datasetGroupArn(groupArn)).solutions().stream()
                            .map(s -> SolutionRef.of(s.solutionArn(), s.name()))
                            .collect(Collectors.toList());
            for (SolutionRef s : solutions) {
                client.listCampaignsPaginator(b -> b.solutionArn(s.arn()))
                        .campaigns()
                        .forEach(c -> delete(
                                CampaignRef.of(c.campaignArn(), c.name()),
                                () -> client.deleteCampaign(b -> b.campaignArn(c.campaignArn()))));
            }
            for (SolutionRef s : solutions) {
                // the service refuses DeleteSolution while a version is training: stop it first (training is billed)
                client.listSolutionVersionsPaginator(b -> b.solutionArn(s.arn())).solutionVersions().stream()
                        .filter(v -> ResourceStatus.fromValue(v.status()).isInProgress())
                        .forEach(v -> stopTraining(SolutionVersionRef.of(v.solutionVersionArn())));
                delete(s, () -> client.deleteSolution(b -> b.solutionArn(s.arn())));
            }
            client.listFiltersPaginator(b -> b.datasetGroupArn(groupArn))
                    .filters()
                    .forEach(f -> delete(
                            FilterRef.of(f.filterArn(), f.name()),
                            () -> client.deleteFilter(b -> b.filterArn(f.filterArn()))));
            client.listEventTrackersPaginator(b -> b.datasetGroupArn(groupArn))
                    .eventTrackers()
                    .forEach(t -> delete(
                            EventTrackerRef.of(t.eventTrackerArn(), t.name()),
                            () -> client.deleteEventTracker(b -> b.eventTrackerArn(t.eventTrackerArn()))));
            for (DatasetSummary d : client.listDatasetsPaginator(b -> b.datasetGroupArn(groupArn))
                    .datasets()) {
                try {
                    String schemaArn = client.describeDataset(b -> b.datasetArn(d.datasetArn()))
                            .dataset()
                            .schemaArn();
                    if (schemaArn != null && !schemaArns.contains(schemaArn)) {
                        schemaArns.add(schemaArn);
                    }
                } catch (ResourceNotFoundException gone) {
                    // deleted meanwhile; the delete step reports it
                }
                delete(
                        DatasetRef.of(d.datasetArn(), d.name()),
                        () -> client.deleteDataset(b -> b.datasetArn(d.datasetArn())));
            }
        }
        for (String name : extraSchemaNames) {
            String arn = group.parsedArn().sibling(ResourceType.SCHEMA, name).toString();
            if (!schemaArns.contains(arn)) {
                schemaArns.add(arn);
            }
        }
        for (String schemaArn : schemaArns) {
            deleteSchema(SchemaRef.of(schemaArn));
        }
        delete(group, () -> client.deleteDatasetGroup(b -> b.datasetGroupArn(groupArn)));
    }

    /** The dataset group does not exist (or never did): deletes only the named schemas, if present. */
    void teardownMissingGroup(String groupName, List<String> schemaNames) {
        for (String name : schemaNames) {
            Optional<String> arn = findSchema(name);
            if (arn.isPresent()) {
                deleteSchema(SchemaRef.of(arn.get(), name));
            } else {
                gone(ResourceType.SCHEMA, name);
            }
        }
        gone(ResourceType.DATASET_GROUP, groupName);
    }

    private void gone(ResourceType type, String name) {
        step("delete " + type.displayName() + " " + name, type, name, st -> {
            st.action = StepAction.ALREADY_GONE;
            st.status = ResourceStatus.DELETED.wireValue();
        });
    }

    private void delete(ResourceRef ref, Runnable deleteCall) {
        step("delete " + ref.type().displayName() + " " + ref.name(), ref.type(), ref.name(), st -> {
            st.arn = ref.arn();
            Observation o;
            try {
                o = ResourceDescriber.describe(client, ref, WaitCondition.ACTIVE);
            } catch (ResourceNotFoundException e) {
                st.action = StepAction.ALREADY_GONE;
                st.status = ResourceStatus.DELETED.wireValue();
                return;
            }
            ResourceStatus status = ResourceStatus.fromValue(o.rawStatus());
            if (status.isDeleting()) {
                await(st, ref, WaitCondition.DELETED);
                st.action = StepAction.DELETE_AWAITED;
                return;
            }
            if (status.isInProgress()) {
                try {
                    await(st, ref, WaitCondition.ACTIVE);
                } catch (ResourceFailedException failed) {
                    // a failed resource can be deleted like an active one
                }
            }
            try {
                deleteCall.run();
            } catch (ResourceNotFoundException e) {
                st.action = StepAction.ALREADY_GONE;
                st.status = ResourceStatus.DELETED.wireValue();
                return;
            }
            await(st, ref, WaitCondition.DELETED);
            st.action = StepAction.DELETED;
        });
    }

    private void stopTraining(SolutionVersionRef ref) {
        step("stop solution version " + ref.versionId(), ResourceType.SOLUTION_VERSION, ref.versionId(), st -> {
            st.arn = ref.arn();
            try {
                client.stopSolutionVersionCreation(b -> b.solutionVersionArn(ref.arn()));
            } catch (ResourceInUseException finishedMeanwhile) {
                // it left CREATE PENDING / IN_PROGRESS between listing and stopping; the wait below reports where
            }
            st.action = StepAction.STOPPED;
            try {
                await(st, ref, WaitCondition.ACTIVE);
            } catch (ResourceFailedException stopped) {
                st.status = stopped.status(); // CREATE STOPPED: the expected end
            }
        });
    }

    private void deleteSchema(SchemaRef ref) {
        step("delete schema " + ref.name(), ResourceType.SCHEMA, ref.name(), st -> {
            st.arn = ref.arn();
            try {
                client.deleteSchema(b -> b.schemaArn(ref.arn()));
            } catch (ResourceNotFoundException e) {
                st.action = StepAction.ALREADY_GONE;
                st.status = ResourceStatus.DELETED.wireValue();
                return;
            } catch (ResourceInUseException e) {
                log.info("schema {} is still used by another dataset; left in place", ref.arn());
                st.action = StepAction.SKIPPED_IN_USE;
                st.status = "IN USE";
                return;
            }
            await(st, ref, WaitCondition.DELETED);
            st.action = StepAction.DELETED;
        });
    }
}
