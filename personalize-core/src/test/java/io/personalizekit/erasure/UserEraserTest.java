package io.personalizekit.erasure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.personalizekit.cache.InMemoryRecommendationStore;
import io.personalizekit.cache.UserKeyspace;
import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsRequest;
import io.personalizekit.storage.S3Location;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.S3ProxyServer;
import io.personalizekit.waiter.DataDeletionJobWaiter;
import io.personalizekit.waiter.WaitPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * {@link UserEraser} against WireMock speaking Personalize's JSON 1.1 protocol, with the CSV uploaded to a real S3
 * (s3proxy) and a real in-memory store to purge.
 */
@Timeout(60)
class UserEraserTest {
    static final String GROUP = "arn:aws:personalize:us-east-1:000000000000:dataset-group/news";
    static final String SOLUTION = "arn:aws:personalize:us-east-1:000000000000:solution/news-for-you";
    static final String ROLE = "arn:aws:iam::000000000000:role/PersonalizeS3";
    static final String JOB = "arn:aws:personalize:us-east-1:000000000000:data-deletion-job/erase-1";
    static final String JSON = "application/x-amz-json-1.1";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.create();

    @TempDir
    Path work;

    final FakeClock clock = new FakeClock(Instant.parse("2026-12-03T10:00:00Z"));
    PersonalizeClient personalize;
    InMemoryRecommendationStore store;
    String bucket;

    @BeforeEach
    void setUp() {
        personalize = PersonalizeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        store = InMemoryRecommendationStore.builder().clock(clock).build();
        bucket = S3.createBucket("erasure-" + System.nanoTime());
    }

    @AfterEach
    void tearDown() {
        personalize.close();
    }

    UserEraser eraser() {
        return UserEraser.builder()
                .personalizeClient(personalize)
                .s3Client(S3.client())
                .datasetGroupArn(GROUP)
                .solutionArn(SOLUTION)
                .roleArn(ROLE)
                .stagingLocation(S3Location.of(bucket, "erasure/"))
                .purge(store)
                .waiter(DataDeletionJobWaiter.builder()
                        .personalizeClient(personalize)
                        .clock(clock)
                        .sleeper(clock.sleeper())
                        .policy(WaitPolicy.builder()
                                .initialDelay(Duration.ofSeconds(30))
                                .maxDelay(Duration.ofMinutes(5))
                                .timeout(Duration.ofHours(12))
                                .build())
                        .build())
                .clock(clock)
                .workDirectory(work)
                .build();
    }

    static MappingBuilder op(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonPersonalize." + operation));
    }

