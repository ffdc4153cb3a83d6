package io.personalizekit.local.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.local.internal.DataService.S3Location;
import io.personalizekit.local.internal.data.CsvImporter;
import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.local.internal.data.ImportOutcome;
import io.personalizekit.local.internal.data.ModelTrainer;
import io.personalizekit.local.internal.data.TrainedModel;
import io.personalizekit.local.internal.data.TrainingConfig;
import io.personalizekit.local.internal.data.TrainingFailedException;
import io.personalizekit.local.internal.recipe.CampaignSettings;
import io.personalizekit.local.internal.recipe.Query;
import io.personalizekit.local.internal.recipe.Recipe;
import io.personalizekit.local.internal.recipe.RecipeCatalog;
import io.personalizekit.local.internal.recipe.RecipeType;
import io.personalizekit.local.internal.recipe.Requirements;
import io.personalizekit.local.internal.recipe.ScoredItem;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The data plane's asynchronous work behind the control plane's resources: dataset import jobs, solution version
 * training and batch inference jobs. Each runs on the worker pool and completes with {@code null} on success or
 * with the failure reason in the service's words; the data a job reads is snapshotted when it is created.
 */
final class BackgroundJobs {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BackgroundJobs.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final S3Storage storage;
    private final ExecutorService worker;
    private final DataState state;
    private final Filters filters;
    private final CsvImporter importer = CsvImporter.create();
    private final ModelTrainer trainer = ModelTrainer.create();

    BackgroundJobs(S3Storage storage, ExecutorService worker, DataState state, Filters filters) {
        this.storage = storage;
        this.worker = worker;
        this.state = state;
        this.filters = filters;
    }

