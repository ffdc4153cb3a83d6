package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.pipeline.DatasetGroupBuilder;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.ProvisionedDatasetGroup;
import io.personalizekit.pipeline.StepAction;
import io.personalizekit.pipeline.StepOutcome;
import io.personalizekit.pipeline.Teardown;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.WaitPolicy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The emulator hands out wait policies that fit its time scale, and the extension injects its waiter. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmulatorWaitPoliciesTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    @Test
    void waitPolicy_atTheDefaultTimeScale_pollsInMilliseconds_withFloors(PersonalizeLocal local) {
        WaitPolicy aws = WaitPolicy.defaultFor(ResourceType.SOLUTION_VERSION);
        WaitPolicy training = local.waitPolicy(ResourceType.SOLUTION_VERSION);

        assertThat(training.initialDelay()).isEqualTo(Duration.ofMillis(10));
        assertThat(training.maxDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(training.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(training.errorBudget()).isEqualTo(Duration.ofSeconds(10));
        assertThat(training.multiplier()).isEqualTo(aws.multiplier());
        assertThat(training.jitter()).isEqualTo(aws.jitter());
        assertThat(training.maxAttempts()).isEqualTo(aws.maxAttempts());
    }

    @Test
    void waitPolicy_scalesTheDefaultsByTheTimeScale_andIsTheDefaultAtServicePace() {
        WaitPolicy hundredth =
                PersonalizeLocal.builder().timeScale(0.01).build().waitPolicy(ResourceType.SOLUTION_VERSION);
        assertThat(hundredth.initialDelay()).isEqualTo(Duration.ofMillis(300)); // 30 s
        assertThat(hundredth.maxDelay()).isEqualTo(Duration.ofMillis(1200)); // 2 min
        assertThat(hundredth.timeout()).isEqualTo(Duration.ofMinutes(7).plusSeconds(12)); // 12 h
        assertThat(hundredth.errorBudget()).isEqualTo(Duration.ofSeconds(18)); // 30 min

        PersonalizeLocal servicePace = PersonalizeLocal.builder().timeScale(1.0).build();
        for (ResourceType type : ResourceType.values()) {
            assertThat(servicePace.waitPolicy(type)).as(type.name()).isEqualTo(WaitPolicy.defaultFor(type));
        }
    }

    @Test
    void extension_injectsTheEmulatorsWaiter_withTheScaledPolicyForEveryType(
            PersonalizeLocal local, ResourceWaiter waiter) {
        assertThat(waiter).isSameAs(local.resourceWaiter());
        for (ResourceType type : ResourceType.values()) {
            assertThat(waiter.policyFor(type)).as(type.name()).isEqualTo(local.waitPolicy(type));
        }
    }

    @Test
    void teardown_withTheEmulatorsWaiter_deletesWhatTheBuilderMade(PersonalizeLocal local, ResourceWaiter waiter) {
        ProvisionedDatasetGroup group = DatasetGroupBuilder.builder()
                .personalizeClient(local.personalizeClient())
                .waiter(waiter)
                .name("waits")
                .dataset(SchemaBuilder.forType(DatasetType.INTERACTIONS)
                        .stringField("USER_ID")
                        .stringField("ITEM_ID")
                        .longField("TIMESTAMP")
                        .build())
                .provision();

        PipelineResult deleted;
        try (Teardown teardown = Teardown.builder()
                .personalizeClient(local.personalizeClient())
                .waiter(waiter)
                .build()) {
            deleted = teardown.deployment(group.deployment());
        }

        assertThat(deleted.steps()).extracting(StepOutcome::action).containsOnly(StepAction.DELETED);
        assertThat(deleted.steps())
                .extracting(StepOutcome::resourceType)
                .containsExactly(ResourceType.DATASET, ResourceType.SCHEMA, ResourceType.DATASET_GROUP);
    }

    @Test
    void resourceWaiter_whenStopped_failsLikeTheClients() {
        PersonalizeLocal stopped = PersonalizeLocal.create();
        assertThatThrownBy(stopped::resourceWaiter)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");
    }
}
