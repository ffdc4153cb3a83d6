package io.personalizekit.waiter;

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
import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.exception.WaitInterruptedException;
import io.personalizekit.exception.WaitTimeoutException;
import io.personalizekit.testing.FakeClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.DataDeletionJob;

/**
 * {@link DataDeletionJobWaiter} over the real SDK against WireMock answering {@code DescribeDataDeletionJob} as the
 * service does (JSON 1.1), on a fake clock whose sleeper advances it: statuses, failure, transient errors within and
 * beyond the error budget, a client error, the timeout, the attempt limit and an interrupt.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DataDeletionJobWaiterTest {
    static final String JOB = "arn:aws:personalize:us-east-1:123456789012:data-deletion-job/erase-1";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    final FakeClock clock = new FakeClock(Instant.parse("2026-12-03T10:00:00Z"));
    final List<Duration> slept = new ArrayList<>();
    PersonalizeClient personalize;

    @BeforeEach
    void setUp() {
        personalize = PersonalizeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
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

    DataDeletionJobWaiter.Builder waiter(WaitPolicy policy) {
        return DataDeletionJobWaiter.builder()
                .personalizeClient(personalize)
                .clock(clock)
                .sleeper(d -> {
                    slept.add(d);
                    clock.advance(d);
                })
                .policy(policy);
    }

    static WaitPolicy policy() {
        return WaitPolicy.builder()
                .initialDelay(Duration.ofSeconds(10))
                .maxDelay(Duration.ofSeconds(10))
                .jitter(0)
                .timeout(Duration.ofMinutes(10))
                .errorBudget(Duration.ofSeconds(30))
                .build();
    }

    static MappingBuilder describe() {
        return post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonPersonalize.DescribeDataDeletionJob"))
                .withRequestBody(equalToJson("{\"dataDeletionJobArn\":\"" + JOB + "\"}"));
    }

    static ResponseDefinitionBuilder job(String status, String extra) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"dataDeletionJob\":{\"dataDeletionJobArn\":\"" + JOB + "\",\"status\":\"" + status + "\""
                        + extra + "}}");
    }

    static ResponseDefinitionBuilder error(int status, String type) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-ErrorType", type)
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + type + " here\"}");
    }

    /** Answers the given responses in turn, the last one from then on. */
    static void answers(ResponseDefinitionBuilder... responses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < responses.length; i++) {
            String next = i + 1 < responses.length ? "poll-" + (i + 1) : state;
            wm.stubFor(describe()
                    .inScenario("job")
                    .whenScenarioStateIs(state)
                    .willReturn(responses[i])
                    .willSetStateTo(next));
            state = next;
        }
    }

    @Test
    void waitUntilCompleted_pollsThroughPendingAndInProgress_andReturnsTheCompletedJob() {
        answers(job("PENDING", ""), job("IN_PROGRESS", ""), job("COMPLETED", ",\"numDeleted\":3"));

        DataDeletionJob done = waiter(policy()).build().waitUntilCompleted(JOB);

        assertThat(done.status()).isEqualTo("COMPLETED");
        assertThat(done.numDeleted()).isEqualTo(3);
        assertThat(slept).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
        wm.verify(3, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void waitUntilCompleted_whenFailed_throwsWithTheServicesReason() {
        answers(job("PENDING", ""), job("FAILED", ",\"failureReason\":\"Invalid Data location.\""));

        assertThatThrownBy(() -> waiter(policy()).build().waitUntilCompleted(JOB))
                .isInstanceOf(ResourceFailedException.class)
                .hasMessageContaining(JOB)
                .hasMessageContaining("FAILED")
                .hasMessageContaining("Invalid Data location.");
        assertThat(slept).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void waitUntilCompleted_ridesOutThrottlingAnd5xxWithinTheErrorBudget() {
        answers(
                error(400, "ThrottlingException"),
                error(500, "InternalFailure"),
                job("COMPLETED", ",\"numDeleted\":1"));

        DataDeletionJob done = waiter(policy()).build().waitUntilCompleted(JOB);

        assertThat(done.numDeleted()).isEqualTo(1);
        assertThat(slept).hasSize(2);
    }

    @Test
    void waitUntilCompleted_whenErrorsOutlastTheBudget_throwsTheLastError() {
        answers(error(500, "InternalFailure")); // every poll; budget 30 s, polls every 10 s

        assertThatThrownBy(() -> waiter(policy()).build().waitUntilCompleted(JOB))
                .isInstanceOf(SdkServiceException.class)
                .hasMessageContaining("InternalFailure");
        // errors at 0, 10, 20 and 30 s are within the budget; the one at 40 s is past it
        assertThat(slept).hasSize(4);
    }

    @Test
    void waitUntilCompleted_aClientErrorIsNotRetried() {
        answers(error(400, "ResourceNotFoundException"));

        assertThatThrownBy(() -> waiter(policy()).build().waitUntilCompleted(JOB))
                .isInstanceOf(SdkServiceException.class)
                .hasMessageContaining("ResourceNotFoundException");
        assertThat(slept).isEmpty();
        wm.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void waitUntilCompleted_timesOutAtThePolicysTimeout() {
        answers(job("IN_PROGRESS", ""));
        WaitPolicy oneMinute = WaitPolicy.builder()
                .initialDelay(Duration.ofSeconds(10))
                .maxDelay(Duration.ofSeconds(10))
                .jitter(0)
                .timeout(Duration.ofMinutes(1))
                .build();

        assertThatThrownBy(() -> waiter(oneMinute).build().waitUntilCompleted(JOB))
                .isInstanceOf(WaitTimeoutException.class)
                .hasMessageContaining(JOB)
                .hasMessageContaining("IN_PROGRESS");
        // polls at 0, 10, ..., 60 s: the one at 60 s has reached the timeout
        assertThat(slept).hasSize(6);
        wm.verify(7, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void waitUntilCompleted_stopsAtTheAttemptLimit() {
        answers(job("IN_PROGRESS", ""));
        WaitPolicy threeAttempts = WaitPolicy.builder()
                .initialDelay(Duration.ofSeconds(10))
                .maxDelay(Duration.ofSeconds(10))
                .jitter(0)
                .timeout(Duration.ofHours(1))
                .maxAttempts(3)
                .build();

        assertThatThrownBy(() -> waiter(threeAttempts).build().waitUntilCompleted(JOB))
                .isInstanceOf(WaitTimeoutException.class);
        wm.verify(3, postRequestedFor(urlEqualTo("/")));
        assertThat(slept).hasSize(2);
    }

    @Test
    void waitUntilCompleted_whenInterrupted_throwsAndKeepsTheFlag() {
        answers(job("IN_PROGRESS", ""));
        DataDeletionJobWaiter waiter = DataDeletionJobWaiter.builder()
                .personalizeClient(personalize)
                .clock(clock)
                .sleeper(d -> {
                    throw new InterruptedException("stop");
                })
                .policy(policy())
                .build();
        try {
            assertThatThrownBy(() -> waiter.waitUntilCompleted(JOB))
                    .isInstanceOf(WaitInterruptedException.class)
                    .hasMessageContaining(JOB);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
