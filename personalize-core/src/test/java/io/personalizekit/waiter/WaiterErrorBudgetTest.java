package io.personalizekit.waiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.WaitTimeoutException;
import io.personalizekit.resource.DatasetGroupRef;
import io.personalizekit.resource.ResourceRef;
import io.personalizekit.resource.ResourceStatus;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.resource.SolutionVersionRef;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakePersonalize;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalize.model.PersonalizeException;

/** The error budget: polls that fail with errors that may pass are ridden out, on fake time. */
@Timeout(60)
class WaiterErrorBudgetTest {
    private final FakeClock clock = new FakeClock();
    private final List<String> polled = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failed = Collections.synchronizedList(new ArrayList<>());
    private final WaitListener recorder = new WaitListener() {
        @Override
        public void onPolled(ResourceRef ref, String rawStatus, int attempt, Duration elapsed) {
            polled.add(rawStatus);
        }

        @Override
        public void onPollFailed(
                ResourceRef ref, Throwable error, int failedPolls, Duration failingFor, Duration errorBudget) {
            failed.add(failedPolls + " " + failingFor.toSeconds() + "s/" + errorBudget.toMinutes() + "min "
                    + error.getClass().getSimpleName());
        }
    };
    private FakePersonalize fake;
    private PersonalizeClient client;
    private ResourceWaiter waiter;

    private static FakePersonalize sharedFake;
    private static PersonalizeClient sharedClient;

    /** Fixed 10 s polls (no jitter), 2 min budget: the arithmetic below is exact. */
    private static final WaitPolicy POLICY = WaitPolicy.builder()
            .initialDelay(Duration.ofSeconds(10))
            .multiplier(1)
            .maxDelay(Duration.ofSeconds(10))
            .jitter(0)
            .timeout(Duration.ofHours(12))
            .errorBudget(Duration.ofMinutes(2))
            .build();

    @BeforeAll
    static void startServer() {
        sharedFake = new FakePersonalize(new FakeClock());
        sharedClient = sharedFake.newClient();
    }

    @AfterAll
    static void stopServer() {
        sharedClient.close();
        sharedFake.close();
    }

    @BeforeEach
    void setUp() {
        fake = sharedFake.reset(clock);
        client = sharedClient;
        waiter = waiter(client);
    }

    @AfterEach
    void tearDown() {
        waiter.close();
    }

    private ResourceWaiter waiter(PersonalizeClient c) {
        return ResourceWaiter.builder()
                .personalizeClient(c)
                .clock(clock)
                .sleeper(clock.sleeper())
                .listener(recorder)
                .policyForAll(POLICY)
                .build();
    }

    private DatasetGroupRef createGroup(String name) {
        return DatasetGroupRef.of(client.createDatasetGroup(b -> b.name(name)).datasetGroupArn());
    }

    @Test
    void waitUntilActive_whenPollsFailWith5xx_ridesThemOutAndSaysSo() {
        fake.timeToActive(ResourceType.DATASET_GROUP, Duration.ofMinutes(1));
        DatasetGroupRef ref = createGroup("news");
        fake.injectError("DescribeDatasetGroup", 3, 503, "ServiceUnavailable", "Service unavailable");

        WaitResult result = waiter.waitUntilActive(ref);

        assertThat(result.status()).isEqualTo(ResourceStatus.ACTIVE);
        assertThat(failed)
                .containsExactly(
                        "1 0s/2min PersonalizeException",
                        "2 10s/2min PersonalizeException",
                        "3 20s/2min PersonalizeException");
        assertThat(polled.subList(0, 3))
                .containsExactly(
                        "(riding out errors: 1 failed poll in 0.0 s (HTTP 503); budget 2 min)",
                        "(riding out errors: 2 failed polls in 10.0 s (HTTP 503); budget 2 min)",
                        "(riding out errors: 3 failed polls in 20.0 s (HTTP 503); budget 2 min)");
        assertThat(polled.get(3)).isEqualTo("CREATE IN_PROGRESS");
    }

    @Test
    void waitUntilActive_whenErrorsOutlastTheBudget_throwsTheLastErrorAtTheBudget() {
        DatasetGroupRef ref = createGroup("news");
        fake.injectError("DescribeDatasetGroup", 1000, 500, "InternalFailure", "boom");

        assertThatThrownBy(() -> waiter.waitUntilActive(ref))
                .isInstanceOf(PersonalizeException.class)
                .satisfies(
                        e -> assertThat(((PersonalizeException) e).statusCode()).isEqualTo(500));
        assertThat(clock.totalSlept()).isEqualTo(Duration.ofMinutes(2));
        assertThat(failed).hasSize(12).last().asString().startsWith("12 110s/2min");
    }

    @Test
    void waitUntilActive_whenAFailureRunEnds_startsTheBudgetAfresh() {
        fake.timeToActive(ResourceType.DATASET_GROUP, Duration.ofMinutes(10));
        DatasetGroupRef ref = createGroup("news");
        fake.injectError("DescribeDatasetGroup", 11, 500, "InternalFailure", "boom");

        // 11 failures (100 s), then a success, then 11 failures again after each status change: 3 runs of 100 s
        // each, 300 s in all, more than the 2 min budget
        WaitListener injectAgain = new WaitListener() {
            @Override
            public void onStatusChanged(ResourceRef r, ResourceStatus status, String rawStatus) {
                fake.injectError("DescribeDatasetGroup", 11, 500, "InternalFailure", "boom");
            }
        };
        WaitResult result = waiter.await(ref, WaitCondition.ACTIVE, null, injectAgain);

        assertThat(result.status()).isEqualTo(ResourceStatus.ACTIVE);
        assertThat(failed).filteredOn(f -> f.startsWith("11 100s")).hasSize(3);
    }

