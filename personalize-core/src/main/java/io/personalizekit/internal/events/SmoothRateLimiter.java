package io.personalizekit.internal.events;

import io.personalizekit.events.RateLimiter;
import java.util.Objects;

/**
 * Evenly spacing limiter: each acquire reserves the next free slot ({@code interval} after the previous one) under
 * a lock, then waits outside the lock until its slot. Thread-safe; callers are served in the order they reserve.
 */
public final class SmoothRateLimiter implements RateLimiter {
    private final long intervalNanos;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final Object lock = new Object();
    private boolean started;
    private long nextFreeNanos;

    /**
     * Creates the limiter.
     *
     * @param requestsPerSecond the rate, above 0
     * @param ticker the time source
     * @param sleeper how to wait
     */
    public SmoothRateLimiter(double requestsPerSecond, Ticker ticker, Sleeper sleeper) {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException(
                    "requestsPerSecond must be a positive finite number, but it is " + requestsPerSecond);
        }
        this.intervalNanos = Math.max(1L, Math.round(1_000_000_000d / requestsPerSecond));
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public void acquire() throws InterruptedException {
        long waitNanos;
        synchronized (lock) {
            long now = ticker.read();
            if (!started || now - nextFreeNanos > 0) {
                nextFreeNanos = now;
                started = true;
            }
            waitNanos = nextFreeNanos - now;
            nextFreeNanos += intervalNanos;
        }
        if (waitNanos > 0) {
            sleeper.sleepNanos(waitNanos);
        }
    }

    @Override
    public String toString() {
        return "RateLimiter{every " + intervalNanos + " ns}";
    }
}
