package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.local.internal.data.TrainedModel;
import io.personalizekit.local.internal.recipe.RecipeCatalog;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Recommenders of domain dataset groups: CreateRecommender, UpdateRecommender, DeleteRecommender,
 * StartRecommender and StopRecommender (DescribeRecommender and ListRecommenders are the generic ones), each use
 * case's rules (see {@link UseCases}), the model its training produces (trained by the data plane, {@link
 * UseCaseTrainer}), {@code modelMetrics}, and the service's retraining every 7 days (scaled by the time scale,
 * only while ACTIVE and only when new data arrived), journaled as an internal operation so that a restart replays
 * it.
 *
 * <p>Statuses: {@code CREATE PENDING > CREATE IN_PROGRESS > ACTIVE} (or {@code CREATE FAILED} with the training's
 * failure reason); {@code STOP PENDING > STOP IN_PROGRESS > INACTIVE} (2 minutes nominal); {@code START PENDING >
 * START IN_PROGRESS > ACTIVE} (10 minutes); an update shows in {@code latestRecommenderUpdate} and applies once
 * ACTIVE (10 minutes, and a retraining when the training columns change); {@code DELETE PENDING > DELETE
 * IN_PROGRESS}.
 */
final class Recommenders {
    /** The internal (journal-only) operation that replays a scheduled retraining. */
    static final String RETRAIN_OP = "#RetrainRecommender";

    static final Duration STOP = Duration.ofMinutes(2);
    static final Duration START = Duration.ofMinutes(10);
    static final Duration UPDATE = Duration.ofMinutes(10);
    static final Duration RETRAIN_PERIOD = Duration.ofDays(7);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> EXPLORATION_KEYS = Set.of("explorationWeight", "explorationItemAgeCutOff");

    private final ControlPlane cp;
    private final Map<String, CompletableFuture<@Nullable String>> retraining = new ConcurrentHashMap<>();
    private final Map<String, Instant> evaluated = new ConcurrentHashMap<>();

    private Recommenders(ControlPlane cp) {
        this.cp = cp;
    }

    static void register(
            ControlPlane cp,
            Map<String, Function<Input, ObjectNode>> ops,
            Map<String, Function<Input, ObjectNode>> internalOps) {
        Recommenders r = new Recommenders(cp);
        ops.put("CreateRecommender", r::create);
        ops.put("UpdateRecommender", r::update);
        ops.put("DeleteRecommender", in -> cp.delete(Kind.RECOMMENDER, in, x -> {}));
        ops.put("StartRecommender", r::start);
        ops.put("StopRecommender", r::stop);
        internalOps.put(RETRAIN_OP, r::replayRetrain);
        cp.describeExtra(Kind.RECOMMENDER, Recommenders::modelMetrics);
        cp.autoTraining().onTick(r::tick);
    }

    // -------------------------------------------------------------------------------------------- operations

