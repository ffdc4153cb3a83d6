package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalizeevents.model.Event;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.PredictedItem;

/**
 * User-Personalization(-v2) and Personalized-Ranking(-v2) end to end through the real SDK: recommendations for a
 * user with scores, a user's new events changing their next recommendations without retraining,
 * GetPersonalizedRanking with filters, context and metadata, the campaign configuration that changes answers,
 * the solution's event type filter, batch inference, and the service's refusals.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class UserPersonalizationFlowTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    private static final TopicReaders READERS = new TopicReaders(300, 12, 99);
    private static final long LATER = TopicReaders.START + 1_000_000;
    private static RecipeGroup group;
    private static String upV2Version;
    private static String upV2;

    @BeforeAll
    static void group() {
        String items = TopicReaders.itemsCsv() + "fresh-1,topic0," + (TopicReaders.START - 3_600) + "\n";
        group = RecipeGroup.create(
                LOCAL.local(),
                "up-flow",
                RecipeGroup.INTERACTIONS_WITH_TYPES_SCHEMA,
                READERS.interactionsCsv("click"),
                TopicReaders.ITEMS_SCHEMA,
                items);
        upV2Version = group.version("v2", "aws-user-personalization-v2");
        upV2 = group.campaign("v2", upV2Version, c -> {});
    }

    private static List<String> ids(List<PredictedItem> items) {
        return items.stream().map(PredictedItem::itemId).collect(Collectors.toList());
    }

    private static long inTopic(List<String> items, int topic) {
        return items.stream().filter(i -> i.startsWith("t" + topic + "-")).count();
    }

    @Test
    void userPersonalizationV2_recommendsTheUsersTopic_withScores_andItemMetadata() {
        PersonalizeRuntimeClient runtime = LOCAL.local().runtimeClient();
        List<PredictedItem> items = runtime.getRecommendations(
                        r -> r.campaignArn(upV2).userId("u4"))
                .itemList();

        assertThat(items)
                .hasSize(25)
                .allSatisfy(i -> assertThat(i.score()).isNotNull().isBetween(0.0, 1.0));
        for (int k = 1; k < 10; k++) {
            assertThat(items.get(k).score())
                    .isLessThanOrEqualTo(items.get(k - 1).score());
        }
        assertThat(inTopic(ids(items).subList(0, 10), 4)).isGreaterThanOrEqualTo(8);
        // User-Personalization-v2 returns item metadata without enableMetadataWithRecommendations
        List<PredictedItem> withMetadata = runtime.getRecommendations(r -> r.campaignArn(upV2)
                        .userId("u4")
                        .numResults(5)
                        .metadataColumns(Map.of("ITEMS", List.of("TOPIC"))))
                .itemList();
        assertThat(withMetadata).allSatisfy(i -> assertThat(i.metadata()).containsKey("TOPIC"));
        assertThat(withMetadata.get(0).metadata().get("TOPIC")).isEqualTo("topic4");

        assertThatThrownBy(() ->
                        runtime.getRecommendations(r -> r.campaignArn(upV2).itemId("t4-1")))
                .isInstanceOf(software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException.class)
                .hasMessageContaining("userId is required");
        Map<String, Double> metrics = LOCAL.local()
                .personalizeClient()
                .getSolutionMetrics(r -> r.solutionVersionArn(upV2Version))
                .metrics();
        assertThat(metrics)
                .containsOnlyKeys(
                        "coverage",
                        "mean_reciprocal_rank_at_25",
                        "normalized_discounted_cumulative_gain_at_5",
                        "normalized_discounted_cumulative_gain_at_10",
                        "normalized_discounted_cumulative_gain_at_25",
                        "precision_at_5",
                        "precision_at_10",
                        "precision_at_25");
        assertThat(metrics.get("precision_at_25")).isPositive();
    }

    @Test
    void putEvents_changeAUsersNextRecommendations_withoutANewSolutionVersion() {
        PersonalizeClient p = LOCAL.local().personalizeClient();
        String tracker = p.createEventTracker(r -> r.name("up-flow-events").datasetGroupArn(group.group))
                .eventTrackerArn();
        RecipeGroup.active(() -> p.describeEventTracker(r -> r.eventTrackerArn(tracker))
                .eventTracker()
                .status());
        String trackingId = p.describeEventTracker(r -> r.eventTrackerArn(tracker))
                .eventTracker()
                .trackingId();
        PersonalizeRuntimeClient runtime = LOCAL.local().runtimeClient();
        // u1 follows topic 1
        assertThat(inTopic(
                        ids(runtime.getRecommendations(
                                        r -> r.campaignArn(upV2).userId("u1").numResults(10))
                                .itemList()),
                        1))
                .isGreaterThanOrEqualTo(8);
        String solution = p.describeSolutionVersion(r -> r.solutionVersionArn(upV2Version))
                .solutionVersion()
                .solutionArn();
        int versions = p.listSolutionVersions(r -> r.solutionArn(solution))
                .solutionVersions()
                .size();

        List<Event> clicks = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            clicks.add(Event.builder()
                    .eventType("click")
                    .itemId(TopicReaders.item(7, k))
                    .sentAt(Instant.ofEpochSecond(LATER + k))
                    .build());
        }
        LOCAL.local()
                .eventsClient()
                .putEvents(r -> r.trackingId(trackingId)
                        .userId("u1")
                        .sessionId("session-1")
                        .eventList(clicks));

        List<String> after = ids(
                runtime.getRecommendations(r -> r.campaignArn(upV2).userId("u1").numResults(10))
                        .itemList());
        assertThat(inTopic(after, 7)).isGreaterThanOrEqualTo(8);
        assertThat(p.listSolutionVersions(r -> r.solutionArn(solution)).solutionVersions())
                .hasSize(versions);
    }

    @Test
    void personalizedRanking_endToEnd_withFiltersContextMetadata_andTheServicesRefusals() {
        PersonalizeClient p = LOCAL.local().personalizeClient();
        String pr = group.campaign(
                "pr",
                group.version("pr", "aws-personalized-ranking-v2"),
                c -> c.enableMetadataWithRecommendations(true));
        PersonalizeRuntimeClient runtime = LOCAL.local().runtimeClient();
        List<String> input = List.of("t9-2", "nope", "t3-20", "t3-2", "t5-1", "t3-11");

        List<PredictedItem> ranked = runtime.getPersonalizedRanking(r -> r.campaignArn(pr)
                        .userId("u3")
                        .inputList(input)
                        .context(Map.of("DEVICE", "phone"))
                        .metadataColumns(Map.of("ITEMS", List.of("TOPIC"))))
                .personalizedRanking();

        assertThat(ids(ranked).subList(0, 3)).containsExactlyInAnyOrder("t3-20", "t3-2", "t3-11");
        assertThat(ranked.get(5).itemId()).isEqualTo("nope");
        assertThat(ranked.get(5).score()).isNull();
        assertThat(ranked.subList(0, 5)).allSatisfy(i -> assertThat(i.score()).isNotNull());
        assertThat(ranked.get(0).metadata()).containsEntry("TOPIC", "topic3");

        String filter = p.createFilter(r -> r.name("up-flow-no-topic3")
                        .datasetGroupArn(group.group)
                        .filterExpression("EXCLUDE ItemID WHERE Items.TOPIC IN (\"topic3\")"))
                .filterArn();
        RecipeGroup.active(
                () -> p.describeFilter(r -> r.filterArn(filter)).filter().status());
        assertThat(ids(runtime.getPersonalizedRanking(r ->
                                r.campaignArn(pr).userId("u3").inputList(input).filterArn(filter))
                        .personalizedRanking()))
                .containsExactlyInAnyOrder("t9-2", "nope", "t5-1");

        List<String> tooMany = new ArrayList<>();
        for (int k = 0; k < 51; k++) {
            tooMany.add("t1-" + (k % 30));
        }
        assertThatThrownBy(() -> runtime.getPersonalizedRanking(r -> r.campaignArn(pr)
                        .userId("u3")
                        .inputList(tooMany)
                        .metadataColumns(Map.of("ITEMS", List.of("TOPIC")))))
                .isInstanceOf(software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException.class);
        assertThatThrownBy(
                        () -> runtime.getRecommendations(r -> r.campaignArn(pr).userId("u3")))
                .isInstanceOf(software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException.class)
                .hasMessageContaining("GetPersonalizedRanking");
        assertThatThrownBy(() -> runtime.getPersonalizedRanking(
                        r -> r.campaignArn(upV2).userId("u3").inputList(input)))
                .isInstanceOf(software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException.class)
                .hasMessageContaining("PERSONALIZED_RANKING");
    }

    @Test
    void campaignConfig_itemExplorationAndRankingInfluence_changeTheAnswers() {
        PersonalizeClient p = LOCAL.local().personalizeClient();
        String upVersion = group.version("up", "aws-user-personalization");
        String explore = group.campaign(
                "explore",
                upVersion,
                c -> c.itemExplorationConfig(Map.of("explorationWeight", "1", "explorationItemAgeCutOff", "30")));
        PersonalizeRuntimeClient runtime = LOCAL.local().runtimeClient();
        Map<String, Integer> counts = new HashMap<>();
        READERS.reads.forEach(r -> counts.merge(r.item(), 1, Integer::sum));

        List<String> explored = ids(runtime.getRecommendations(
                        r -> r.campaignArn(explore).userId("u2").numResults(100))
                .itemList());
        assertThat(explored.get(0)).as("the newest item nobody has seen").isEqualTo("fresh-1");
        assertThat(explored.subList(0, 10)).allMatch(i -> counts.getOrDefault(i, 0) < 5);

        p.updateCampaign(r ->
                r.campaignArn(explore).campaignConfig(c -> c.itemExplorationConfig(Map.of("explorationWeight", "0"))));
        RecipeGroup.active(() -> p.describeCampaign(r -> r.campaignArn(explore))
                .campaign()
                .latestCampaignUpdate()
                .status());
        List<String> exploited = ids(runtime.getRecommendations(
                        r -> r.campaignArn(explore).userId("u2").numResults(100))
                .itemList());
        assertThat(exploited).doesNotContain("fresh-1");
        assertThat(inTopic(exploited.subList(0, 10), 2)).isGreaterThanOrEqualTo(8);

        assertThatThrownBy(() -> p.createCampaign(r -> r.name("up-flow-bad")
                        .solutionVersionArn(upVersion)
                        .campaignConfig(c -> c.itemExplorationConfig(Map.of("explorationWeight", "2")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("explorationWeight");

        // the topic readers' items are newer the lower their rank: FRESHNESS lifts the newest ones
        String fresh =
                group.campaign("fresh", upV2Version, c -> c.rankingInfluenceWithStrings(Map.of("FRESHNESS", 1.0)));
        List<String> plain = ids(
                runtime.getRecommendations(r -> r.campaignArn(upV2).userId("u2").numResults(10))
                        .itemList());
        List<String> influenced = ids(runtime.getRecommendations(
                        r -> r.campaignArn(fresh).userId("u2").numResults(10))
                .itemList());
        assertThat(influenced).isNotEqualTo(plain);
        assertThat(meanRank(influenced)).isLessThan(meanRank(plain));
    }

    private static double meanRank(List<String> items) {
        return items.stream()
                .mapToInt(i -> i.startsWith("t") ? Integer.parseInt(i.substring(i.indexOf('-') + 1)) : 0)
                .average()
                .orElse(0);
    }

    @Test
    void solutionEventType_filtersTheTrainingData_andTheMinimumIsCheckedAfterwards() {
        PersonalizeClient p = LOCAL.local().personalizeClient();
        String solution = group.solution("purchases", "aws-user-personalization-v2", s -> s.eventType("purchase"));
        String version = p.createSolutionVersion(r -> r.solutionArn(solution)).solutionVersionArn();

        assertThat(Await.terminal(() -> p.describeSolutionVersion(r -> r.solutionVersionArn(version))
                        .solutionVersion()
                        .status()))
                .isEqualTo("CREATE FAILED");
        assertThat(p.describeSolutionVersion(r -> r.solutionVersionArn(version))
                        .solutionVersion()
                        .failureReason())
                .isEqualTo("Dataset has fewer than 1000 interactions after filtering by event type: purchase");
    }

    @Test
    void batchInference_recommendsForUsersWithScores_andIsRefusedForTrendingNow() throws Exception {
        PersonalizeClient p = LOCAL.local().personalizeClient();
        LOCAL.local()
                .s3Client()
                .putObject(
                        r -> r.bucket("up-flow").key("batch/users.json"),
                        RequestBody.fromString("{\"userId\": \"u6\"}\n{\"itemId\": \"t6-1\"}\n"));
        String job = p.createBatchInferenceJob(r -> r.jobName("up-flow-batch")
                        .solutionVersionArn(upV2Version)
                        .numResults(10)
                        .roleArn(Fixtures.ROLE)
                        .jobInput(i -> i.s3DataSource(s -> s.path("s3://up-flow/batch/users.json")))
                        .jobOutput(o -> o.s3DataDestination(s -> s.path("s3://up-flow/batch/out/"))))
                .batchInferenceJobArn();
        assertThat(Await.terminal(() -> p.describeBatchInferenceJob(r -> r.batchInferenceJobArn(job))
                        .batchInferenceJob()
                        .status()))
                .isEqualTo("ACTIVE");
        String[] lines = LOCAL.local()
                .s3Client()
                .getObjectAsBytes(r -> r.bucket("up-flow").key("batch/out/users.json.out"))
                .asString(StandardCharsets.UTF_8)
                .split("\n");
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines[0]);
        assertThat(first.path("output").path("recommendedItems")).hasSize(10);
        assertThat(first.path("output").path("scores")).hasSize(10);
        assertThat(first.path("error").isNull()).isTrue();
        assertThat(json.readTree(lines[1]).path("error").asText()).contains("userId");

        String trending = group.version("trending", "aws-trending-now");
        assertThatThrownBy(() -> p.createBatchInferenceJob(r -> r.jobName("up-flow-trending-batch")
                        .solutionVersionArn(trending)
                        .roleArn(Fixtures.ROLE)
                        .jobInput(i -> i.s3DataSource(s -> s.path("s3://up-flow/batch/users.json")))
                        .jobOutput(o -> o.s3DataDestination(s -> s.path("s3://up-flow/batch/trending/")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("aws-trending-now");
    }
}
