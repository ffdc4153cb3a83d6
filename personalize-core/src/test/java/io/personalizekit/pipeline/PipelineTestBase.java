package io.personalizekit.pipeline;

import io.personalizekit.resource.ResourceRef;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakePersonalize;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.WaitPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

abstract class PipelineTestBase {
    final FakeClock clock = new FakeClock();
    FakePersonalize fake;
    PersonalizeClient client;
    ResourceWaiter waiter;
    final Recorder events = new Recorder();

    /** Few polls per resource keep the scenario tests fast; the speed test uses the default policies. */
    static final WaitPolicy TEST_POLICY = WaitPolicy.builder()
            .initialDelay(Duration.ofSeconds(1))
            .multiplier(2)
            .maxDelay(Duration.ofSeconds(8))
            .jitter(0)
            .timeout(Duration.ofHours(1))
            .build();

    private static FakePersonalize sharedFake;
    private static PersonalizeClient sharedClient;

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
    void startFake() {
        fake = Article.quickTimes(sharedFake.reset(clock));
        client = sharedClient;
        waiter = ResourceWaiter.builder()
                .personalizeClient(client)
                .clock(clock)
                .sleeper(clock.sleeper())
                .policyForAll(TEST_POLICY)
                .build();
    }

    @AfterEach
    void stopFake() {
        waiter.close();
    }

    PipelineOrchestrator orchestrator(PipelineListener listener) {
        return PipelineOrchestrator.builder()
                .personalizeClient(client)
                .waiter(waiter)
                .listener(listener)
                .build();
    }

    PipelineOrchestrator orchestrator() {
        return orchestrator(events);
    }

    int creates() {
        return (int)
                fake.mutations().stream().filter(m -> m.startsWith("Create")).count();
    }

    List<String> mutatingOps() {
        return fake.mutations().stream().map(m -> m.split(" ")[0]).collect(Collectors.toList());
    }

    /** Records listener calls as strings. */
    static class Recorder implements PipelineListener {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<StepOutcome> completed = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onStepStarted(String step) {
            calls.add("started " + step);
        }

        @Override
        public void onStatusPolled(String step, ResourceRef resource, String rawStatus, int attempt, Duration elapsed) {
            calls.add("polled " + step + " " + rawStatus);
        }

        @Override
        public void onQuotaWait(String step, String message, Duration delay) {
            calls.add("quota " + step + " " + message);
        }

        @Override
        public void onStepCompleted(StepOutcome outcome) {
            completed.add(outcome);
            calls.add("completed " + outcome.step() + " " + outcome.action());
        }

        @Override
        public void onStepFailed(String step, @Nullable String arn, Throwable cause) {
            calls.add("failed " + step);
        }
    }
}
