package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The counters' value semantics: the hit rate, equality field by field, and the text. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CacheStatsTest {
    static CacheStats stats(long... v) {
        return new CacheStats(
                v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], CircuitState.CLOSED, CircuitState.OPEN);
    }

    static final long[] BASE = {3, 1, 2, 4, 5, 6, 7, 8, 9, 10};

    @Test
    void hitRate_isHitsOverHitsAndMisses_andZeroWithoutRequests() {
        assertThat(stats(BASE).hitRate()).isEqualTo(0.75);
        assertThat(stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0).hitRate()).isEqualTo(0.0);
        assertThat(stats(0, 4, 0, 0, 0, 0, 0, 0, 0, 0).hitRate()).isEqualTo(0.0);
        assertThat(stats(1, 0, 0, 0, 0, 0, 0, 0, 0, 0).hitRate()).isEqualTo(1.0);
    }

    @Test
    void accessors_returnTheirOwnCounter() {
        CacheStats s = stats(BASE);
        assertThat(new long[] {
                    s.hitCount(),
                    s.missCount(),
                    s.staleCount(),
                    s.refreshCount(),
                    s.storeErrorCount(),
                    s.liveCallCount(),
                    s.liveFailureCount(),
                    s.circuitRejectedCount(),
                    s.bulkheadRejectedCount(),
                    s.slowStoreCallCount()
                })
                .containsExactly(BASE);
        assertThat(s.liveCircuit()).isEqualTo(CircuitState.CLOSED);
        assertThat(s.storeCircuit()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void equals_comparesEveryField() {
        CacheStats s = stats(BASE);
        assertThat(s).isEqualTo(s).isEqualTo(stats(BASE)).hasSameHashCodeAs(stats(BASE));
        assertThat(s).isNotEqualTo(null).isNotEqualTo("stats");
        for (int i = 0; i < BASE.length; i++) {
            long[] other = BASE.clone();
            other[i] = 99;
            assertThat(s).as("field %d", i).isNotEqualTo(stats(other));
        }
        assertThat(s)
                .isNotEqualTo(new CacheStats(3, 1, 2, 4, 5, 6, 7, 8, 9, 10, CircuitState.OPEN, CircuitState.OPEN))
                .isNotEqualTo(new CacheStats(3, 1, 2, 4, 5, 6, 7, 8, 9, 10, CircuitState.CLOSED, CircuitState.CLOSED));
        assertThat(s.hashCode())
                .isEqualTo(java.util.Objects.hash(
                        3L, 1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, CircuitState.CLOSED, CircuitState.OPEN));
    }

    @Test
    void toString_namesEveryCounterAndTheHitRateWithOneDecimal() {
        assertThat(new CacheStats(2, 1, 2, 4, 5, 6, 7, 8, 9, 10, CircuitState.HALF_OPEN, CircuitState.OPEN).toString())
                .isEqualTo("CacheStats{hits=2, misses=1, hitRate=66.7%, stale=2, refreshes=4, liveCalls=6,"
                        + " liveFailures=7, circuitRejected=8, bulkheadRejected=9, liveCircuit=HALF_OPEN,"
                        + " storeErrors=5, slowStoreCalls=10, storeCircuit=OPEN}");
    }
}
