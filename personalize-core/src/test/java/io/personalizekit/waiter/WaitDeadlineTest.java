package io.personalizekit.waiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.WaitTimeoutException;
import io.personalizekit.resource.DatasetGroupRef;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakePersonalize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * The waiter's deadline, to the attempt and the second, on a fake clock: polls at 0, d, 2d, ... and one last poll
 * exactly at the deadline, then {@link WaitTimeoutException}. The sleeper refuses a zero-length or an unexpected
 * extra sleep, so a deadline that is never reached fails at once instead of spinning forever.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaitDeadlineTest {
    private static FakePersonalize sharedFake;
    private static PersonalizeClient sharedClient;

    private final FakeClock clock = new FakeClock();
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private FakePersonalize fake;
    private ResourceWaiter waiter;
    private int sleepBudget = 100;

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
        Sleeper advancing = clock.sleeper();
        waiter = ResourceWaiter.builder()
                .personalizeClient(sharedClient)
                .clock(clock)
                .sleeper(d -> {
                    if (d.isZero() || d.isNegative()) {
                        throw new AssertionError("the waiter asked to sleep " + d + " after " + sleeps + ": it"
                                + " would poll again at the same instant, forever");
                    }
                    if (sleeps.size() >= sleepBudget) {
                        throw new AssertionError("more than " + sleepBudget + " sleeps: " + sleeps);
                    }
                    sleeps.add(d);
                    advancing.sleep(d);
                })
                .build();
    }

    @AfterEach
    void tearDown() {
        waiter.close();
    }

    private DatasetGroupRef group(Duration timeToActive) {
        fake.timeToActive(ResourceType.DATASET_GROUP, timeToActive);
        return DatasetGroupRef.of(
                sharedClient.createDatasetGroup(b -> b.name("news")).datasetGroupArn());
    }

    private static WaitPolicy fixed(Duration delay, Duration timeout) {
        return WaitPolicy.builder()
                .initialDelay(delay)
                .multiplier(1)
                .maxDelay(delay)
                .jitter(0)
                .timeout(timeout)
                .build();
    }

    private static List<Duration> seconds(long... values) {
        List<Duration> out = new ArrayList<>();
        for (long v : values) {
            out.add(Duration.ofSeconds(v));
        }
        return out;
    }

    @Test
    void waitUntilActive_whenDeadlineIsAWholeNumberOfDelays_pollsOnceMoreAtTheDeadlineThenTimesOut() {
        DatasetGroupRef slow = group(Duration.ofHours(1));
        sleepBudget = 6;

        assertThatThrownBy(() -> waiter.waitUntilActive(slow, fixed(Duration.ofSeconds(10), Duration.ofSeconds(60))))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(7); // at 0, 10, 20, 30, 40, 50 and 60 s
                    assertThat(e.elapsed()).isEqualTo(Duration.ofSeconds(60));
                    assertThat(e.lastStatus()).isEqualTo("CREATE PENDING");
                    assertThat(e.arn()).isEqualTo(slow.arn());
                });
        assertThat(fake.count("DescribeDatasetGroup")).isEqualTo(7);
        assertThat(sleeps).isEqualTo(seconds(10, 10, 10, 10, 10, 10));
    }

    @Test
    void waitUntilActive_whenDeadlineFallsBetweenPolls_shortensTheLastSleepToEndExactlyAtTheDeadline() {
        DatasetGroupRef slow = group(Duration.ofHours(1));
        sleepBudget = 7;

        assertThatThrownBy(() -> waiter.waitUntilActive(slow, fixed(Duration.ofSeconds(10), Duration.ofSeconds(65))))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(8);
                    assertThat(e.elapsed()).isEqualTo(Duration.ofSeconds(65));
                });
        assertThat(sleeps).isEqualTo(seconds(10, 10, 10, 10, 10, 10, 5));
        assertThat(fake.count("DescribeDatasetGroup")).isEqualTo(8);
    }

    @Test
    void waitUntilActive_whenBackoffGrows_capsItAndClipsTheLastSleepAtTheDeadline() {
        DatasetGroupRef slow = group(Duration.ofHours(1));
        WaitPolicy policy = WaitPolicy.builder()
                .initialDelay(Duration.ofSeconds(1))
                .multiplier(2)
                .maxDelay(Duration.ofSeconds(8))
                .jitter(0)
                .timeout(Duration.ofSeconds(30))
                .build();

        assertThatThrownBy(() -> waiter.waitUntilActive(slow, policy))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(7); // at 0, 1, 3, 7, 15, 23 and 30 s
                    assertThat(e.elapsed()).isEqualTo(Duration.ofSeconds(30));
                });
        assertThat(sleeps).isEqualTo(seconds(1, 2, 4, 8, 8, 7));
    }

    @ParameterizedTest(name = "active after {0} s, deadline 60 s")
    @CsvSource({"50, 6", "59, 7", "60, 7"})
    void waitUntilActive_whenActiveByTheLastPoll_succeedsWithTheAttemptsMade(long activeAfter, int attempts) {
        DatasetGroupRef ref = group(Duration.ofSeconds(activeAfter));

        WaitResult result = waiter.waitUntilActive(ref, fixed(Duration.ofSeconds(10), Duration.ofSeconds(60)));

        assertThat(result.rawStatus()).isEqualTo("ACTIVE");
        assertThat(result.attempts()).isEqualTo(attempts);
        assertThat(result.elapsed()).isEqualTo(Duration.ofSeconds(10L * (attempts - 1)));
    }

    @Test
    void waitUntilActive_whenActiveJustAfterTheDeadline_timesOutAtTheDeadline() {
        DatasetGroupRef ref = group(Duration.ofSeconds(61));

        assertThatThrownBy(() -> waiter.waitUntilActive(ref, fixed(Duration.ofSeconds(10), Duration.ofSeconds(60))))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(7);
                    assertThat(e.elapsed()).isEqualTo(Duration.ofSeconds(60));
                    assertThat(e.lastStatus()).isEqualTo("CREATE IN_PROGRESS");
                });
        assertThat(clock.totalSlept()).isEqualTo(Duration.ofSeconds(60));
    }

    @ParameterizedTest(name = "maxAttempts {0}")
    @CsvSource({"1", "2", "5"})
    void waitUntilActive_whenAttemptBudgetEndsFirst_makesExactlyThatManyPolls(int maxAttempts) {
        DatasetGroupRef slow = group(Duration.ofHours(1));
        WaitPolicy policy = fixed(Duration.ofSeconds(10), Duration.ofHours(1)).toBuilder()
                .maxAttempts(maxAttempts)
                .build();

        assertThatThrownBy(() -> waiter.waitUntilActive(slow, policy))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(maxAttempts);
                    assertThat(e.elapsed()).isEqualTo(Duration.ofSeconds(10L * (maxAttempts - 1)));
                });
        assertThat(fake.count("DescribeDatasetGroup")).isEqualTo(maxAttempts);
        assertThat(sleeps).hasSize(maxAttempts - 1);
    }
}