    static ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody(body);
    }

    static void jobGoes(String... statuses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < statuses.length; i++) {
            String next = i + 1 < statuses.length ? "poll-" + (i + 1) : state;
            String extra = statuses[i].equals("COMPLETED")
                    ? ",\"numDeleted\":1"
                    : statuses[i].equals("FAILED") ? ",\"failureReason\":\"Invalid Data location.\"" : "";
            wm.stubFor(op("DescribeDataDeletionJob")
                    .inScenario("job")
                    .whenScenarioStateIs(state)
                    .willReturn(ok("{\"dataDeletionJob\":{\"dataDeletionJobArn\":\"" + JOB + "\",\"status\":\""
                            + statuses[i] + "\",\"lastUpdatedDateTime\":1.7647596E9" + extra + "}}"))
                    .willSetStateTo(next));
            state = next;
        }
    }

    void solutionIs(String solutionBody, String versionsBody) {
        wm.stubFor(op("ListSolutionVersions").willReturn(ok(versionsBody)));
        wm.stubFor(op("DescribeSolution").willReturn(ok(solutionBody)));
    }

    static void createAnswers() {
        wm.stubFor(op("CreateDataDeletionJob").willReturn(ok("{\"dataDeletionJobArn\":\"" + JOB + "\"}")));
    }

    @Test
    void erase_uploadsTheUserIdCsvCreatesTheJobOnItWaitsForCompletedAndPurgesTheCache() throws Exception {
        createAnswers();
        jobGoes("PENDING", "IN_PROGRESS", "COMPLETED");
        solutionIs(
                "{\"solution\":{\"solutionArn\":\"" + SOLUTION + "\",\"performAutoTraining\":true,"
                        + "\"solutionConfig\":{\"autoTrainingConfig\":{\"schedulingExpression\":\"rate(5 days)\"}}}}",
                "{\"solutionVersions\":[]}");
        UserKeyspace forYou = UserKeyspace.of(
                "arn:aws:personalize:us-east-1:000000000000:campaign/for-you", UserRecommendationsRequest.forUser("-"));
        store.putUser(forYou, "reader-7", list("reader-7"), Duration.ofHours(1));
        store.putUser(forYou, "reader-8", list("reader-8"), Duration.ofHours(1));

        ErasureReport report = eraser().erase(List.of("reader-7", "a,\"b\"", "reader-7"));

        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("AmazonPersonalize.CreateDataDeletionJob"))
                        .withRequestBody(
                                equalToJson("{\"jobName\":\"${json-unit.regex}^erase-20261203-100000-[0-9a-f]{8}$\","
                                        + "\"datasetGroupArn\":\"" + GROUP + "\","
                                        + "\"dataSource\":{\"dataLocation\":\"${json-unit.regex}^s3://" + bucket
                                        + "/erasure/erase-20261203-100000-[0-9a-f]{8}\\\\.csv$\"},"
                                        + "\"roleArn\":\"" + ROLE + "\"}")));
        S3Location uploaded = S3Location.parse(report.dataLocation());
        String csv = S3.client()
                .getObjectAsBytes(r -> r.bucket(uploaded.bucket()).key(uploaded.key()))
                .asString(StandardCharsets.UTF_8);
        assertThat(csv).isEqualTo("USER_ID\nreader-7\n\"a,\"\"b\"\"\"\n");
        try (var left = Files.list(work)) {
            assertThat(left).as("no local copy of the user ids").isEmpty();
        }
        assertThat(report.jobArn()).isEqualTo(JOB);
        assertThat(report.userIds()).containsExactly("reader-7", "a,\"b\"");
        assertThat(report.numDeleted()).isEqualTo(1);
        assertThat(report.completedAt()).isEqualTo(Instant.ofEpochSecond(1_764_759_600L));
        assertThat(report.purgedCacheEntries()).isEqualTo(Map.of("reader-7", Set.of(forYou.id())));
        assertThat(store.getUser(forYou, "reader-7")).isEmpty();
        assertThat(store.getUser(forYou, "reader-8")).isPresent();
        assertThat(report.forgetting().state()).isEqualTo(Forgetting.State.AUTO_TRAINING);
        assertThat(report.forgetting().latestAutoTraining())
                .contains(Instant.ofEpochSecond(1_764_759_600L).plus(Duration.ofDays(5)));
        assertThat(report.forgetting().describe()).contains("rate(5 days)");
        wm.verify(
                3,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("AmazonPersonalize.DescribeDataDeletionJob"))
                        .withRequestBody(equalToJson("{\"dataDeletionJobArn\":\"" + JOB + "\"}")));
    }

    @Test
    void erase_whenTheSolutionDoesNotTrainAutomatically_saysARetrainIsNeeded() {
        createAnswers();
        jobGoes("COMPLETED");
        solutionIs(
                "{\"solution\":{\"solutionArn\":\"" + SOLUTION + "\",\"performAutoTraining\":false}}",
                "{\"solutionVersions\":[{\"solutionVersionArn\":\"" + SOLUTION + "/old\",\"status\":\"ACTIVE\","
                        + "\"creationDateTime\":1.7E9}]}");

        ErasureReport report = eraser().erase(List.of("reader-7"));

        assertThat(report.forgetting().state()).isEqualTo(Forgetting.State.NEEDS_RETRAIN);
        assertThat(report.forgetting().describe()).contains("train a new solution version");
        assertThat(report.purgedCacheEntries()).isEmpty();
    }

    @Test
    void erase_whenAVersionWasTrainedAfterTheJob_namesIt() {
        createAnswers();
        jobGoes("COMPLETED");
        solutionIs(
                "{\"solution\":{\"solutionArn\":\"" + SOLUTION + "\",\"performAutoTraining\":false}}",
                "{\"solutionVersions\":[{\"solutionVersionArn\":\"" + SOLUTION + "/new\",\"status\":\"ACTIVE\","
                        + "\"creationDateTime\":1.7648E9}]}");

        ErasureReport report = eraser().erase(List.of("reader-7"));

        assertThat(report.forgetting().state()).isEqualTo(Forgetting.State.RETRAINED);
        assertThat(report.forgetting().solutionVersionArn()).isEqualTo(SOLUTION + "/new");
    }

    @Test
    void erase_whenTheJobFails_throwsWithItsReasonAndPurgesNothing() {
        createAnswers();
        jobGoes("PENDING", "FAILED");
        UserKeyspace forYou = UserKeyspace.of(
                "arn:aws:personalize:us-east-1:000000000000:campaign/for-you", UserRecommendationsRequest.forUser("-"));
        store.putUser(forYou, "reader-7", list("reader-7"), Duration.ofHours(1));

        assertThatThrownBy(() -> eraser().erase(List.of("reader-7")))
                .isInstanceOfSatisfying(ResourceFailedException.class, e -> {
                    assertThat(e.arn()).isEqualTo(JOB);
                    assertThat(e.failureReason()).contains("Invalid Data location.");
                });
        assertThat(store.getUser(forYou, "reader-7")).isPresent();
    }

    @Test
    void erase_whenAnIdIsEmptyOrTooLong_isRefusedNamingItBeforeAnythingIsSent() {
        String tooLong = "u".repeat(257);

        assertThatThrownBy(() -> eraser().erase(List.of("reader-7", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("userIds[1] is empty: a user id must be 1 to 256 characters");
        assertThatThrownBy(() -> eraser().erase(Arrays.asList("reader-7", "reader-8", tooLong)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userIds[2] = \"uuuuuuuuuu")
                .hasMessageContaining("has 257 characters, more than the limit of 256");
        assertThatThrownBy(() -> eraser().erase(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("give at least one user id");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    UserRecommendations list(String userId) {
        return UserRecommendations.builder()
                .userId(userId)
                .items(List.of())
                .fetchedAt(clock.instant())
                .build();
    }
}