    @Test
    void waitUntilActive_whenThrottledBeyondTheBudget_givesUp() {
        DatasetGroupRef ref = createGroup("news");
        fake.injectError("DescribeDatasetGroup", 1000, "ThrottlingException", "Rate exceeded");

        assertThatThrownBy(() -> waiter.waitUntilActive(ref)).isInstanceOf(PersonalizeException.class);
        assertThat(polled).first().asString().contains("(throttled)");
        assertThat(clock.totalSlept()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void waitUntilActive_whenErrorIsFinal_throwsAtOnceWithoutRidingOut() {
        DatasetGroupRef ref = createGroup("news");
        fake.injectError("DescribeDatasetGroup", 1, 400, "InvalidInputException", "bad arn");

        assertThatThrownBy(() -> waiter.waitUntilActive(ref)).isInstanceOf(InvalidInputException.class);
        assertThat(failed).isEmpty();
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void waitUntilActive_whenBudgetIsZero_throwsTheFirstError() {
        DatasetGroupRef ref = createGroup("news");
        fake.injectError("DescribeDatasetGroup", 1, 500, "InternalFailure", "boom");

        assertThatThrownBy(() -> waiter.waitUntilActive(ref, p -> p.errorBudget(Duration.ZERO)))
                .isInstanceOf(PersonalizeException.class);
        assertThat(fake.count("DescribeDatasetGroup")).isEqualTo(1);
    }

    @Test
    void waitUntilActive_whenTheDeadlineComesWhileRidingOut_timesOutWithTheLastStatusAndError() {
        fake.timeToActive(ResourceType.DATASET_GROUP, Duration.ofHours(1));
        DatasetGroupRef ref = createGroup("news");
        WaitListener failFromNowOn = new WaitListener() {
            @Override
            public void onStatusChanged(ResourceRef r, ResourceStatus status, String rawStatus) {
                fake.injectError("DescribeDatasetGroup", 1000, 500, "InternalFailure", "boom");
            }
        };

        assertThatThrownBy(() -> waiter.await(
                        ref, WaitCondition.ACTIVE, POLICY.copy(p -> p.timeout(Duration.ofSeconds(30))), failFromNowOn))
                .isInstanceOf(WaitTimeoutException.class)
                .satisfies(e -> {
                    assertThat(((WaitTimeoutException) e).lastStatus()).isEqualTo("CREATE PENDING");
                    assertThat(e.getSuppressed()).singleElement().isInstanceOf(PersonalizeException.class);
                });
    }

    @Test
    void waitUntilActive_whenTheEndpointRefusesConnections_ridesItOutAndNamesTheCause() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (PersonalizeClient dead = PersonalizeClient.builder()
                        .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build();
                ResourceWaiter w = waiter(dead)) {
            SolutionVersionRef ref =
                    SolutionVersionRef.of("arn:aws:personalize:us-east-1:123456789012:solution/news/3ba6a5be");

            assertThatThrownBy(() -> w.waitUntilActive(ref)).isInstanceOf(SdkClientException.class);
            assertThat(polled)
                    .hasSize(12)
                    .first()
                    .isEqualTo("(riding out errors: 1 failed poll in 0.0 s (connection refused); budget 2 min)");
        }
    }

    @Test
    void waitUntilActiveAsync_whenPollsFail_ridesThemOut() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (ResourceWaiter async = ResourceWaiter.builder()
                .personalizeClient(client)
                .clock(clock)
                .scheduler(scheduler)
                .listener(recorder)
                .policyForAll(POLICY.copy(p -> p.initialDelay(Duration.ZERO).maxDelay(Duration.ZERO)))
                .build()) {
            DatasetGroupRef ref = createGroup("news");
            fake.injectError("DescribeDatasetGroup", 2, 502, "BadGateway", "bad gateway");

            WaitResult r = async.waitUntilActiveAsync(ref).get(10, TimeUnit.SECONDS);

            assertThat(r.status()).isEqualTo(ResourceStatus.ACTIVE);
            assertThat(failed).hasSize(2);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void defaults_haveAnErrorBudgetPerType() {
        assertThat(WaitPolicy.defaultFor(ResourceType.DATASET_GROUP).errorBudget())
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(WaitPolicy.defaultFor(ResourceType.SOLUTION).errorBudget()).isEqualTo(Duration.ofMinutes(5));
        assertThat(WaitPolicy.defaultFor(ResourceType.DATASET_IMPORT_JOB).errorBudget())
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(WaitPolicy.defaultFor(ResourceType.CAMPAIGN).errorBudget()).isEqualTo(Duration.ofMinutes(15));
        assertThat(WaitPolicy.defaultFor(ResourceType.SOLUTION_VERSION).errorBudget())
                .isEqualTo(Duration.ofMinutes(30));
        assertThatThrownBy(() -> WaitPolicy.builder().errorBudget(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("errorBudget");
    }
}
