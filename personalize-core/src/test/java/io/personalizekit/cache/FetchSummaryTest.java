package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The run report's exact line, its rate and its human durations at each unit's edge. */
@Timeout(30)
class FetchSummaryTest {
    static final CacheKeyspace KS =
            CacheKeyspace.builder().campaignArn("c").solutionVersionArn("s").build();

    static FetchSummary summary(long fetched, long failed, Map<String, String> failures, Duration elapsed, boolean on) {
        return new FetchSummary(KS, 3, 20_000, fetched, 10, failed, 12, failures, elapsed, on);
    }

    @Test
    void toString_whenActivatedWithFailures_isTheOneLineReportNamingTheFirstFailure() {
        Map<String, String> failures = new LinkedHashMap<>();
        failures.put("item-9", "ThrottlingException");
        failures.put("item-1", "InternalFailure");

        FetchSummary s = summary(19_988, 2, failures, Duration.ofSeconds(101), true);

        assertThat(s.toString())
                .isEqualTo("Fetched 19998/20000 similar-items lists into generation 3 of keyspace " + KS.id()
                        + " in 1m 41s (197.9/s); 10 resumed, 2 failed (first: item-9=ThrottlingException), 12 popular"
                        + " fallbacks; readers switched");
        assertThat(s.complete()).isFalse();
        assertThat(s.activated()).isTrue();
        assertThat(s.failures().keySet()).containsExactly("item-9", "item-1");
    }

    @Test
    void toString_whenNotActivatedAndNothingFailed_saysReadersWereNotSwitched() {
        FetchSummary s = summary(19_990, 0, Map.of(), Duration.ofMillis(2_500), false);

        assertThat(s.toString())
                .isEqualTo("Fetched 20000/20000 similar-items lists into generation 3 of keyspace " + KS.id()
                        + " in 2.5s (7996.0/s); 10 resumed, 0 failed, 12 popular fallbacks; readers NOT switched");
        assertThat(s.complete()).isTrue();
        assertThat(s.activated()).isFalse();
    }

    @Test
    void rate_isListsFetchedPerSecond_andZeroWhenNoTimePassed() {
        assertThat(summary(300, 0, Map.of(), Duration.ofMillis(1_500), true).rate())
                .isEqualTo(200.0);
        assertThat(summary(300, 0, Map.of(), Duration.ZERO, true).rate()).isEqualTo(0.0);
        assertThat(summary(300, 0, Map.of(), Duration.ofSeconds(-1), true).rate())
                .isEqualTo(0.0);
    }

    @Test
    void human_switchesUnitAtAMinuteAndAtAnHour() {
        assertThat(FetchSummary.human(Duration.ZERO)).isEqualTo("0.0s");
        assertThat(FetchSummary.human(Duration.ofMillis(1_234))).isEqualTo("1.2s");
        assertThat(FetchSummary.human(Duration.ofMillis(59_900))).isEqualTo("59.9s");
        assertThat(FetchSummary.human(Duration.ofSeconds(60))).isEqualTo("1m 00s");
        assertThat(FetchSummary.human(Duration.ofSeconds(61))).isEqualTo("1m 01s");
        assertThat(FetchSummary.human(Duration.ofSeconds(3_599))).isEqualTo("59m 59s");
        assertThat(FetchSummary.human(Duration.ofSeconds(3_600))).isEqualTo("1h 00m");
        assertThat(FetchSummary.human(Duration.ofSeconds(7_384))).isEqualTo("2h 03m");
        assertThat(FetchSummary.human(Duration.ofSeconds(90_061))).isEqualTo("25h 01m");
    }

    @Test
    void failures_areACopyInTheirOrder_thatCannotBeChanged() {
        Map<String, String> failures = new LinkedHashMap<>();
        failures.put("b", "x");
        failures.put("a", "y");
        FetchSummary s = summary(1, 2, failures, Duration.ZERO, false);

        failures.put("c", "z");

        assertThat(s.failures()).containsExactly(Map.entry("b", "x"), Map.entry("a", "y"));
        assertThatThrownBy(() -> s.failures().put("d", "w")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new FetchSummary(null, 1, 1, 1, 0, 0, 0, Map.of(), Duration.ZERO, true))
                .hasMessage("keyspace");
        assertThatThrownBy(() -> new FetchSummary(KS, 1, 1, 1, 0, 0, 0, null, Duration.ZERO, true))
                .hasMessage("failures");
        assertThatThrownBy(() -> new FetchSummary(KS, 1, 1, 1, 0, 0, 0, Map.of(), null, true))
                .hasMessage("elapsed");
    }
}