    private ObjectNode create(Input in) {
        String name = in.name("name");
        String groupArn = in.arn("datasetGroupArn");
        String recipeArn = in.arn("recipeArn");
        ObjectNode config = recommenderConfig(in.optionalObject("recommenderConfig"));
        cp.checkTagCount(in);
        synchronized (cp.lock) {
            Resource group = cp.require(Kind.DATASET_GROUP, groupArn);
            ControlPlane.requireActive(group);
            String domain = group.attr("domain");
            if (domain.isEmpty()) {
                throw ApiException.invalidInput("Please use a domains-specific Dataset Group to create the"
                        + " Recommender: " + groupArn + " is a Custom dataset group.");
            }
            if (RecipeCatalog.byArn(recipeArn).isEmpty()) {
                throw ApiException.notFound("Resource Arn " + recipeArn + " does not exist.");
            }
            UseCases.UseCase useCase = UseCases.byArn(recipeArn).orElse(null);
            if (useCase == null) {
                throw ApiException.invalidInput("Recipe " + recipeArn + " is not a domain use case; a recommender of"
                        + " the " + domain + " dataset group " + groupArn + " needs one of: "
                        + UseCases.namesOf(domain) + ".");
            }
            if (!useCase.domain().equals(domain)) {
                throw ApiException.invalidInput("Use case " + useCase.name() + " belongs to the " + useCase.domain()
                        + " domain, but dataset group " + groupArn + " is a " + domain + " domain dataset group; use"
                        + " one of: " + UseCases.namesOf(domain) + ".");
            }
            checkForUseCase(useCase, groupArn, config);
            for (DatasetType type : useCase.requiredDatasets()) {
                if (cp.datasetOfType(groupArn, type.name()).isEmpty()) {
                    throw ApiException.invalidInput("Use case " + useCase.name() + " needs an " + label(type)
                            + " dataset, and dataset group " + groupArn + " has none.");
                }
            }
            String arn = cp.arnPrefix() + "recommender/" + name;
            cp.checkArnFree(Kind.RECOMMENDER, arn);
            ObjectNode a = JSON.objectNode();
            a.put("name", name);
            a.put("recommenderArn", arn);
            a.put("datasetGroupArn", groupArn);
            a.put("recipeArn", recipeArn);
            a.set("recommenderConfig", config);
            CompletableFuture<@Nullable String> work = new CompletableFuture<>();
            Resource r = cp.add(Kind.RECOMMENDER, arn, name, a, cp.lifecycle(Kind.RECOMMENDER, work), in);
            train(r, useCase).whenComplete((x, e) -> ControlPlane.complete(work, x, e));
            return JSON.objectNode().put("recommenderArn", arn);
        }
    }

    private ObjectNode update(Input in) {
        String arn = in.arn("recommenderArn");
        ObjectNode config = recommenderConfig(in.requiredObject("recommenderConfig"));
        synchronized (cp.lock) {
            Resource r = cp.require(Kind.RECOMMENDER, arn);
            ControlPlane.requireActive(r);
            Lifecycle previous = r.update;
            if (previous != null && !previous.isTerminal()) {
                throw ApiException.inUse("An update of recommender " + arn + " is already in progress (current"
                        + " state: " + previous.status() + ").");
            }
            UseCases.UseCase useCase = useCaseOf(r);
            checkForUseCase(useCase, r.attr("datasetGroupArn"), config);
            r.applyUpdate();
            boolean retrain = !Objects.equals(
                    r.attrs.path("recommenderConfig").path("trainingDataConfig"), config.path("trainingDataConfig"));
            CompletableFuture<@Nullable String> work =
                    retrain ? train(r, useCase) : CompletableFuture.completedFuture(null);
            ObjectNode members = JSON.objectNode();
            members.set("recommenderConfig", config);
            r.startUpdate(new Lifecycle(cp.clock(), cp.autoTraining().scaled(UPDATE), work, false), members);
            return JSON.objectNode().put("recommenderArn", arn);
        }
    }

    private ObjectNode stop(Input in) {
        String arn = in.arn("recommenderArn");
        synchronized (cp.lock) {
            Resource r = cp.require(Kind.RECOMMENDER, arn);
            String status = r.status();
            if (r.isDeleting() || !status.equals("ACTIVE")) {
                throw ApiException.inUse(
                        "Recommender " + arn + " is " + status + "; only an ACTIVE recommender can be stopped.");
            }
            r.phase = Transition.stop(cp.clock(), cp.autoTraining().scaled(STOP));
            return JSON.objectNode().put("recommenderArn", arn);
        }
    }

    private ObjectNode start(Input in) {
        String arn = in.arn("recommenderArn");
        synchronized (cp.lock) {
            Resource r = cp.require(Kind.RECOMMENDER, arn);
            String status = r.status();
            if (r.isDeleting() || !status.equals("INACTIVE")) {
                throw ApiException.inUse(
                        "Recommender " + arn + " is " + status + "; only an INACTIVE recommender can be started.");
            }
            r.phase = Transition.start(cp.clock(), cp.autoTraining().scaled(START));
            return JSON.objectNode().put("recommenderArn", arn);
        }
    }

    // ------------------------------------------------------------------------------------------- training

    private static UseCases.UseCase useCaseOf(Resource recommender) {
        return UseCases.byArn(recommender.attr("recipeArn"))
                .orElseThrow(() -> new IllegalStateException("recommender without a use case: " + recommender.arn));
    }

