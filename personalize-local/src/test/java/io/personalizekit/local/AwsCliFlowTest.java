package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The article's flow driven by the real AWS CLI ({@code aws --endpoint-url ...}) against a running emulator:
 * schemas, dataset group, datasets, {@code aws s3 cp} of the CSVs, import jobs, training, campaign, then
 * {@code personalize-runtime get-recommendations --item-id 1 --num-results 25}; and a recommender flow: an
 * ECOMMERCE domain dataset group, a best-sellers recommender, {@code get-recommendations --recommender-arn}, and
 * {@code stop-recommender}, after which it serves nothing; a user-personalization flow (User-Personalization-v2
 * {@code get-recommendations --user-id}, Personalized-Ranking-v2 {@code get-personalized-ranking}); and a
 * Next-Best-Action flow (Actions and Action interactions datasets, {@code get-action-recommendations},
 * {@code put-action-interactions}, {@code put-actions}).
 * Skipped with a reason naming the tool when {@code aws} is not on the PATH, a failure instead with {@code
 * -Dinterop.required=true} (see {@link InteropTools}).
 */
class AwsCliFlowTest {
    /**
     * Each CLI call is a Python process (about a second); with time scale 0 and Describe calls that wait for the
     * running import or training, each {@link #awaitActive} needs one call instead of polling until the work ends.
     */
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL =
            PersonalizeLocalExtension.withOptions(o -> o.timeScale(0).describeAwaitsWork(Duration.ofMinutes(1)));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("ACTIVE", "CREATE FAILED");

    @TempDir
    Path dir;

    @BeforeEach
    void requireAwsCli() {
        InteropTools.requireAwsCli(); // skips, or fails with -Dinterop.required=true, when aws is missing
    }

