package io.personalizekit.testing;

import io.personalizekit.waiter.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A manually advanced clock, and a sleeper that advances it instead of sleeping. Thread-safe. */
public final class FakeClock extends Clock {
    private Instant now;
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    public FakeClock(Instant start) {
        this.now = start;
    }

    public FakeClock() {
        this(Instant.parse("2026-11-28T10:00:00Z"));
    }

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

    /** A sleeper that advances this clock (and honours interrupts like Thread.sleep). */
    public Sleeper sleeper() {
        return d -> {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted before sleep");
            }
            sleeps.add(d);
            advance(d);
        };
    }

    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    public Duration totalSlept() {
        return sleeps().stream().reduce(Duration.ZERO, Duration::plus);
    }
}
