package io.personalizekit.testing;

import io.personalizekit.internal.time.SmoothRateLimiter;
import io.personalizekit.internal.time.Ticker;
import io.personalizekit.waiter.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The tests' one fake time line: a {@link Clock} moved by hand ({@link #advance}), a {@link Sleeper} that advances
 * it instead of sleeping ({@link #sleeper()}, recording each pause), and a monotonic {@link Ticker} on the same line
 * ({@link #ticker()}), so a wall-clock deadline, a rate limiter and a retry backoff all run on fake time together.
 * Thread-safe. Shared with the other modules' tests through personalize-core's test-jar.
 */
public final class FakeClock extends Clock {
    private final Instant start;
    private Instant now;
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    /**
     * A clock at the given instant.
     *
     * @param start the first reading
     */
    public FakeClock(Instant start) {
        this.start = start;
        this.now = start;
    }

    /** A clock at 2026-11-28T10:00:00Z. */
    public FakeClock() {
        this(Instant.parse("2026-11-28T10:00:00Z"));
    }

    /**
     * Moves the clock forward (or back, with a negative duration).
     *
     * @param d how far
     */
    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /**
     * A sleeper that advances this clock by the pause (and honours interrupts like {@code Thread.sleep}).
     *
     * @return the sleeper
     */
    public Sleeper sleeper() {
        return d -> {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted before sleep");
            }
            sleeps.add(d);
            advance(d);
        };
    }

    /**
     * A monotonic ticker on this clock: nanoseconds since the clock's start.
     *
     * @return the ticker
     */
    public Ticker ticker() {
        return () -> {
            Duration since = Duration.between(start, instant());
            return since.toNanos();
        };
    }

    /**
     * The toolkit's evenly spacing rate limiter ({@code RateLimiter.perSecond}'s) on this clock: its waits are
     * recorded in {@link #sleeps()} and advance the clock.
     *
     * @param perSecond the rate
     * @return the limiter
     */
    public SmoothRateLimiter limiter(double perSecond) {
        return SmoothRateLimiter.evenlySpaced(perSecond, ticker(), sleeper());
    }

    /**
     * Every pause taken on {@link #sleeper()}, in order.
     *
     * @return a copy
     */
    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /**
     * The sum of the pauses.
     *
     * @return the total
     */
    public Duration totalSlept() {
        return sleeps().stream().reduce(Duration.ZERO, Duration::plus);
    }
}