    @Test
    void awsCli_runsTheArticleFlow_andGetsTwentyFiveSimilarArticles() throws Exception {
        String s3 = LOCAL.local().s3Endpoint().toString();
        Files.writeString(dir.resolve("items.csv"), Articles.itemsCsv());
        Files.writeString(dir.resolve("interactions.csv"), Articles.interactionsCsv());
        Files.writeString(dir.resolve("items-schema.json"), ArticleFlowTest.ARTICLE_ITEMS_SCHEMA);
        Files.writeString(dir.resolve("interactions-schema.json"), Fixtures.INTERACTIONS_SCHEMA);

        aws(s3, "s3", "mb", "s3://cli-news");
        aws(s3, "s3", "cp", "items.csv", "s3://cli-news/items.csv");
        aws(s3, "s3", "cp", "interactions.csv", "s3://cli-news/interactions.csv");

        String itemsSchema = personalize("create-schema", "--name", "cli-items", "--schema", "file://items-schema.json")
                .get("schemaArn")
                .asText();
        String interactionsSchema = personalize(
                        "create-schema", "--name", "cli-interactions", "--schema", "file://interactions-schema.json")
                .get("schemaArn")
                .asText();
        String group = personalize("create-dataset-group", "--name", "cli-news")
                .get("datasetGroupArn")
                .asText();
        awaitActive("describe-dataset-group", "--dataset-group-arn", group, "datasetGroup");

        String items = personalize(
                        "create-dataset",
                        "--name",
                        "cli-items",
                        "--dataset-group-arn",
                        group,
                        "--schema-arn",
                        itemsSchema,
                        "--dataset-type",
                        "Items")
                .get("datasetArn")
                .asText();
        String interactions = personalize(
                        "create-dataset",
                        "--name",
                        "cli-interactions",
                        "--dataset-group-arn",
                        group,
                        "--schema-arn",
                        interactionsSchema,
                        "--dataset-type",
                        "Interactions")
                .get("datasetArn")
                .asText();
        awaitActive("describe-dataset", "--dataset-arn", interactions, "dataset");

        String itemsJob = personalize(
                        "create-dataset-import-job",
                        "--job-name",
                        "cli-items-import",
                        "--dataset-arn",
                        items,
                        "--data-source",
                        "dataLocation=s3://cli-news/items.csv",
                        "--role-arn",
                        Fixtures.ROLE)
                .get("datasetImportJobArn")
                .asText();
        String interactionsJob = personalize(
                        "create-dataset-import-job",
                        "--job-name",
                        "cli-interactions-import",
                        "--dataset-arn",
                        interactions,
                        "--data-source",
                        "dataLocation=s3://cli-news/interactions.csv",
                        "--role-arn",
                        Fixtures.ROLE)
                .get("datasetImportJobArn")
                .asText();
        awaitActive("describe-dataset-import-job", "--dataset-import-job-arn", itemsJob, "datasetImportJob");
        awaitActive("describe-dataset-import-job", "--dataset-import-job-arn", interactionsJob, "datasetImportJob");

        String solution = personalize(
                        "create-solution",
                        "--name",
                        "cli-similar-items",
                        "--dataset-group-arn",
                        group,
                        "--recipe-arn",
                        Fixtures.SIMILAR_ITEMS,
                        "--no-perform-auto-training")
                .get("solutionArn")
                .asText();
        awaitActive("describe-solution", "--solution-arn", solution, "solution");
        String version = personalize("create-solution-version", "--solution-arn", solution)
                .get("solutionVersionArn")
                .asText();
        awaitActive("describe-solution-version", "--solution-version-arn", version, "solutionVersion");
        String campaign = personalize(
                        "create-campaign",
                        "--name",
                        "cli-campaign",
                        "--solution-version-arn",
                        version,
                        "--min-provisioned-tps",
                        "1")
                .get("campaignArn")
                .asText();
        JsonNode described = awaitActive("describe-campaign", "--campaign-arn", campaign, "campaign");
        // CLI v1 prints the wire's epoch seconds; CLI v2 renders ISO-8601: both parse it as a timestamp.
        JsonNode created = described.get("creationDateTime");
        assertThat(created.isNumber() ? String.valueOf(created.asLong()) : created.asText())
                .matches("\\d{10}|\\d{4}-\\d\\d-\\d\\dT.*");

        JsonNode recs = json(aws(
                LOCAL.local().endpoint().toString(),
                "personalize-runtime",
                "get-recommendations",
                "--campaign-arn",
                campaign,
                "--item-id",
                "1",
                "--num-results",
                "25"));
        assertThat(recs.get("itemList")).hasSize(25);
        recs.get("itemList").forEach(i -> assertThat(i.has("score")).isFalse());
        assertThat(recs.get("recommendationId").asText()).startsWith("RID-");

        Result missing = run(
                LOCAL.local().endpoint().toString(),
                List.of("personalize", "describe-campaign", "--campaign-arn", campaign + "-missing"));
        assertThat(missing.exitCode).isNotZero();
        assertThat(missing.err).contains("ResourceNotFoundException").contains("DescribeCampaign");
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void awsCli_runsANextBestActionFlow_andPutActionsAndActionInteractionsChangeTheNextAnswer() throws Exception {
        Planted.Actions data = Planted.actions(5, 800, 10);
        String s3 = LOCAL.local().s3Endpoint().toString();
        aws(s3, "s3", "mb", "s3://cli-nba");
        String group = personalize("create-dataset-group", "--name", "cli-nba")
                .get("datasetGroupArn")
                .asText();
        awaitActive("describe-dataset-group", "--dataset-group-arn", group, "datasetGroup");
        importedDataset(
                group, "cli-nba-interactions", "Interactions", Planted.INTERACTIONS_SCHEMA, data.interactionsCsv);
        String actions = importedDataset(group, "cli-nba-actions", "Actions", Planted.ACTIONS_SCHEMA, data.actionsCsv);
        String actionInteractions = importedDataset(
                group,
                "cli-nba-action-interactions",
                "Action_Interactions",
                Planted.ACTION_INTERACTIONS_SCHEMA,
                data.actionInteractionsCsv);
        String trackingId = awaitActive("describe-dataset", "--dataset-arn", actionInteractions, "dataset")
                .get("trackingId")
                .asText();
        String solution = personalize(
                        "create-solution",
                        "--name",
                        "cli-nba",
                        "--dataset-group-arn",
                        group,
                        "--recipe-arn",
                        "arn:aws:personalize:::recipe/aws-next-best-action",
                        "--no-perform-auto-training")
                .get("solutionArn")
                .asText();
        awaitActive("describe-solution", "--solution-arn", solution, "solution");
        String version = personalize("create-solution-version", "--solution-arn", solution)
                .get("solutionVersionArn")
                .asText();
        awaitActive("describe-solution-version", "--solution-version-arn", version, "solutionVersion");
        String campaign = personalize("create-campaign", "--name", "cli-nba", "--solution-version-arn", version)
                .get("campaignArn")
                .asText();
        awaitActive("describe-campaign", "--campaign-arn", campaign, "campaign");

        JsonNode top = actionRecommendations(campaign, "user1", 5);
        assertThat(top).hasSize(5);
        top.forEach(a -> assertThat(a.get("score").asDouble()).isStrictlyBetween(0.0, 1.0));
        List<String> fromSdk = LOCAL
                .local()
                .runtimeClient()
                .getActionRecommendations(
                        r -> r.campaignArn(campaign).userId("user1").numResults(5))
                .actionList()
                .stream()
                .map(a -> a.actionId() + " " + a.score())
                .toList();
        List<String> fromCli = new ArrayList<>();
        top.forEach(a ->
                fromCli.add(a.get("actionId").asText() + " " + a.get("score").asDouble()));
        assertThat(fromCli).isEqualTo(fromSdk);

        StringBuilder events = new StringBuilder("[");
        for (int k = 0; k < 3; k++) {
            events.append(k == 0 ? "" : ",")
                    .append(actionEvent("loyalty-" + k, "Taken"))
                    .append(',')
                    .append(actionEvent("email-" + k, "Not Taken"))
                    .append(',')
                    .append(actionEvent("app-" + k, "NOT_TAKEN"));
        }
        Files.writeString(dir.resolve("action-interactions.json"), events.append(']'));
        aws(
                LOCAL.local().endpoint().toString(),
                "personalize-events",
                "put-action-interactions",
                "--tracking-id",
                trackingId,
                "--action-interactions",
                "file://action-interactions.json");
        JsonNode fresh = actionRecommendations(campaign, "cli-fresh", 3);
        assertThat(fresh).hasSize(3);
        fresh.forEach(a -> assertThat(a.get("actionId").asText()).startsWith("loyalty-"));

        Files.writeString(
                dir.resolve("actions.json"),
                "[{\"actionId\":\"cli-promo\",\"properties\":\"{\\\"type\\\":\\\"promo\\\",\\\"value\\\":10}\"}]");
        aws(
                LOCAL.local().endpoint().toString(),
                "personalize-events",
                "put-actions",
                "--dataset-arn",
                actions,
                "--actions",
                "file://actions.json");
        Map<String, Double> all = new java.util.LinkedHashMap<>();
        actionRecommendations(campaign, "user1", 100)
                .forEach(a -> all.put(a.get("actionId").asText(), a.get("score").asDouble()));
        assertThat(all)
                .containsEntry("cli-promo", 0.0)
                .containsKeys(data.typeOfAction.keySet().toArray(new String[0]));
    }

    /** One action interaction of user {@code cli-fresh}, as the CLI takes it (timestamp in epoch seconds). */
    private static String actionEvent(String actionId, String eventType) {
        return "{\"actionId\":\"" + actionId + "\",\"userId\":\"cli-fresh\",\"sessionId\":\"cli-session\","
                + "\"timestamp\":" + java.time.Instant.now().getEpochSecond() + ",\"eventType\":\"" + eventType + "\"}";
    }

    private JsonNode actionRecommendations(String campaign, String user, int n) throws Exception {
        JsonNode out = json(aws(
                LOCAL.local().endpoint().toString(),
                "personalize-runtime",
                "get-action-recommendations",
                "--campaign-arn",
                campaign,
                "--user-id",
                user,
                "--num-results",
                String.valueOf(n)));
        assertThat(out.get("recommendationId").asText()).startsWith("RID-");
        return out.get("actionList");
    }

    /** A dataset of the group with its own schema, its CSV copied to S3 with the CLI and imported; its ARN. */
    private String importedDataset(String group, String name, String type, String schema, String csv) throws Exception {
        Files.writeString(dir.resolve(name + ".json"), schema);
        Files.writeString(dir.resolve(name + ".csv"), csv);
        aws(LOCAL.local().s3Endpoint().toString(), "s3", "cp", name + ".csv", "s3://cli-nba/" + name + ".csv");
        String schemaArn = personalize("create-schema", "--name", name, "--schema", "file://" + name + ".json")
                .get("schemaArn")
                .asText();
        String dataset = personalize(
                        "create-dataset",
                        "--name",
                        name,
                        "--dataset-group-arn",
                        group,
                        "--schema-arn",
                        schemaArn,
                        "--dataset-type",
                        type)
                .get("datasetArn")
                .asText();
        awaitActive("describe-dataset", "--dataset-arn", dataset, "dataset");
        String job = personalize(
                        "create-dataset-import-job",
                        "--job-name",
                        name + "-import",
                        "--dataset-arn",
                        dataset,
                        "--data-source",
                        "dataLocation=s3://cli-nba/" + name + ".csv",
                        "--role-arn",
                        Fixtures.ROLE)
                .get("datasetImportJobArn")
                .asText();
        awaitActive("describe-dataset-import-job", "--dataset-import-job-arn", job, "datasetImportJob");
        return dataset;
    }

    @Test
    void awsCli_runsARecommenderFlow_onAnEcommerceDomainDatasetGroup() throws Exception {
        String s3 = LOCAL.local().s3Endpoint().toString();
        Files.writeString(dir.resolve("interactions.csv"), DomainData.ecommerceInteractions(8));
        Files.writeString(dir.resolve("interactions-schema.json"), DomainData.ECOMMERCE_INTERACTIONS_SCHEMA);
        aws(s3, "s3", "mb", "s3://cli-shop");
        aws(s3, "s3", "cp", "interactions.csv", "s3://cli-shop/interactions.csv");

        String group = personalize("create-dataset-group", "--name", "cli-shop", "--domain", "ECOMMERCE")
                .get("datasetGroupArn")
                .asText();
        assertThat(awaitActive("describe-dataset-group", "--dataset-group-arn", group, "datasetGroup")
                        .get("domain")
                        .asText())
                .isEqualTo("ECOMMERCE");
        String schema = personalize(
                        "create-schema",
                        "--name",
                        "cli-shop-interactions",
                        "--domain",
                        "ECOMMERCE",
                        "--schema",
                        "file://interactions-schema.json")
                .get("schemaArn")
                .asText();
        String dataset = personalize(
                        "create-dataset",
                        "--name",
                        "cli-shop-interactions",
                        "--dataset-group-arn",
                        group,
                        "--schema-arn",
                        schema,
                        "--dataset-type",
                        "Interactions")
                .get("datasetArn")
                .asText();
        awaitActive("describe-dataset", "--dataset-arn", dataset, "dataset");
        String job = personalize(
                        "create-dataset-import-job",
                        "--job-name",
                        "cli-shop-import",
                        "--dataset-arn",
                        dataset,
                        "--data-source",
                        "dataLocation=s3://cli-shop/interactions.csv",
                        "--role-arn",
                        Fixtures.ROLE)
                .get("datasetImportJobArn")
                .asText();
        awaitActive("describe-dataset-import-job", "--dataset-import-job-arn", job, "datasetImportJob");

        String recommender = personalize(
                        "create-recommender",
                        "--name",
                        "cli-best-sellers",
                        "--dataset-group-arn",
                        group,
                        "--recipe-arn",
                        "arn:aws:personalize:::recipe/aws-ecomm-popular-items-by-purchases")
                .get("recommenderArn")
                .asText();
        JsonNode described = awaitActive("describe-recommender", "--recommender-arn", recommender, "recommender");
        assertThat(described
                        .path("recommenderConfig")
                        .path("minRecommendationRequestsPerSecond")
                        .asInt())
                .isEqualTo(1);

        JsonNode recs = json(aws(
                LOCAL.local().endpoint().toString(),
                "personalize-runtime",
                "get-recommendations",
                "--recommender-arn",
                recommender,
                "--user-id",
                "u1",
                "--num-results",
                "10"));
        assertThat(recs.get("itemList")).hasSize(10);
        assertThat(recs.get("itemList").get(0).get("itemId").asText())
                .as("the best seller, counted from Purchase events")
                .isEqualTo("p99");

        personalize("stop-recommender", "--recommender-arn", recommender);
        for (int i = 0;
                i < 20
                        && !personalize("describe-recommender", "--recommender-arn", recommender)
                                .path("recommender")
                                .path("status")
                                .asText()
                                .equals("INACTIVE");
                i++) {
            // each describe is one CLI process, which takes longer than the scaled stop
        }
        Result stopped = run(
                LOCAL.local().endpoint().toString(),
                List.of(
                        "personalize-runtime",
                        "get-recommendations",
                        "--recommender-arn",
                        recommender,
                        "--user-id",
                        "u1"));
        assertThat(stopped.exitCode).as("a stopped recommender serves nothing").isNotZero();
        assertThat(stopped.err).contains("ResourceNotFoundException").contains("INACTIVE");
    }

    private JsonNode awaitActive(String operation, String arnOption, String arn, String key) throws Exception {
        for (int i = 0; i < 20; i++) {
            JsonNode resource = personalize(operation, arnOption, arn).get(key);
            if (TERMINAL.contains(resource.get("status").asText())) {
                assertThat(resource.get("status").asText())
                        .as(
                                "%s %s: %s",
                                operation, arn, resource.path("failureReason").asText())
                        .isEqualTo("ACTIVE");
                return resource;
            }
        }
        throw new AssertionError(operation + " " + arn + " never became ACTIVE");
    }

    private JsonNode personalize(String... args) throws Exception {
        List<String> all = new ArrayList<>();
        all.add("personalize");
        all.addAll(List.of(args));
        return json(aws(LOCAL.local().endpoint().toString(), all.toArray(new String[0])));
    }

    private static JsonNode json(String out) throws IOException {
        return JSON.readTree(out);
    }

    private record Result(int exitCode, String out, String err) {}

    private String aws(String endpoint, String... args) throws Exception {
        Result r = run(endpoint, List.of(args));
        assertThat(r.exitCode)
                .as("aws %s failed:%n%s%n%s", String.join(" ", args), r.out, r.err)
                .isZero();
        return r.out;
    }

    private Result run(String endpoint, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint, "--output", "json"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", "akid");
        env.put("AWS_SECRET_ACCESS_KEY", "skid");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_PAGER", "");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(
                    "The AWS CLI ('aws') must be on the PATH for this test (.ci/run installs it). Cause: "
                            + e.getMessage(),
                    e);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("aws " + args + " did not finish within 120 s");
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void awsCli_runsAUserPersonalizationFlow_recommendationsForAUserAndAPersonalizedRanking() throws Exception {
        TopicReaders readers = new TopicReaders(300, 12, 41);
        String s3 = LOCAL.local().s3Endpoint().toString();
        Files.writeString(dir.resolve("topic-items.csv"), TopicReaders.itemsCsv());
        Files.writeString(dir.resolve("topic-reads.csv"), readers.interactionsCsv());
        Files.writeString(dir.resolve("topic-items-schema.json"), TopicReaders.ITEMS_SCHEMA);
        Files.writeString(dir.resolve("topic-reads-schema.json"), Fixtures.INTERACTIONS_SCHEMA);
        aws(s3, "s3", "mb", "s3://cli-topics");
        aws(s3, "s3", "cp", "topic-items.csv", "s3://cli-topics/items.csv");
        aws(s3, "s3", "cp", "topic-reads.csv", "s3://cli-topics/interactions.csv");

        String group = personalize("create-dataset-group", "--name", "cli-topics")
                .get("datasetGroupArn")
                .asText();
        awaitActive("describe-dataset-group", "--dataset-group-arn", group, "datasetGroup");
        for (String type : List.of("Items", "Interactions")) {
            String file = type.equals("Items") ? "topic-items" : "topic-reads";
            String schema = personalize(
                            "create-schema",
                            "--name",
                            "cli-topics-" + file,
                            "--schema",
                            "file://" + file + "-schema.json")
                    .get("schemaArn")
                    .asText();
            String dataset = personalize(
                            "create-dataset",
                            "--name",
                            "cli-topics-" + file,
                            "--dataset-group-arn",
                            group,
                            "--schema-arn",
                            schema,
                            "--dataset-type",
                            type)
                    .get("datasetArn")
                    .asText();
            awaitActive("describe-dataset", "--dataset-arn", dataset, "dataset");
            String job = personalize(
                            "create-dataset-import-job",
                            "--job-name",
                            "cli-topics-" + file + "-import",
                            "--dataset-arn",
                            dataset,
                            "--data-source",
                            "dataLocation=s3://cli-topics/" + type.toLowerCase(java.util.Locale.ROOT) + ".csv",
                            "--role-arn",
                            Fixtures.ROLE)
                    .get("datasetImportJobArn")
                    .asText();
            awaitActive("describe-dataset-import-job", "--dataset-import-job-arn", job, "datasetImportJob");
        }

        String up = cliCampaign(group, "cli-up-v2", "aws-user-personalization-v2");
        JsonNode recs = json(aws(
                LOCAL.local().endpoint().toString(),
                "personalize-runtime",
                "get-recommendations",
                "--campaign-arn",
                up,
                "--user-id",
                "u3",
                "--num-results",
                "10"));
        assertThat(recs.get("itemList")).hasSize(10);
        long topic3 = 0;
        for (JsonNode item : recs.get("itemList")) {
            assertThat(item.get("score").asDouble()).isBetween(0.0, 1.0);
            topic3 += TopicReaders.topicOfItem(item.get("itemId").asText()) == 3 ? 1 : 0;
        }
        assertThat(topic3).isGreaterThanOrEqualTo(8);

        String ranking = cliCampaign(group, "cli-ranking", "aws-personalized-ranking-v2");
        JsonNode ranked = json(aws(
                LOCAL.local().endpoint().toString(),
                "personalize-runtime",
                "get-personalized-ranking",
                "--campaign-arn",
                ranking,
                "--user-id",
                "u3",
                "--input-list",
                "t9-2",
                "t3-4",
                "unknown-item",
                "t3-7"));
        List<String> order = new ArrayList<>();
        ranked.get("personalizedRanking").forEach(i -> order.add(i.get("itemId").asText()));
        assertThat(order.subList(0, 2)).containsExactlyInAnyOrder("t3-4", "t3-7");
        assertThat(order.get(3)).isEqualTo("unknown-item");
        assertThat(ranked.get("personalizedRanking").get(3).has("score")).isFalse();
    }

    /** An ACTIVE campaign of a new solution (no automatic training) of the recipe, created through the CLI. */
    private String cliCampaign(String group, String name, String recipe) throws Exception {
        String solution = personalize(
                        "create-solution",
                        "--name",
                        name,
                        "--dataset-group-arn",
                        group,
                        "--recipe-arn",
                        "arn:aws:personalize:::recipe/" + recipe,
                        "--no-perform-auto-training")
                .get("solutionArn")
                .asText();
        awaitActive("describe-solution", "--solution-arn", solution, "solution");
        String version = personalize("create-solution-version", "--solution-arn", solution)
                .get("solutionVersionArn")
                .asText();
        awaitActive("describe-solution-version", "--solution-version-arn", version, "solutionVersion");
        String campaign = personalize("create-campaign", "--name", name, "--solution-version-arn", version)
                .get("campaignArn")
                .asText();
        awaitActive("describe-campaign", "--campaign-arn", campaign, "campaign");
        return campaign;
    }
}
