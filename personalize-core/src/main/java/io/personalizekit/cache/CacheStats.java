package io.personalizekit.cache;

import java.util.Objects;

/**
 * Counters of a {@link CachingSimilarItemsClient} since it was built. Immutable snapshot.
 *
 * <p>{@link #hitCount()} is the number of Personalize calls (campaign TPS) the cache saved.
 */
public final class CacheStats {
    private final long hitCount;
    private final long missCount;
    private final long staleCount;
    private final long refreshCount;
    private final long storeErrorCount;
    private final long liveCallCount;

    CacheStats(
            long hitCount,
            long missCount,
            long staleCount,
            long refreshCount,
            long storeErrorCount,
            long liveCallCount) {
        this.hitCount = hitCount;
        this.missCount = missCount;
        this.staleCount = staleCount;
        this.refreshCount = refreshCount;
        this.storeErrorCount = storeErrorCount;
        this.liveCallCount = liveCallCount;
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
     * Answers served stale because the live call failed or was throttled.
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
                && liveCallCount == s.liveCallCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(hitCount, missCount, staleCount, refreshCount, storeErrorCount, liveCallCount);
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "CacheStats{hits=%d, misses=%d, hitRate=%.1f%%, stale=%d, refreshes=%d, liveCalls=%d,"
                        + " storeErrors=%d}",
                hitCount,
                missCount,
                hitRate() * 100,
                staleCount,
                refreshCount,
                liveCallCount,
                storeErrorCount);
    }
}
