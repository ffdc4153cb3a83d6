package io.personalizekit.local.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.local.internal.data.CsvImporter;
import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.local.internal.data.FilterExpression;
import io.personalizekit.local.internal.data.ImportOutcome;
import io.personalizekit.local.internal.data.ModelTrainer;
import io.personalizekit.local.internal.data.TrainedModel;
import io.personalizekit.local.internal.data.TrainingFailedException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The data plane: the S3 storage (embedded or external), import jobs, training, batch inference, and the runtime
 * ({@code /recommendations}, ...) and events ({@code /events}, {@code /items}, {@code /users}, ...) APIs.
 */
final class DataService implements DataHooks, LocalServer.RestApi, AutoCloseable {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern FILTER_KEY = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern CONTEXT_KEY = Pattern.compile("[A-Za-z\\d_]+");
    private static final Set<String> FORBIDDEN_EVENT_PROPERTIES =
            Set.of("userid", "sessionid", "eventtype", "timestamp", "recommendationid", "impression");
    private static final Map<String, String> OPERATIONS = Map.of(
            "/recommendations", "GetRecommendations",
            "/personalize-ranking", "GetPersonalizedRanking",
            "/action-recommendations", "GetActionRecommendations",
            "/events", "PutEvents",
            "/items", "PutItems",
            "/users", "PutUsers",
            "/actions", "PutActions",
            "/action-interactions", "PutActionInteractions");

    private final S3Storage storage;
    private final ExecutorService worker;
    private final CsvImporter importer = CsvImporter.create();
    private final ModelTrainer trainer = ModelTrainer.create();
    private @Nullable ControlPlane cp;

    private DataService(S3Storage storage, ExecutorService worker) {
        this.storage = storage;
        this.worker = worker;
    }

    static DataService open(Emulator.Config config) {
        S3Storage storage = S3Storage.open(config);
        AtomicInteger n = new AtomicInteger();
        ExecutorService worker = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "personalize-local-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new DataService(storage, worker);
    }

    void attach(ControlPlane controlPlane) {
        this.cp = controlPlane;
    }

    private ControlPlane cp() {
        ControlPlane c = cp;
        if (c == null) {
            throw new IllegalStateException("control plane not attached");
        }
        return c;
    }

    URI s3Endpoint() {
        return storage.endpoint();
    }

    @Override
    public void close() {
        worker.shutdownNow();
        storage.close();
    }

    // ------------------------------------------------------------------------------------------------ S3 I/O

    record S3Location(String bucket, String key) {
        static @Nullable S3Location parse(String uri) {
            if (!uri.startsWith("s3://")) {
                return null;
            }
            String rest = uri.substring("s3://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                return rest.isEmpty() ? null : new S3Location(rest, "");
            }
            return new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
        }

        boolean isFolder() {
            return key.isEmpty() || key.endsWith("/");
        }
    }

    // ---------------------------------------------------------------------------------------- data hooks

    @Override
    public CompletableFuture<@Nullable String> importData(
            Resource job, Resource dataset, Resource schemaResource, boolean incremental) {
        String location = job.attrs.path("dataSource").path("dataLocation").asText();
        DatasetSchema schema = (DatasetSchema) schemaResource.payload;
        return CompletableFuture.supplyAsync(
                () -> {
                    S3Location loc = S3Location.parse(location);
                    if (loc == null || schema == null) {
                        return "Invalid Data location.";
                    }
                    Map<String, byte[]> files;
                    try {
                        if (!storage.bucketExists(loc.bucket())) {
                            return S3Storage.NO_ACCESS;
                        }
                        files = storage.read(loc);
                    } catch (S3Storage.Failure f) {
                        return f.failureReason();
                    }
                    if (files.isEmpty()) {
                        return "Invalid Data location.";
                    }
                    ImportOutcome outcome = importer.importCsv(schema, new ArrayList<>(files.values()));
                    if (!outcome.isOk()) {
                        return outcome.failureReason().orElse("Import failed.");
                    }
                    synchronized (dataset) {
                        dataset.payload = DatasetData.merge((DatasetData) dataset.payload, outcome.data(), incremental);
                    }
                    return null;
                },
                worker);
    }

