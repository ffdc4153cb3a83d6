package io.personalizekit.internal.waiters;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.personalizekit.exception.WaitInterruptedException;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.waiter.Sleeper;
import io.personalizekit.waiter.WaitPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import software.amazon.awssdk.services.personalize.model.DatasetGroupSummary;
import software.amazon.awssdk.services.personalize.model.PersonalizeException;

/**
 * {@link IdempotentCreate} around a real named create ({@code CreateDatasetGroup}, looked up with {@code
 * ListDatasetGroups}) through the real SDK client against WireMock in the exact awsJson1.1 wire format, on a fake
 * clock: which calls are made in which order after each kind of failure, the exact pauses between them (the policy's
 * backoff, capped by the visibility window and the error budget), and the error it ends with.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdempotentCreateTest {
    private static final String GROUP = "arn:aws:personalize:us-east-1:123456789012:dataset-group/news";
    private static final String JSON = "application/x-amz-json-1.1";
    private static final String LISTED = "{\"datasetGroups\":[{\"name\":\"news\",\"datasetGroupArn\":\"" + GROUP
            + "\",\"status\":\"CREATE PENDING\",\"creationDateTime\":1.7643E9,\"lastUpdatedDateTime\":1.7643E9}]}";
    private static final String EMPTY = "{\"datasetGroups\":[]}";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    private final FakeClock clock = new FakeClock();
    private PersonalizeClient client;

    @BeforeEach
    void setUp() {
        client = PersonalizeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        Thread.interrupted(); // never leak an interrupt into the next test
    }

    /** Backoff 1 s, 2 s, 4 s, ... (no jitter), the given error budget and visibility window. */
    private IdempotentCreate create(Sleeper sleeper, Duration budget, Duration visibility) {
        return new IdempotentCreate(
                "dataset group news",
                clock,
                sleeper,
                WaitPolicy.builder()
                        .initialDelay(Duration.ofSeconds(1))
                        .multiplier(2)
                        .jitter(0)
                        .errorBudget(budget)
                        .build(),
                visibility);
    }

    private IdempotentCreate create(Duration budget, Duration visibility) {
        return create(clock.sleeper(), budget, visibility);
    }

    private String run(IdempotentCreate c) {
        return c.run(
                () -> client.createDatasetGroup(b -> b.name("news")).datasetGroupArn(),
                () -> client.listDatasetGroups(b -> {}).datasetGroups().stream()
                        .filter(g -> g.name().equals("news"))
                        .map(DatasetGroupSummary::datasetGroupArn)
                        .findFirst());
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

    private static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", JSON)
                .withHeader("x-amzn-RequestId", "00000000-0000-0000-0000-000000000002")
                .withHeader("x-amzn-ErrorType", type)
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    private static ResponseDefinitionBuilder throttled() {
        return error(400, "ThrottlingException", "Rate exceeded");
    }

    private static ResponseDefinitionBuilder internalError() {
        return error(500, "InternalFailure", "We encountered an internal error.");
    }

    /** Answers the operation with each of the answers in turn, the last one from then on. */
    private static void answers(String operation, ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            ScenarioMappingBuilder m = op(operation)
                    .inScenario(operation)
                    .whenScenarioStateIs(i == 0 ? STARTED : operation + i)
                    .willReturn(answers[i]);
            wm.stubFor(i < answers.length - 1 ? m.willSetStateTo(operation + (i + 1)) : m);
        }
    }

    private static void created() {
        wm.stubFor(op("CreateDatasetGroup")
                .withRequestBody(equalToJson("{\"name\":\"news\"}"))
                .willReturn(ok("{\"datasetGroupArn\":\"" + GROUP + "\"}")));
    }

    /** Every operation called, oldest first. */
    private static List<String> operations() {
        List<String> out = new ArrayList<>();
        for (ServeEvent e : wm.getAllServeEvents()) {
            out.add(0, e.getRequest().getHeader("X-Amz-Target").substring("AmazonPersonalize.".length()));
        }
        return out;
    }

    private static Duration s(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000));
    }

    @Test
    void run_whenTheCreateSucceeds_returnsItsArnWithoutLooking() {
        created();

        assertThat(run(create(Duration.ofMinutes(2), Duration.ofSeconds(10)))).isEqualTo(GROUP);
        assertThat(operations()).containsExactly("CreateDatasetGroup");
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void run_whenThrottled_sendsAgainAfterTheBackoffWithoutLooking() {
        answers("CreateDatasetGroup", throttled(), throttled(), ok("{\"datasetGroupArn\":\"" + GROUP + "\"}"));

        assertThat(run(create(Duration.ofMinutes(2), Duration.ofSeconds(10)))).isEqualTo(GROUP);
        assertThat(operations()).containsExactly("CreateDatasetGroup", "CreateDatasetGroup", "CreateDatasetGroup");
        assertThat(clock.sleeps()).containsExactly(s(1), s(2));
    }

    @Test
    void run_whenThrottledPastTheErrorBudget_givesUpExactlyAtTheBudgetWithTheLastError() {
        // fails at 0 s, 1 s, 3 s; the third pause (4 s) is cut to the 3 s left; the failure at 6 s spends the budget
        wm.stubFor(op("CreateDatasetGroup").willReturn(throttled()));

        Throwable t = catchThrowable(() -> run(create(Duration.ofSeconds(6), Duration.ofSeconds(10))));

        assertThat(t).isInstanceOf(PersonalizeException.class).hasMessageStartingWith("Rate exceeded");
        assertThat(((PersonalizeException) t).isThrottlingException()).isTrue();
        assertThat(operations()).hasSize(4).containsOnly("CreateDatasetGroup");
        assertThat(clock.sleeps()).containsExactly(s(1), s(2), s(3));
    }

    @Test
    void run_whenTheReplyIsLostAndNothingWasCreated_looksUntilTheVisibilityWindowHasPassedThenSendsAgain() {
        // lookups at 0 s, 1 s and 1.5 s: the second pause (2 s) is cut to the 0.5 s left of the window
        answers("CreateDatasetGroup", internalError(), ok("{\"datasetGroupArn\":\"" + GROUP + "\"}"));
        wm.stubFor(op("ListDatasetGroups").willReturn(ok(EMPTY)));

        assertThat(run(create(Duration.ofMinutes(2), s(1.5)))).isEqualTo(GROUP);
        assertThat(operations())
                .containsExactly(
                        "CreateDatasetGroup",
                        "ListDatasetGroups",
                        "ListDatasetGroups",
                        "ListDatasetGroups",
                        "CreateDatasetGroup");
        assertThat(clock.sleeps()).containsExactly(s(1), s(0.5));
    }

    @Test
    void run_whenTheReplyIsLostAndTheCreateWasCarriedOut_adoptsWhatItMadeOnceListed() {
        answers("CreateDatasetGroup", internalError());
        answers("ListDatasetGroups", ok(EMPTY), ok(LISTED));

        assertThat(run(create(Duration.ofMinutes(2), Duration.ofSeconds(10)))).isEqualTo(GROUP);
        assertThat(operations()).containsExactly("CreateDatasetGroup", "ListDatasetGroups", "ListDatasetGroups");
        assertThat(clock.sleeps()).containsExactly(s(1));
    }

    @Test
    void run_whenAlreadyExistsAndTheListingLags_looksAgainAndAdoptsIt() {
        answers(
                "CreateDatasetGroup",
                error(400, "ResourceAlreadyExistsException", "Dataset group news already exists."));
        answers("ListDatasetGroups", ok(EMPTY), ok(LISTED));

        assertThat(run(create(Duration.ofMinutes(2), Duration.ofSeconds(10)))).isEqualTo(GROUP);
        assertThat(operations()).containsExactly("CreateDatasetGroup", "ListDatasetGroups", "ListDatasetGroups");
        assertThat(clock.sleeps()).containsExactly(s(1));
    }

    @Test
    void run_whenTheLookupIsRefused_throwsTheCreatesOwnFailureWithTheLookupsAsSuppressed() {
        answers("CreateDatasetGroup", internalError());
        wm.stubFor(op("ListDatasetGroups")
                .willReturn(
                        error(400, "AccessDeniedException", "User is not authorized to perform ListDatasetGroups")));

        Throwable t = catchThrowable(() -> run(create(Duration.ofMinutes(2), Duration.ofSeconds(10))));

        assertThat(t).isInstanceOf(PersonalizeException.class).hasMessageStartingWith("We encountered an internal");
        assertThat(((PersonalizeException) t).statusCode()).isEqualTo(500);
        assertThat(t.getSuppressed()).hasSize(1);
        assertThat(t.getSuppressed()[0]).hasMessageStartingWith("User is not authorized to perform ListDatasetGroups");
        assertThat(operations()).containsExactly("CreateDatasetGroup", "ListDatasetGroups");
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void run_whenTheLookupFailsTransiently_retriesItWithTheBackoffAndAdopts() {
        answers("CreateDatasetGroup", internalError());
        answers("ListDatasetGroups", error(503, "ServiceUnavailable", "Service is busy listing"), ok(LISTED));

        assertThat(run(create(Duration.ofMinutes(2), Duration.ofSeconds(10)))).isEqualTo(GROUP);
        assertThat(operations()).containsExactly("CreateDatasetGroup", "ListDatasetGroups", "ListDatasetGroups");
        assertThat(clock.sleeps()).containsExactly(s(1));
    }

    @Test
    void run_whenTheLookupKeepsFailingPastTheErrorBudget_throwsTheLookupsLastError() {
        // the create fails at 0 s; the lookups at 0 s, 1 s, 3 s and 6 s: the one at 6 s spends the 6 s budget
        answers("CreateDatasetGroup", internalError());
        wm.stubFor(op("ListDatasetGroups").willReturn(error(503, "ServiceUnavailable", "Service is busy listing")));

        Throwable t = catchThrowable(() -> run(create(Duration.ofSeconds(6), Duration.ofSeconds(10))));

        assertThat(t).isInstanceOf(PersonalizeException.class).hasMessageStartingWith("Service is busy listing");
        assertThat(((PersonalizeException) t).statusCode()).isEqualTo(503);
        assertThat(operations())
                .containsExactly(
                        "CreateDatasetGroup",
                        "ListDatasetGroups",
                        "ListDatasetGroups",
                        "ListDatasetGroups",
                        "ListDatasetGroups");
        assertThat(clock.sleeps()).containsExactly(s(1), s(2), s(3));
    }

    @Test
    void run_whenRefusedWith4xx_throwsAtOnce() {
        wm.stubFor(
                op("CreateDatasetGroup").willReturn(error(400, "InvalidInputException", "Name news- is not valid.")));

        Throwable t = catchThrowable(() -> run(create(Duration.ofMinutes(2), Duration.ofSeconds(10))));

        assertThat(t).isInstanceOf(PersonalizeException.class).hasMessageStartingWith("Name news- is not valid.");
        assertThat(operations()).containsExactly("CreateDatasetGroup");
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void run_whenInterruptedWhilePausing_throwsWaitInterruptedNamingTheCreateItsFailureAndTheTimeSpent() {
        wm.stubFor(op("CreateDatasetGroup").willReturn(throttled()));
        AtomicInteger pauses = new AtomicInteger();
        Sleeper interruptedOnTheSecondPause = d -> {
            if (pauses.incrementAndGet() == 2) {
                throw new InterruptedException("stop");
            }
            clock.sleeper().sleep(d);
        };

        Throwable t = catchThrowable(
                () -> run(create(interruptedOnTheSecondPause, Duration.ofMinutes(2), Duration.ofSeconds(10))));
        boolean interruptKept = Thread.interrupted();

        assertThat(interruptKept).as("the thread's interrupt flag is set again").isTrue();
        assertThat(t)
                .isInstanceOf(WaitInterruptedException.class)
                .hasMessage("Interrupted while waiting for dataset group news after 2 attempts and PT1S; last status"
                        + " was create failed: throttled. The resource is unaffected; wait again to resume.")
                .hasCauseInstanceOf(InterruptedException.class);
        WaitInterruptedException w = (WaitInterruptedException) t;
        assertThat(w.attempts()).isEqualTo(2);
        assertThat(w.elapsed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(t.getSuppressed()).singleElement().isInstanceOf(PersonalizeException.class);
        assertThat(t.getSuppressed()[0]).hasMessageStartingWith("Rate exceeded");
        assertThat(operations()).containsExactly("CreateDatasetGroup", "CreateDatasetGroup");
    }

    @Test
    void run_whenInterruptedWhileLookingAfterAlreadyExists_measuresTheTimeFromTheInterrupt() {
        // no failure run has started (already exists is not an error to ride out): the time spent is zero
        answers(
                "CreateDatasetGroup",
                error(400, "ResourceAlreadyExistsException", "Dataset group news already exists."));
        wm.stubFor(op("ListDatasetGroups").willReturn(ok(EMPTY)));
        Sleeper interrupted = d -> {
            throw new InterruptedException("stop");
        };

        Throwable t = catchThrowable(() -> run(create(interrupted, Duration.ofMinutes(2), Duration.ofSeconds(10))));
        Thread.interrupted();

        assertThat(t)
                .isInstanceOf(WaitInterruptedException.class)
                .hasMessageStartingWith("Interrupted while waiting for dataset group news after 1 attempts and PT0S;"
                        + " last status was create failed: HTTP 400.");
        assertThat(operations()).containsExactly("CreateDatasetGroup", "ListDatasetGroups");
    }

    @Test
    void withoutSdkRetries_isOneSharedOverride() {
        assertThat(IdempotentCreate.withoutSdkRetries()).isSameAs(IdempotentCreate.withoutSdkRetries());
        assertThat(IdempotentCreate.withoutSdkRetries().plugins()).hasSize(1);
    }

    @Test
    void run_findIsNotCalledWhenTheFirstSendSucceeds() {
        created();
        AtomicInteger finds = new AtomicInteger();

        String arn = create(Duration.ofMinutes(2), Duration.ofSeconds(10))
                .run(() -> client.createDatasetGroup(b -> b.name("news")).datasetGroupArn(), () -> {
                    finds.incrementAndGet();
                    return Optional.empty();
                });

        assertThat(arn).isEqualTo(GROUP);
        assertThat(finds).hasValue(0);
    }
}
