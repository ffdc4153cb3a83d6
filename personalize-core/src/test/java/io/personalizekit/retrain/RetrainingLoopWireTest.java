package io.personalizekit.retrain;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.SolutionVersionRef;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.WaitPolicy;
import java.net.URI;
import java.time.Duration;
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

/**
 * The retraining loop against WireMock in the exact awsJson1.1 wire format: the gate decides from {@code
 * GetSolutionMetrics} answers shaped as the service's, a passing candidate is promoted with exactly {@code
 * {"campaignArn","solutionVersionArn"}}, and a refused one causes no {@code UpdateCampaign} at all (every
 * unstubbed request fails the test).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RetrainingLoopWireTest {
    private static final String PREFIX = "arn:aws:personalize:us-east-1:123456789012:";
    private static final String SOLUTION = PREFIX + "solution/news-similar";
    private static final String LIVE = SOLUTION + "/1a2b3c4d";
    private static final String NEW = SOLUTION + "/5e6f7a8b";
    private static final String CAMPAIGN = PREFIX + "campaign/news-similar";
    private static final String JSON = "application/x-amz-json-1.1";
    private static final String UPDATED = "updated";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    private final FakeClock clock = new FakeClock();
    private PersonalizeClient client;
    private ResourceWaiter waiter;

    @BeforeEach
    void setUp() {
        client = PersonalizeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        waiter = ResourceWaiter.builder()
                .personalizeClient(client)
                .clock(clock)
                .sleeper(clock.sleeper())
                .policyForAll(WaitPolicy.builder()
                        .initialDelay(Duration.ofSeconds(1))
                        .jitter(0)
                        .timeout(Duration.ofMinutes(5))
                        .build())
                .build();
    }

    @AfterEach
    void tearDown() {
        waiter.close();
        client.close();
    }

    private static MappingBuilder op(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonPersonalize." + operation));
    }

    private static ResponseDefinitionBuilder ok(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", JSON)
                .withHeader("x-amzn-RequestId", "00000000-0000-0000-0000-000000000001")
                .withBody(body);
    }

    private static String metrics(double ndcg, double precision, double coverage) {
        return "{\"solutionVersionArn\":\"%s\",\"metrics\":{\"coverage\":" + coverage
                + ",\"mean_reciprocal_rank_at_25\":0.2,\"normalized_discounted_cumulative_gain_at_25\":" + ndcg
                + ",\"precision_at_25\":" + precision + "}}";
    }

    /** A live campaign on LIVE; a solution with LIVE only; the candidate trains at once; the given metrics. */
    private void stubService(String liveMetrics, String newMetrics) {
        wm.stubFor(op("DescribeCampaign")
                .inScenario("campaign")
                .whenScenarioStateIs(STARTED)
                .willReturn(ok("{\"campaign\":{\"campaignArn\":\"" + CAMPAIGN + "\",\"name\":\"news-similar\","
                        + "\"solutionVersionArn\":\"" + LIVE + "\",\"minProvisionedTPS\":1,\"status\":\"ACTIVE\","
                        + "\"creationDateTime\":1.7E9,\"lastUpdatedDateTime\":1.7E9}}")));
        wm.stubFor(op("ListSolutionVersions")
                .withRequestBody(equalToJson("{\"solutionArn\":\"" + SOLUTION + "\"}"))
                .willReturn(ok("{\"solutionVersions\":[{\"solutionVersionArn\":\"" + LIVE + "\",\"status\":\"ACTIVE\","
                        + "\"trainingMode\":\"FULL\",\"trainingType\":\"MANUAL\",\"creationDateTime\":1.7E9,"
                        + "\"lastUpdatedDateTime\":1.7E9}]}")));
        wm.stubFor(op("DescribeSolutionVersion")
                .withRequestBody(equalToJson("{\"solutionVersionArn\":\"" + LIVE + "\"}"))
                .willReturn(ok("{\"solutionVersion\":{\"name\":\"news-similar-0f0f0f0f\",\"solutionVersionArn\":\""
                        + LIVE + "\",\"solutionArn\":\"" + SOLUTION + "\",\"status\":\"ACTIVE\","
                        + "\"trainingMode\":\"FULL\",\"creationDateTime\":1.7E9}}")));
        wm.stubFor(op("CreateSolutionVersion")
                .withRequestBody(
                        equalToJson("{\"solutionArn\":\"" + SOLUTION + "\",\"name\":\"news-similar-2026-11-28\","
                                + "\"trainingMode\":\"FULL\",\"tags\":[{\"tagKey\":\"personalizekit-retrain-baseline\","
                                + "\"tagValue\":\"" + LIVE + "\"}]}"))
                .willReturn(ok("{\"solutionVersionArn\":\"" + NEW + "\"}")));
        wm.stubFor(op("DescribeSolutionVersion")
                .withRequestBody(equalToJson("{\"solutionVersionArn\":\"" + NEW + "\"}"))
                .willReturn(ok("{\"solutionVersion\":{\"name\":\"news-similar-2026-11-28\",\"solutionVersionArn\":\""
                        + NEW + "\",\"solutionArn\":\"" + SOLUTION + "\",\"status\":\"ACTIVE\","
                        + "\"trainingMode\":\"FULL\",\"creationDateTime\":1.8E9}}")));
        wm.stubFor(op("GetSolutionMetrics")
                .withRequestBody(equalToJson("{\"solutionVersionArn\":\"" + LIVE + "\"}"))
                .willReturn(ok(String.format(liveMetrics, LIVE))));
        wm.stubFor(op("GetSolutionMetrics")
                .withRequestBody(equalToJson("{\"solutionVersionArn\":\"" + NEW + "\"}"))
                .willReturn(ok(String.format(newMetrics, NEW))));
    }

    private RetrainingLoop loop(QualityGate gate) {
        return RetrainingLoop.builder()
                .personalizeClient(client)
                .waiter(waiter)
                .deployment(Deployment.builder()
                        .campaign(CampaignRef.of(CAMPAIGN))
                        .solutionVersion(SolutionVersionRef.of(LIVE))
                        .build())
                .qualityGate(gate)
                .build();
    }

    @Test
    void run_whenTheCandidatesNdcgIsFarBelowTheLiveOne_refusesAndSendsNoUpdateCampaign() {
        stubService(metrics(0.40, 0.05, 0.30), metrics(0.10, 0.01, 0.35));

        RetrainResult result = loop(QualityGate.defaults()).run(r -> r.runId("2026-11-28"));

        assertThat(result.outcome()).isEqualTo(RetrainOutcome.REFUSED);
        assertThat(result.trained()).isTrue();
        GateReport gate = result.gate().orElseThrow();
        assertThat(gate.failures())
                .extracting(MetricComparison::metric)
                .containsExactly(QualityGate.NDCG_AT_25, QualityGate.PRECISION_AT_25);
        assertThat(gate.liveMetrics()).containsEntry(QualityGate.NDCG_AT_25, 0.40);
        assertThat(gate.candidateMetrics()).containsEntry(QualityGate.NDCG_AT_25, 0.10);
        assertThat(result.report())
                .contains("REFUSED")
                .contains("live (1a2b3c4d)")
                .contains("candidate (5e6f7a8b)")
                .contains("0.4000")
                .contains("0.1000")
                .contains("worse by 75.0 % (allowed 2.0 %)")
                .contains("campaign:  not updated; cache: not refreshed");
        assertThat(result.servingVersion().orElseThrow().arn()).isEqualTo(LIVE);
        wm.verify(
                0,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("AmazonPersonalize.UpdateCampaign")));
        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("AmazonPersonalize.CreateSolutionVersion")));
    }

    @Test
    void run_whenNoMetricDropsMoreThanTheTolerance_updatesTheCampaignWithExactlyItsArnAndTheNewVersion() {
        // coverage 1.9 % lower: within the default 2 % relative tolerance
        stubService(metrics(0.40, 0.05, 0.300), metrics(0.41, 0.05, 0.2943));
        wm.stubFor(op("UpdateCampaign")
                .withRequestBody(
                        equalToJson("{\"campaignArn\":\"" + CAMPAIGN + "\",\"solutionVersionArn\":\"" + NEW + "\"}"))
                .inScenario("campaign")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo(UPDATED)
                .willReturn(ok("{\"campaignArn\":\"" + CAMPAIGN + "\"}")));
        wm.stubFor(op("DescribeCampaign")
                .inScenario("campaign")
                .whenScenarioStateIs(UPDATED)
                .willReturn(ok("{\"campaign\":{\"campaignArn\":\"" + CAMPAIGN + "\",\"name\":\"news-similar\","
                        + "\"solutionVersionArn\":\"" + NEW + "\",\"minProvisionedTPS\":1,\"status\":\"ACTIVE\","
                        + "\"latestCampaignUpdate\":{\"solutionVersionArn\":\"" + NEW + "\",\"minProvisionedTPS\":1,"
                        + "\"status\":\"ACTIVE\",\"creationDateTime\":1.8E9,\"lastUpdatedDateTime\":1.8E9}}}")));

        RetrainResult result = loop(QualityGate.defaults()).run(r -> r.runId("2026-11-28"));

        assertThat(result.outcome()).isEqualTo(RetrainOutcome.PROMOTED);
        assertThat(result.campaignUpdated()).isTrue();
        assertThat(result.gate().orElseThrow().passed()).isTrue();
        assertThat(result.report()).contains("ok, worse by 1.9 % (allowed 2.0 %)");
        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("AmazonPersonalize.UpdateCampaign"))
                        .withRequestBody(equalToJson(
                                "{\"campaignArn\":\"" + CAMPAIGN + "\",\"solutionVersionArn\":\"" + NEW + "\"}")));
    }

    @Test
    void run_withAnAbsoluteToleranceOnNdcgOnly_ignoresOtherMetricsAndRefusesADropBeyondIt() {
        // precision collapses but is not checked; NDCG falls by 0.02 against an allowed 0.01
        stubService(metrics(0.40, 0.05, 0.30), metrics(0.38, 0.001, 0.30));

        RetrainResult result = loop(QualityGate.builder()
                        .addMetric(QualityGate.NDCG_AT_25)
                        .maxAbsoluteDrop(0.01)
                        .build())
                .run(r -> r.runId("2026-11-28"));

        assertThat(result.outcome()).isEqualTo(RetrainOutcome.REFUSED);
        assertThat(result.gate().orElseThrow().comparisons())
                .singleElement()
                .satisfies(c -> assertThat(c.note()).isEqualTo("worse by 0.0200 (allowed 0.0100)"));
        wm.verify(
                0,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("AmazonPersonalize.UpdateCampaign")));
        wm.verify(
                2,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("AmazonPersonalize.GetSolutionMetrics"))
                        .withRequestBody(containing("solutionVersionArn")));
    }
}
