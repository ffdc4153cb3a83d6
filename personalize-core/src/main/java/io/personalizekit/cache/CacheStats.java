package io.personalizekit.cache;

import java.util.Objects;

/**
 * Counters of a {@link CachingSimilarItemsClient} since it was built, and the state of its two circuit breakers
 * (around the store and around the live call). Immutable snapshot.
 *
 * <p>{@link #hitCount()} is the number of Personalize calls (campaign TPS) the cache saved. During a Personalize
 * outage, {@link #liveFailureCount()} counts the calls that failed, {@link #circuitRejectedCount()} and {@link
 * #bulkheadRejectedCount()} the requests answered without a call (stale, or {@code LiveCallRejectedException}).
 */
public final class CacheStats {
    private final long hitCount;
    private final long missCount;
    private final long staleCount;
    private final long refreshCount;
    private final long storeErrorCount;
    private final long liveCallCount;
    private final long liveFailureCount;
    private final long circuitRejectedCount;
    private final long bulkheadRejectedCount;
    private final long slowStoreCallCount;
    private final CircuitState liveCircuit;
    private final CircuitState storeCircuit;

    CacheStats(
            long hitCount,
            long missCount,
            long staleCount,
            long refreshCount,
            long storeErrorCount,
            long liveCallCount,
            long liveFailureCount,
            long circuitRejectedCount,
            long bulkheadRejectedCount,
            long slowStoreCallCount,
            CircuitState liveCircuit,
            CircuitState storeCircuit) {
        this.hitCount = hitCount;
        this.missCount = missCount;
        this.staleCount = staleCount;
        this.refreshCount = refreshCount;
        this.storeErrorCount = storeErrorCount;
        this.liveCallCount = liveCallCount;
        this.liveFailureCount = liveFailureCount;
        this.circuitRejectedCount = circuitRejectedCount;
        this.bulkheadRejectedCount = bulkheadRejectedCount;
        this.slowStoreCallCount = slowStoreCallCount;
        this.liveCircuit = liveCircuit;
        this.storeCircuit = storeCircuit;
    }

    /**
     * Answers served from the store within their time to live.
     *
     * @return the count
     */
    public long hitCount() {
        return hitCount;
    }

    /**
     * Answers that needed a live call (absent, expired, or the store unavailable).
     *
     * @return the count
     */
    public long missCount() {
        return missCount;
    }

    /**
     * Answers served stale because the live call failed or was throttled, or was not made (breaker open, bulkhead
     * full).
     *
     * @return the count
     */
    public long staleCount() {
        return staleCount;
    }

    /**
     * Refresh-ahead calls started in the background.
     *
     * @return the count
     */
    public long refreshCount() {
        return refreshCount;
    }

    /**
     * Store calls that failed, each degraded to a live answer; calls skipped while the breaker was open are not
     * counted.
     *
     * @return the count
     */
    public long storeErrorCount() {
        return storeErrorCount;
    }

    /**
     * Calls made to the delegate client, including refreshes; concurrent misses on one key share one call.
     *
     * @return the count
     */
    public long liveCallCount() {
        return liveCallCount;
    }

    /**
     * Live calls that failed for any reason (throttling, 5xx, timeout, connection, client errors), including
     * refreshes.
     *
     * @return the count
     */
    public long liveFailureCount() {
        return liveFailureCount;
    }

    /**
     * Live calls not made because the live-call breaker was open (or its trial call was in flight); each was
     * answered stale, or with {@code LiveCallRejectedException} when no list existed.
     *
     * @return the count
     */
    public long circuitRejectedCount() {
        return circuitRejectedCount;
    }

    /**
     * Live calls not made because {@code maxConcurrentLiveCalls} calls were already in flight; each was answered
     * stale, or with {@code LiveCallRejectedException} when no list existed.
     *
     * @return the count
     */
    public long bulkheadRejectedCount() {
        return bulkheadRejectedCount;
    }

    /**
     * Store calls that succeeded but took longer than the slow-call threshold; each counts as a failure for the
     * store breaker.
     *
     * @return the count
     */
    public long slowStoreCallCount() {
        return slowStoreCallCount;
    }

    /**
     * The live-call breaker's state when the snapshot was taken.
     *
     * @return the state
     */
    public CircuitState liveCircuit() {
        return liveCircuit;
    }

    /**
     * The store breaker's state when the snapshot was taken.
     *
     * @return the state
     */
    public CircuitState storeCircuit() {
        return storeCircuit;
    }

    /**
     * Hits over all answers.
     *
     * @return a ratio in [0, 1]; 0 when nothing was asked
     */
    public double hitRate() {
        long total = hitCount + missCount;
        return total == 0 ? 0 : (double) hitCount / total;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CacheStats)) {
            return false;
        }
        CacheStats s = (CacheStats) o;
        return hitCount == s.hitCount
                && missCount == s.missCount
                && staleCount == s.staleCount
                && refreshCount == s.refreshCount
                && storeErrorCount == s.storeErrorCount
                && liveCallCount == s.liveCallCount
                && liveFailureCount == s.liveFailureCount
                && circuitRejectedCount == s.circuitRejectedCount
                && bulkheadRejectedCount == s.bulkheadRejectedCount
                && slowStoreCallCount == s.slowStoreCallCount
                && liveCircuit == s.liveCircuit
                && storeCircuit == s.storeCircuit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                hitCount,
                missCount,
                staleCount,
                refreshCount,
                storeErrorCount,
                liveCallCount,
                liveFailureCount,
                circuitRejectedCount,
                bulkheadRejectedCount,
                slowStoreCallCount,
                liveCircuit,
                storeCircuit);
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "CacheStats{hits=%d, misses=%d, hitRate=%.1f%%, stale=%d, refreshes=%d, liveCalls=%d,"
                        + " liveFailures=%d, circuitRejected=%d, bulkheadRejected=%d, liveCircuit=%s,"
                        + " storeErrors=%d, slowStoreCalls=%d, storeCircuit=%s}",
                hitCount,
                missCount,
                hitRate() * 100,
                staleCount,
                refreshCount,
                liveCallCount,
                liveFailureCount,
                circuitRejectedCount,
                bulkheadRejectedCount,
                liveCircuit,
                storeErrorCount,
                slowStoreCallCount,
                storeCircuit);
    }
}
