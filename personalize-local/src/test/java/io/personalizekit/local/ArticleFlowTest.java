package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.ResourceInUseException;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeevents.model.Item;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.GetRecommendationsResponse;
import software.amazon.awssdk.services.personalizeruntime.model.PredictedItem;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The article's whole flow through the real SDK v2 clients: schemas, dataset group, datasets, CSVs in S3, import
 * jobs, an {@code aws-similar-items} solution, a solution version, a campaign, then GetRecommendations with 25
 * results; plus metrics, filters, PutItems/PutEvents and a batch inference job on the same model.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArticleFlowTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    /** The article's Items schema, verbatim (record name "ITEMS", its own namespace). */
    static final String ARTICLE_ITEMS_SCHEMA = "{\n  \"type\": \"record\",\n  \"name\": \"ITEMS\",\n"
            + "  \"namespace\": \"com.seeeff.personalize.schema\",\n  \"fields\": [\n"
            + "    {\"name\": \"ITEM_ID\", \"type\": \"string\"},\n"
            + "    {\"name\": \"LABELS\", \"type\": [\"null\", \"string\"], \"categorical\": true},\n"
            + "    {\"name\": \"CREATION_TIMESTAMP\", \"type\": \"long\"}\n  ],\n  \"version\": \"1.0\"\n}";

    static PersonalizeClient p;
    static PersonalizeRuntimeClient runtime;
    static PersonalizeEventsClient events;
    static String group;
    static String itemsDataset;
    static String interactionsDataset;
    static String solution;
    static String version;
    static String campaign;

    @BeforeAll
    static void clients() {
        p = LOCAL.local().personalizeClient();
        runtime = LOCAL.local().runtimeClient();
        events = LOCAL.local().eventsClient();
    }

    private static String groupStatus() {
        return p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                .datasetGroup()
                .status();
    }

    @Test
    @Order(1)
    void importsTheArticlesCsvsFromS3() {
        S3Client s3 = LOCAL.local().s3Client();
        s3.createBucket(r -> r.bucket("news"));
        s3.putObject(r -> r.bucket("news").key("items/items.csv"), RequestBody.fromString(Articles.itemsCsv()));
        s3.putObject(r -> r.bucket("news").key("interactions.csv"), RequestBody.fromString(Articles.interactionsCsv()));

        String itemsSchema = p.createSchema(r -> r.name("news-items").schema(ARTICLE_ITEMS_SCHEMA))
                .schemaArn();
        String interactionsSchema = p.createSchema(
                        r -> r.name("news-interactions").schema(Fixtures.INTERACTIONS_SCHEMA))
                .schemaArn();
        group = p.createDatasetGroup(r -> r.name("news-articles")).datasetGroupArn();
        assertThat(Await.terminal(ArticleFlowTest::groupStatus)).isEqualTo("ACTIVE");

        itemsDataset = p.createDataset(r -> r.name("news-items")
                        .datasetGroupArn(group)
                        .schemaArn(itemsSchema)
                        .datasetType("Items"))
                .datasetArn();
        interactionsDataset = p.createDataset(r -> r.name("news-interactions")
                        .datasetGroupArn(group)
                        .schemaArn(interactionsSchema)
                        .datasetType("Interactions"))
                .datasetArn();
        for (String ds : List.of(itemsDataset, interactionsDataset)) {
            assertThat(Await.terminal(() ->
                            p.describeDataset(r -> r.datasetArn(ds)).dataset().status()))
                    .isEqualTo("ACTIVE");
        }

        String itemsJob = p.createDatasetImportJob(r -> r.jobName("news-items-import")
                        .datasetArn(itemsDataset)
                        .roleArn(Fixtures.ROLE)
                        .dataSource(s -> s.dataLocation("s3://news/items/")))
                .datasetImportJobArn();
        String interactionsJob = p.createDatasetImportJob(r -> r.jobName("news-interactions-import")
                        .datasetArn(interactionsDataset)
                        .roleArn(Fixtures.ROLE)
                        .dataSource(s -> s.dataLocation("s3://news/interactions.csv")))
                .datasetImportJobArn();
        for (String job : List.of(itemsJob, interactionsJob)) {
            var described =
                    p.describeDatasetImportJob(r -> r.datasetImportJobArn(job)).datasetImportJob();
            assertThat(described.importModeAsString()).isEqualTo("FULL");
            String status = Await.terminal(() -> p.describeDatasetImportJob(r -> r.datasetImportJobArn(job))
                    .datasetImportJob()
                    .status());
            assertThat(status)
                    .as(p.describeDatasetImportJob(r -> r.datasetImportJobArn(job))
                            .datasetImportJob()
                            .failureReason())
                    .isEqualTo("ACTIVE");
        }
        assertThat(p.listDatasetImportJobs(r -> r.datasetArn(itemsDataset)).datasetImportJobs())
                .singleElement()
                .satisfies(j -> assertThat(j.jobName()).isEqualTo("news-items-import"));
    }

    @Test
    @Order(2)
    void trainsSimilarItemsAndReportsMetrics() {
        solution = p.createSolution(r -> r.name("news-similar-items")
                        .datasetGroupArn(group)
                        .recipeArn(Fixtures.SIMILAR_ITEMS)
                        .performAutoTraining(false))
                .solutionArn();
        assertThat(Await.terminal(() -> p.describeSolution(r -> r.solutionArn(solution))
                        .solution()
                        .status()))
                .isEqualTo("ACTIVE");
        version = p.createSolutionVersion(r -> r.solutionArn(solution)).solutionVersionArn();
        assertThat(version).matches(java.util.regex.Pattern.quote(solution) + "/[0-9a-f]{8}");
        String status = Await.terminal(() -> p.describeSolutionVersion(r -> r.solutionVersionArn(version))
                .solutionVersion()
                .status());
        var sv = p.describeSolutionVersion(r -> r.solutionVersionArn(version)).solutionVersion();
        assertThat(status).as(String.valueOf(sv.failureReason())).isEqualTo("ACTIVE");
        assertThat(sv.trainingModeAsString()).isEqualTo("FULL");
        assertThat(sv.recipeArn()).isEqualTo(Fixtures.SIMILAR_ITEMS);
        assertThat(p.describeSolution(r -> r.solutionArn(solution)).solution().performAutoTraining())
                .isFalse();

        var metrics = p.getSolutionMetrics(r -> r.solutionVersionArn(version)).metrics();
        assertThat(metrics).containsKey("coverage");
        metrics.values().forEach(v -> assertThat(v).isBetween(0.0, 1.0));
    }

    @Test
    @Order(3)
    void campaignServesTwentyFiveSimilarArticlesWithoutScores() {
        campaign = p.createCampaign(
                        r -> r.name("news-campaign").solutionVersionArn(version).minProvisionedTPS(1))
                .campaignArn();
        assertThat(Await.terminal(() -> p.describeCampaign(r -> r.campaignArn(campaign))
                        .campaign()
                        .status()))
                .isEqualTo("ACTIVE");

        GetRecommendationsResponse response = runtime.getRecommendations(
                r -> r.campaignArn(campaign).itemId("1").numResults(25));

        assertThat(response.recommendationId()).startsWith("RID-");
        assertThat(response.itemList())
                .hasSize(25)
                .allSatisfy(i -> assertThat(i.score()).isNull());
        List<String> ids =
                response.itemList().stream().map(PredictedItem::itemId).collect(Collectors.toList());
        assertThat(ids).doesNotHaveDuplicates().doesNotContain("1");
        // Article 1 is a SCIENCE article (1 % 8); its readers read science: most neighbours share the topic.
        long sameTopic = ids.stream()
                .filter(i -> Articles.topicOf(Integer.parseInt(i)).equals("SCIENCE"))
                .count();
        assertThat(sameTopic).isGreaterThanOrEqualTo(10);
    }

    @Test
    @Order(4)
    void unknownItemGetsPopularItems() {
        var response = runtime.getRecommendations(r -> r.campaignArn(campaign).itemId("no-such-article"));
        assertThat(response.itemList()).hasSize(25);
    }

    @Test
    @Order(5)
    void putItemsAndPutEventsAreAccepted() {
        events.putItems(r -> r.datasetArn(itemsDataset)
                .items(Item.builder()
                        .itemId("201")
                        .properties("{\"labels\":\"SPORTS|HEALTH\",\"creationTimestamp\":1700000000}")
                        .build()));
        String trackingId = p.createEventTracker(r -> r.name("news-tracker").datasetGroupArn(group))
                .trackingId();
        String tracker = p.listEventTrackers(r -> r.datasetGroupArn(group))
                .eventTrackers()
                .get(0)
                .eventTrackerArn();
        Await.terminal(() -> p.describeEventTracker(r -> r.eventTrackerArn(tracker))
                .eventTracker()
                .status());
        events.putEvents(r -> r.trackingId(trackingId)
                .userId("1")
                .sessionId("s-1")
                .eventList(e -> e.eventType("click").itemId("201").sentAt(java.time.Instant.now())));
    }

    @Test
    @Order(6)
    void batchInferenceWritesInputNameDotOut() {
        S3Client s3 = LOCAL.local().s3Client();
        s3.putObject(
                r -> r.bucket("news").key("batch/in/articles.json"),
                RequestBody.fromString("{\"itemId\": \"1\"}\n{\"itemId\": \"2\"}\n"));
        String job = p.createBatchInferenceJob(r -> r.jobName("news-batch")
                        .solutionVersionArn(version)
                        .numResults(10)
                        .roleArn(Fixtures.ROLE)
                        .jobInput(i -> i.s3DataSource(s -> s.path("s3://news/batch/in/articles.json")))
                        .jobOutput(o -> o.s3DataDestination(s -> s.path("s3://news/batch/out/"))))
                .batchInferenceJobArn();
        String status = Await.terminal(() -> p.describeBatchInferenceJob(r -> r.batchInferenceJobArn(job))
                .batchInferenceJob()
                .status());
        assertThat(status).isEqualTo("ACTIVE");
        String out = s3.getObjectAsBytes(r -> r.bucket("news").key("batch/out/articles.json.out"))
                .asString(StandardCharsets.UTF_8);
        List<String> lines = out.lines().collect(Collectors.toList());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"input\":{\"itemId\":\"1\"},\"output\":{\"recommendedItems\":[");
    }

    @Test
    @Order(7)
    void teardownFollowsTheDeletionOrder() {
        assertThatThrownBy(() -> p.deleteSolution(r -> r.solutionArn(solution)))
                .isInstanceOf(ResourceInUseException.class);
        p.deleteCampaign(r -> r.campaignArn(campaign));
        Await.gone(() -> p.describeCampaign(r -> r.campaignArn(campaign)));
        p.deleteSolution(r -> r.solutionArn(solution));
        assertThatThrownBy(() -> p.deleteDatasetGroup(r -> r.datasetGroupArn(group)))
                .isInstanceOf(ResourceInUseException.class);
        Await.gone(() -> p.describeSolution(r -> r.solutionArn(solution)));
        assertThatThrownBy(() -> p.describeSolutionVersion(r -> r.solutionVersionArn(version)))
                .as("versions go with their solution")
                .isInstanceOf(ResourceNotFoundException.class);
        p.listEventTrackers(r -> r.datasetGroupArn(group)).eventTrackers().forEach(t -> {
            p.deleteEventTracker(r -> r.eventTrackerArn(t.eventTrackerArn()));
            Await.gone(() -> p.describeEventTracker(r -> r.eventTrackerArn(t.eventTrackerArn())));
        });
        p.deleteDataset(r -> r.datasetArn(itemsDataset));
        p.deleteDataset(r -> r.datasetArn(interactionsDataset));
        Await.gone(() -> p.describeDataset(r -> r.datasetArn(itemsDataset)));
        Await.gone(() -> p.describeDataset(r -> r.datasetArn(interactionsDataset)));
        p.deleteDatasetGroup(r -> r.datasetGroupArn(group));
        Await.gone(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group)));
        assertThat(p.listDatasetGroups(r -> {}).datasetGroups()).isEmpty();
    }
}