    /** Starts a training of the recommender's model on the data as it is now. Call under the lock. */
    private CompletableFuture<@Nullable String> train(Resource recommender, UseCases.UseCase useCase) {
        cp.trainedOn(recommender.arn, cp.dataGeneration(recommender.attr("datasetGroupArn")));
        CompletableFuture<@Nullable String> f = cp.hooks().trainRecommender(recommender, useCase);
        retraining.put(recommender.arn, f);
        f.whenComplete((x, e) -> retraining.remove(recommender.arn, f));
        return f;
    }

    /**
     * The service's retraining every 7 days: for each ACTIVE recommender (not stopped), at each period since it
     * became ACTIVE (or was last started), when new data arrived since its model's training.
     */
    private void tick(Instant now) {
        for (Resource r : cp.all(Kind.RECOMMENDER)) {
            if (!r.isActive() || retraining.containsKey(r.arn)) {
                continue;
            }
            Transition phase = r.phase;
            Instant anchor = phase != null ? phase.lastUpdated() : r.lifecycle.lastUpdated();
            Duration period = cp.autoTraining().scaled(RETRAIN_PERIOD);
            Instant due = AutoTraining.lastDue(anchor.plus(period), period, now);
            if (due == null) {
                continue;
            }
            Instant done = evaluated.get(r.arn);
            if (done != null && !due.isAfter(done)) {
                continue;
            }
            evaluated.put(r.arn, due);
            if (cp.autoTraining().beforeRestart(due)
                    || cp.trainedGeneration(r.arn) >= cp.dataGeneration(r.attr("datasetGroupArn"))) {
                continue;
            }
            train(r, useCaseOf(r));
            ObjectNode body = JSON.objectNode().put("recommenderArn", r.arn);
            cp.record(RETRAIN_OP, now, body, body.deepCopy());
        }
    }

    /** Replays a scheduled retraining from the journal, waiting for it so the replay stays in order. */
    private ObjectNode replayRetrain(Input in) {
        String arn = in.arn("recommenderArn");
        CompletableFuture<@Nullable String> f;
        synchronized (cp.lock) {
            Resource r = cp.require(Kind.RECOMMENDER, arn);
            f = train(r, useCaseOf(r));
        }
        f.join();
        return JSON.objectNode().put("recommenderArn", arn);
    }

    /** DescribeRecommender's {@code modelMetrics}: absent while the recommender is created or deleted. */
    private static void modelMetrics(Resource recommender, ObjectNode shape) {
        String status = shape.path("status").asText();
        TrainedModel model = DataState.model(recommender);
        if (model != null && !status.startsWith("CREATE") && !status.startsWith("DELETE")) {
            ObjectNode metrics = shape.putObject("modelMetrics");
            model.metrics().forEach(metrics::put);
        }
    }

    // ------------------------------------------------------------------------------------------ validation

