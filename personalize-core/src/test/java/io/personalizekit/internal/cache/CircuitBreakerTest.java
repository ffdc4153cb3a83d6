package io.personalizekit.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.internal.cache.CircuitBreaker.State;
import io.personalizekit.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The breaker's state machine on fake time: exact thresholds, the open window's edge, and every transition. */
@Timeout(30)
class CircuitBreakerTest {
    final FakeClock clock = new FakeClock(Instant.parse("2026-12-03T10:00:00Z"));
    final List<String> transitions = new ArrayList<>();
    final CircuitBreaker breaker =
            new CircuitBreaker(3, Duration.ofSeconds(10), clock, (from, to) -> transitions.add(from + "->" + to));

    void open() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onFailure();
    }

    @Test
    void onFailure_opensOnExactlyTheThresholdthConsecutiveFailure() {
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.onFailure()).isFalse();
        assertThat(breaker.onFailure()).isFalse();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.allow()).isTrue();
        assertThat(breaker.rejectsNow()).isFalse();
        assertThat(transitions).isEmpty();

        assertThat(breaker.onFailure()).isTrue();

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(transitions).containsExactly("CLOSED->OPEN");
        assertThat(breaker.allow()).isFalse();
        assertThat(breaker.rejectsNow()).isTrue();
    }

    @Test
    void onSuccess_whenClosedAfterFailures_resetsTheCountWithoutATransition() {
        breaker.onFailure();
        breaker.onFailure();

        assertThat(breaker.onSuccess()).isFalse();
        assertThat(breaker.onFailure()).isFalse();
        assertThat(breaker.onFailure()).isFalse();

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(transitions).isEmpty();
        assertThat(breaker.onFailure()).isTrue();
        assertThat(transitions).containsExactly("CLOSED->OPEN");
    }

    @Test
    void onSuccess_whenClosedWithNoFailures_isNoRecovery() {
        assertThat(breaker.onSuccess()).isFalse();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(transitions).isEmpty();
    }

    @Test
    void allow_refusesUntilTheOpenDurationHasPassedExactlyThenLetsOneTrialThrough() {
        open();
        clock.advance(Duration.ofMillis(9_999));

        assertThat(breaker.rejectsNow()).isTrue();
        assertThat(breaker.allow()).isFalse();
        assertThat(breaker.state()).isEqualTo(State.OPEN);

        clock.advance(Duration.ofMillis(1));
        assertThat(breaker.rejectsNow()).isFalse(); // due for its trial; asking changes nothing
        assertThat(breaker.state()).isEqualTo(State.OPEN);

        assertThat(breaker.allow()).isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN");
        // the trial is in flight: everyone else is refused, however late
        assertThat(breaker.rejectsNow()).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(breaker.allow()).isFalse();
        assertThat(breaker.rejectsNow()).isTrue();
        assertThat(transitions).hasSize(2);
    }

    @Test
    void onSuccess_ofTheTrial_closesAndReportsARecovery() {
        open();
        clock.advance(Duration.ofSeconds(10));
        breaker.allow();

        assertThat(breaker.onSuccess()).isTrue();

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
        assertThat(breaker.allow()).isTrue();
        assertThat(breaker.rejectsNow()).isFalse();
        // the failure count started again from zero
        assertThat(breaker.onFailure()).isFalse();
        assertThat(breaker.onFailure()).isFalse();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void onFailure_ofTheTrial_reopensForAWholeNewOpenDurationButIsNoNewOpening() {
        open();
        clock.advance(Duration.ofSeconds(10));
        breaker.allow();
        clock.advance(Duration.ofSeconds(3)); // the trial call took 3 s

        assertThat(breaker.onFailure()).isFalse();

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN");
        clock.advance(Duration.ofMillis(9_999)); // measured from the trial's failure, not from the first opening
        assertThat(breaker.allow()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(breaker.allow()).isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void onSuccess_whenOpen_closesAndReportsARecovery() {
        open(); // a call let through before the breaker opened finishes well afterwards

        assertThat(breaker.onSuccess()).isTrue();

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(transitions).containsExactly("CLOSED->OPEN", "OPEN->CLOSED");
    }

    @Test
    void onFailure_whenAlreadyOpen_changesNothing() {
        open();
        clock.advance(Duration.ofSeconds(6));

        assertThat(breaker.onFailure()).isFalse();

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(transitions).containsExactly("CLOSED->OPEN");
        clock.advance(Duration.ofSeconds(4)); // still 10 s from the opening, not from the late failure
        assertThat(breaker.allow()).isTrue();
    }

    @Test
    void thresholdOfOne_opensOnTheFirstFailure_andTheThreeArgumentBreakerReportsNothing() {
        CircuitBreaker one = new CircuitBreaker(1, Duration.ofMillis(1), clock);

        assertThat(one.onFailure()).isTrue();
        assertThat(one.state()).isEqualTo(State.OPEN);
        assertThat(one.allow()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(one.allow()).isTrue();
        assertThat(one.onSuccess()).isTrue();
        assertThat(one.state()).isEqualTo(State.CLOSED);
    }
}