    /** A dataset import job: reads the CSV files at its data location and merges them into the dataset. */
    CompletableFuture<@Nullable String> importData(
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
                    state.mergeImported(dataset, outcome.data(), incremental);
                    if (schema.datasetType() == DatasetType.INTERACTIONS) {
                        publishAttributionReport(job, dataset, new ArrayList<>(files.values()), incremental);
                    }
                    return null;
                },
                worker);
    }

    /**
     * What an interactions import adds to the group's metric attribution, and its S3 report when asked for. The
     * import has succeeded; a report that cannot be written is logged, not a failure of the import.
     */
    private void publishAttributionReport(Resource job, Resource dataset, List<byte[]> files, boolean incremental) {
        java.util.Optional<AttributionMetrics.Report> report;
        try {
            report = state.attribution().importReport(job, dataset, files, incremental);
        } catch (IllegalArgumentException e) {
            log.warn("Import job {}: cannot compute its metric attribution figures: {}", job.arn, e.getMessage());
            return;
        }
        report.ifPresent(r -> {
            try {
                storage.put(r.bucket(), r.key(), r.content());
            } catch (S3Storage.Failure f) {
                log.warn(
                        "Import job {}: cannot write the metric attribution report s3://{}/{}: {}",
                        job.arn,
                        r.bucket(),
                        r.key(),
                        f.failureReason());
            }
        });
    }

    /**
     * A solution version's training with the solution's recipe and hyperparameters, on a snapshot (taken now) of
     * the datasets the recipe reads.
     */
    CompletableFuture<@Nullable String> train(Resource version, Resource solution) {
        String groupArn = solution.attr("datasetGroupArn");
        String recipeArn = solution.attr("recipeArn");
        TrainingConfig config = trainingConfig(solution);
        Recipe recipe = RecipeCatalog.trainable(recipeArn).orElse(null);
        if (recipe == null) {
            String reason = "Recipe " + recipeArn.substring(recipeArn.lastIndexOf('/') + 1)
                    + " is not supported by personalize-local. Supported recipes: "
                    + String.join(", ", RecipeCatalog.trainableNames()) + ".";
            return CompletableFuture.supplyAsync(() -> reason, worker);
        }
        Requirements needs = recipe.requirements();
        DatasetData interactions = snapshot(groupArn, DatasetType.INTERACTIONS);
        DatasetData items = needs.reads(DatasetType.ITEMS) ? snapshot(groupArn, DatasetType.ITEMS) : null;
        DatasetData users = needs.reads(DatasetType.USERS) ? snapshot(groupArn, DatasetType.USERS) : null;
        DatasetData trainingInteractions =
                interactions == null ? DatasetData.empty(DatasetType.INTERACTIONS) : interactions;
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        DataState.setModel(version, trainer.train(recipe, trainingInteractions, items, users, config));
                        DataState.setTrainingHours(version, trainingInteractions.size());
                        return null;
                    } catch (TrainingFailedException e) {
                        return e.failureReason();
                    }
                },
                worker);
    }

    /**
     * A solution's training settings: {@code solutionConfig.algorithmHyperParameters},
     * {@code featureTransformationParameters}, {@code eventValueThreshold}, {@code eventsConfig} and the solution's
     * {@code eventType}.
     */
    static TrainingConfig trainingConfig(Resource solution) {
        JsonNode config = solution.attrs.path("solutionConfig");
        List<TrainingConfig.EventParameters> events = new ArrayList<>();
        for (JsonNode p : config.path("eventsConfig").path("eventParametersList")) {
            events.add(new TrainingConfig.EventParameters(
                    p.hasNonNull("eventType") ? p.get("eventType").asText() : null,
                    p.hasNonNull("eventValueThreshold")
                            ? p.get("eventValueThreshold").asDouble()
                            : null,
                    p.hasNonNull("weight") ? p.get("weight").asDouble() : null));
        }
        JsonNode eventType = solution.attrs.get("eventType");
        JsonNode threshold = config.get("eventValueThreshold");
        return new TrainingConfig(
                strings(config.path("algorithmHyperParameters")),
                strings(config.path("featureTransformationParameters")),
                eventType == null || eventType.asText().isEmpty() ? null : eventType.asText(),
                threshold == null || threshold.isNull() ? null : threshold.asText(),
                events);
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> out = new HashMap<>();
        map.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** A copy of the dataset's bulk and streamed data as it is now, or null when the group has no such dataset. */
    private @Nullable DatasetData snapshot(String groupArn, DatasetType type) {
        DatasetData data = DataState.effective(state.dataset(groupArn, type).orElse(null));
        return data == null ? null : data.copy();
    }

    /** A batch inference job: one JSON line of recommendations per input line, into {@code <input>.out} files. */
    CompletableFuture<@Nullable String> batchInference(Resource job, Resource version, @Nullable Resource filter) {
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
                    TrainedModel model = DataState.model(version);
                    if (model == null) {
                        return "The solution version has no model.";
                    }
                    String prefix = out.key().isEmpty() || out.key().endsWith("/") ? out.key() : out.key() + "/";
                    for (Map.Entry<String, byte[]> file : files.entrySet()) {
                        String name = file.getKey().substring(file.getKey().lastIndexOf('/') + 1);
                        byte[] result = batchFile(
                                file.getValue(),
                                version,
                                model,
                                filter,
                                numResults,
                                RuntimeApi.settings(job.attrs.path("batchInferenceJobConfig")));
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

    /**
     * One output file: per input line, the recommendations for its {@code itemId} (related items) or
     * {@code userId} (user personalization), or the ranking of its {@code itemList} for its {@code userId}
     * (personalized ranking); {@code scores} beside the items for the models that score.
     */
    private byte[] batchFile(
            byte[] input,
            Resource version,
            TrainedModel model,
            @Nullable Resource filter,
            int numResults,
            CampaignSettings settings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String groupArn = version.attr("datasetGroupArn");
        RecipeType type = model.recipe().type();
        boolean related = type == RecipeType.RELATED_ITEMS;
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
                        filter == null ? i -> true : filters.predicate(filter, groupArn, filterValues, userId, itemId);
                if (related && itemId == null) {
                    throw new IllegalArgumentException("Input record must have an itemId.");
                }
                if (type != RecipeType.RELATED_ITEMS && type != RecipeType.POPULAR_ITEMS && userId == null) {
                    throw new IllegalArgumentException("Input record must have a userId.");
                }
                Query query = new Query(itemId, userId, List.of(), settings);
                List<ScoredItem> items;
                if (type == RecipeType.PERSONALIZED_RANKING) {
                    List<String> given = new ArrayList<>();
                    in.path("itemList").forEach(i -> given.add(i.asText()));
                    if (given.isEmpty()) {
                        throw new IllegalArgumentException("Input record must have an itemList.");
                    }
                    items = model.rank(query, given, keep);
                } else {
                    items = model.recommend(query, numResults, keep);
                }
                ObjectNode o = result.putObject("output");
                ArrayNode list = o.putArray("recommendedItems");
                items.forEach(i -> list.add(i.itemId()));
                if (model.returnsScores()) {
                    ArrayNode scores = o.putArray("scores");
                    items.forEach(i -> {
                        if (i.hasScore()) {
                            scores.add(i.score());
                        } else {
                            scores.addNull();
                        }
                    });
                }
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
}
