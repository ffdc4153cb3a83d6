package io.personalizekit.waiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.exception.WaitTimeoutException;
import io.personalizekit.observe.WaitEvent;
import io.personalizekit.observe.WaitOutcome;
import io.personalizekit.resource.DatasetGroupRef;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakePersonalize;
import io.personalizekit.testing.RecordingListener;
import io.personalizekit.testing.ThrowingListener;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/** What a waiter tells its PersonalizeKitListener, polling the fake control plane (WireMock) with the real SDK. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResourceWaiterListenerTest {
    private final FakeClock clock = new FakeClock();
    private final RecordingListener events = new RecordingListener();
    private FakePersonalize fake;
    private PersonalizeClient client;

    @BeforeEach
    void setUp() {
        fake = new FakePersonalize(clock);
        client = fake.newClient();
    }

    @AfterEach
    void tearDown() {
        client.close();
        fake.close();
    }

    private ResourceWaiter waiter(io.personalizekit.observe.PersonalizeKitListener listener) {
        return ResourceWaiter.builder()
                .personalizeClient(client)
                .clock(clock)
                .sleeper(clock.sleeper())
                .listener(listener)
                .build();
    }

    private DatasetGroupRef createGroup(String name) {
        return DatasetGroupRef.of(client.createDatasetGroup(b -> b.name(name)).datasetGroupArn());
    }

    @Test
    void waits_reportTheirResourceTypeOutcomeAndDurationByTheWaitersClock() {
        fake.timeToActive(ResourceType.DATASET_GROUP, Duration.ofSeconds(20));
        DatasetGroupRef ok = createGroup("news");
        try (ResourceWaiter waiter = waiter(events)) {
            WaitResult result = waiter.waitUntilActive(ok);
            fake.failCreate("broken", "Internal error");
            DatasetGroupRef broken = createGroup("broken");
            assertThatThrownBy(() -> waiter.waitUntilActive(broken)).isInstanceOf(ResourceFailedException.class);
            fake.timeToActive(ResourceType.DATASET_GROUP, Duration.ofHours(1));
            DatasetGroupRef slow = createGroup("slow");
            assertThatThrownBy(() -> waiter.waitUntilActive(slow, p -> p.timeout(Duration.ofMinutes(2))))
                    .isInstanceOf(WaitTimeoutException.class);

            assertThat(events.waits)
                    .extracting(WaitEvent::resource, WaitEvent::resourceType, WaitEvent::condition, WaitEvent::outcome)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    ok, ResourceType.DATASET_GROUP, WaitCondition.ACTIVE, WaitOutcome.SUCCEEDED),
                            org.assertj.core.groups.Tuple.tuple(
                                    broken, ResourceType.DATASET_GROUP, WaitCondition.ACTIVE, WaitOutcome.FAILED),
                            org.assertj.core.groups.Tuple.tuple(
                                    slow, ResourceType.DATASET_GROUP, WaitCondition.ACTIVE, WaitOutcome.TIMED_OUT));
            assertThat(events.waits.get(0).duration()).isEqualTo(result.elapsed());
            assertThat(events.waits.get(0).error()).isNull();
            assertThat(events.waits.get(1).error()).isInstanceOf(ResourceFailedException.class);
            assertThat(events.waits.get(2).duration()).isEqualTo(Duration.ofMinutes(2));
        }
    }

    @Test
    void asyncWait_reportsWhenItCompletes() throws Exception {
        fake.failCreate("broken", "Internal error");
        DatasetGroupRef broken = createGroup("broken");
        try (ResourceWaiter waiter = waiter(events)) {
            assertThatThrownBy(() -> waiter.waitUntilActiveAsync(broken).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ResourceFailedException.class);
        }
        assertThat(events.waits).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(WaitOutcome.FAILED);
            assertThat(e.resource()).isEqualTo(broken);
        });
    }

    @Test
    void waitUntilActive_whenTheListenerThrows_returnsTheResult() {
        ThrowingListener throwing = new ThrowingListener();
        DatasetGroupRef ok = createGroup("news");
        try (ResourceWaiter waiter = waiter(throwing)) {
            assertThat(waiter.waitUntilActive(ok).rawStatus()).isEqualTo("ACTIVE");
            assertThat(waiter.waitUntilActive(ok).rawStatus()).isEqualTo("ACTIVE");
        }
        assertThat(throwing.calls).hasValue(2);
    }
}
