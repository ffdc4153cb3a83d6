package io.personalizekit.internal.cache;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Hands out permits at a fixed rate, one every {@code 1/rate} seconds, with no burst: permit {@code k} is never
 * issued before {@code start + k/rate}. Callers queue fairly; waiting parks the thread (no sleep loop) and is
 * interruptible. Thread-safe.
 *
 * <p>Slots are scheduled from the previous slot, not from the (slightly late) wake-up time, so the sustained rate
 * stays at the budget rather than drifting below it; an idle pacer does not save up permits.
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

    private final long intervalNanos;
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
            long slot = started && next - now > 0 ? next : now;
            started = true;
            while ((now = ticker.getAsLong()) - slot < 0) {
                parker.park(slot - now);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for a permit");
                }
            }
            next = slot + intervalNanos;
            return slot;
        } finally {
            lock.unlock();
        }
    }
}
