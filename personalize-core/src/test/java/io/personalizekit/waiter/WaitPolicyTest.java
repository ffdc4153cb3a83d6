package io.personalizekit.waiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.resource.ResourceType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WaitPolicyTest {

    @ParameterizedTest
    @CsvSource({
        "DATASET_GROUP, PT1S, PT10S, PT30M",
        "DATASET, PT1S, PT10S, PT30M",
        "SCHEMA, PT1S, PT10S, PT30M",
        "FILTER, PT2S, PT15S, PT1H",
        "EVENT_TRACKER, PT2S, PT15S, PT1H",
        "SOLUTION, PT2S, PT15S, PT1H",
        "DATASET_IMPORT_JOB, PT15S, PT1M, PT6H",
        "CAMPAIGN, PT15S, PT1M, PT3H",
        "SOLUTION_VERSION, PT30S, PT2M, PT12H",
        "BATCH_INFERENCE_JOB, PT30S, PT2M, PT12H"
    })
    void defaultFor_matchesTheDocumentedTable(ResourceType type, Duration initial, Duration max, Duration timeout) {
        WaitPolicy p = WaitPolicy.defaultFor(type);
        assertThat(p.initialDelay()).isEqualTo(initial);
        assertThat(p.maxDelay()).isEqualTo(max);
        assertThat(p.timeout()).isEqualTo(timeout);
        assertThat(p.multiplier()).isEqualTo(1.5);
        assertThat(p.jitter()).isEqualTo(0.1);
        assertThat(p.maxAttempts()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void nominalDelayAfter_growsGeometricallyUpToTheCap() {
        WaitPolicy p = WaitPolicy.builder()
                .initialDelay(Duration.ofSeconds(2))
                .multiplier(2)
                .maxDelay(Duration.ofSeconds(10))
                .build();
        assertThat(p.nominalDelayAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.nominalDelayAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.nominalDelayAfter(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(p.nominalDelayAfter(4)).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.nominalDelayAfter(400)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void delayAfter_staysWithinTheJitterRange() {
        WaitPolicy p = WaitPolicy.builder()
                .initialDelay(Duration.ofSeconds(10))
                .maxDelay(Duration.ofSeconds(10))
                .jitter(0.2)
                .build();
        assertThat(p.delayAfter(1, 0.0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(p.delayAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.delayAfter(1, 0.999999)).isBetween(Duration.ofMillis(11_999), Duration.ofSeconds(12));
    }

    @Test
    void builder_rejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> WaitPolicy.builder().multiplier(0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiplier")
                .hasMessageContaining("0.5");
        assertThatThrownBy(() -> WaitPolicy.builder().jitter(1.5)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> WaitPolicy.builder().initialDelay(Duration.ofSeconds(-1)))
                .hasMessageContaining("initialDelay");
        assertThatThrownBy(() -> WaitPolicy.builder().timeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> WaitPolicy.builder().maxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> WaitPolicy.builder()
                        .initialDelay(Duration.ofSeconds(5))
                        .maxDelay(Duration.ofSeconds(1))
                        .build())
                .hasMessageContaining("maxDelay")
                .hasMessageContaining("initialDelay");
        assertThatThrownBy(() -> WaitPolicy.builder().timeout(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("timeout");
    }

    @Test
    void builder_acceptsEachBoundItself() {
        WaitPolicy edges = WaitPolicy.builder()
                .initialDelay(Duration.ZERO)
                .maxDelay(Duration.ZERO)
                .multiplier(1)
                .jitter(1)
                .maxAttempts(1)
                .timeout(Duration.ZERO)
                .errorBudget(Duration.ZERO)
                .build();

        assertThat(edges.multiplier()).isEqualTo(1.0);
        assertThat(edges.jitter()).isEqualTo(1.0);
        assertThat(edges.maxAttempts()).isEqualTo(1);
        assertThat(edges.timeout()).isZero();
        assertThat(edges.errorBudget()).isZero();
        assertThat(WaitPolicy.builder().jitter(0).build().jitter()).isZero();
        assertThatThrownBy(() -> WaitPolicy.builder().jitter(-0.01)).hasMessage("jitter must be within [0, 1]: -0.01");
        assertThatThrownBy(() -> WaitPolicy.builder().errorBudget(Duration.ofMillis(-1)))
                .hasMessage("errorBudget must not be negative: PT-0.001S");
        assertThatThrownBy(() -> ResourceWaiter.builder().notFoundGrace(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("notFoundGrace must not be negative: PT-1S");
    }

    @Test
    void valueSemantics_toBuilderCopyEqualsHashCode() {
        WaitPolicy p = WaitPolicy.defaultFor(ResourceType.CAMPAIGN);
        assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
        WaitPolicy q = p.copy(b -> b.maxAttempts(3));
        assertThat(q).isNotEqualTo(p).isNotEqualTo(p.toString());
        assertThat(q.hashCode()).isNotEqualTo(p.hashCode());
        assertThat(q.maxAttempts()).isEqualTo(3);
        assertThat(q.toString()).contains("maxAttempts=3");
        assertThat(p.toString()).contains("unlimited");
    }
}
