package io.personalizekit.events;

import io.personalizekit.internal.time.SmoothRateLimiter;

/**
 * Paces requests to stay under a service rate limit. Implementations are thread-safe; share one instance between
 * the seeders and recorders that write to the same dataset group, since the service's limits are per dataset group.
 *
 * <p>{@link #perSecond(double)} spaces requests evenly (10 per second means one every 100 ms, with no burst), so a
 * sender never exceeds the limit in any window. It is the toolkit's one rate limiter, the same that paces {@code
 * RecommendationFetcher}. To run a seeder or recorder in a test without waiting, pass {@link #unlimited()} (or any
 * implementation of this interface).
 */
@FunctionalInterface
public interface RateLimiter {

    /**
     * Waits until the next request may be sent, and takes its slot.
     *
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void acquire() throws InterruptedException;

    /**
     * An evenly spacing limiter on the system's monotonic clock.
     *
     * @param requestsPerSecond the most requests per second, above 0
     * @return the limiter
     * @throws IllegalArgumentException when the rate is not a positive finite number
     */
    static RateLimiter perSecond(double requestsPerSecond) {
        return SmoothRateLimiter.evenlySpaced(requestsPerSecond);
    }

    /**
     * A limiter that never waits, for when the caller paces requests itself.
     *
     * @return the limiter
     */
    static RateLimiter unlimited() {
        return () -> {};
    }
}
