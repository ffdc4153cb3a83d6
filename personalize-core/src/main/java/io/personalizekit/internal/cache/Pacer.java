package io.personalizekit.internal.cache;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Hands out permits at a fixed rate, one every {@code 1/rate} seconds. Callers queue fairly; waiting parks the
 * thread (no sleep loop) and is interruptible. Thread-safe.
 *
 * <ul>
 *   <li>Slots are scheduled from the previous slot, not from the (late) wake-up time, and a caller that arrives up
 *       to {@link #MAX_CATCH_UP_NANOS} after its slot (a scheduling hiccup on a busy machine) takes it at once, so
 *       the sustained rate stays at the budget instead of drifting below it.
 *   <li>A longer gap (the pacer was idle) restarts the schedule: no burst is saved up.
 *   <li>Hard guarantee: no {@link #WINDOW_NANOS} window ever holds more than {@code rate x window} permits (each
 *       permit waits until the one issued that many permits earlier has left the window).
 * </ul>
 */
public final class Pacer {
    /** Parks the calling thread for up to the given nanoseconds. */
    @FunctionalInterface
    public interface Parker {
        /**
         * Parks.
         *
         * @param nanos the most nanoseconds to park
         */
        void park(long nanos);
    }

    /** The longest lateness caught up at once: {@value} ns (100 ms). */
    public static final long MAX_CATCH_UP_NANOS = 100_000_000L;
    /** The window over which the budget is never exceeded: {@value} ns (10 s). */
    public static final long WINDOW_NANOS = 10_000_000_000L;
    /**
     * Extra room the window guard keeps ({@value} ns), so the budget also holds where the calls are observed (the
     * server), a little after the permits are issued. It caps the sustained rate at {@code 10 s / 10.05 s}, 99.5 %
     * of the budget.
     */
    public static final long GUARD_SLACK_NANOS = 50_000_000L;

    private final long intervalNanos;
    private final long[] issuedAt;
    private long issued;
    private final LongSupplier ticker;
    private final Parker parker;
    private final ReentrantLock lock = new ReentrantLock(true);
    private long next;
    private boolean started;

    private Pacer(double permitsPerSecond, LongSupplier ticker, Parker parker) {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("permitsPerSecond must be positive, but it is " + permitsPerSecond);
        }
        this.intervalNanos = Math.max(1L, Math.round(TimeUnit.SECONDS.toNanos(1) / permitsPerSecond));
        this.ticker = ticker;
        this.parker = parker;
        this.issuedAt = new long[(int) Math.max(1, Math.min(1_000_000, Math.floor(permitsPerSecond * 10)))];
    }

    /**
     * A pacer on the JVM's nano clock.
     *
     * @param permitsPerSecond the rate
     * @return the pacer
     */
    public static Pacer of(double permitsPerSecond) {
        return new Pacer(permitsPerSecond, System::nanoTime, LockSupport::parkNanos);
    }

    /**
     * A pacer on an injected clock, for tests.
     *
     * @param permitsPerSecond the rate
     * @param ticker nanosecond clock
     * @param parker parks (a fake one advances the fake clock)
     * @return the pacer
     */
    public static Pacer of(double permitsPerSecond, LongSupplier ticker, Parker parker) {
        return new Pacer(permitsPerSecond, ticker, parker);
    }

    /**
     * The time between permits.
     *
     * @return nanoseconds
     */
    public long intervalNanos() {
        return intervalNanos;
    }

    /**
     * Waits for the next permit.
     *
     * @return the ticker time of the permit's slot
     * @throws InterruptedException when interrupted while waiting
     */
    public long acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long now = ticker.getAsLong();
            long slot;
            if (!started || now - next > MAX_CATCH_UP_NANOS) {
                slot = now;
            } else {
                slot = next;
            }
            started = true;
            if (issued >= issuedAt.length) {
                long windowGuard = issuedAt[(int) (issued % issuedAt.length)] + WINDOW_NANOS + GUARD_SLACK_NANOS;
                if (windowGuard - slot > 0) {
                    slot = windowGuard;
                }
            }
            while ((now = ticker.getAsLong()) - slot < 0) {
                parker.park(slot - now);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for a permit");
                }
            }
            issuedAt[(int) (issued % issuedAt.length)] = now;
            issued++;
            next = slot + intervalNanos;
            return slot;
        } finally {
            lock.unlock();
        }
    }
}
