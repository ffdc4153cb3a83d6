package io.personalizekit.internal.waiters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How progress lines write a duration: seconds under a minute, minutes under an hour, else hours. */
@Timeout(10)
class PollingLoopHumanTest {
    @Test
    void human_writesSecondsUpToJustUnderAMinute() {
        assertThat(PollingLoop.human(Duration.ofMillis(4_200))).isEqualTo("4.2 s");
        assertThat(PollingLoop.human(Duration.ofMillis(59_900))).isEqualTo("59.9 s");
        assertThat(PollingLoop.human(Duration.ZERO)).isEqualTo("0.0 s");
    }

    @Test
    void human_writesWholeOrDecimalMinutesFromOneMinuteToJustUnderAnHour() {
        assertThat(PollingLoop.human(Duration.ofMinutes(1))).isEqualTo("1 min");
        assertThat(PollingLoop.human(Duration.ofSeconds(90))).isEqualTo("1.5 min");
        assertThat(PollingLoop.human(Duration.ofMinutes(10))).isEqualTo("10 min");
        assertThat(PollingLoop.human(Duration.ofSeconds(3_594))).isEqualTo("59.9 min");
    }

    @Test
    void human_writesWholeOrDecimalHoursFromOneHour() {
        assertThat(PollingLoop.human(Duration.ofHours(1))).isEqualTo("1 h");
        assertThat(PollingLoop.human(Duration.ofMinutes(150))).isEqualTo("2.5 h");
        assertThat(PollingLoop.human(Duration.ofHours(12))).isEqualTo("12 h");
    }
}
