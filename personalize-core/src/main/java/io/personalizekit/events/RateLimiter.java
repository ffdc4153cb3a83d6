package io.personalizekit.events;

import io.personalizekit.internal.events.SmoothRateLimiter;
import io.personalizekit.internal.waiters.RealSleeper;

/**
 * Paces requests to stay under a service rate limit. Implementations are thread-safe; share one instance between
 * the seeders and recorders that write to the same dataset group, since the service's limits are per dataset group.
 *
 * <p>{@link #perSecond(double)} spaces requests evenly (10 per second means one every 100 ms, with no burst), so a
 * sender never exceeds the limit in any window. Its time source and its waiting are injectable ({@link Ticker},
 * {@link Sleeper}) so that tests can check the schedule without waiting.
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
        return perSecond(requestsPerSecond, System::nanoTime, RealSleeper.INSTANCE::sleepNanos);
    }

    /**
     * An evenly spacing limiter on an injected time source, for tests and simulations.
     *
     * @param requestsPerSecond the most requests per second, above 0
     * @param ticker the monotonic time source
     * @param sleeper how to wait; a fake can advance the ticker instead of sleeping
     * @return the limiter
     * @throws IllegalArgumentException when the rate is not a positive finite number
     */
    static RateLimiter perSecond(double requestsPerSecond, Ticker ticker, Sleeper sleeper) {
        return new SmoothRateLimiter(requestsPerSecond, ticker, sleeper);
    }

    /**
     * A limiter that never waits, for when the caller paces requests itself.
     *
     * @return the limiter
     */
    static RateLimiter unlimited() {
        return () -> {};
    }

    /** A monotonic time source in nanoseconds, like {@link System#nanoTime()}. */
    @FunctionalInterface
    interface Ticker {
        /**
         * Reads the time.
         *
         * @return nanoseconds since an arbitrary origin
         */
        long read();
    }

    /** Waits for a duration; the real one sleeps the thread. */
    @FunctionalInterface
    interface Sleeper {
        /**
         * Waits.
         *
         * @param nanos how long, in nanoseconds, above 0
         * @throws InterruptedException when the thread is interrupted while waiting
         */
        void sleepNanos(long nanos) throws InterruptedException;
    }
}
