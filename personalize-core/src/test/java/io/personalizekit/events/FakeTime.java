package io.personalizekit.events;

import io.personalizekit.internal.time.SmoothRateLimiter;
import io.personalizekit.internal.time.Ticker;
import io.personalizekit.waiter.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A fake time source: sleeping records the wait and advances the time, so schedules are checked without waiting. */
final class FakeTime implements Ticker, Sleeper {
    long nanos;
    final List<Duration> sleeps = new ArrayList<>();

    @Override
    public long read() {
        return nanos;
    }

    @Override
    public void sleep(Duration d) {
        sleeps.add(d);
        nanos += d.toNanos();
    }

    void advance(Duration d) {
        nanos += d.toNanos();
    }

    RateLimiter limiter(double perSecond) {
        return SmoothRateLimiter.evenlySpaced(perSecond, this, this); // what RateLimiter.perSecond builds
    }

    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.EPOCH.plusNanos(nanos);
            }
        };
    }
}
