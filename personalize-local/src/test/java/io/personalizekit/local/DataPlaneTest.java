package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.DatasetImportJob;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeevents.model.Event;
import software.amazon.awssdk.services.personalizeevents.model.Item;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException;
import software.amazon.awssdk.services.personalizeruntime.model.PredictedItem;
import software.amazon.awssdk.services.personalizeruntime.model.ResourceNotFoundException;

/** Imports, training, runtime and events: the failure reasons and validation rules, through the SDK v2. */
class DataPlaneTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    static TestPipeline pipeline;
    static PersonalizeClient p;
    static PersonalizeRuntimeClient runtime;
    static PersonalizeEventsClient events;

    @BeforeAll
    static void pipeline() {
        pipeline = TestPipeline.build(LOCAL.local(), "data-plane", Fixtures.SIMILAR_ITEMS);
        p = LOCAL.local().personalizeClient();
        runtime = LOCAL.local().runtimeClient();
        events = LOCAL.local().eventsClient();
    }

    private static DatasetImportJob importInto(String bucket, String key, String csv, String schema, String type) {
        LOCAL.local().s3Client().createBucket(r -> r.bucket(bucket));
        LOCAL.local().s3Client().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(csv));
        String group = p.createDatasetGroup(r -> r.name(bucket)).datasetGroupArn();
        Await.terminal(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                .datasetGroup()
                .status());
        String schemaArn = p.createSchema(r -> r.name(bucket).schema(schema)).schemaArn();
        String dataset = p.createDataset(r -> r.name(bucket)
                        .datasetGroupArn(group)
                        .schemaArn(schemaArn)
                        .datasetType(type))
                .datasetArn();
        Await.terminal(
                () -> p.describeDataset(r -> r.datasetArn(dataset)).dataset().status());
        String job = p.createDatasetImportJob(r -> r.jobName(bucket)
                        .datasetArn(dataset)
                        .roleArn(Fixtures.ROLE)
                        .dataSource(s -> s.dataLocation("s3://" + bucket + "/" + key)))
                .datasetImportJobArn();
        Await.terminal(() -> p.describeDatasetImportJob(r -> r.datasetImportJobArn(job))
                .datasetImportJob()
                .status());
        return p.describeDatasetImportJob(r -> r.datasetImportJobArn(job)).datasetImportJob();
    }

    @Test
    void importJob_whenCsvMissesAColumn_failsWithTheServiceReason() {
        DatasetImportJob job =
                importInto("missing-column", "items.csv", "ITEM_ID,LABELS\n1,SPORTS\n", Fixtures.ITEMS_SCHEMA, "Items");

        assertThat(job.status()).isEqualTo("CREATE FAILED");
        assertThat(job.failureReason()).startsWith("Input CSV is missing the following columns:[");
        assertThat(job.failureReason()).contains("CREATION_TIMESTAMP");
    }

    @Test
    void importJob_whenNothingAtTheLocation_failsWithInvalidDataLocation() {
        DatasetImportJob job = importInto("nothing-there", "other.csv", "x", Fixtures.ITEMS_SCHEMA, "Items");
        String dataset = job.datasetArn();
        String second = p.createDatasetImportJob(r -> r.jobName("nothing-there-2")
                        .datasetArn(dataset)
                        .roleArn(Fixtures.ROLE)
                        .dataSource(s -> s.dataLocation("s3://nothing-there/absent.csv")))
                .datasetImportJobArn();
        Await.terminal(() -> p.describeDatasetImportJob(r -> r.datasetImportJobArn(second))
                .datasetImportJob()
                .status());

        var failed =
                p.describeDatasetImportJob(r -> r.datasetImportJobArn(second)).datasetImportJob();
        assertThat(failed.status()).isEqualTo("CREATE FAILED");
        assertThat(failed.failureReason()).isEqualTo("Invalid Data location.");
    }

    @Test
    void solutionVersion_whenTooFewUsersWithTwoInteractions_failsWithTheServiceReason() {
        StringBuilder csv = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        for (int i = 0; i < 1200; i++) {
            csv.append("u")
                    .append(i % 10)
                    .append(",i")
                    .append(i)
                    .append(',')
                    .append(1600000000 + i)
                    .append('\n');
        }
        DatasetImportJob job = importInto(
                "few-users", "interactions.csv", csv.toString(), Fixtures.INTERACTIONS_SCHEMA, "Interactions");
        assertThat(job.status()).isEqualTo("ACTIVE");
        String group =
                p.describeDataset(r -> r.datasetArn(job.datasetArn())).dataset().datasetGroupArn();
        String solution = p.createSolution(r -> r.name("few-users")
                        .datasetGroupArn(group)
                        .recipeArn(Fixtures.SIMILAR_ITEMS)
                        .performAutoTraining(false))
                .solutionArn();
        Await.terminal(() ->
                p.describeSolution(r -> r.solutionArn(solution)).solution().status());
        String version = p.createSolutionVersion(r -> r.solutionArn(solution)).solutionVersionArn();
        Await.terminal(() -> p.describeSolutionVersion(r -> r.solutionVersionArn(version))
                .solutionVersion()
                .status());

        var sv = p.describeSolutionVersion(r -> r.solutionVersionArn(version)).solutionVersion();
        assertThat(sv.status()).isEqualTo("CREATE FAILED");
        assertThat(sv.failureReason())
                .isEqualTo("Create failed. Dataset has fewer than 25 users with at least 2 interactions each.");
        assertThat(p.listSolutionVersions(r -> r.solutionArn(solution)).solutionVersions())
                .singleElement()
                .satisfies(s -> assertThat(s.failureReason()).startsWith("Create failed."));
    }

    @Test
    void getRecommendations_whenInputBreaksLimits_throwsInvalidInputWith400() {
        assertThatThrownBy(() -> runtime.getRecommendations(
                        r -> r.campaignArn(pipeline.campaign).itemId("1").numResults(501)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("numResults").contains("500");
                });
        assertThatThrownBy(() -> runtime.getRecommendations(r -> r.campaignArn(pipeline.campaign)
                        .itemId("1")
                        .numResults(51)
                        .metadataColumns(java.util.Map.of("ITEMS", List.of("LABELS")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("50");
        assertThatThrownBy(() -> runtime.getRecommendations(r -> r.campaignArn(pipeline.campaign)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("itemId");
        assertThat(runtime.getRecommendations(r ->
                                r.campaignArn(pipeline.campaign).itemId("1").numResults(500))
                        .itemList())
                .hasSizeBetween(25, 500);
    }

    @Test
    void getRecommendations_whenCampaignMissing_throwsResourceNotFoundWith404() {
        assertThatThrownBy(() -> runtime.getRecommendations(
                        r -> r.campaignArn(pipeline.campaign + "-gone").itemId("1")))
                .isInstanceOfSatisfying(
                        ResourceNotFoundException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void putItems_whenMoreThanTenOrBadProperties_throwsInvalidInput() {
        List<Item> eleven = IntStream.range(0, 11)
                .mapToObj(i -> Item.builder().itemId("x" + i).build())
                .collect(Collectors.toList());
        assertThatThrownBy(() ->
                        events.putItems(r -> r.datasetArn(pipeline.itemsDataset).items(eleven)))
                .isInstanceOf(software.amazon.awssdk.services.personalizeevents.model.InvalidInputException.class)
                .hasMessageContaining("items");
        assertThatThrownBy(() -> events.putItems(r -> r.datasetArn(pipeline.itemsDataset)
                        .items(Item.builder()
                                .itemId("x")
                                .properties("{not json")
                                .build())))
                .isInstanceOf(software.amazon.awssdk.services.personalizeevents.model.InvalidInputException.class)
                .hasMessageContaining("properties");
        assertThatThrownBy(() -> events.putItems(r -> r.datasetArn(pipeline.itemsDataset)
                        .items(Item.builder()
                                .itemId("x")
                                .properties("{\"colour\":\"red\"}")
                                .build())))
                .isInstanceOf(software.amazon.awssdk.services.personalizeevents.model.InvalidInputException.class)
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> events.putItems(r -> r.datasetArn(pipeline.itemsDataset + "-gone")
                        .items(Item.builder().itemId("x").build())))
                .isInstanceOfSatisfying(
                        software.amazon.awssdk.services.personalizeevents.model.ResourceNotFoundException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void putEvents_acceptsIntegerSentAtAsTheCliSendsIt_andRejectsMissingOnes() throws Exception {
        String trackingId = tracker();
        HttpClient http = HttpClient.newHttpClient();
        String ok = "{\"trackingId\":\"" + trackingId + "\",\"userId\":\"u1\",\"sessionId\":\"s1\","
                + "\"eventList\":[{\"eventType\":\"click\",\"itemId\":\"1\",\"sentAt\":1700000000,"
                + "\"properties\":\"{\\\"device\\\":\\\"phone\\\"}\"}]}";
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(LOCAL.local().endpoint().resolve("/events"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ok))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");

        String bad = ok.replace(",\"sentAt\":1700000000", "");
        HttpResponse<String> rejected = http.send(
                HttpRequest.newBuilder(LOCAL.local().endpoint().resolve("/events"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(bad))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(rejected.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidInputException");
        assertThat(rejected.body()).contains("sentAt");
    }

    private static String trackerId;

    private static synchronized String tracker() {
        if (trackerId == null) {
            trackerId = p.createEventTracker(r -> r.name("data-plane").datasetGroupArn(pipeline.group))
                    .trackingId();
            String arn = p.listEventTrackers(r -> r.datasetGroupArn(pipeline.group))
                    .eventTrackers()
                    .get(0)
                    .eventTrackerArn();
            Await.terminal(() -> p.describeEventTracker(r -> r.eventTrackerArn(arn))
                    .eventTracker()
                    .status());
        }
        return trackerId;
    }

    @Test
    void newItems_becomeSimilarAfterRetraining() {
        String trackingId = tracker();
        events.putItems(r -> r.datasetArn(pipeline.itemsDataset)
                .items(Item.builder()
                        .itemId("fresh-1")
                        .properties("{\"labels\":\"SCIENCE\",\"creationTimestamp\":1700000000}")
                        .build()));
        for (int u = 0; u < 30; u++) {
            String user = "reader-" + u;
            List<Event> list = new ArrayList<>();
            list.add(Event.builder()
                    .eventType("click")
                    .itemId("1")
                    .sentAt(Instant.ofEpochSecond(1700000000L + u))
                    .build());
            list.add(Event.builder()
                    .eventType("click")
                    .itemId("fresh-1")
                    .sentAt(Instant.ofEpochSecond(1700000100L + u))
                    .build());
            events.putEvents(
                    r -> r.trackingId(trackingId).userId(user).sessionId(user).eventList(list));
        }
        List<String> before = similarTo("1", pipeline.campaign);
        assertThat(before).doesNotContain("fresh-1");

        String retrained = TestPipeline.train(p, pipeline.solution);
        p.updateCampaign(r -> r.campaignArn(pipeline.campaign).solutionVersionArn(retrained));
        Await.terminal(() -> p.describeCampaign(r -> r.campaignArn(pipeline.campaign))
                .campaign()
                .latestCampaignUpdate()
                .status());

        var campaign = p.describeCampaign(r -> r.campaignArn(pipeline.campaign)).campaign();
        assertThat(campaign.solutionVersionArn()).isEqualTo(retrained);
        assertThat(campaign.latestCampaignUpdate().solutionVersionArn()).isEqualTo(retrained);
        assertThat(similarTo("1", pipeline.campaign)).contains("fresh-1");
    }

    private static List<String> similarTo(String item, String campaign) {
        return runtime
                .getRecommendations(r -> r.campaignArn(campaign).itemId(item).numResults(25))
                .itemList()
                .stream()
                .map(PredictedItem::itemId)
                .collect(Collectors.toList());
    }

    @Test
    void filters_restrictRecommendations_andBadExpressionsAreRejected() {
        String filter = p.createFilter(r -> r.name("only-labels")
                        .datasetGroupArn(pipeline.group)
                        .filterExpression("INCLUDE ItemID WHERE Items.LABELS IN ($LABELS)"))
                .filterArn();
        Await.terminal(() -> p.describeFilter(r -> r.filterArn(filter)).filter().status());
        assertThat(p.listFilters(r -> r.datasetGroupArn(pipeline.group)).filters())
                .extracting(f -> f.filterArn())
                .contains(filter);

        var response = runtime.getRecommendations(r -> r.campaignArn(pipeline.campaign)
                .itemId("1")
                .numResults(10)
                .filterArn(filter)
                .filterValues(java.util.Map.of("LABELS", "\"SPORTS\"")));
        assertThat(response.itemList()).isNotEmpty().allSatisfy(i -> {
            int id = Integer.parseInt(i.itemId());
            assertThat(List.of(Articles.topicOf(id), Articles.topicOf(id + 3))).contains("SPORTS");
        });
        assertThatThrownBy(() -> runtime.getRecommendations(
                        r -> r.campaignArn(pipeline.campaign).itemId("1").filterArn(filter)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("LABELS");
        assertThatThrownBy(() -> p.createFilter(
                        r -> r.name("broken").datasetGroupArn(pipeline.group).filterExpression("EXCLUDE ItemID WHERE")))
                .isInstanceOf(software.amazon.awssdk.services.personalize.model.InvalidInputException.class);
    }
}