    /**
     * Checks a {@code recommenderConfig} and returns it with the service's default
     * {@code minRecommendationRequestsPerSecond} (1).
     */
    static ObjectNode recommenderConfig(@Nullable ObjectNode given) {
        ObjectNode config = given == null ? JSON.objectNode() : given.deepCopy();
        JsonNode rps = config.get("minRecommendationRequestsPerSecond");
        if (rps == null || rps.isNull()) {
            config.put("minRecommendationRequestsPerSecond", 1);
        } else if (!rps.isIntegralNumber() || rps.asLong() < 1) {
            throw ApiException.invalidInput(Input.violation(
                    "recommenderConfig.minRecommendationRequestsPerSecond",
                    rps.asText(),
                    "Member must have value greater than or equal to 1"));
        }
        JsonNode exploration = config.get("itemExplorationConfig");
        if (exploration != null && !exploration.isNull()) {
            String label = "recommenderConfig.itemExplorationConfig";
            if (!exploration.isObject()) {
                throw ApiException.invalidInput("Member '" + label + "' must be a map");
            }
            Input.checkSize(label, exploration.size(), 0, 100);
            for (Map.Entry<String, JsonNode> e : exploration.properties()) {
                String key = Input.checkLength(label + ".key", e.getKey(), 0, 256);
                if (!EXPLORATION_KEYS.contains(key)) {
                    throw ApiException.invalidInput("Unknown " + label + " key '" + key
                            + "'; the keys are explorationWeight and explorationItemAgeCutOff.");
                }
                String value = Input.checkLength(label + "." + key, e.getValue().asText(), 0, 1000);
                double d;
                try {
                    d = Double.parseDouble(value);
                } catch (NumberFormatException ex) {
                    d = Double.NaN;
                }
                boolean ok = key.equals("explorationWeight") ? d >= 0 && d <= 1 : d >= 1;
                if (!ok) {
                    throw ApiException.invalidInput("Invalid " + label + "." + key + " '" + value + "': "
                            + (key.equals("explorationWeight")
                                    ? "specify a number from 0 to 1 (default 0.3)."
                                    : "specify a number of days of at least 1 (default 30)."));
                }
            }
        }
        JsonNode training = config.get("trainingDataConfig");
        if (training != null && !training.isNull()) {
            for (String member : List.of("excludedDatasetColumns", "includedDatasetColumns")) {
                JsonNode columns = training.get(member);
                if (columns == null || columns.isNull()) {
                    continue;
                }
                String label = "recommenderConfig.trainingDataConfig." + member;
                if (!columns.isObject()) {
                    throw ApiException.invalidInput("Member '" + label + "' must be a map");
                }
                Input.checkSize(label, columns.size(), 0, 3);
                for (Map.Entry<String, JsonNode> e : columns.properties()) {
                    datasetType(label, e.getKey());
                    if (!e.getValue().isArray()) {
                        throw ApiException.invalidInput("Member '" + label + "." + e.getKey() + "' must be a list");
                    }
                    Input.checkSize(label + "." + e.getKey(), e.getValue().size(), 0, 50);
                }
            }
        }
        JsonNode metadata = config.get("enableMetadataWithRecommendations");
        if (metadata != null && !metadata.isNull() && !metadata.isBoolean()) {
            throw ApiException.invalidInput(
                    "Member 'recommenderConfig.enableMetadataWithRecommendations' must be a boolean");
        }
        return config;
    }

    private static DatasetType datasetType(String label, String key) {
        try {
            DatasetType type = DatasetType.valueOf(key.toUpperCase(Locale.ROOT));
            if (type == DatasetType.INTERACTIONS || type == DatasetType.ITEMS || type == DatasetType.USERS) {
                return type;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiException.invalidInput(
                Input.violation(label + ".key", key, "Member must satisfy enum value set: INTERACTIONS, ITEMS, USERS"));
    }

    /** What a configuration may hold for a use case, and that the columns it names exist. */
    private void checkForUseCase(UseCases.UseCase useCase, String groupArn, ObjectNode config) {
        JsonNode exploration = config.get("itemExplorationConfig");
        if (exploration != null && !exploration.isNull() && exploration.size() > 0 && !useCase.personalized()) {
            throw ApiException.invalidInput("recommenderConfig.itemExplorationConfig applies only to use cases that"
                    + " recommend items for a user (aws-ecomm-recommended-for-you, aws-vod-top-picks), not to "
                    + useCase.name() + ".");
        }
        JsonNode training = config.path("trainingDataConfig");
        for (String member : List.of("excludedDatasetColumns", "includedDatasetColumns")) {
            JsonNode columns = training.path(member);
            for (Map.Entry<String, JsonNode> e : columns.properties()) {
                DatasetType type = datasetType("recommenderConfig.trainingDataConfig." + member, e.getKey());
                Optional<DatasetSchema> schema = cp.schemaOf(groupArn, type);
                for (JsonNode column : e.getValue()) {
                    String c = column.asText();
                    boolean known = schema.map(s -> s.fieldNames().stream().anyMatch(f -> f.equalsIgnoreCase(c)))
                            .orElse(false);
                    if (!known) {
                        throw ApiException.invalidInput("recommenderConfig.trainingDataConfig." + member + " names "
                                + c + ", which is not a column of the " + label(type) + " dataset of dataset group "
                                + groupArn + ".");
                    }
                }
            }
        }
    }

    private static String label(DatasetType type) {
        String n = type.name();
        return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT);
    }
}
