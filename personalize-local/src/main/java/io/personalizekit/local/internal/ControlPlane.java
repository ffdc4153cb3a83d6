package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.local.internal.data.SchemaValidator;
import io.personalizekit.local.internal.recipe.RecipeCatalog;
import io.personalizekit.local.internal.recipe.RecipeInfo;
import io.personalizekit.local.internal.recipe.RecipeType;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The control plane: every resource, its rules (names, parents, deletion order, quotas) and its lifecycle.
 * Mutations serialize on one lock; reads (Describe, the runtime's campaign lookups) are lock-free.
 */
public final class ControlPlane {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> DOMAINS = Set.of("ECOMMERCE", "VIDEO_ON_DEMAND");
    private static final Set<String> IMPORT_MODES = Set.of("FULL", "INCREMENTAL");
    private static final Set<String> TRAINING_MODES = Set.of("FULL", "UPDATE", "AUTOTRAIN");
    private static final Set<String> BATCH_MODES = Set.of("BATCH_INFERENCE", "THEME_GENERATION");
    private static final int MAX_IN_PROGRESS_IMPORTS = 5;

    private final Clock clock;
    private final double timeScale;
    private volatile Duration describeAwaitsWork = Duration.ZERO;
    private final String arnPrefix;
    private final String account;
    private final DataHooks hooks;
    final Object lock = new Object();
    private final Map<Kind, Map<String, Resource>> resources = new EnumMap<>(Kind.class);
    private final Map<String, Resource> trackersById = new ConcurrentHashMap<>();
    private long seq;

    /** While a journal is replayed: the recorded response, whose generated ids are reused. */
    private volatile @Nullable ObjectNode replayResponse;

    private final Map<String, Function<Input, ObjectNode>> ops = new HashMap<>();

    /** Operations the emulator journals for itself (automatic training), replayed but never served over HTTP. */
    private final Map<String, Function<Input, ObjectNode>> internalOps = new HashMap<>();

    /** Per kind, what Describe adds to the resource's own members (computed members such as latestSolutionVersion). */
    private final Map<Kind, java.util.function.BiConsumer<Resource, ObjectNode>> describeExtras =
            new EnumMap<>(Kind.class);

    /** Per dataset group, a counter of data changes (imports, streamed records), to tell when new data arrived. */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> dataGenerations = new ConcurrentHashMap<>();

    /** Per solution version or recommender model, the data generation of its group when its training started. */
    private final Map<String, Long> trainedGenerations = new ConcurrentHashMap<>();

    private final AutoTraining autoTraining;

    /** Where work the emulator starts by itself is journaled; null without a journal. */
    private volatile @Nullable Recorder recorder;

    /** Journals an operation the emulator performed by itself, so that a restart replays it. */
    interface Recorder {
        void record(String operation, java.time.Instant at, ObjectNode body, ObjectNode response);
    }

    ControlPlane(Clock clock, double timeScale, String region, String account, DataHooks hooks) {
        this.clock = clock;
        this.timeScale = timeScale;
        this.account = account;
        this.arnPrefix = "arn:aws:personalize:" + region + ":" + account + ":";
        this.hooks = hooks;
        for (Kind k : Kind.values()) {
            resources.put(k, new ConcurrentHashMap<>());
        }
        this.autoTraining = new AutoTraining(this);
        registerOperations();
    }

    private void registerOperations() {
        ops.put("CreateDatasetGroup", this::createDatasetGroup);
        ops.put("CreateSchema", this::createSchema);
        ops.put("CreateDataset", this::createDataset);
        ops.put("UpdateDataset", this::updateDataset);
        ops.put("CreateDatasetImportJob", this::createDatasetImportJob);
        ops.put("CreateSolution", this::createSolution);
        ops.put("CreateSolutionVersion", this::createSolutionVersion);
        ops.put("StopSolutionVersionCreation", this::stopSolutionVersionCreation);
        ops.put("GetSolutionMetrics", this::getSolutionMetrics);
        ops.put("CreateCampaign", this::createCampaign);
        ops.put("UpdateCampaign", this::updateCampaign);
        ops.put("CreateFilter", this::createFilter);
        ops.put("CreateEventTracker", this::createEventTracker);
        ops.put("CreateBatchInferenceJob", this::createBatchInferenceJob);
        ops.put("ListRecipes", this::listRecipes);
        ops.put("DescribeRecipe", this::describeRecipe);
        Algorithms.register(ops);
        Solutions.register(this, ops, internalOps);
        Recommenders.register(this, ops, internalOps);
        ops.put("TagResource", this::tagResource);
        ops.put("UntagResource", this::untagResource);
        ops.put("ListTagsForResource", this::listTagsForResource);
        for (Kind k : Kind.values()) {
            String type = switch (k) {
                case DATASET_GROUP -> "DatasetGroup";
                case SCHEMA -> "Schema";
                case DATASET -> "Dataset";
                case DATASET_IMPORT_JOB -> "DatasetImportJob";
                case SOLUTION -> "Solution";
                case SOLUTION_VERSION -> "SolutionVersion";
                case CAMPAIGN -> "Campaign";
                case FILTER -> "Filter";
                case EVENT_TRACKER -> "EventTracker";
                case BATCH_INFERENCE_JOB -> "BatchInferenceJob";
                case DATA_DELETION_JOB -> "DataDeletionJob";
                case DATASET_EXPORT_JOB -> "DatasetExportJob";
                case METRIC_ATTRIBUTION -> "MetricAttribution";
                case BATCH_SEGMENT_JOB -> "BatchSegmentJob";
                case RECOMMENDER -> "Recommender";
            };
            ops.put("Describe" + type, in -> describe(k, in));
            ops.put("List" + type + "s", in -> list(k, in));
        }
        ops.put("ListSchemas", in -> list(Kind.SCHEMA, in));
        ops.put("DeleteDatasetGroup", in -> delete(Kind.DATASET_GROUP, in, this::checkDatasetGroupDeletable));
        ops.put("DeleteSchema", in -> delete(Kind.SCHEMA, in, this::checkSchemaDeletable));
        ops.put("DeleteDataset", in -> delete(Kind.DATASET, in, this::checkDatasetDeletable));
        ops.put("DeleteSolution", in -> delete(Kind.SOLUTION, in, this::checkSolutionDeletable));
        ops.put("DeleteCampaign", in -> delete(Kind.CAMPAIGN, in, r -> {}));
        ops.put("DeleteFilter", in -> delete(Kind.FILTER, in, r -> {}));
        ops.put("DeleteEventTracker", in -> delete(Kind.EVENT_TRACKER, in, r -> {}));
        ops.put("DeleteMetricAttribution", in -> delete(Kind.METRIC_ATTRIBUTION, in, r -> {}));
        DataJobOperations.register(this, hooks, ops);
        MetricAttributionOperations.register(this, ops);
        BatchSegmentOperations.register(this, hooks, ops);
    }

    void replaying(@Nullable ObjectNode recordedResponse) {
        this.replayResponse = recordedResponse;
    }

    boolean isReplaying() {
        return replayResponse != null;
    }

    /** Sets where the work the emulator starts by itself is journaled. */
    void recorder(@Nullable Recorder r) {
        this.recorder = r;
    }

    /** Journals an operation the emulator performed by itself (no-op without a journal or while replaying). */
    void record(String operation, java.time.Instant at, ObjectNode body, ObjectNode response) {
        Recorder r = recorder;
        if (r != null && !isReplaying()) {
            r.record(operation, at, body, response);
        }
    }

    AutoTraining autoTraining() {
        return autoTraining;
    }

    double timeScale() {
        return timeScale;
    }

    DataHooks hooks() {
        return hooks;
    }

    /**
     * How long a Describe may wait for the resource's running work and the rest of its lifecycle before answering
     * (zero: at once, as the service does). See {@code PersonalizeLocal.Builder#describeAwaitsWork}.
     */
    void describeAwaitsWork(Duration max) {
        this.describeAwaitsWork = max;
    }

    /**
     * Waits, up to {@link #describeAwaitsWork(Duration)} of real time, until the work of the resource's create
     * lifecycle (or of its update, when one is running) has finished. The scaled duration still runs on the clock
     * (an injected clock is never waited for). Returns early, answering with the status of the moment, when the
     * time is up or the thread is interrupted.
     */
    private void settle(Resource r) {
        Duration max = describeAwaitsWork;
        if (max.isZero()) {
            return;
        }
        Lifecycle update = r.update;
        Lifecycle lc = update != null ? update : r.lifecycle;
        try {
            lc.work().get(max.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // still running (answered as in progress), or failed (the lifecycle reports it)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Registers what Describe adds to a kind's own members. */
    void describeExtra(Kind kind, java.util.function.BiConsumer<Resource, ObjectNode> extra) {
        describeExtras.put(kind, extra);
    }

    /** Notes that the data of a dataset group changed (an import finished, records were streamed). */
    void dataChanged(String datasetGroupArn) {
        dataGenerations
                .computeIfAbsent(datasetGroupArn, g -> new java.util.concurrent.atomic.AtomicLong())
                .incrementAndGet();
    }

    /** The number of data changes of a dataset group so far. */
    long dataGeneration(String datasetGroupArn) {
        java.util.concurrent.atomic.AtomicLong g = dataGenerations.get(datasetGroupArn);
        return g == null ? 0 : g.get();
    }

    /** Records the data generation a training (of a solution version or a recommender) started from. */
    void trainedOn(String arn, long generation) {
        trainedGenerations.put(arn, generation);
    }

    /** The data generation a training started from, or -1 when unknown. */
    long trainedGeneration(String arn) {
        return trainedGenerations.getOrDefault(arn, -1L);
    }

    String recordedOr(String member, java.util.function.Supplier<String> generate) {
        ObjectNode r = replayResponse;
        JsonNode v = r == null ? null : r.get(member);
        return v != null && v.isTextual() ? v.asText() : generate.get();
    }

    /** @return the operation names this control plane implements */
    public Set<String> operations() {
        return Set.copyOf(ops.keySet());
    }

    /**
     * Runs one control-plane operation.
     *
     * @throws ApiException for every modelled error; {@code UnknownOperationException} for an unknown name
     */
    public ObjectNode handle(String operation, ObjectNode body) {
        Function<Input, ObjectNode> op = ops.get(operation);
        if (op == null && isReplaying()) {
            op = internalOps.get(operation);
        }
        if (op == null) {
            throw new ApiException("UnknownOperationException", 400, "Unknown operation " + operation);
        }
        autoTraining.tick();
        return op.apply(new Input(body));
    }

    // ---------------------------------------------------------------------------------------------- lookups

    Clock clock() {
        return clock;
    }

    String account() {
        return account;
    }

    /** {@code arn:aws:personalize:<region>:<account>:} */
    String arnPrefix() {
        return arnPrefix;
    }

    /**
     * The resource, or null when there is none or its deletion is over (then it is dropped here: deletions end
     * lazily, on the first lookup after their time, like every other status change).
     */
    private @Nullable Resource get(Kind kind, String arn) {
        return live(resources.get(kind).get(arn));
    }

    private @Nullable Resource live(@Nullable Resource r) {
        if (r == null || !r.isGone()) {
            return r;
        }
        resources.get(r.kind).remove(r.arn, r);
        if (r.kind == Kind.EVENT_TRACKER) {
            trackersById.remove(r.attr("trackingId"), r);
        }
        return null;
    }

    Optional<Resource> find(Kind kind, String arn) {
        return Optional.ofNullable(get(kind, arn));
    }

    Resource require(Kind kind, String arn) {
        Resource r = get(kind, arn);
        if (r == null) {
            throw ApiException.notFound("Resource Arn " + arn + " does not exist.");
        }
        return r;
    }

    Optional<Resource> trackerById(String trackingId) {
        return Optional.ofNullable(live(trackersById.get(trackingId)));
    }

    /** The Action interactions dataset whose event tracker has this id (PutActionInteractions). */
    Optional<Resource> actionInteractionsDatasetByTrackingId(String trackingId) {
        return all(Kind.DATASET).stream()
                .filter(d -> d.attr("datasetType").equals(DatasetType.ACTION_INTERACTIONS.name())
                        && d.attr("trackingId").equals(trackingId))
                .findFirst();
    }

    List<Resource> all(Kind kind) {
        List<Resource> list = new ArrayList<>();
        for (Resource r : resources.get(kind).values()) {
            if (live(r) != null) {
                list.add(r);
            }
        }
        list.sort(Comparator.comparingLong(r -> r.seq));
        return list;
    }

    List<Resource> children(Kind kind, String member, String parentArn) {
        return all(kind).stream().filter(r -> r.attr(member).equals(parentArn)).collect(Collectors.toList());
    }

    Optional<Resource> datasetOfType(String datasetGroupArn, String type) {
        return children(Kind.DATASET, "datasetGroupArn", datasetGroupArn).stream()
                .filter(d -> d.attr("datasetType").equalsIgnoreCase(type))
                .findFirst();
    }

    /** The parsed schema of the group's dataset of a type, empty when the group has no such dataset. */
    Optional<DatasetSchema> schemaOf(String datasetGroupArn, DatasetType type) {
        return datasetOfType(datasetGroupArn, type.name())
                .flatMap(d -> find(Kind.SCHEMA, d.attr("schemaArn")))
                .map(s -> (DatasetSchema) s.payload);
    }

    Optional<Resource> anyResource(String arn) {
        for (Kind k : Kind.values()) {
            Resource r = get(k, arn);
            if (r != null) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    Duration duration(Kind kind) {
        double seconds = kind.nominalSeconds * timeScale;
        return Duration.ofNanos((long) (seconds * 1_000_000_000L));
    }

    Lifecycle lifecycle(Kind kind, CompletableFuture<@Nullable String> work) {
        return new Lifecycle(clock, duration(kind), work, kind.style());
    }

    Lifecycle lifecycle(Kind kind) {
        return lifecycle(kind, CompletableFuture.completedFuture(null));
    }

    Resource add(Kind kind, String arn, String name, ObjectNode attrs, Lifecycle lc, Input in) {
        Resource r = new Resource(kind, arn, name, ++seq, attrs, lc);
        for (Map.Entry<String, String> t : in.tags("tags")) {
            r.tags.put(t.getKey(), t.getValue());
        }
        resources.get(kind).put(arn, r);
        return r;
    }

    void checkTagCount(Input in) {
        List<Map.Entry<String, String>> tags = in.tags("tags");
        if (tags.stream().map(Map.Entry::getKey).distinct().count() > 50) {
            throw new ApiException(
                    "TooManyTagsException", 400, "You have exceeded the maximum number of tags (50) per resource.");
        }
    }

    void checkNameFree(Kind kind, String name) {
        boolean taken = all(kind).stream().anyMatch(r -> r.name.equals(name));
        if (taken) {
            throw ApiException.alreadyExists(
                    "Another resource with Arn " + arnPrefix + kind.arnType + "/" + name + " already exists.");
        }
    }

    void checkArnFree(Kind kind, String arn) {
        if (get(kind, arn) != null) {
            throw ApiException.alreadyExists("Another resource with Arn " + arn + " already exists.");
        }
    }

    static void requireActive(Resource r) {
        String status = r.status();
        if (r.isDeleting()) {
            throw ApiException.inUse(
                    "The " + r.kind.label() + " " + r.arn + " is being deleted (current state: " + status + ").");
        }
        if (!status.equals("ACTIVE")) {
            throw ApiException.inUse(
                    "The " + r.kind.label() + " " + r.arn + " is not in ACTIVE state (current state: " + status + ").");
        }
    }

    static String hex8() {
        return String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());
    }

    // -------------------------------------------------------------------------------------- dataset groups

    private ObjectNode createDatasetGroup(Input in) {
        String name = in.name("name");
        String roleArn = in.optionalRoleArn("roleArn");
        String kms = in.optionalString("kmsKeyArn", 0, 2048);
        String domain = in.optionalEnum("domain", DOMAINS);
        checkTagCount(in);
        if (roleArn != null && kms == null) {
            throw ApiException.invalidInput("roleArn is only valid together with kmsKeyArn.");
        }
        synchronized (lock) {
            String arn = arnPrefix + "dataset-group/" + name;
            checkArnFree(Kind.DATASET_GROUP, arn);
            ObjectNode a = JSON.objectNode();
            a.put("name", name);
            a.put("datasetGroupArn", arn);
            putIf(a, "roleArn", roleArn);
            putIf(a, "kmsKeyArn", kms);
            putIf(a, "domain", domain);
            add(Kind.DATASET_GROUP, arn, name, a, lifecycle(Kind.DATASET_GROUP), in);
            ObjectNode out = JSON.objectNode().put("datasetGroupArn", arn);
            putIf(out, "domain", domain);
            return out;
        }
    }

    private void checkDatasetGroupDeletable(Resource g) {
        for (Kind k :
                List.of(Kind.RECOMMENDER, Kind.EVENT_TRACKER, Kind.SOLUTION, Kind.DATASET, Kind.METRIC_ATTRIBUTION)) {
            List<Resource> left = children(k, "datasetGroupArn", g.arn);
            if (!left.isEmpty()) {
                throw ApiException.inUse("Cannot delete dataset group " + g.arn + " because it still has " + k.label()
                        + "s"
                        + (left.stream().allMatch(Resource::isDeleting)
                                ? " being deleted. Wait until they are gone."
                                : ". Delete them first."));
            }
        }
    }

    // --------------------------------------------------------------------------------------------- schemas

    private ObjectNode createSchema(Input in) {
        String name = in.name("name");
        String schema = in.string("schema", 0, 20000);
        String domain = in.optionalEnum("domain", DOMAINS);
        DatasetSchema parsed = parseSchema(schema);
        if (domain != null) {
            DomainSchemas.checkSchema(domain, parsed);
        }
        synchronized (lock) {
            String arn = arnPrefix + "schema/" + name;
            checkArnFree(Kind.SCHEMA, arn);
            ObjectNode a = JSON.objectNode();
            a.put("name", name);
            a.put("schemaArn", arn);
            a.put("schema", schema);
            putIf(a, "domain", domain);
            Resource r = add(Kind.SCHEMA, arn, name, a, Lifecycle.immediate(clock, Duration.ZERO), in);
            r.payload = parsed;
            return JSON.objectNode().put("schemaArn", arn);
        }
    }

    /**
     * The emulator's verdict on a schema comes from its own {@link SchemaValidator} (the service's documented
     * rules, independent of personalize-core's); the data engine then works on core's {@link DatasetSchema} of it.
     */
    static DatasetSchema parseSchema(String schema) {
        try {
            SchemaValidator.validate(schema);
        } catch (SchemaValidator.InvalidSchemaException e) {
            throw ApiException.invalidInput("Invalid schema: " + e.getMessage());
        }
        try {
            return DatasetSchema.parse(schema);
        } catch (RuntimeException e) {
            throw ApiException.invalidInput(
                    "Invalid schema (the emulator's data engine cannot hold it): " + e.getMessage());
        }
    }

    private void checkSchemaDeletable(Resource s) {
        if (!children(Kind.DATASET, "schemaArn", s.arn).isEmpty()) {
            throw ApiException.inUse("Cannot delete schema " + s.arn + " because it is used by a dataset.");
        }
    }

    // -------------------------------------------------------------------------------------------- datasets

    private ObjectNode createDataset(Input in) {
        String name = in.name("name");
        String schemaArn = in.arn("schemaArn");
        String groupArn = in.arn("datasetGroupArn");
        String type = Input.checkPattern(
                "datasetType", in.string("datasetType", 0, 256), java.util.regex.Pattern.compile("^[A-Za-z_]+$"));
        checkTagCount(in);
        DatasetType datasetType;
        try {
            datasetType = DatasetType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidInput("Invalid datasetType " + type
                    + ". Valid values: Interactions, Items, Users, Actions, Action_Interactions.");
        }
        synchronized (lock) {
            Resource group = require(Kind.DATASET_GROUP, groupArn);
            Resource schema = require(Kind.SCHEMA, schemaArn);
            requireActive(group);
            DatasetSchema parsed = (DatasetSchema) schema.payload;
            if (parsed != null && parsed.datasetType() != datasetType) {
                throw ApiException.invalidInput("The schema " + schemaArn + " is for dataset type "
                        + parsed.datasetType() + ", not " + type + ".");
            }
            DomainSchemas.checkDataset(group, schema, datasetType);
            String upper = type.toUpperCase(Locale.ROOT);
            String arn = arnPrefix + "dataset/" + group.name + "/" + upper;
            if (get(Kind.DATASET, arn) != null) {
                throw ApiException.alreadyExists(
                        "Dataset group " + groupArn + " already has a dataset of type " + upper + ": " + arn);
            }
            checkNameFree(Kind.DATASET, name);
            ObjectNode a = JSON.objectNode();
            a.put("name", name);
            a.put("datasetArn", arn);
            a.put("datasetGroupArn", groupArn);
            a.put("datasetType", upper);
            a.put("schemaArn", schemaArn);
            Lifecycle lc = lifecycle(Kind.DATASET);
            if (datasetType == DatasetType.ACTION_INTERACTIONS) {
                // the service creates an event tracker for the dataset; its id is derived from the ARN and the
                // creation time, so a journal replay (which runs at the recorded creation time) gives the same id
                String seed = arn + "@" + lc.created().toEpochMilli();
                a.put(
                        "trackingId",
                        UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8))
                                .toString());
            }
            add(Kind.DATASET, arn, name, a, lc, in);
            return JSON.objectNode().put("datasetArn", arn);
        }
    }

    private ObjectNode updateDataset(Input in) {
        String datasetArn = in.arn("datasetArn");
        String schemaArn = in.arn("schemaArn");
        synchronized (lock) {
            Resource d = require(Kind.DATASET, datasetArn);
            require(Kind.SCHEMA, schemaArn);
            requireActive(d);
            d.attrs.put("schemaArn", schemaArn);
            return JSON.objectNode().put("datasetArn", datasetArn);
        }
    }

    boolean inProgress(Resource r) {
        return !r.lifecycle.isTerminal();
    }

    private void checkDatasetDeletable(Resource d) {
        boolean importing =
                children(Kind.DATASET_IMPORT_JOB, "datasetArn", d.arn).stream().anyMatch(this::inProgress);
        boolean training = all(Kind.SOLUTION_VERSION).stream()
                .anyMatch(v -> v.attr("datasetGroupArn").equals(d.attr("datasetGroupArn")) && inProgress(v));
        if (importing || training) {
            throw ApiException.inUse("Cannot delete dataset " + d.arn
                    + " while a dataset import job or solution version is in CREATE PENDING or CREATE IN_PROGRESS.");
        }
    }

    // ---------------------------------------------------------------------------------------- import jobs

    private ObjectNode createDatasetImportJob(Input in) {
        String jobName = in.name("jobName");
        String datasetArn = in.arn("datasetArn");
        ObjectNode dataSource = in.requiredObject("dataSource");
        JsonNode loc = dataSource.get("dataLocation");
        if (loc == null || !loc.isTextual()) {
            throw ApiException.invalidInput("Member 'dataSource.dataLocation' must be set.");
        }
        String location = Input.checkPattern(
                "dataSource.dataLocation",
                Input.checkLength("dataSource.dataLocation", loc.asText(), 0, 256),
                Input.S3_LOCATION);
        String roleArn = in.optionalRoleArn("roleArn");
        String mode =
                Optional.ofNullable(in.optionalEnum("importMode", IMPORT_MODES)).orElse("FULL");
        Boolean publish = in.optionalBoolean("publishAttributionMetricsToS3");
        checkTagCount(in);
        synchronized (lock) {
            Resource dataset = require(Kind.DATASET, datasetArn);
            requireActive(dataset);
            String arn = arnPrefix + "dataset-import-job/" + jobName;
            checkArnFree(Kind.DATASET_IMPORT_JOB, arn);
            long running = all(Kind.DATASET_IMPORT_JOB).stream()
                    .filter(this::inProgress)
                    .count();
            if (running >= MAX_IN_PROGRESS_IMPORTS) {
                throw ApiException.limitExceeded("More than 5 resources with PENDING or IN_PROGRESS status.");
            }
            boolean bulkImported = children(Kind.DATASET_IMPORT_JOB, "datasetArn", datasetArn).stream()
                    .anyMatch(Resource::isActive);
            if (!bulkImported && mode.equals("INCREMENTAL")) {
                throw ApiException.invalidInput("Dataset " + datasetArn + " has no successful bulk import yet; the"
                        + " first import job for a dataset must use importMode FULL.");
            }
            Resource schema = require(Kind.SCHEMA, dataset.attr("schemaArn"));
            ObjectNode a = JSON.objectNode();
            a.put("jobName", jobName);
            a.put("datasetImportJobArn", arn);
            a.put("datasetArn", datasetArn);
            a.set("dataSource", JSON.objectNode().put("dataLocation", location));
            putIf(a, "roleArn", roleArn);
            a.put("importMode", mode);
            if (publish != null) {
                a.put("publishAttributionMetricsToS3", publish);
            }
            CompletableFuture<@Nullable String> work = new CompletableFuture<>();
            Resource job = add(Kind.DATASET_IMPORT_JOB, arn, jobName, a, lifecycle(Kind.DATASET_IMPORT_JOB, work), in);
            hooks.importData(job, dataset, schema, mode.equals("INCREMENTAL"))
                    .whenComplete((r, e) -> complete(work, r, e));
            return JSON.objectNode().put("datasetImportJobArn", arn);
        }
    }

    static void complete(CompletableFuture<@Nullable String> work, @Nullable String reason, @Nullable Throwable e) {
        if (e != null) {
            work.complete("Internal error: " + e.getMessage());
        } else {
            work.complete(reason);
        }
    }

    // ------------------------------------------------------------------------------------------- solutions

    private ObjectNode createSolution(Input in) {
        String name = in.name("name");
        String groupArn = in.arn("datasetGroupArn");
        String recipeArn = in.optionalArn("recipeArn");
        Boolean hpo = in.optionalBoolean("performHPO");
        Boolean autoMl = in.optionalBoolean("performAutoML");
        Boolean autoTraining = in.optionalBoolean("performAutoTraining");
        Boolean incremental = in.optionalBoolean("performIncrementalUpdate");
        String eventType = in.optionalString("eventType", 0, 256);
        ObjectNode config = in.optionalObject("solutionConfig");
        checkTagCount(in);
        if (Boolean.TRUE.equals(autoMl)) {
            if (recipeArn != null) {
                throw ApiException.invalidInput("Do not set recipeArn when performAutoML is true.");
            }
            throw ApiException.invalidInput("performAutoML is not supported by personalize-local; set a recipeArn.");
        }
        if (recipeArn == null) {
            throw ApiException.invalidInput("recipeArn is required when performAutoML is false.");
        }
        RecipeInfo recipe = RecipeCatalog.byArn(recipeArn)
                .orElseThrow(() -> ApiException.notFound("Resource Arn " + recipeArn + " does not exist."));
        if (config != null) {
            JsonNode hp = config.get("algorithmHyperParameters");
            if (hp != null && hp.size() > 100) {
                throw ApiException.invalidInput("solutionConfig.algorithmHyperParameters has more than 100 entries.");
            }
            Solutions.checkAutoTrainingConfig("solutionConfig.autoTrainingConfig", config.get("autoTrainingConfig"));
        }
        synchronized (lock) {
            Resource group = require(Kind.DATASET_GROUP, groupArn);
            requireActive(group);
            String arn = arnPrefix + "solution/" + name;
            checkArnFree(Kind.SOLUTION, arn);
            ObjectNode a = JSON.objectNode();
            a.put("name", name);
            a.put("solutionArn", arn);
            a.put("performHPO", Boolean.TRUE.equals(hpo));
            a.put("performAutoML", false);
            a.put("performAutoTraining", autoTraining == null || autoTraining);
            if (incremental != null) {
                a.put("performIncrementalUpdate", incremental);
            }
            a.put("recipeArn", recipe.arn());
            a.put("datasetGroupArn", groupArn);
            putIf(a, "eventType", eventType);
            if (config != null) {
                a.set("solutionConfig", config);
            }
            add(Kind.SOLUTION, arn, name, a, lifecycle(Kind.SOLUTION), in);
            return JSON.objectNode().put("solutionArn", arn);
        }
    }

    private void checkSolutionDeletable(Resource s) {
        List<Resource> versions = children(Kind.SOLUTION_VERSION, "solutionArn", s.arn);
        for (Resource v : versions) {
            if (inProgress(v)) {
                throw ApiException.inUse("Cannot delete solution " + s.arn + " while solution version " + v.arn + " is "
                        + v.status() + ".");
            }
            if (all(Kind.CAMPAIGN).stream()
                    .anyMatch(c -> c.attr("solutionVersionArn").equals(v.arn))) {
                throw ApiException.inUse(
                        "Cannot delete solution " + s.arn + " because a campaign uses its version " + v.arn + ".");
            }
        }
    }

    private ObjectNode createSolutionVersion(Input in) {
        String name = in.optionalName("name");
        String solutionArn = in.arn("solutionArn");
        String mode = Optional.ofNullable(in.optionalEnum("trainingMode", TRAINING_MODES))
                .orElse("FULL");
        checkTagCount(in);
        synchronized (lock) {
            Resource solution = require(Kind.SOLUTION, solutionArn);
            requireActive(solution);
            if (name != null && all(Kind.SOLUTION_VERSION).stream().anyMatch(v -> v.name.equals(name))) {
                throw ApiException.alreadyExists("Another solution version named " + name + " already exists.");
            }
            if (!mode.equals("FULL")) {
                throw ApiException.invalidInput("trainingMode " + mode + " is not supported for recipe "
                        + solution.attr("recipeArn") + ". Use FULL.");
            }
            Resource version = startSolutionVersion(solution, name, mode, "MANUAL", in);
            return JSON.objectNode().put("solutionVersionArn", version.arn);
        }
    }

    /**
     * Creates a solution version and starts its training (manual and automatic ones alike). Call under the lock.
     *
     * @param trainingType {@code MANUAL} or {@code AUTOMATIC}
     */
    Resource startSolutionVersion(
            Resource solution, @Nullable String name, String mode, String trainingType, Input in) {
        String solutionArn = solution.arn;
        String arn = recordedOr("solutionVersionArn", () -> solutionArn + "/" + hex8());
        ObjectNode a = JSON.objectNode();
        putIf(a, "name", name);
        a.put("solutionVersionArn", arn);
        a.put("solutionArn", solutionArn);
        for (String m : List.of(
                "performHPO",
                "performAutoML",
                "performIncrementalUpdate",
                "recipeArn",
                "eventType",
                "datasetGroupArn",
                "solutionConfig")) {
            JsonNode v = solution.attrs.get(m);
            if (v != null) {
                a.set(m, v.deepCopy());
            }
        }
        a.put("trainingMode", mode);
        a.put("trainingType", trainingType);
        CompletableFuture<@Nullable String> work = new CompletableFuture<>();
        Resource version = add(
                Kind.SOLUTION_VERSION, arn, name == null ? arn : name, a, lifecycle(Kind.SOLUTION_VERSION, work), in);
        trainedOn(arn, dataGeneration(solution.attr("datasetGroupArn")));
        hooks.train(version, solution).whenComplete((r, e) -> complete(work, r, e));
        return version;
    }

    private ObjectNode stopSolutionVersionCreation(Input in) {
        String arn = in.arn("solutionVersionArn");
        synchronized (lock) {
            Resource v = require(Kind.SOLUTION_VERSION, arn);
            if (v.lifecycle.isTerminal() || v.lifecycle.isStopped()) {
                throw ApiException.inUse("Solution version " + arn + " is " + v.status() + " and cannot be stopped.");
            }
            v.lifecycle.stop();
            return JSON.objectNode();
        }
    }

    private ObjectNode getSolutionMetrics(Input in) {
        String arn = in.arn("solutionVersionArn");
        Resource v = require(Kind.SOLUTION_VERSION, arn);
        requireActive(v);
        ObjectNode metrics = JSON.objectNode();
        hooks.metrics(v).forEach(metrics::put);
        ObjectNode out = JSON.objectNode().put("solutionVersionArn", arn);
        out.set("metrics", metrics);
        return out;
    }

    // ------------------------------------------------------------------------------------------- campaigns

    private ObjectNode campaignConfig(Input in) {
        ObjectNode cfg = in.optionalObject("campaignConfig");
        if (cfg == null) {
            return JSON.objectNode();
        }
        JsonNode ri = cfg.get("rankingInfluence");
        if (ri != null && ri.isObject()) {
            for (Map.Entry<String, JsonNode> e : ri.properties()) {
                if (!Set.of("POPULARITY", "FRESHNESS").contains(e.getKey())) {
                    throw ApiException.invalidInput(Input.violation(
                            "campaignConfig.rankingInfluence",
                            e.getKey(),
                            "Member must satisfy enum value set: POPULARITY, FRESHNESS"));
                }
                double d = e.getValue().asDouble();
                if (d < 0 || d > 1) {
                    throw ApiException.invalidInput("campaignConfig.rankingInfluence values must be between 0 and 1.");
                }
            }
        }
        CampaignConfigs.checkItemExploration(cfg.get("itemExplorationConfig"));
        return cfg;
    }

    private Resource resolveVersion(String solutionVersionArn) {
        return resolveVersion(solutionVersionArn, null);
    }

    /**
     * A solution version ARN, or {@code <solution>/$LATEST}: the newest ACTIVE version (created at or before
     * {@code notAfter} when given).
     */
    private Resource resolveVersion(String solutionVersionArn, java.time.@Nullable Instant notAfter) {
        if (solutionVersionArn.endsWith("/$LATEST")) {
            String solutionArn = solutionVersionArn.substring(0, solutionVersionArn.length() - "/$LATEST".length());
            require(Kind.SOLUTION, solutionArn);
            List<Resource> versions = children(Kind.SOLUTION_VERSION, "solutionArn", solutionArn).stream()
                    .filter(Resource::isActive)
                    .filter(v -> notAfter == null || !v.lifecycle.created().isAfter(notAfter))
                    .collect(Collectors.toList());
            if (versions.isEmpty()) {
                throw ApiException.notFound("Solution " + solutionArn + " has no ACTIVE solution version.");
            }
            return versions.get(versions.size() - 1);
        }
        return require(Kind.SOLUTION_VERSION, solutionVersionArn);
    }

    private ObjectNode createCampaign(Input in) {
        String name = in.name("name");
        String versionArn = in.arn("solutionVersionArn");
        Integer tps = in.optionalInt("minProvisionedTPS", 1, Integer.MAX_VALUE);
        ObjectNode cfg = campaignConfig(in);
        checkSync(cfg, versionArn);
        checkTagCount(in);
        synchronized (lock) {
            Resource version = resolveVersion(versionArn);
            requireActive(version);
            if (recipeType(version) == RecipeType.USER_SEGMENTATION) {
                throw ApiException.invalidInput("Solution version " + version.arn + " was trained with "
                        + version.attr("recipeArn") + ", a USER_SEGMENTATION recipe, which cannot be deployed with a"
                        + " campaign; get its user segments with CreateBatchSegmentJob.");
            }
            String arn = arnPrefix + "campaign/" + name;
            checkArnFree(Kind.CAMPAIGN, arn);
            String groupArn = version.attr("datasetGroupArn");
            long active = all(Kind.CAMPAIGN).stream()
                    .filter(c -> groupOfCampaign(c).equals(groupArn))
                    .count();
            if (active >= 5) {
                throw ApiException.limitExceeded(
                        "Cannot create a campaign. More than 5 resources in ACTIVE state. Please delete some and try again.");
            }
            ObjectNode a = JSON.objectNode();
            a.put("name", name);
            a.put("campaignArn", arn);
            a.put("solutionVersionArn", versionArn);
            a.put("minProvisionedTPS", tps == null ? 1 : tps);
            a.set("campaignConfig", cfg);
            add(Kind.CAMPAIGN, arn, name, a, lifecycle(Kind.CAMPAIGN), in);
            return JSON.objectNode().put("campaignArn", arn);
        }
    }

    /** The type of the recipe a solution version was trained with, or null for a recipe not in the catalog. */
    private static @Nullable RecipeType recipeType(Resource version) {
        return RecipeCatalog.byArn(version.attr("recipeArn"))
                .map(RecipeInfo::type)
                .orElse(null);
    }

    String groupOfCampaign(Resource campaign) {
        return find(Kind.SOLUTION_VERSION, servingVersionArn(campaign))
                .map(v -> v.attr("datasetGroupArn"))
                .orElse("");
    }

    /**
     * The solution version a campaign serves now. {@code <solution>/$LATEST} follows the newest ACTIVE version when
     * {@code campaignConfig.syncWithLatestSolutionVersion} is true; otherwise it is the newest ACTIVE version when
     * the campaign (or its latest update) was created.
     */
    String servingVersionArn(Resource campaign) {
        campaign.applyUpdate();
        String arn = campaign.attr("solutionVersionArn");
        if (arn.endsWith("/$LATEST")) {
            boolean sync = campaign.attrs
                    .path("campaignConfig")
                    .path("syncWithLatestSolutionVersion")
                    .asBoolean(false);
            Lifecycle u = campaign.update;
            java.time.Instant pinned = sync
                    ? null
                    : (campaign.updateAppliedAt() != null && u != null ? u.created() : campaign.lifecycle.created());
            try {
                return resolveVersion(arn, pinned).arn;
            } catch (ApiException e) {
                return arn;
            }
        }
        return arn;
    }

    /** A campaign that syncs with the latest solution version names it as {@code <solution>/$LATEST}. */
    private static void checkSync(@Nullable JsonNode campaignConfig, String versionArn) {
        if (campaignConfig != null
                && campaignConfig.path("syncWithLatestSolutionVersion").asBoolean(false)
                && !versionArn.endsWith("/$LATEST")) {
            throw ApiException.invalidInput("With campaignConfig.syncWithLatestSolutionVersion set to true, the"
                    + " solutionVersionArn must be the solution's ARN in SolutionArn/$LATEST format, not "
                    + versionArn + ".");
        }
    }

    private ObjectNode updateCampaign(Input in) {
        String arn = in.arn("campaignArn");
        String versionArn = in.optionalArn("solutionVersionArn");
        Integer tps = in.optionalInt("minProvisionedTPS", 1, Integer.MAX_VALUE);
        ObjectNode cfg = in.has("campaignConfig") ? campaignConfig(in) : null;
        synchronized (lock) {
            Resource c = require(Kind.CAMPAIGN, arn);
            String status = c.status();
            if (!status.equals("ACTIVE") && !status.equals("CREATE FAILED")) {
                throw ApiException.inUse("Campaign " + arn + " is " + status + "; it can be updated when ACTIVE.");
            }
            Lifecycle previous = c.update;
            if (previous != null && !previous.isTerminal()) {
                throw ApiException.inUse("An update of campaign " + arn + " is already in progress.");
            }
            ObjectNode members = JSON.objectNode();
            if (versionArn != null) {
                requireActive(resolveVersion(versionArn));
                members.put("solutionVersionArn", versionArn);
            } else {
                members.put("solutionVersionArn", c.attr("solutionVersionArn"));
            }
            checkSync(
                    cfg == null ? c.attrs.path("campaignConfig") : cfg,
                    members.path("solutionVersionArn").asText());
            members.put(
                    "minProvisionedTPS",
                    tps == null ? c.attrs.path("minProvisionedTPS").asInt(1) : tps);
            members.set(
                    "campaignConfig",
                    cfg == null ? c.attrs.path("campaignConfig").deepCopy() : cfg);
            c.startUpdate(lifecycle(Kind.CAMPAIGN), members);
            return JSON.objectNode().put("campaignArn", arn);
        }
    }

    // --------------------------------------------------------------------------------------------- filters

    private ObjectNode createFilter(Input in) {
        String name = in.name("name");
        String groupArn = in.arn("datasetGroupArn");
        String expression = in.string("filterExpression", 1, 2500);
        checkTagCount(in);
        hooks.validateFilter(expression);
        synchronized (lock) {
            Resource group = require(Kind.DATASET_GROUP, groupArn);
            requireActive(group);
            Filters.checkFields(expression, groupArn, type -> schemaOf(groupArn, type));
            String arn = arnPrefix + "filter/" + name;
            checkArnFree(Kind.FILTER, arn);
            if (children(Kind.FILTER, "datasetGroupArn", groupArn).size() >= 30) {
                throw ApiException.limitExceeded("More than 30 filters in dataset group " + groupArn + ".");
            }
            ObjectNode a = JSON.objectNode();
            a.put("name", name);
            a.put("filterArn", arn);
            a.put("datasetGroupArn", groupArn);
            a.put("filterExpression", expression);
            add(Kind.FILTER, arn, name, a, lifecycle(Kind.FILTER), in);
            return JSON.objectNode().put("filterArn", arn);
        }
    }

    // -------------------------------------------------------------------------------------- event trackers

    private ObjectNode createEventTracker(Input in) {
        String name = in.name("name");
        String groupArn = in.arn("datasetGroupArn");
        checkTagCount(in);
        synchronized (lock) {
            Resource group = require(Kind.DATASET_GROUP, groupArn);
            requireActive(group);
            checkNameFree(Kind.EVENT_TRACKER, name);
            if (!children(Kind.EVENT_TRACKER, "datasetGroupArn", groupArn).isEmpty()) {
                throw ApiException.alreadyExists("Dataset group " + groupArn + " already has an event tracker.");
            }
            String arn = recordedOr("eventTrackerArn", () -> arnPrefix + "event-tracker/" + hex8());
            String trackingId = recordedOr("trackingId", () -> UUID.randomUUID().toString());
            ObjectNode a = JSON.objectNode();
            a.put("name", name);
            a.put("eventTrackerArn", arn);
            a.put("accountId", account);
            a.put("trackingId", trackingId);
            a.put("datasetGroupArn", groupArn);
            Resource r = add(Kind.EVENT_TRACKER, arn, name, a, lifecycle(Kind.EVENT_TRACKER), in);
            trackersById.put(trackingId, r);
            return JSON.objectNode().put("eventTrackerArn", arn).put("trackingId", trackingId);
        }
    }

    // ------------------------------------------------------------------------------ batch inference jobs

    private ObjectNode createBatchInferenceJob(Input in) {
        String jobName = in.name("jobName");
        String versionArn = in.arn("solutionVersionArn");
        String filterArn = in.optionalArn("filterArn");
        Integer numResults = in.optionalInt("numResults", 1, 500);
        ObjectNode input = in.requiredObject("jobInput");
        ObjectNode output = in.requiredObject("jobOutput");
        String inputPath = s3Path(input, "jobInput.s3DataSource", "s3DataSource");
        String outputPath = s3Path(output, "jobOutput.s3DataDestination", "s3DataDestination");
        String roleArn = in.optionalRoleArn("roleArn");
        if (roleArn == null) {
            in.required("roleArn");
        }
        String mode = Optional.ofNullable(in.optionalEnum("batchInferenceJobMode", BATCH_MODES))
                .orElse("BATCH_INFERENCE");
        ObjectNode config = in.optionalObject("batchInferenceJobConfig");
        checkTagCount(in);
        if (inputPath.equals(outputPath)) {
            throw ApiException.invalidInput("Invalid S3 output path: it must differ from the input path.");
        }
        if (mode.equals("THEME_GENERATION")) {
            throw ApiException.invalidInput(
                    "batchInferenceJobMode THEME_GENERATION is not supported by personalize-local.");
        }
        synchronized (lock) {
            Resource version = require(Kind.SOLUTION_VERSION, versionArn);
            requireActive(version);
            RecipeType type = recipeType(version);
            if (type == RecipeType.USER_SEGMENTATION || type == RecipeType.PERSONALIZED_ACTIONS) {
                throw ApiException.invalidInput("Solution version " + versionArn + " was trained with "
                        + version.attr("recipeArn") + ", a " + type + " recipe, which does not support batch"
                        + " inference jobs"
                        + (type == RecipeType.USER_SEGMENTATION
                                ? "; get its user segments with CreateBatchSegmentJob."
                                : "; get its actions with GetActionRecommendations."));
            }
            CampaignConfigs.checkBatchInference(version.attr("recipeArn"));
            Resource filter = filterArn == null ? null : require(Kind.FILTER, filterArn);
            if (filter != null) {
                requireActive(filter);
            }
            String arn = arnPrefix + "batch-inference-job/" + jobName;
            checkArnFree(Kind.BATCH_INFERENCE_JOB, arn);
            long running = all(Kind.BATCH_INFERENCE_JOB).stream()
                    .filter(this::inProgress)
                    .count();
            if (running >= 5) {
                throw ApiException.limitExceeded("More than 5 resources with PENDING or IN_PROGRESS status.");
            }
            ObjectNode a = JSON.objectNode();
            a.put("jobName", jobName);
            a.put("batchInferenceJobArn", arn);
            putIf(a, "filterArn", filterArn);
            a.put("solutionVersionArn", versionArn);
            a.put("numResults", numResults == null ? 25 : numResults);
            a.set("jobInput", input);
            a.set("jobOutput", output);
            if (config != null) {
                a.set("batchInferenceJobConfig", config);
            }
            a.put("roleArn", roleArn);
            a.put("batchInferenceJobMode", mode);
            CompletableFuture<@Nullable String> work = new CompletableFuture<>();
            Resource job =
                    add(Kind.BATCH_INFERENCE_JOB, arn, jobName, a, lifecycle(Kind.BATCH_INFERENCE_JOB, work), in);
            hooks.batchInference(job, version, filter).whenComplete((r, e) -> complete(work, r, e));
            return JSON.objectNode().put("batchInferenceJobArn", arn);
        }
    }

    static String s3Path(ObjectNode parent, String label, String member) {
        JsonNode cfg = parent.get(member);
        JsonNode path = cfg == null ? null : cfg.get("path");
        if (path == null || !path.isTextual()) {
            throw ApiException.invalidInput("1 validation error detected: Value null at '" + label
                    + ".path' failed to satisfy constraint: " + "Member must not be null");
        }
        return Input.checkPattern(
                label + ".path", Input.checkLength(label + ".path", path.asText(), 0, 256), Input.S3_LOCATION);
    }

    // ----------------------------------------------------------------------------------------------- recipes

    private ObjectNode listRecipes(Input in) {
        String provider = in.optionalEnum("recipeProvider", Set.of("SERVICE"));
        String domain = in.optionalEnum("domain", DOMAINS);
        List<ObjectNode> items = RecipeCatalog.all().stream()
                .filter(r -> domain == null || domain.equals(r.domain()))
                .map(Recipes::summary)
                .collect(Collectors.toList());
        assert provider == null || provider.equals("SERVICE");
        return page(in, "recipes", items);
    }

    private ObjectNode describeRecipe(Input in) {
        String arn = in.arn("recipeArn");
        RecipeInfo r = RecipeCatalog.byArn(arn)
                .orElseThrow(() -> ApiException.notFound("Resource Arn " + arn + " does not exist."));
        ObjectNode out = JSON.objectNode();
        out.set("recipe", Recipes.describe(r));
        return out;
    }

    // ----------------------------------------------------------------------------------------------- tagging

    private Resource taggable(String arn) {
        return anyResource(arn).orElseThrow(() -> ApiException.notFound("Resource Arn " + arn + " does not exist."));
    }

    private ObjectNode tagResource(Input in) {
        String arn = in.arn("resourceArn");
        in.list("tags", 0, 200);
        List<Map.Entry<String, String>> tags = in.tags("tags");
        synchronized (lock) {
            Resource r = taggable(arn);
            Map<String, String> merged = new HashMap<>(r.tags);
            tags.forEach(t -> merged.put(t.getKey(), t.getValue()));
            if (merged.size() > 50) {
                throw new ApiException(
                        "TooManyTagsException", 400, "You have exceeded the maximum number of tags (50) per resource.");
            }
            tags.forEach(t -> r.tags.put(t.getKey(), t.getValue()));
            return JSON.objectNode();
        }
    }

    private ObjectNode untagResource(Input in) {
        String arn = in.arn("resourceArn");
        ArrayNode keys = in.list("tagKeys", 0, 200);
        synchronized (lock) {
            Resource r = taggable(arn);
            for (JsonNode k : keys) {
                Input.checkLength("tagKeys", k.asText(), 1, 128);
                r.tags.remove(k.asText());
            }
            return JSON.objectNode();
        }
    }

    private ObjectNode listTagsForResource(Input in) {
        String arn = in.arn("resourceArn");
        Resource r = taggable(arn);
        ArrayNode tags = JSON.arrayNode();
        synchronized (lock) {
            r.tags.forEach((k, v) -> tags.addObject().put("tagKey", k).put("tagValue", v));
        }
        ObjectNode out = JSON.objectNode();
        out.set("tags", tags);
        return out;
    }

    // --------------------------------------------------------------------------- generic describe/list/delete

    private ObjectNode describe(Kind kind, Input in) {
        String arn = in.arn(kind.arnMember);
        Resource r = require(kind, arn);
        settle(r);
        ObjectNode shape = r.describe();
        java.util.function.BiConsumer<Resource, ObjectNode> extra = describeExtras.get(kind);
        if (extra != null) {
            extra.accept(r, shape);
        }
        ObjectNode out = JSON.objectNode();
        out.set(kind.describeKey, shape);
        return out;
    }

    private ObjectNode list(Kind kind, Input in) {
        String scope = kind.listScope == null ? null : in.optionalArn(kind.listScope);
        List<Resource> rs = all(kind);
        if (scope != null) {
            if (kind == Kind.SOLUTION_VERSION) {
                require(Kind.SOLUTION, scope);
            }
            String s = scope;
            rs = rs.stream()
                    .filter(r -> kind == Kind.CAMPAIGN
                            ? servingVersionArn(r).startsWith(s + "/")
                                    || r.attr("solutionVersionArn").startsWith(s + "/")
                            : r.attr(kind.listScope).equals(s))
                    .collect(Collectors.toList());
        }
        return page(in, kind.listKey, rs.stream().map(Resource::summary).collect(Collectors.toList()));
    }

    static ObjectNode page(Input in, String listKey, List<ObjectNode> items) {
        Integer max = in.optionalInt("maxResults", 1, 100);
        String token = in.optionalString("nextToken", 0, 1500);
        int pageSize = max == null ? 100 : max;
        int offset = 0;
        if (token != null) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                if (!decoded.startsWith(listKey + ":")) {
                    throw new IllegalArgumentException(decoded);
                }
                offset = Integer.parseInt(decoded.substring(listKey.length() + 1));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidNextToken("The token is not valid.");
            }
            if (offset < 0 || offset > items.size()) {
                throw ApiException.invalidNextToken("The token is not valid.");
            }
        }
        int end = Math.min(items.size(), offset + pageSize);
        ObjectNode out = JSON.objectNode();
        ArrayNode list = out.putArray(listKey);
        items.subList(offset, end).forEach(list::add);
        if (end < items.size()) {
            out.put(
                    "nextToken",
                    Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString((listKey + ":" + end).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /**
     * Deletes a resource: at once for schemas and filters (and at time scale 0); otherwise it shows {@code DELETE
     * PENDING} (then {@code DELETE IN_PROGRESS}) for the kind's scaled delete duration, still listed and still
     * blocking its parent's deletion and its name, then disappears. A solution's versions go with it.
     */
    ObjectNode delete(Kind kind, Input in, java.util.function.Consumer<Resource> check) {
        String arn = in.arn(kind.arnMember);
        synchronized (lock) {
            Resource r = require(kind, arn);
            if (r.isDeleting()) {
                throw ApiException.inUse("The " + kind.label() + " " + arn + " is already being deleted (current"
                        + " state: " + r.status() + ").");
            }
            check.accept(r);
            Duration duration = Duration.ofNanos((long) (kind.deleteSeconds() * timeScale * 1_000_000_000L));
            Deletion deletion = new Deletion(clock, duration, kind.hasDeleteInProgress());
            List<Resource> doomed = new ArrayList<>();
            doomed.add(r);
            if (kind == Kind.SOLUTION) {
                doomed.addAll(children(Kind.SOLUTION_VERSION, "solutionArn", arn));
            }
            for (Resource d : doomed) {
                d.deletion = deletion;
                if (duration.isZero()) {
                    live(d);
                }
            }
            return JSON.objectNode();
        }
    }

    static void putIf(ObjectNode o, String member, @Nullable String value) {
        if (value != null) {
            o.put(member, value);
        }
    }
}