    /** Bulk data merged with records that arrived one by one, as training and queries see it. */
    static @Nullable DatasetData effective(@Nullable Resource dataset) {
        if (dataset == null) {
            return null;
        }
        DatasetData bulk = (DatasetData) dataset.payload;
        DatasetData streamed = (DatasetData) dataset.streamed;
        if (streamed == null || streamed.size() == 0) {
            return bulk;
        }
        return DatasetData.merge(bulk, streamed, true);
    }

    /** One record (item or user) as queries see it: the streamed one if any, else the bulk one. */
    static @Nullable Map<String, String> record(@Nullable Resource dataset, String id) {
        if (dataset == null) {
            return null;
        }
        DatasetData streamed = (DatasetData) dataset.streamed;
        Map<String, String> r = streamed == null ? null : streamed.record(id);
        if (r != null) {
            return r;
        }
        DatasetData bulk = (DatasetData) dataset.payload;
        return bulk == null ? null : bulk.record(id);
    }

    private static Set<String> interactedBy(@Nullable Resource dataset, String userId, @Nullable Set<String> types) {
        if (dataset == null) {
            return Set.of();
        }
        DatasetData bulk = (DatasetData) dataset.payload;
        DatasetData streamed = (DatasetData) dataset.streamed;
        Set<String> a = bulk == null ? Set.of() : bulk.itemsInteractedBy(userId, types);
        Set<String> b = streamed == null ? Set.of() : streamed.itemsInteractedBy(userId, types);
        if (b.isEmpty()) {
            return a;
        }
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static String recipeName(Resource r) {
        String arn = r.attr("recipeArn");
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    @Override
    public CompletableFuture<@Nullable String> train(Resource version, Resource solution) {
        String groupArn = solution.attr("datasetGroupArn");
        String recipe = recipeName(solution);
        Map<String, String> hyper = new HashMap<>();
        solution.attrs
                .path("solutionConfig")
                .path("algorithmHyperParameters")
                .properties()
                .forEach(e -> hyper.put(e.getKey(), e.getValue().asText()));
        ControlPlane c = cp();
        DatasetData interactions =
                effective(c.datasetOfType(groupArn, "INTERACTIONS").orElse(null));
        DatasetData items = effective(c.datasetOfType(groupArn, "ITEMS").orElse(null));
        DatasetData trainingInteractions =
                interactions == null ? DatasetData.empty(DatasetType.INTERACTIONS) : interactions.copy();
        DatasetData trainingItems = items == null ? null : items.copy();
        return CompletableFuture.supplyAsync(
                () -> {
                    if (Recipes.byArn(solution.attr("recipeArn"))
                            .map(r -> !r.trainable())
                            .orElse(true)) {
                        return "Recipe " + recipe + " is not supported by personalize-local. Supported recipes: "
                                + "aws-similar-items, aws-sims, aws-popularity-count.";
                    }
                    try {
                        version.payload = trainer.train(recipe, trainingInteractions, trainingItems, hyper);
                        return null;
                    } catch (TrainingFailedException e) {
                        return e.failureReason();
                    }
                },
                worker);
    }

    @Override
    public void validateFilter(String expression) {
        try {
            FilterExpression.parse(expression);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidInput(e.getMessage());
        }
    }

    @Override
    public Map<String, Double> metrics(Resource version) {
        TrainedModel model = (TrainedModel) version.payload;
        return model == null ? Map.of() : model.metrics();
    }

    @Override
    public CompletableFuture<@Nullable String> batchInference(
            Resource job, Resource version, @Nullable Resource filter) {
        String input =
                job.attrs.path("jobInput").path("s3DataSource").path("path").asText();
        String output = job.attrs
                .path("jobOutput")
                .path("s3DataDestination")
                .path("path")
                .asText();
        int numResults = job.attrs.path("numResults").asInt(25);
        return CompletableFuture.supplyAsync(
                () -> {
                    S3Location in = S3Location.parse(input);
                    S3Location out = S3Location.parse(output);
                    if (in == null) {
                        return "Invalid S3 input path: " + input;
                    }
                    if (out == null) {
                        return "Invalid S3 output path: " + output;
                    }
                    Map<String, byte[]> files;
                    try {
                        files = storage.read(in);
                        if (files.isEmpty()) {
                            return "Invalid S3 input path: no input file found at " + input;
                        }
                        if (!storage.bucketExists(out.bucket())) {
                            return "Invalid S3 output path: bucket " + out.bucket() + " does not exist.";
                        }
                    } catch (S3Storage.Failure f) {
                        return f.failureReason();
                    }
                    TrainedModel model = (TrainedModel) version.payload;
                    if (model == null) {
                        return "The solution version has no model.";
                    }
                    String prefix = out.key().isEmpty() || out.key().endsWith("/") ? out.key() : out.key() + "/";
                    for (Map.Entry<String, byte[]> file : files.entrySet()) {
                        String name = file.getKey().substring(file.getKey().lastIndexOf('/') + 1);
                        byte[] result = batchFile(file.getValue(), version, model, filter, numResults);
                        try {
                            storage.put(out.bucket(), prefix + name + ".out", result);
                        } catch (S3Storage.Failure f) {
                            return f.failureReason();
                        }
                    }
                    return null;
                },
                worker);
    }

    private byte[] batchFile(
            byte[] input, Resource version, TrainedModel model, @Nullable Resource filter, int numResults) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String groupArn = version.attr("datasetGroupArn");
        boolean related = isRelated(version);
        for (String line : new String(input, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            ObjectNode result = JSON.objectNode();
            try {
                JsonNode in = LocalServer.MAPPER.readTree(line);
                result.set("input", in);
                Map<String, String> filterValues = new HashMap<>();
                in.path("filterValues")
                        .properties()
                        .forEach(e -> filterValues.put(e.getKey(), e.getValue().asText()));
                String userId = in.hasNonNull("userId") ? in.get("userId").asText() : null;
                String itemId = in.hasNonNull("itemId") ? in.get("itemId").asText() : null;
                Predicate<String> keep =
                        filter == null ? i -> true : predicate(filter, groupArn, filterValues, userId, itemId);
                List<String> items;
                if (related) {
                    if (!in.hasNonNull("itemId")) {
                        throw new IllegalArgumentException("Input record must have an itemId.");
                    }
                    items = model.similarItems(in.get("itemId").asText(), numResults, keep);
                } else {
                    items = model.popularItems(numResults, keep);
                }
                ObjectNode o = result.putObject("output");
                ArrayNode list = o.putArray("recommendedItems");
                items.forEach(list::add);
                result.putNull("error");
            } catch (JsonProcessingException | RuntimeException e) {
                if (!result.has("input")) {
                    result.put("input", line);
                }
                result.put("error", e.getMessage());
            }
            out.writeBytes(result.toString().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static boolean isRelated(Resource version) {
        return Recipes.byArn(version.attr("recipeArn"))
                .map(r -> r.type().equals("RELATED_ITEMS"))
                .orElse(true);
    }

    // -------------------------------------------------------------------------------------------- filters

    private Predicate<String> predicate(
            Resource filter,
            String groupArn,
            Map<String, String> filterValues,
            @Nullable String userId,
            @Nullable String itemId) {
        FilterExpression expression = (FilterExpression) filter.payload;
        if (expression == null) {
            expression = FilterExpression.parse(filter.attr("filterExpression"));
            filter.payload = expression;
        }
        ControlPlane c = cp();
        Resource items = c.datasetOfType(groupArn, "ITEMS").orElse(null);
        Resource users = c.datasetOfType(groupArn, "USERS").orElse(null);
        Resource interactions = c.datasetOfType(groupArn, "INTERACTIONS").orElse(null);
        Function<Set<String>, Set<String>> interacted =
                types -> userId == null ? Set.of() : interactedBy(interactions, userId, types);
        Function<String, @Nullable Map<String, String>> metadata = id -> record(items, id);
        try {
            return expression.predicate(
                    filterValues,
                    metadata,
                    itemId == null ? null : record(items, itemId),
                    userId == null ? null : record(users, userId),
                    interacted);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidInput(e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------- REST routing

    @Override
    public @Nullable String operationFor(String path) {
        return OPERATIONS.get(path);
    }

    @Override
    public ObjectNode handle(String operation, ObjectNode body) {
        Input in = new Input(body);
        return switch (operation) {
            case "GetRecommendations" -> getRecommendations(in);
            case "GetPersonalizedRanking" -> getPersonalizedRanking(in);
            case "GetActionRecommendations" -> getActionRecommendations(in);
            case "PutEvents" -> putEvents(in);
            case "PutItems" -> putRecords(in, "items", "itemId", DatasetType.ITEMS, 32000);
            case "PutUsers" -> putRecords(in, "users", "userId", DatasetType.USERS, 24000);
            case "PutActions" -> putRecords(in, "actions", "actionId", DatasetType.ACTIONS, 32000);
            case "PutActionInteractions" -> putActionInteractions(in);
            default -> throw new ApiException("UnknownOperationException", 404, "Unknown operation " + operation);
        };
    }

    // ---------------------------------------------------------------------------------------------- runtime

    private Map<String, String> filterValues(Input in) {
        Map<String, String> values = in.stringMap("filterValues", 25, 50, 1000);
        for (String k : values.keySet()) {
            Input.checkPattern("filterValues.key", k, FILTER_KEY);
        }
        return values;
    }

    private Resource servingCampaign(String campaignArn) {
        Resource campaign = cp().require(Kind.CAMPAIGN, campaignArn);
        if (!campaign.isActive()) {
            throw ApiException.notFound("Campaign " + campaignArn + " is " + campaign.status() + ", not ACTIVE.");
        }
        return campaign;
    }

    private ObjectNode getRecommendations(Input in) {
        String campaignArn = in.optionalArn("campaignArn");
        String recommenderArn = in.optionalArn("recommenderArn");
        String itemId = in.optionalString("itemId", 0, 256);
        String userId = in.optionalString("userId", 0, 256);
        Integer requested = in.optionalInt("numResults", 0, Integer.MAX_VALUE);
        Map<String, String> context = in.stringMap("context", 150, 150, 1000);
        context.keySet().forEach(k -> Input.checkPattern("context.key", k, CONTEXT_KEY));
        String filterArn = in.optionalArn("filterArn");
        Map<String, String> filterValues = filterValues(in);
        if (in.has("promotions")) {
            in.list("promotions", 0, 1);
        }
        List<String> metadataColumns = metadataColumns(in);
        int limit = metadataColumns == null ? 500 : 50;
        int numResults = requested == null ? 25 : requested;
        if (numResults > limit) {
            throw ApiException.invalidInput(Input.violation(
                    "numResults",
                    String.valueOf(numResults),
                    "Member must have value less than or equal to " + limit
                            + (metadataColumns == null ? "" : " when metadataColumns is set")));
        }
        if ((campaignArn == null) == (recommenderArn == null)) {
            throw ApiException.invalidInput("Provide exactly one of campaignArn or recommenderArn.");
        }
        if (recommenderArn != null) {
            throw ApiException.notFound("Resource Arn " + recommenderArn + " does not exist.");
        }
        Resource campaign = servingCampaign(campaignArn);
        if (metadataColumns != null
                && !campaign.attrs
                        .path("campaignConfig")
                        .path("enableMetadataWithRecommendations")
                        .asBoolean(false)) {
            throw ApiException.invalidInput("Campaign " + campaignArn
                    + " does not have enableMetadataWithRecommendations set; metadataColumns cannot be used.");
        }
        ControlPlane c = cp();
        Resource version = c.require(Kind.SOLUTION_VERSION, c.servingVersionArn(campaign));
        TrainedModel model = (TrainedModel) version.payload;
        if (model == null) {
            throw ApiException.notFound("Campaign " + campaignArn + " has no trained model.");
        }
        String groupArn = version.attr("datasetGroupArn");
        Predicate<String> keep = i -> true;
        if (filterArn != null) {
            Resource filter = c.require(Kind.FILTER, filterArn);
            if (!filter.isActive()) {
                throw ApiException.invalidInput("Filter " + filterArn + " is " + filter.status() + ", not ACTIVE.");
            }
            if (!filter.attr("datasetGroupArn").equals(groupArn)) {
                throw ApiException.invalidInput(
                        "Filter " + filterArn + " belongs to another dataset group than the campaign.");
            }
            keep = predicate(filter, groupArn, filterValues, userId, itemId);
        }
        List<String> items;
        if (isRelated(version)) {
            if (itemId == null) {
                throw ApiException.invalidInput("itemId is required for a campaign with a RELATED_ITEMS recipe.");
            }
            items = model.similarItems(itemId, numResults, keep);
        } else {
            items = model.popularItems(numResults, keep);
        }
        ObjectNode out = JSON.objectNode();
        ArrayNode list = out.putArray("itemList");
        Resource catalog = metadataColumns == null
                ? null
                : c.datasetOfType(groupArn, "ITEMS").orElse(null);
        for (String id : items) {
            ObjectNode item = list.addObject().put("itemId", id);
            if (metadataColumns != null) {
                ObjectNode md = item.putObject("metadata");
                Map<String, String> record = record(catalog, id);
                for (String col : metadataColumns) {
                    String v = record == null ? null : record.get(col);
                    if (v != null) {
                        md.put(col, v);
                    }
                }
            }
        }
        out.put("recommendationId", "RID-" + UUID.randomUUID());
        return out;
    }

    private static @Nullable List<String> metadataColumns(Input in) {
        ObjectNode md = in.optionalObject("metadataColumns");
        if (md == null) {
            return null;
        }
        Input.checkSize("metadataColumns", md.size(), 0, 1);
        List<String> cols = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : md.properties()) {
            if (!e.getKey().equals("ITEMS")) {
                throw ApiException.invalidInput(Input.violation(
                        "metadataColumns.key", e.getKey(), "Member must satisfy enum value set: ITEMS"));
            }
            if (!e.getValue().isArray()) {
                throw ApiException.invalidInput("metadataColumns.ITEMS must be a list");
            }
            Input.checkSize("metadataColumns.ITEMS", e.getValue().size(), 0, 99);
            e.getValue().forEach(v -> cols.add(Input.checkLength("metadataColumns.ITEMS", v.asText(), 0, 150)));
        }
        return cols;
    }

    private ObjectNode getPersonalizedRanking(Input in) {
        String campaignArn = in.arn("campaignArn");
        in.string("userId", 0, 256);
        Input.checkSize("inputList", in.list("inputList", 0, 500).size(), 0, 500);
        filterValues(in);
        Resource campaign = servingCampaign(campaignArn);
        throw ApiException.invalidInput("Campaign " + campaign.arn
                + " does not use a PERSONALIZED_RANKING recipe; personalize-local trains none.");
    }

    private ObjectNode getActionRecommendations(Input in) {
        String campaignArn = in.optionalArn("campaignArn");
        in.optionalString("userId", 0, 256);
        in.optionalInt("numResults", 0, 100);
        if (campaignArn == null) {
            throw ApiException.invalidInput("campaignArn is required.");
        }
        Resource campaign = servingCampaign(campaignArn);
        throw ApiException.invalidInput("Campaign " + campaign.arn
                + " does not use a PERSONALIZED_ACTIONS recipe; personalize-local trains none.");
    }

    // ----------------------------------------------------------------------------------------------- events

    private static Map<String, String> properties(String member, String json, int max) {
        Input.checkLength(member, json, 1, max);
        JsonNode node;
        try {
            node = LocalServer.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw ApiException.invalidInput("Invalid JSON in " + member + ": " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalidInput(member + " must be a JSON object serialized as a string.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                v.forEach(p -> parts.add(p.asText()));
                out.put(e.getKey(), String.join("|", parts));
            } else if (v.isObject()) {
                throw ApiException.invalidInput(member + "." + e.getKey() + " must not be an object.");
            } else {
                out.put(e.getKey(), v.asText());
            }
        }
        return out;
    }

    private static String camel(String field) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char ch : field.toLowerCase(Locale.ROOT).toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return b.toString();
    }

    private ObjectNode putEvents(Input in) {
        String trackingId = in.string("trackingId", 1, 256);
        String userId = in.optionalString("userId", 1, 256);
        String sessionId = in.string("sessionId", 1, 256);
        ArrayNode events = in.list("eventList", 1, 10);
        record Event(
                String itemId,
                long sentAt,
                String eventType,
                @Nullable Float eventValue) {}
        List<Event> parsed = new ArrayList<>();
        int i = 0;
        for (JsonNode e : events) {
            String p = "eventList." + (++i);
            if (!e.isObject()) {
                throw ApiException.invalidInput(p + " must be a structure");
            }
            Input ev = new Input((ObjectNode) e);
            String eventType = ev.optional("eventType");
            if (eventType == null) {
                throw ApiException.invalidInput("1 validation error detected: Value null at '" + p
                        + ".eventType' failed to satisfy constraint: Member must not be null");
            }
            Input.checkLength(p + ".eventType", eventType, 1, 256);
            JsonNode sentAt = e.get("sentAt");
            if (sentAt == null || !sentAt.isNumber()) {
                throw ApiException.invalidInput("1 validation error detected: Value null at '" + p
                        + ".sentAt' failed to satisfy constraint: Member must not be null");
            }
            ev.optionalString("eventId", 1, 256);
            String itemId = ev.optionalString("itemId", 1, 256);
            ev.optionalString("recommendationId", 1, 40);
            if (ev.has("impression")) {
                for (JsonNode imp : ev.list("impression", 1, 25)) {
                    Input.checkLength(p + ".impression", imp.asText(), 1, 256);
                }
            }
            JsonNode value = e.get("eventValue");
            if (value != null && !value.isNull() && !value.isNumber()) {
                throw ApiException.invalidInput(p + ".eventValue must be a number");
            }
            String props = ev.optional("properties");
            if (props != null) {
                for (String key : properties(p + ".properties", props, 1024).keySet()) {
                    if (FORBIDDEN_EVENT_PROPERTIES.contains(key.toLowerCase(Locale.ROOT))) {
                        throw ApiException.invalidInput(
                                p + ".properties must not contain the reserved key " + key + ".");
                    }
                }
            }
            if (itemId != null) {
                parsed.add(new Event(
                        itemId,
                        (long) Math.floor(sentAt.asDouble()),
                        eventType,
                        value == null || value.isNull() ? null : (float) value.asDouble()));
            }
        }
        Resource tracker = cp().trackerById(trackingId)
                .orElseThrow(() -> ApiException.invalidInput("The trackingId " + trackingId + " is not valid."));
        if (!tracker.isActive()) {
            throw ApiException.invalidInput("The event tracker for trackingId " + trackingId + " is not ACTIVE.");
        }
        Resource dataset = cp().datasetOfType(tracker.attr("datasetGroupArn"), "INTERACTIONS")
                .orElseThrow(() -> ApiException.invalidInput(
                        "The dataset group of trackingId " + trackingId + " has no Interactions dataset."));
        DatasetData streamed = streamed(dataset, DatasetType.INTERACTIONS);
        String user = userId == null ? sessionId : userId;
        for (Event e : parsed) {
            streamed.appendInteraction(user, e.itemId(), e.sentAt(), e.eventType(), e.eventValue());
        }
        return JSON.objectNode();
    }

    private DatasetData streamed(Resource dataset, DatasetType type) {
        synchronized (dataset) {
            DatasetData d = (DatasetData) dataset.streamed;
            if (d == null) {
                Resource schema =
                        cp().find(Kind.SCHEMA, dataset.attr("schemaArn")).orElse(null);
                DatasetSchema s = schema == null ? null : (DatasetSchema) schema.payload;
                d = s == null ? DatasetData.empty(type) : DatasetData.empty(s);
                dataset.streamed = d;
            }
            return d;
        }
    }

    private ObjectNode putRecords(Input in, String listMember, String idMember, DatasetType type, int maxProperties) {
        String datasetArn = in.arn("datasetArn");
        ArrayNode records = in.list(listMember, 1, 10);
        List<Map.Entry<String, Map<String, String>>> parsed = new ArrayList<>();
        int i = 0;
        Resource dataset = cp().require(Kind.DATASET, datasetArn);
        if (!dataset.attr("datasetType").equals(type.name())) {
            throw ApiException.invalidInput(
                    "Dataset " + datasetArn + " is a " + dataset.attr("datasetType") + " dataset, not " + type + ".");
        }
        if (!dataset.isActive()) {
            throw ApiException.inUse("Dataset " + datasetArn + " is " + dataset.status() + ", not ACTIVE.");
        }
        Resource schemaRes = cp().find(Kind.SCHEMA, dataset.attr("schemaArn")).orElse(null);
        DatasetSchema schema = schemaRes == null ? null : (DatasetSchema) schemaRes.payload;
        for (JsonNode r : records) {
            String p = listMember + "." + (++i);
            if (!r.isObject()) {
                throw ApiException.invalidInput(p + " must be a structure");
            }
            Input rec = new Input((ObjectNode) r);
            String id = rec.optional(idMember);
            if (id == null) {
                throw ApiException.invalidInput("1 validation error detected: Value null at '" + p + "." + idMember
                        + "' failed to satisfy constraint: Member must not be null");
            }
            Input.checkLength(p + "." + idMember, id, 1, 256);
            String props = rec.optional("properties");
            Map<String, String> fields = props == null ? Map.of() : properties(p + ".properties", props, maxProperties);
            if (schema != null) {
                for (String key : fields.keySet()) {
                    boolean known = schema.fieldNames().stream().anyMatch(f -> camel(f).equals(key) || f.equals(key));
                    if (!known) {
                        throw ApiException.invalidInput("Invalid property " + key + " in " + p
                                + ".properties: the schema has no field " + key + " (properties use camelCase of "
                                + "the schema's field names).");
                    }
                }
            }
            parsed.add(Map.entry(id, fields));
        }
        if (type == DatasetType.ACTIONS) {
            return JSON.objectNode();
        }
        DatasetData streamed = streamed(dataset, type);
        for (Map.Entry<String, Map<String, String>> e : parsed) {
            if (type == DatasetType.ITEMS) {
                streamed.upsertItem(e.getKey(), e.getValue());
            } else {
                streamed.upsertUser(e.getKey(), e.getValue());
            }
        }
        return JSON.objectNode();
    }

    private ObjectNode putActionInteractions(Input in) {
        String trackingId = in.string("trackingId", 1, 256);
        in.list("actionInteractions", 1, 10);
        cp().trackerById(trackingId)
                .orElseThrow(() -> ApiException.notFound("The trackingId " + trackingId + " is not valid."));
        return JSON.objectNode();
    }
}
