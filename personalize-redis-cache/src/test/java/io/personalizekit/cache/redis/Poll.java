package io.personalizekit.cache.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one place where the redis-cache tests wait for something outside their control (a redis-server starting, a
 * client reconnecting, another process making progress): polls a condition until it holds, parking {@value
 * #PAUSE_MICROS} µs between polls, and fails once the deadline passes. Nothing else in the tests waits on real time.
 */
final class Poll {
    static final long PAUSE_MICROS = 1000;

    private Poll() {}

    /**
     * Polls until {@code condition} holds.
     *
     * @param timeout how long to poll before failing (a bound for a loaded machine, not an expectation)
     * @param condition polled; may itself throw to end the wait early (a process that died)
     * @param what what was awaited, for the failure message
     * @throws AssertionError naming {@code what} and the timeout when the condition does not hold in time
     */
    static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what.get() + ": not within " + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(PAUSE_MICROS));
        }
    }
}
