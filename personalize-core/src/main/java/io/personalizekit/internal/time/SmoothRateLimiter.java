package io.personalizekit.internal.time;

import io.personalizekit.events.RateLimiter;
import io.personalizekit.waiter.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The toolkit's one rate limiter: hands out permits evenly spaced, one every {@code 1/rate} seconds, with no burst
 * saved up while idle. Thread-safe; callers queue fairly (first come, first served) and wait, interruptibly, on the
 * injected {@link Sleeper}, reading time from the injected {@link Ticker}.
 *
 * <ul>
 *   <li>Slots are scheduled from the previous slot. A caller that arrives after its slot but no later than {@code
 *       maxCatchUp} takes it at once, so that short scheduling hiccups do not pull the sustained rate below the
 *       budget. With {@code maxCatchUp} zero (what {@link #evenlySpaced} builds) any late arrival restarts the
 *       schedule, so two permits are never closer than the interval: no window of any length ever holds more than
 *       {@code rate x window} permits (rounded up).
 *   <li>A longer gap (the limiter was idle) restarts the schedule: no burst is saved up.
 *   <li>Optional window guard: no {@code window} ever holds more than {@code rate x window} permits, measured on the
 *       issue times, plus {@code slack} of room (each permit waits until the one issued that many permits earlier
 *       has left the window). It bounds the catch-up, which could otherwise crowd a window.
 * </ul>
 *
 * <p>Built by {@link #evenlySpaced} behind {@link RateLimiter#perSecond(double)} (the seeder and the event recorder),
 * and by {@link #budgetBuilder} (catch-up and a 10 s window guard) behind the bulk fetcher's TPS budget.
 */
public final class SmoothRateLimiter implements RateLimiter {
    /** The longest lateness a {@linkplain #budgetBuilder budget} limiter catches up at once: 100 ms. */
    public static final Duration BUDGET_MAX_CATCH_UP = Duration.ofMillis(100);
    /** The window over which a {@linkplain #budgetBuilder budget} is never exceeded: 10 s. */
    public static final Duration BUDGET_WINDOW = Duration.ofSeconds(10);
    /**
     * Extra room a {@linkplain #budgetBuilder budget}'s window guard keeps (50 ms), so the budget also holds where the
     * calls are observed (the server), a little after the permits are issued. It caps the sustained rate at {@code
     * 10 s / 10.05 s}, 99.5 % of the budget.
     */
    public static final Duration BUDGET_GUARD_SLACK = Duration.ofMillis(50);

    private final long intervalNanos;
    private final long maxCatchUpNanos;
    private final long windowNanos;
    private final long slackNanos;
    private final long[] issuedAt;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final ReentrantLock lock = new ReentrantLock(true);
    private long issued;
    private long next;
    private boolean started;

    private SmoothRateLimiter(Builder b) {
        this.intervalNanos = Math.max(1L, Math.round(TimeUnit.SECONDS.toNanos(1) / b.permitsPerSecond));
        this.maxCatchUpNanos = b.maxCatchUp.toNanos();
        this.windowNanos = b.window.toNanos();
        this.slackNanos = b.slack.toNanos();
        this.ticker = b.ticker;
        this.sleeper = b.sleeper;
        this.issuedAt = windowNanos == 0
                ? new long[0]
                : new long[(int) Math.max(1, Math.min(1_000_000, Math.floor(b.permitsPerSecond * windowNanos / 1e9)))];
    }

    /**
     * A builder.
     *
     * @param permitsPerSecond the rate, a positive finite number
     * @return a builder with no catch-up, no window guard, the system ticker and the real sleeper
     * @throws IllegalArgumentException when the rate is not a positive finite number
     */
    public static Builder builder(double permitsPerSecond) {
        return new Builder(permitsPerSecond);
    }

    /**
     * A builder for a sustained budget, what the bulk fetcher paces its calls with: {@link #BUDGET_MAX_CATCH_UP} of
     * catch-up, so that the sustained rate stays at the budget on a busy machine, and a {@link #BUDGET_WINDOW} guard
     * with {@link #BUDGET_GUARD_SLACK} of slack, so that no 10 s window ever holds more than the budget.
     *
     * @param permitsPerSecond the budget, a positive finite number
     * @return the builder
     * @throws IllegalArgumentException when the rate is not a positive finite number
     */
    public static Builder budgetBuilder(double permitsPerSecond) {
        return builder(permitsPerSecond).maxCatchUp(BUDGET_MAX_CATCH_UP).windowGuard(BUDGET_WINDOW, BUDGET_GUARD_SLACK);
    }

    /**
     * A strictly evenly spacing limiter on the system's clock: no catch-up, so permits are never closer than the
     * interval.
     *
     * @param permitsPerSecond the rate, a positive finite number
     * @return the limiter
     * @throws IllegalArgumentException when the rate is not a positive finite number
     */
    public static SmoothRateLimiter evenlySpaced(double permitsPerSecond) {
        return builder(permitsPerSecond).build();
    }

    /**
     * A strictly evenly spacing limiter on an injected time source, as {@link #evenlySpaced(double)}.
     *
     * @param permitsPerSecond the rate, a positive finite number
     * @param ticker the monotonic time source
     * @param sleeper how to wait; a fake advances the ticker instead of sleeping
     * @return the limiter
     * @throws IllegalArgumentException when the rate is not a positive finite number
     */
    public static SmoothRateLimiter evenlySpaced(double permitsPerSecond, Ticker ticker, Sleeper sleeper) {
        return builder(permitsPerSecond).ticker(ticker).sleeper(sleeper).build();
    }

    /**
     * The time between permits.
     *
     * @return nanoseconds
     */
    public long intervalNanos() {
        return intervalNanos;
    }

    @Override
    public void acquire() throws InterruptedException {
        acquirePermit();
    }

    /**
     * Waits for the next permit and takes it.
     *
     * @return the ticker time of the permit's slot (the permit is issued at or after it)
     * @throws InterruptedException when interrupted while queuing or waiting; no permit is taken
     */
    public long acquirePermit() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long now = ticker.read();
            long slot = !started || now - next > maxCatchUpNanos ? now : next;
            if (issuedAt.length > 0 && issued >= issuedAt.length) {
                long windowGuard = issuedAt[(int) (issued % issuedAt.length)] + windowNanos + slackNanos;
                if (windowGuard - slot > 0) {
                    slot = windowGuard;
                }
            }
            while ((now = ticker.read()) - slot < 0) {
                sleeper.sleep(Duration.ofNanos(slot - now));
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for a permit");
                }
            }
            started = true;
            if (issuedAt.length > 0) {
                issuedAt[(int) (issued % issuedAt.length)] = now;
            }
            issued++;
            next = slot + intervalNanos;
            return slot;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "RateLimiter{every " + intervalNanos + " ns"
                + (maxCatchUpNanos > 0 ? ", catch-up " + maxCatchUpNanos + " ns" : "")
                + (windowNanos > 0 ? ", window " + windowNanos + " ns" : "") + "}";
    }

    /** Builds a {@link SmoothRateLimiter}; not thread-safe. */
    public static final class Builder {
        private final double permitsPerSecond;
        private Duration maxCatchUp = Duration.ZERO;
        private Duration window = Duration.ZERO;
        private Duration slack = Duration.ZERO;
        private Ticker ticker = Ticker.system();
        private Sleeper sleeper = ThreadSleeper.INSTANCE;

        private Builder(double permitsPerSecond) {
            if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
                throw new IllegalArgumentException(
                        "the rate must be a positive finite number of permits per second, but it is "
                                + permitsPerSecond);
            }
            this.permitsPerSecond = permitsPerSecond;
        }

        /**
         * Sets the longest lateness a caller may arrive after its slot and still take it at once (default zero).
         *
         * @param maxCatchUp zero or more
         * @return this builder
         */
        public Builder maxCatchUp(Duration maxCatchUp) {
            this.maxCatchUp = notNegative(maxCatchUp, "maxCatchUp");
            return this;
        }

        /**
         * Guards a window: no {@code window} ever holds more than {@code rate x window} permits, with {@code slack}
         * of extra room (so the budget also holds where the calls are observed, a little after the permits are
         * issued). Default: no guard.
         *
         * @param window the window, zero for no guard
         * @param slack the extra room
         * @return this builder
         */
        public Builder windowGuard(Duration window, Duration slack) {
            this.window = notNegative(window, "window");
            this.slack = notNegative(slack, "slack");
            return this;
        }

        /**
         * Sets the time source (default {@link Ticker#system()}).
         *
         * @param ticker the ticker
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Sets how to wait (default {@link ThreadSleeper}).
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Builds the limiter.
         *
         * @return the limiter
         */
        public SmoothRateLimiter build() {
            return new SmoothRateLimiter(this);
        }

        private static Duration notNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, but it is " + d);
            }
            return d;
        }
    }
}
