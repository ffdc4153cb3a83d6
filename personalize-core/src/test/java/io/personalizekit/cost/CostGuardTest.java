package io.personalizekit.cost;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.personalizekit.resource.DatasetGroupRef;
import io.personalizekit.testing.FakeClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/** {@link CostGuard} against List/Describe answers in the service's wire shape, and the exact requests of apply. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CostGuardTest {
    private static final String TARGET = "X-Amz-Target";
    private static final String JSON_1_1 = "application/x-amz-json-1.1";
    private static final String P = "arn:aws:personalize:us-east-1:123456789012:";
    private static final String GROUP = P + "dataset-group/news";
    private static final String SOLUTION = P + "solution/news-sims";
    private static final String VERSION = P + "solution/news-sims/aaaa1111";
    private static final String IDLE = P + "campaign/idle";
    private static final String BUSY = P + "campaign/busy";
    private static final String SHOP = P + "recommender/shop";
    private static final String DATASET = P + "dataset/news/INTERACTIONS";
    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

    @RegisterExtension
    static final WireMockExtension WM = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    private PersonalizeClient personalize;
    private final FakeClock time = new FakeClock(T0.minus(Duration.ofDays(30)));

    @BeforeEach
    void setUp() {
        personalize = PersonalizeClient.builder()
                .endpointOverride(URI.create(WM.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void tearDown() {
        personalize.close();
    }

    private static long ago(int days) {
        return T0.minus(Duration.ofDays(days)).getEpochSecond();
    }

    private static void stub(String op, String requestJson, String responseJson) {
        WM.stubFor(post(urlEqualTo("/"))
                .withHeader(TARGET, equalTo("AmazonPersonalize." + op))
                .withRequestBody(equalToJson(requestJson))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", JSON_1_1)
                        .withBody(responseJson)));
    }

    private static String campaign(String arn, String name, int minTps) {
        return "{\"campaign\":{\"name\":\"" + name + "\",\"campaignArn\":\"" + arn + "\",\"solutionVersionArn\":\""
                + VERSION + "\",\"minProvisionedTPS\":" + minTps + ",\"status\":\"ACTIVE\",\"creationDateTime\":"
                + ago(30) + ",\"lastUpdatedDateTime\":" + ago(30) + "}}";
    }

    private void stubDatasetGroup() {
        stub(
                "ListSolutions",
                "{\"datasetGroupArn\":\"" + GROUP + "\"}",
                "{\"solutions\":[{\"name\":\"news-sims\",\"solutionArn\":\"" + SOLUTION + "\",\"status\":\"ACTIVE\","
                        + "\"creationDateTime\":" + ago(60) + ",\"lastUpdatedDateTime\":" + ago(60) + "}]}");
        stub(
                "ListCampaigns",
                "{\"solutionArn\":\"" + SOLUTION + "\"}",
                "{\"campaigns\":[{\"name\":\"idle\",\"campaignArn\":\"" + IDLE + "\",\"status\":\"ACTIVE\"},"
                        + "{\"name\":\"busy\",\"campaignArn\":\"" + BUSY + "\",\"status\":\"ACTIVE\"}]}");
        stub("DescribeCampaign", "{\"campaignArn\":\"" + IDLE + "\"}", campaign(IDLE, "idle", 5));
        stub("DescribeCampaign", "{\"campaignArn\":\"" + BUSY + "\"}", campaign(BUSY, "busy", 10));
        stub(
                "ListRecommenders",
                "{\"datasetGroupArn\":\"" + GROUP + "\"}",
                "{\"recommenders\":[{\"name\":\"shop\",\"recommenderArn\":\"" + SHOP + "\",\"datasetGroupArn\":\""
                        + GROUP + "\",\"recipeArn\":\"arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you\","
                        + "\"recommenderConfig\":{\"minRecommendationRequestsPerSecond\":2},\"status\":\"ACTIVE\","
                        + "\"creationDateTime\":" + ago(20) + ",\"lastUpdatedDateTime\":" + ago(20) + "}]}");
        stub(
                "DescribeSolution",
                "{\"solutionArn\":\"" + SOLUTION + "\"}",
                "{\"solution\":{\"name\":\"news-sims\",\"solutionArn\":\"" + SOLUTION + "\",\"performHPO\":false,"
                        + "\"performAutoTraining\":true,\"recipeArn\":\"arn:aws:personalize:::recipe/aws-sims\","
                        + "\"datasetGroupArn\":\"" + GROUP + "\",\"solutionConfig\":{\"autoTrainingConfig\":"
                        + "{\"schedulingExpression\":\"rate(7 days)\"}},\"status\":\"ACTIVE\",\"creationDateTime\":"
                        + ago(60) + ",\"lastUpdatedDateTime\":" + ago(60) + ",\"latestSolutionVersion\":"
                        + "{\"solutionVersionArn\":\"" + VERSION + "\",\"status\":\"ACTIVE\",\"trainingMode\":"
                        + "\"AUTOTRAIN\",\"trainingType\":\"AUTOMATIC\",\"creationDateTime\":" + ago(10)
                        + ",\"lastUpdatedDateTime\":" + ago(10) + "}}}");
        stub(
                "DescribeSolutionVersion",
                "{\"solutionVersionArn\":\"" + VERSION + "\"}",
                "{\"solutionVersion\":{\"solutionVersionArn\":\"" + VERSION + "\",\"solutionArn\":\"" + SOLUTION
                        + "\",\"trainingHours\":2.5,\"status\":\"ACTIVE\",\"creationDateTime\":" + ago(10) + "}}");
        stub(
                "ListDatasets",
                "{\"datasetGroupArn\":\"" + GROUP + "\"}",
                "{\"datasets\":[{\"name\":\"news-interactions\",\"datasetArn\":\"" + DATASET + "\",\"datasetType\":"
                        + "\"Interactions\",\"status\":\"ACTIVE\",\"creationDateTime\":" + ago(60) + "}]}");
        stub(
                "ListDatasetImportJobs",
                "{\"datasetArn\":\"" + DATASET + "\"}",
                "{\"datasetImportJobs\":[{\"datasetImportJobArn\":\"" + P + "dataset-import-job/news-1\",\"jobName\":"
                        + "\"news-1\",\"status\":\"ACTIVE\",\"creationDateTime\":" + ago(41)
                        + ",\"lastUpdatedDateTime\":" + ago(40) + ",\"importMode\":\"FULL\"}]}");
    }

    private CostGuard guard() {
        TrafficCounter counter = TrafficCounter.create(time, Duration.ofMinutes(5));
        time.advance(Duration.ofDays(30).minusHours(1));
        counter.record(BUSY);
        time.advance(Duration.ofHours(1));
        return CostGuard.builder()
                .personalizeClient(personalize)
                .clock(time)
                .trafficCounter(counter)
                .observedTps(BUSY, 3.2)
                .build();
    }

    private static int mutatingCalls() {
        int n = 0;
        for (String op : List.of("UpdateCampaign", "DeleteCampaign", "StopRecommender", "UpdateSolution")) {
            n += WM.findAll(postRequestedFor(urlEqualTo("/")).withHeader(TARGET, equalTo("AmazonPersonalize." + op)))
                    .size();
        }
        return n;
    }

    @Test
    void report_ofADatasetGroup_comparesProvisionedWithObservedTrafficAndRecommendsActionsWithoutChangingAnything() {
        stubDatasetGroup();

        CostReport report = guard().report(DatasetGroupRef.of(GROUP));

        assertThat(report.generatedAt()).isEqualTo(T0);
        assertThat(report.campaigns())
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("estimatedMonthlyCost")
                .containsExactly(
                        new CampaignCost(IDLE, "idle", "ACTIVE", 5, 0.0, TrafficSource.OBSERVED, 30L, SOLUTION, 0),
                        new CampaignCost(BUSY, "busy", "ACTIVE", 10, 3.2, TrafficSource.SUPPLIED, 0L, SOLUTION, 0));
        assertThat(report.campaigns().get(0).estimatedMonthlyCost()).isCloseTo(5 * 730 * 0.20, within(1e-6));
        assertThat(report.campaigns().get(1).estimatedMonthlyCost()).isCloseTo(10 * 730 * 0.20, within(1e-6));
        assertThat(report.recommenders()).singleElement().satisfies(r -> {
            assertThat(r.minRecommendationRequestsPerSecond()).isEqualTo(2);
            assertThat(r.daysIdle()).isEqualTo(20);
            assertThat(r.estimatedMonthlyCost()).isCloseTo(2 * 730 * 0.20, within(1e-6));
        });
        assertThat(report.solutions()).singleElement().satisfies(s -> {
            assertThat(s.autoTraining()).isTrue();
            assertThat(s.schedule()).isEqualTo("rate(7 days)");
            assertThat(s.lastTrainingAt()).isEqualTo(Instant.ofEpochSecond(ago(10)));
            assertThat(s.newDataSinceLastTraining()).isFalse();
            assertThat(s.lastTrainingHours()).isEqualTo(2.5);
            assertThat(s.estimatedMonthlyCost()).isCloseTo(30.0 / 7 * 2.5 * 0.24, within(1e-9));
        });
        assertThat(report.actions())
                .extracting(CostAction::type, CostAction::arn, CostAction::minTps)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CostAction.Type.DELETE_CAMPAIGN, IDLE, null),
                        org.assertj.core.groups.Tuple.tuple(CostAction.Type.LOWER_MIN_TPS, IDLE, 1),
                        org.assertj.core.groups.Tuple.tuple(CostAction.Type.LOWER_MIN_TPS, BUSY, 4),
                        org.assertj.core.groups.Tuple.tuple(CostAction.Type.STOP_RECOMMENDER, SHOP, null),
                        org.assertj.core.groups.Tuple.tuple(CostAction.Type.DISABLE_AUTO_TRAINING, SOLUTION, null));
        assertThat(report.actions().get(2).reason())
                .contains("3.20 TPS observed (supplied) against minProvisionedTPS 10");
        assertThat(report.actions().get(2).estimatedMonthlySaving()).isCloseTo(6 * 730 * 0.20, within(1e-6));
        assertThat(report.estimatedMonthlyTotal())
                .isCloseTo((5 + 10 + 2) * 730 * 0.20 + 30.0 / 7 * 2.5 * 0.24, within(1e-6));
        assertThat(mutatingCalls()).isZero();
    }

    @Test
    void apply_sendsExactlyOneRequestPerActionAndReportsARefusal() {
        stubDatasetGroup();
        CostReport report = guard().report(DatasetGroupRef.of(GROUP));
        WM.stubFor(post(urlEqualTo("/"))
                .withHeader(TARGET, equalTo("AmazonPersonalize.UpdateCampaign"))
                .withRequestBody(equalToJson("{\"campaignArn\":\"" + BUSY + "\",\"minProvisionedTPS\":4}"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", JSON_1_1)
                        .withBody("{\"campaignArn\":\"" + BUSY + "\"}")));
        WM.stubFor(post(urlEqualTo("/"))
                .withHeader(TARGET, equalTo("AmazonPersonalize.DeleteCampaign"))
                .withRequestBody(equalToJson("{\"campaignArn\":\"" + IDLE + "\"}"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", JSON_1_1)
                        .withBody("{}")));
        WM.stubFor(post(urlEqualTo("/"))
                .withHeader(TARGET, equalTo("AmazonPersonalize.StopRecommender"))
                .withRequestBody(equalToJson("{\"recommenderArn\":\"" + SHOP + "\"}"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", JSON_1_1)
                        .withBody("{\"__type\":\"ResourceInUseException\",\"message\":\"The recommender is"
                                + " updating\"}")));
        WM.stubFor(post(urlEqualTo("/"))
                .withHeader(TARGET, equalTo("AmazonPersonalize.UpdateSolution"))
                .withRequestBody(equalToJson("{\"solutionArn\":\"" + SOLUTION + "\",\"performAutoTraining\":false}"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", JSON_1_1)
                        .withBody("{\"solutionArn\":\"" + SOLUTION + "\"}")));
        List<CostAction> chosen = List.of(
                report.actions().get(0),
                report.actions().get(2),
                report.actions().get(3),
                report.actions().get(4));

        List<AppliedAction> applied = guard().apply(chosen);

        assertThat(applied).extracting(AppliedAction::action).containsExactlyElementsOf(chosen);
        assertThat(applied).extracting(AppliedAction::succeeded).containsExactly(true, true, false, true);
        assertThat(applied.get(2).error())
                .hasValueSatisfying(e -> assertThat(e).contains("The recommender is updating"));
        List<String> sent = WM.findAll(postRequestedFor(urlEqualTo("/"))).stream()
                .map(LoggedRequest::getHeaders)
                .map(h -> h.getHeader(TARGET).firstValue())
                .filter(t -> t.matches(".*(Update|Delete|Stop).*"))
                .toList();
        assertThat(sent)
                .containsExactly(
                        "AmazonPersonalize.DeleteCampaign",
                        "AmazonPersonalize.UpdateCampaign",
                        "AmazonPersonalize.StopRecommender",
                        "AmazonPersonalize.UpdateSolution");
    }

    @Test
    void report_withoutTrafficFigures_recommendsNoIdleActionAndSaysTheTrafficIsUnknown() {
        stubDatasetGroup();

        CostReport report = CostGuard.builder()
                .personalizeClient(personalize)
                .clock(time)
                .build()
                .report(DatasetGroupRef.of(GROUP));

        assertThat(report.campaigns()).allSatisfy(c -> {
            assertThat(c.trafficSource()).isEqualTo(TrafficSource.UNKNOWN);
            assertThat(c.observedTps()).isNull();
            assertThat(c.daysIdle()).isNull();
        });
        assertThat(report.actions())
                .extracting(CostAction::type)
                .containsExactly(CostAction.Type.DISABLE_AUTO_TRAINING);
    }

    @Test
    void priceTable_tiersApplyInOrderAndEveryPriceCanBeOverridden() {
        PriceTable list = PriceTable.usEast1ListPrices();
        assertThat(list.asOf()).hasToString(PriceTable.LIST_PRICES_AS_OF);
        assertThat(list.campaignMonthly(30)) // 21,900 TPS-hours: 20,000 at 0.20, 1,900 at 0.10
                .isCloseTo(20_000 * 0.20 + 1_900 * 0.10, within(1e-6));
        PriceTable mine = list.toBuilder()
                .region("eu-west-1")
                .campaignTpsHour(List.of(new PriceTier(Double.POSITIVE_INFINITY, 0.25)))
                .trainingHour(0.3)
                .build();
        assertThat(mine.campaignMonthly(1)).isCloseTo(730 * 0.25, within(1e-9));
        assertThat(mine.trainingHour()).isEqualTo(0.3);
        assertThatThrownBy(() -> list.toBuilder()
                        .campaignTpsHour(List.of(new PriceTier(10, 0.2)))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("POSITIVE_INFINITY");
        assertThatThrownBy(() -> list.toBuilder().trainingHour(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1.0");
    }

    @Test
    void trafficCounter_averagesOverItsWindowAndForgetsOlderRequests() {
        FakeClock clock = new FakeClock(T0);
        TrafficCounter counter = TrafficCounter.create(clock, Duration.ofSeconds(10));
        for (int s = 0; s < 10; s++) {
            counter.record(BUSY, 3);
            clock.advance(Duration.ofSeconds(1));
        }
        clock.advance(Duration.ofMillis(-1));
        assertThat(counter.tps(BUSY)).isEqualTo(3.0);
        clock.advance(Duration.ofSeconds(5));
        assertThat(counter.tps(BUSY)).isEqualTo(1.5);
        assertThat(counter.tps(IDLE)).isZero();
        assertThat(counter.lastSeen(BUSY)).hasValue(T0.plusSeconds(9));
        assertThat(counter.lastSeen(IDLE)).isEmpty();
        assertThatThrownBy(() -> counter.record(BUSY, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
