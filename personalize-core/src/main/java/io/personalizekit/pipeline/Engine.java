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
import io.personalizekit.resource.MetricAttributionRef;
import io.personalizekit.resource.RecommenderRef;
import io.personalizekit.resource.ResourceRef;
import io.personalizekit.resource.ResourceStatus;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.resource.SchemaRef;
import io.personalizekit.resource.SolutionRef;
import io.personalizekit.resource.SolutionVersionRef;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
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
import java.util.Locale;
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
import software.amazon.awssdk.services.personalize.model.CampaignConfig;
import software.amazon.awssdk.services.personalize.model.CampaignUpdateSummary;
import software.amazon.awssdk.services.personalize.model.Dataset;
import software.amazon.awssdk.services.personalize.model.DatasetGroup;
import software.amazon.awssdk.services.personalize.model.DatasetImportJob;
import software.amazon.awssdk.services.personalize.model.DatasetImportJobSummary;
import software.amazon.awssdk.services.personalize.model.DatasetSummary;
import software.amazon.awssdk.services.personalize.model.EventTrackerSummary;
import software.amazon.awssdk.services.personalize.model.Filter;
import software.amazon.awssdk.services.personalize.model.LimitExceededException;
import software.amazon.awssdk.services.personalize.model.MetricAttribute;
import software.amazon.awssdk.services.personalize.model.MetricAttribution;
import software.amazon.awssdk.services.personalize.model.MetricAttributionOutput;
import software.amazon.awssdk.services.personalize.model.MetricAttributionSummary;
import software.amazon.awssdk.services.personalize.model.Recommender;
import software.amazon.awssdk.services.personalize.model.RecommenderConfig;
import software.amazon.awssdk.services.personalize.model.RecommenderUpdateSummary;
import software.amazon.awssdk.services.personalize.model.ResourceInUseException;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;
import software.amazon.awssdk.services.personalize.model.S3DataConfig;
import software.amazon.awssdk.services.personalize.model.Solution;
import software.amazon.awssdk.services.personalize.model.SolutionConfig;
import software.amazon.awssdk.services.personalize.model.SolutionUpdateConfig;
import software.amazon.awssdk.services.personalize.model.SolutionUpdateSummary;
import software.amazon.awssdk.services.personalize.model.SolutionVersionSummary;
import software.amazon.awssdk.services.personalize.model.Tag;
import software.amazon.awssdk.services.personalize.model.TrainingDataConfig;

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
                SolutionRef ref = SolutionRef.of(found.get(), s.name());
                Solution d =
                        client.describeSolution(b -> b.solutionArn(ref.arn())).solution();
                drift(
                        "solution",
                        s.name(),
                        describe(fields("recipeArn", d.recipeArn(), "eventType", d.eventType())),
                        describe(fields("recipeArn", s.recipeArn(), "eventType", s.eventType())));
                reconcileAutoTraining(st, s, ref, d);
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

    /** The service's schedule when automatic training is on and no schedule was given. */
    static final String DEFAULT_SCHEDULE = "rate(7 days)";

    /** Automatic training as it takes effect: {@code off}, or the schedule (the service's default when unset). */
    private static String autoTraining(@Nullable Boolean perform, @Nullable String schedule) {
        // the service's default for performAutoTraining is true
        return perform == null || perform ? (schedule == null ? DEFAULT_SCHEDULE : schedule) : "off";
    }

    private static String autoTraining(SolutionSpec s) {
        return autoTraining(s.performAutoTraining(), s.autoTrainingSchedule());
    }

    private static @Nullable String schedule(@Nullable SolutionConfig c) {
        return c == null || c.autoTrainingConfig() == null
                ? null
                : c.autoTrainingConfig().schedulingExpression();
    }

    private static @Nullable String schedule(@Nullable SolutionUpdateConfig c) {
        return c == null || c.autoTrainingConfig() == null
                ? null
                : c.autoTrainingConfig().schedulingExpression();
    }

    /**
     * An existing solution with the same recipe and event type: reused, awaited, or, when its automatic training
     * (on or off, and the schedule) differs from the spec's, updated with {@code UpdateSolution} and the update
     * awaited ({@code latestSolutionUpdate} ACTIVE). The other settings of a solution cannot be changed; they are not
     * compared (a new name makes a new solution).
     */
    private void reconcileAutoTraining(Step st, SolutionSpec s, SolutionRef ref, Solution d) {
        st.arn = ref.arn();
        ResourceStatus status = ResourceStatus.fromValue(d.status());
        SolutionUpdateSummary u = d.latestSolutionUpdate();
        boolean updating = u != null && ResourceStatus.fromValue(u.status()).isInProgress();
        String wanted = autoTraining(s);
        if (dryRun) {
            String current = updating
                    ? autoTraining(u.performAutoTraining(), schedule(u.solutionUpdateConfig()))
                    : autoTraining(d.performAutoTraining(), schedule(d.solutionConfig()));
            if (!current.equals(wanted)) {
                st.plan(
                        PlannedAction.UPDATE,
                        "automatic training " + current + (updating ? " (update in progress)" : "") + "; would be "
                                + wanted + " (UpdateSolution)");
            } else {
                st.plan(
                        status == ResourceStatus.ACTIVE && !updating ? PlannedAction.REUSE : PlannedAction.AWAIT,
                        "status " + d.status() + (updating ? ", update " + u.status() : ""));
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
            await(st, ref, WaitCondition.SOLUTION_UPDATED);
            action = StepAction.AWAITED;
        }
        if (action == StepAction.AWAITED) {
            d = client.describeSolution(b -> b.solutionArn(ref.arn())).solution();
        }
        String current = autoTraining(d.performAutoTraining(), schedule(d.solutionConfig()));
        if (!current.equals(wanted)) {
            log.info("solution {}: automatic training {}; updating to {}", s.name(), current, wanted);
            updateSolutionOnce(st, ref, s);
            await(st, ref, WaitCondition.SOLUTION_UPDATED);
            action = StepAction.UPDATED;
        }
        st.action = action;
    }

    /**
     * Sends {@code UpdateSolution} once although the reply may be lost: after an ambiguous failure, or the {@code
     * ResourceInUseException} the SDK's retry meets ("an update is already in progress"), an update of the solution
     * to these settings started since the request (less {@link #CLOCK_SKEW}) is taken as ours.
     */
    private void updateSolutionOnce(Step st, SolutionRef ref, SolutionSpec s) {
        Instant notBefore = now().minus(CLOCK_SKEW);
        String wanted = autoTraining(s);
        Supplier<Optional<String>> applied = () -> {
            SolutionUpdateSummary u = client.describeSolution(b -> b.solutionArn(ref.arn()))
                    .solution()
                    .latestSolutionUpdate();
            boolean ours = u != null
                    && autoTraining(u.performAutoTraining(), schedule(u.solutionUpdateConfig()))
                            .equals(wanted)
                    && (u.creationDateTime() == null || !u.creationDateTime().isBefore(notBefore));
            return ours ? Optional.of(ref.arn()) : Optional.empty();
        };
        idempotent(st)
                .run(
                        () -> {
                            try {
                                client.updateSolution(b -> b.solutionArn(ref.arn())
                                        .performAutoTraining(s.performAutoTraining())
                                        .solutionUpdateConfig(
                                                s.performAutoTraining()
                                                        ? SolutionUpdateConfig.builder()
                                                                .autoTrainingConfig(AutoTrainingConfig.builder()
                                                                        .schedulingExpression(wanted)
                                                                        .build())
                                                                .build()
                                                        : null));
                                return ref.arn();
                            } catch (ResourceInUseException e) {
                                return applied.get().orElseThrow(() -> e);
                            }
                        },
                        applied);
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

    /** The suffix of the solution version ARN that a campaign synced with the latest version names. */
    static final String LATEST = "/$LATEST";

    @Nullable
    String campaign(CampaignSpec c, @Nullable String versionArn, @Nullable String solutionArn) {
        // a synced campaign names <solutionArn>/$LATEST (the service's rule); otherwise the version the run has
        String target = c.syncWithLatestSolutionVersion() && solutionArn != null ? solutionArn + LATEST : versionArn;
        return step("campaign " + c.name(), ResourceType.CAMPAIGN, c.name(), st -> {
            Optional<String> found = findCampaign(c.name());
            if (found.isEmpty()) {
                if (!dryRun) {
                    CampaignConfig config = c.hasCampaignConfig() ? campaignConfig(c) : null;
                    String arn = createOrFind(
                            st,
                            () -> client.createCampaign(b -> b.name(c.name())
                                            .solutionVersionArn(target)
                                            .minProvisionedTPS(c.minProvisionedTps())
                                            .campaignConfig(config))
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
                String serving = updating ? u.solutionVersionArn() : d.solutionVersionArn();
                Integer tps = updating ? u.minProvisionedTPS() : d.minProvisionedTPS();
                CampaignConfig config = updating ? u.campaignConfig() : d.campaignConfig();
                List<String> differences = campaignDifferences(c, target, serving, tps, config);
                if (!differences.isEmpty()) {
                    st.plan(
                            PlannedAction.UPDATE,
                            String.join("; ", differences) + (target == null ? " (the new version)" : ""));
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
            List<String> differences =
                    campaignDifferences(c, target, d.solutionVersionArn(), d.minProvisionedTPS(), d.campaignConfig());
            if (!differences.isEmpty()) {
                log.info("campaign {}: {}; updating", c.name(), String.join("; ", differences));
                // the config is sent when the spec has one, or to put back the defaults the campaign drifted from
                boolean configDiffers =
                        !configDifferences(c, d.campaignConfig()).isEmpty();
                updateOnce(
                        st,
                        ref,
                        target,
                        c.minProvisionedTps(),
                        c.hasCampaignConfig() || configDiffers ? campaignConfig(c) : null);
                await(st, ref, WaitCondition.CAMPAIGN_UPDATED);
                action = StepAction.UPDATED;
            }
            st.action = action;
        });
    }

    private static CampaignConfig campaignConfig(CampaignSpec c) {
        return CampaignConfig.builder()
                .enableMetadataWithRecommendations(c.enableMetadataWithRecommendations())
                .syncWithLatestSolutionVersion(c.syncWithLatestSolutionVersion())
                .itemExplorationConfig(c.itemExplorationConfig().isEmpty() ? null : c.itemExplorationConfig())
                .rankingInfluenceWithStrings(c.rankingInfluence().isEmpty() ? null : c.rankingInfluence())
                .build();
    }

    /**
     * What a campaign serving {@code serving} at {@code tps} with {@code config} lacks to match the spec; empty
     * when it matches. A campaign synced with the latest version matches {@code <solution>/$LATEST} also when the
     * service reports the concrete version it serves.
     */
    private static List<String> campaignDifferences(
            CampaignSpec c,
            @Nullable String target,
            @Nullable String serving,
            @Nullable Integer tps,
            @Nullable CampaignConfig config) {
        List<String> out = new ArrayList<>();
        boolean sameTarget = Objects.equals(serving, target)
                || c.syncWithLatestSolutionVersion()
                        && target != null
                        && serving != null
                        && config != null
                        && Boolean.TRUE.equals(config.syncWithLatestSolutionVersion())
                        && serving.startsWith(target.substring(0, target.length() - LATEST.length()) + "/");
        if (!sameTarget || !Objects.equals(tps, c.minProvisionedTps())) {
            out.add("serving " + serving + " at " + tps + " TPS; would serve "
                    + (target == null ? "the new version" : target) + " at " + c.minProvisionedTps());
        }
        out.addAll(configDifferences(c, config));
        return out;
    }

    /**
     * The members of {@code campaignConfig} that differ from the spec. The flags are compared always (unset is
     * false); of the two maps, only the keys the spec sets (the service fills in defaults for the others), values
     * compared as numbers when both are numbers.
     */
    static List<String> configDifferences(CampaignSpec c, @Nullable CampaignConfig config) {
        List<String> out = new ArrayList<>();
        boolean metadata = config != null && Boolean.TRUE.equals(config.enableMetadataWithRecommendations());
        if (metadata != c.enableMetadataWithRecommendations()) {
            out.add("enableMetadataWithRecommendations " + metadata + "; would be "
                    + c.enableMetadataWithRecommendations());
        }
        boolean sync = config != null && Boolean.TRUE.equals(config.syncWithLatestSolutionVersion());
        if (sync != c.syncWithLatestSolutionVersion()) {
            out.add("syncWithLatestSolutionVersion " + sync + "; would be " + c.syncWithLatestSolutionVersion());
        }
        Map<String, String> exploration =
                config == null || !config.hasItemExplorationConfig() ? Map.of() : config.itemExplorationConfig();
        c.itemExplorationConfig().forEach((k, v) -> {
            if (!sameValue(exploration.get(k), v)) {
                out.add("itemExplorationConfig." + k + " " + exploration.get(k) + "; would be " + v);
            }
        });
        Map<String, Double> influence =
                config == null || !config.hasRankingInfluence() ? Map.of() : config.rankingInfluenceAsStrings();
        c.rankingInfluence().forEach((k, v) -> {
            Double existing = influence.get(k);
            if (existing == null || Double.compare(existing, v) != 0) {
                out.add("rankingInfluence." + k + " " + existing + "; would be " + v);
            }
        });
        return out;
    }

    private static boolean sameValue(@Nullable String existing, String wanted) {
        if (existing == null) {
            return false;
        }
        if (existing.equals(wanted)) {
            return true;
        }
        try {
            return Double.compare(Double.parseDouble(existing), Double.parseDouble(wanted)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Updates a campaign once although the reply may be lost ({@link ExactlyOnce#updateCampaign}): after an
     * ambiguous failure, or "an update is already in progress", an update of the campaign to this version and TPS
     * started since the request is taken as ours.
     */
    private void updateOnce(
            Step st, CampaignRef ref, @Nullable String versionArn, Integer tps, @Nullable CampaignConfig config) {
        ExactlyOnce.updateCampaign(client, idempotent(st), ref.arn(), versionArn, tps, config, now());
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

    // ------------------------------------------------------------------ recommenders

    @Nullable
    String recommender(RecommenderSpec r, @Nullable String groupArn) {
        return step("recommender " + r.name(), ResourceType.RECOMMENDER, r.name(), st -> {
            Optional<String> found = groupArn == null ? Optional.empty() : findRecommender(groupArn, r.name());
            if (found.isEmpty()) {
                if (dryRun) {
                    st.plan(
                            PlannedAction.CREATE,
                            r.state() == RecommenderState.INACTIVE ? "create, then stop (state INACTIVE)" : "");
                    return;
                }
                RecommenderConfig config = recommenderConfig(r);
                String arn = createOrFind(
                        st,
                        () -> client.createRecommender(b -> b.name(r.name())
                                        .datasetGroupArn(groupArn)
                                        .recipeArn(r.recipeArn())
                                        .recommenderConfig(config))
                                .recommenderArn(),
                        () -> findRecommender(Objects.requireNonNull(groupArn), r.name()));
                RecommenderRef ref = RecommenderRef.of(arn, r.name());
                created(st, ref);
                if (r.state() == RecommenderState.INACTIVE) {
                    stopRecommender(st, ref);
                }
                return;
            }
            RecommenderRef ref = RecommenderRef.of(found.get(), r.name());
            st.arn = ref.arn();
            Recommender d =
                    client.describeRecommender(b -> b.recommenderArn(ref.arn())).recommender();
            drift("recommender", r.name(), "recipeArn=" + d.recipeArn(), "recipeArn=" + r.recipeArn());
            ResourceStatus status = ResourceStatus.fromValue(d.status());
            if (status.isFailure() || status.isDeleting()) {
                throw new ResourceFailedException(
                        ref.arn(), ResourceType.RECOMMENDER.displayName(), d.status(), d.failureReason());
            }
            RecommenderUpdateSummary u = d.latestRecommenderUpdate();
            boolean updating = u != null && ResourceStatus.fromValue(u.status()).isInProgress();
            if (dryRun) {
                List<String> differences =
                        recommenderDifferences(r, updating ? u.recommenderConfig() : d.recommenderConfig());
                boolean active = status == ResourceStatus.ACTIVE || status.isStarting() || status.isInProgress();
                boolean wantActive = r.state() == RecommenderState.ACTIVE;
                String then = active == wantActive ? "" : wantActive ? ", then start" : ", then stop";
                if (!differences.isEmpty()) {
                    st.plan(PlannedAction.UPDATE, String.join("; ", differences) + " (UpdateRecommender)" + then);
                } else if (active != wantActive) {
                    st.plan(
                            wantActive ? PlannedAction.START : PlannedAction.STOP,
                            "status " + d.status() + "; would be " + r.state());
                } else {
                    boolean settled =
                            (status == ResourceStatus.ACTIVE || status == ResourceStatus.INACTIVE) && !updating;
                    st.plan(
                            settled ? PlannedAction.REUSE : PlannedAction.AWAIT,
                            "status " + d.status() + (updating ? ", update " + u.status() : ""));
                }
                return;
            }
            StepAction action = StepAction.REUSED;
            st.status = d.status();
            if (status.isStopping()) {
                await(st, ref, WaitCondition.INACTIVE);
                action = StepAction.AWAITED;
            } else if (status != ResourceStatus.ACTIVE && status != ResourceStatus.INACTIVE) {
                await(st, ref, WaitCondition.ACTIVE); // being created or started
                action = StepAction.AWAITED;
            }
            if (updating) {
                await(st, ref, WaitCondition.RECOMMENDER_UPDATED);
                action = StepAction.AWAITED;
            }
            if (action == StepAction.AWAITED) {
                d = client.describeRecommender(b -> b.recommenderArn(ref.arn())).recommender();
                status = ResourceStatus.fromValue(d.status());
            }
            List<String> differences = recommenderDifferences(r, d.recommenderConfig());
            if (!differences.isEmpty()) {
                log.info("recommender {}: {}; updating", r.name(), String.join("; ", differences));
                if (status == ResourceStatus.INACTIVE) {
                    startRecommender(st, ref); // the service updates only an ACTIVE recommender
                    status = ResourceStatus.ACTIVE;
                }
                updateRecommenderOnce(st, ref, recommenderConfig(r));
                await(st, ref, WaitCondition.RECOMMENDER_UPDATED);
                action = StepAction.UPDATED;
            }
            if (r.state() == RecommenderState.INACTIVE && status == ResourceStatus.ACTIVE) {
                stopRecommender(st, ref);
                action = action == StepAction.UPDATED ? action : StepAction.STOPPED;
            } else if (r.state() == RecommenderState.ACTIVE && status == ResourceStatus.INACTIVE) {
                startRecommender(st, ref);
                action = StepAction.STARTED;
            }
            st.action = action;
        });
    }

    private Optional<String> findRecommender(String groupArn, String name) {
        return client.listRecommendersPaginator(b -> b.datasetGroupArn(groupArn)).recommenders().stream()
                .filter(x -> name.equals(x.name()))
                .map(x -> x.recommenderArn())
                .findFirst();
    }

    private static RecommenderConfig recommenderConfig(RecommenderSpec r) {
        boolean training =
                !r.excludedColumns().isEmpty() || !r.includedColumns().isEmpty();
        return RecommenderConfig.builder()
                .minRecommendationRequestsPerSecond(r.minRecommendationRequestsPerSecond())
                .enableMetadataWithRecommendations(r.enableMetadataWithRecommendations())
                .itemExplorationConfig(r.itemExplorationConfig().isEmpty() ? null : r.itemExplorationConfig())
                .trainingDataConfig(
                        training
                                ? TrainingDataConfig.builder()
                                        .excludedDatasetColumns(
                                                r.excludedColumns().isEmpty() ? null : columns(r.excludedColumns()))
                                        .includedDatasetColumns(
                                                r.includedColumns().isEmpty() ? null : columns(r.includedColumns()))
                                        .build()
                                : null)
                .build();
    }

    private static Map<String, List<String>> columns(Map<DatasetType, List<String>> byType) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        byType.forEach((k, v) -> out.put(k.name(), v));
        return out;
    }

    private static Map<String, List<String>> normalized(@Nullable Map<String, List<String>> m) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        if (m != null) {
            m.forEach((k, v) -> {
                if (!v.isEmpty()) {
                    out.put(k.toUpperCase(Locale.ROOT), v);
                }
            });
        }
        return out;
    }

    /**
     * What a recommender's config lacks to match the spec; empty when it matches. {@code
     * minRecommendationRequestsPerSecond} (unset is 1), {@code enableMetadataWithRecommendations} (unset is false)
     * and the training data columns are compared always; of {@code itemExplorationConfig}, the keys the spec sets.
     */
    static List<String> recommenderDifferences(RecommenderSpec r, @Nullable RecommenderConfig c) {
        List<String> out = new ArrayList<>();
        int rps = c == null || c.minRecommendationRequestsPerSecond() == null
                ? 1
                : c.minRecommendationRequestsPerSecond();
        if (rps != r.minRecommendationRequestsPerSecond()) {
            out.add("minRecommendationRequestsPerSecond " + rps + "; would be "
                    + r.minRecommendationRequestsPerSecond());
        }
        boolean metadata = c != null && Boolean.TRUE.equals(c.enableMetadataWithRecommendations());
        if (metadata != r.enableMetadataWithRecommendations()) {
            out.add("enableMetadataWithRecommendations " + metadata + "; would be "
                    + r.enableMetadataWithRecommendations());
        }
        Map<String, String> exploration =
                c == null || !c.hasItemExplorationConfig() ? Map.of() : c.itemExplorationConfig();
        r.itemExplorationConfig().forEach((k, v) -> {
            if (!sameValue(exploration.get(k), v)) {
                out.add("itemExplorationConfig." + k + " " + exploration.get(k) + "; would be " + v);
            }
        });
        TrainingDataConfig t = c == null ? null : c.trainingDataConfig();
        Map<String, List<String>> excluded = normalized(t == null ? null : t.excludedDatasetColumns());
        Map<String, List<String>> included = normalized(t == null ? null : t.includedDatasetColumns());
        if (!excluded.equals(normalized(columns(r.excludedColumns())))) {
            out.add("trainingDataConfig.excludedDatasetColumns " + excluded + "; would be "
                    + normalized(columns(r.excludedColumns())));
        }
        if (!included.equals(normalized(columns(r.includedColumns())))) {
            out.add("trainingDataConfig.includedDatasetColumns " + included + "; would be "
                    + normalized(columns(r.includedColumns())));
        }
        return out;
    }

    /**
     * Sends {@code UpdateRecommender} once although the reply may be lost: after an ambiguous failure, or the {@code
     * ResourceInUseException} the SDK's retry meets ("an update is already in progress"), an update to this config
     * started since the request (less {@link #CLOCK_SKEW}) is taken as ours.
     */
    private void updateRecommenderOnce(Step st, RecommenderRef ref, RecommenderConfig config) {
        Instant notBefore = now().minus(CLOCK_SKEW);
        Supplier<Optional<String>> applied = () -> {
            RecommenderUpdateSummary u = client.describeRecommender(b -> b.recommenderArn(ref.arn()))
                    .recommender()
                    .latestRecommenderUpdate();
            boolean ours = u != null
                    && u.recommenderConfig() != null
                    && Objects.equals(
                            u.recommenderConfig().minRecommendationRequestsPerSecond(),
                            config.minRecommendationRequestsPerSecond())
                    && (u.creationDateTime() == null || !u.creationDateTime().isBefore(notBefore));
            return ours ? Optional.of(ref.arn()) : Optional.empty();
        };
        idempotent(st)
                .run(
                        () -> {
                            try {
                                client.updateRecommender(
                                        b -> b.recommenderArn(ref.arn()).recommenderConfig(config));
                                return ref.arn();
                            } catch (ResourceInUseException e) {
                                return applied.get().orElseThrow(() -> e);
                            }
                        },
                        applied);
    }

    /**
     * Stops a recommender and waits until it is INACTIVE. A retried stop whose first attempt was carried out meets
     * {@code ResourceInUseException} (the recommender is already stopping): the wait below then ends it.
     */
    private void stopRecommender(Step st, RecommenderRef ref) {
        log.info("recommender {}: stopping", ref.name());
        try {
            client.stopRecommender(b -> b.recommenderArn(ref.arn()));
        } catch (ResourceInUseException e) {
            ResourceStatus now = ResourceStatus.fromValue(client.describeRecommender(b -> b.recommenderArn(ref.arn()))
                    .recommender()
                    .status());
            if (!now.isStopping() && now != ResourceStatus.INACTIVE) {
                throw e;
            }
        }
        await(st, ref, WaitCondition.INACTIVE);
    }

    /** Starts a stopped recommender and waits until it is ACTIVE; a retried start is handled as a retried stop. */
    private void startRecommender(Step st, RecommenderRef ref) {
        log.info("recommender {}: starting", ref.name());
        try {
            client.startRecommender(b -> b.recommenderArn(ref.arn()));
        } catch (ResourceInUseException e) {
            ResourceStatus now = ResourceStatus.fromValue(client.describeRecommender(b -> b.recommenderArn(ref.arn()))
                    .recommender()
                    .status());
            if (!now.isStarting() && now != ResourceStatus.ACTIVE) {
                throw e;
            }
        }
        await(st, ref, WaitCondition.ACTIVE);
    }

    // ------------------------------------------------------------------ metric attributions

    @Nullable
    String metricAttribution(MetricAttributionSpec m, @Nullable String groupArn) {
        return step("metric attribution " + m.name(), ResourceType.METRIC_ATTRIBUTION, m.name(), st -> {
            Optional<MetricAttributionSummary> found =
                    groupArn == null ? Optional.empty() : findMetricAttribution(groupArn);
            if (found.isEmpty()) {
                if (!dryRun) {
                    String arn = createOrFind(
                            st,
                            () -> client.createMetricAttribution(b -> b.name(m.name())
                                            .datasetGroupArn(groupArn)
                                            .metrics(metricAttributes(m.metrics()))
                                            .metricsOutputConfig(metricsOutput(m)))
                                    .metricAttributionArn(),
                            () -> findMetricAttribution(Objects.requireNonNull(groupArn))
                                    .map(MetricAttributionSummary::metricAttributionArn));
                    created(st, MetricAttributionRef.of(arn, m.name()));
                }
                return;
            }
            drift(
                    "metric attribution",
                    m.name(),
                    "name=" + found.get().name() + " (a dataset group has at most one metric attribution)",
                    "name=" + m.name() + " (a dataset group has at most one metric attribution)");
            MetricAttributionRef ref = MetricAttributionRef.of(found.get().metricAttributionArn(), m.name());
            st.arn = ref.arn();
            MetricAttribution d = client.describeMetricAttribution(b -> b.metricAttributionArn(ref.arn()))
                    .metricAttribution();
            ResourceStatus status = ResourceStatus.fromValue(d.status());
            if (!dryRun && status != ResourceStatus.ACTIVE) {
                await(st, ref, WaitCondition.ACTIVE);
                st.action = StepAction.AWAITED;
                d = client.describeMetricAttribution(b -> b.metricAttributionArn(ref.arn()))
                        .metricAttribution();
            }
            List<MetricAttribute> existing =
                    client
                            .listMetricAttributionMetricsPaginator(b -> b.metricAttributionArn(ref.arn()))
                            .metrics()
                            .stream()
                            .collect(Collectors.toList());
            Map<String, MetricAttribute> byName = new LinkedHashMap<>();
            existing.forEach(a -> byName.put(a.metricName(), a));
            List<MetricAttribute> add = new ArrayList<>();
            List<String> remove = new ArrayList<>();
            List<String> wantedNames = new ArrayList<>();
            for (MetricAttributionSpec.Metric w : m.metrics()) {
                wantedNames.add(w.name());
                MetricAttribute have = byName.get(w.name());
                if (have == null
                        || !w.eventType().equals(have.eventType())
                        || !w.expression().equals(have.expression())) {
                    if (have != null) {
                        remove.add(w.name()); // changed: replaced in the same update
                    }
                    add.add(metricAttribute(w));
                }
            }
            byName.keySet().stream().filter(n -> !wantedNames.contains(n)).forEach(remove::add);
            MetricAttributionOutput wantedOutput = metricsOutput(m);
            boolean outputDiffers = !sameOutput(d.metricsOutputConfig(), wantedOutput);
            List<String> differences = new ArrayList<>();
            if (!add.isEmpty()) {
                differences.add("add metrics "
                        + add.stream().map(MetricAttribute::metricName).collect(Collectors.toList()));
            }
            if (!remove.isEmpty()) {
                differences.add("remove metrics " + remove);
            }
            if (outputDiffers) {
                differences.add("metricsOutputConfig " + describeOutput(d.metricsOutputConfig()) + "; would be "
                        + describeOutput(wantedOutput));
            }
            if (dryRun) {
                if (!differences.isEmpty()) {
                    st.plan(PlannedAction.UPDATE, String.join("; ", differences) + " (UpdateMetricAttribution)");
                } else {
                    st.plan(
                            status == ResourceStatus.ACTIVE ? PlannedAction.REUSE : PlannedAction.AWAIT,
                            "status " + d.status());
                }
                return;
            }
            if (st.action != StepAction.AWAITED) {
                st.action = StepAction.REUSED;
                st.status = d.status();
            }
            if (!differences.isEmpty()) {
                log.info("metric attribution {}: {}; updating", m.name(), String.join("; ", differences));
                client.updateMetricAttribution(b -> b.metricAttributionArn(ref.arn())
                        .addMetrics(add.isEmpty() ? null : add)
                        .removeMetrics(remove.isEmpty() ? null : remove)
                        .metricsOutputConfig(outputDiffers ? wantedOutput : null));
                await(st, ref, WaitCondition.ACTIVE);
                st.action = StepAction.UPDATED;
            }
        });
    }

    private Optional<MetricAttributionSummary> findMetricAttribution(String groupArn) {
        return client.listMetricAttributionsPaginator(b -> b.datasetGroupArn(groupArn)).metricAttributions().stream()
                .findFirst();
    }

    private static MetricAttribute metricAttribute(MetricAttributionSpec.Metric m) {
        return MetricAttribute.builder()
                .eventType(m.eventType())
                .metricName(m.name())
                .expression(m.expression())
                .build();
    }

    private static List<MetricAttribute> metricAttributes(List<MetricAttributionSpec.Metric> metrics) {
        return metrics.stream().map(Engine::metricAttribute).collect(Collectors.toList());
    }

    private static MetricAttributionOutput metricsOutput(MetricAttributionSpec m) {
        return MetricAttributionOutput.builder()
                .s3DataDestination(
                        m.s3Path() == null
                                ? null
                                : S3DataConfig.builder()
                                        .path(m.s3Path())
                                        .kmsKeyArn(m.kmsKeyArn())
                                        .build())
                .roleArn(m.roleArn())
                .build();
    }

    private static boolean sameOutput(@Nullable MetricAttributionOutput have, MetricAttributionOutput want) {
        return describeOutput(have).equals(describeOutput(want));
    }

    private static String describeOutput(@Nullable MetricAttributionOutput o) {
        if (o == null) {
            return "none";
        }
        S3DataConfig s3 = o.s3DataDestination();
        return "{s3=" + (s3 == null ? null : s3.path())
                + (s3 != null && s3.kmsKeyArn() != null ? ", kmsKeyArn=" + s3.kmsKeyArn() : "") + ", roleArn="
                + o.roleArn() + "}";
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
            client.listRecommendersPaginator(b -> b.datasetGroupArn(groupArn))
                    .recommenders()
                    .forEach(r -> delete(
                            RecommenderRef.of(r.recommenderArn(), r.name()),
                            () -> client.deleteRecommender(b -> b.recommenderArn(r.recommenderArn()))));
            for (SolutionRef s : solutions) {
                // the service refuses DeleteSolution while a version is training: stop it first (training is billed)
                client.listSolutionVersionsPaginator(b -> b.solutionArn(s.arn())).solutionVersions().stream()
                        .filter(v -> ResourceStatus.fromValue(v.status()).isInProgress())
                        .forEach(v -> stopTraining(SolutionVersionRef.of(v.solutionVersionArn())));
                delete(s, () -> client.deleteSolution(b -> b.solutionArn(s.arn())));
            }
            client.listMetricAttributionsPaginator(b -> b.datasetGroupArn(groupArn))
                    .metricAttributions()
                    .forEach(m -> delete(
                            MetricAttributionRef.of(m.metricAttributionArn(), m.name()),
                            () -> client.deleteMetricAttribution(
                                    b -> b.metricAttributionArn(m.metricAttributionArn()))));
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
