package io.personalizekit.internal.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.events.RateLimiter;
import io.personalizekit.waiter.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The one rate limiter, on fake time: as {@link RateLimiter#perSecond} builds it for the seeder and the event
 * recorder ({@link SmoothRateLimiter#evenlySpaced}), and as the bulk fetcher builds it for its TPS budget ({@link
 * SmoothRateLimiter#budgetBuilder}). The sleeper advances the ticker instead of sleeping.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SmoothRateLimiterTest {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    /** Exact: wakes up at the requested time. */
    final Sleeper exact = d -> {
        sleeps.add(d);
        nanos.addAndGet(d.toNanos());
    };
    /** Late: the OS wakes us 50 us after the requested time. */
    final Sleeper late = d -> {
        sleeps.add(d);
        nanos.addAndGet(d.toNanos() + 50_000);
    };

    SmoothRateLimiter evenlySpaced(double rate) {
        return SmoothRateLimiter.evenlySpaced(rate, nanos::get, exact);
    }

    SmoothRateLimiter budget(double rate) {
        return SmoothRateLimiter.budgetBuilder(rate)
                .ticker(nanos::get)
                .sleeper(late)
                .build();
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    // --- evenly spaced (the seeder's and the event recorder's limiter) ---

    @Test
    void evenlySpaced_whenCalledBackToBack_spacesRequestsEvenly() throws InterruptedException {
        SmoothRateLimiter limiter = evenlySpaced(10);
        long start = nanos.get();

        for (int i = 0; i < 4; i++) {
            limiter.acquire();
        }

        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100));
        assertThat(nanos.get() - start).isEqualTo(Duration.ofMillis(300).toNanos());
    }

    @Test
    void evenlySpaced_whenTheCallerIsSlowerThanTheRate_neverWaitsNorSavesUpABurst() throws InterruptedException {
        SmoothRateLimiter limiter = evenlySpaced(10);

        limiter.acquire();
        advance(Duration.ofMillis(150));
        limiter.acquire();
        advance(Duration.ofSeconds(5));
        limiter.acquire();
        limiter.acquire();

        assertThat(sleeps).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void evenlySpaced_whenTheCallerIsPartlyLate_waitsOnlyTheRest() throws InterruptedException {
        SmoothRateLimiter limiter = evenlySpaced(4);

        limiter.acquire();
        advance(Duration.ofMillis(100));
        limiter.acquire();

        assertThat(sleeps).containsExactly(Duration.ofMillis(150));
    }

    @Test
    void evenlySpaced_whenTheCallerIsBrieflyLate_neverCatchesUpSoPermitsAreNeverCloserThanTheInterval()
            throws InterruptedException {
        SmoothRateLimiter limiter = evenlySpaced(10);
        List<Long> issued = new ArrayList<>();

        for (int i = 0; i < 50; i++) {
            if (i % 3 == 2) {
                advance(Duration.ofMillis(30)); // late for its slot, but by less than an interval
            }
            limiter.acquire();
            issued.add(nanos.get());
        }

        for (int i = 1; i < issued.size(); i++) {
            assertThat(issued.get(i) - issued.get(i - 1))
                    .as("gap before permit %d", i)
                    .isGreaterThanOrEqualTo(100_000_000L);
        }
    }

    @Test
    void evenlySpaced_whenSharedByThreads_givesEachPermitItsOwnSlot() throws Exception {
        SmoothRateLimiter limiter = evenlySpaced(100);
        List<Long> slots = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        slots.add(limiter.acquirePermit());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<Long> sorted = new ArrayList<>(slots);
        Collections.sort(sorted);
        assertThat(sorted).hasSize(200).doesNotHaveDuplicates();
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - 1)).isEqualTo(10_000_000L);
        }
    }

    @Test
    void evenlySpaced_whenInterruptedWhileWaiting_throwsAndTakesNoPermit() throws InterruptedException {
        SmoothRateLimiter limiter = SmoothRateLimiter.evenlySpaced(1, nanos::get, d -> {
            throw new InterruptedException("stop");
        });
        limiter.acquire();

        assertThatThrownBy(limiter::acquire).isInstanceOf(InterruptedException.class);
        advance(Duration.ofSeconds(1));
        long slot = limiter.acquirePermit(); // the slot the interrupted caller gave up

        assertThat(slot).isEqualTo(nanos.get());
    }

    @Test
    void perSecond_isTheEvenlySpacedLimiterWithNoCatchUpOnTheSystemClock() {
        assertThat(RateLimiter.perSecond(10))
                .isInstanceOf(SmoothRateLimiter.class)
                .hasToString(evenlySpaced(10).toString());
        assertThat(evenlySpaced(10)).hasToString("RateLimiter{every 100000000 ns}");
    }

    @Test
    void perSecond_whenRateIsNotPositive_isRejected() {
        assertThatThrownBy(() -> RateLimiter.perSecond(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> RateLimiter.perSecond(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimiter.perSecond(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- budget (the bulk fetcher's pacer) ---

    @Test
    void budget_whenSaturated_issuesOnePermitPerIntervalAndNeverFillsAWindowBeyondBudget() throws InterruptedException {
        SmoothRateLimiter pacer = budget(200);
        List<Long> slots = new ArrayList<>();
        for (int i = 0; i < 2001; i++) {
            slots.add(pacer.acquirePermit());
        }

        for (int i = 1; i < 2000; i++) {
            assertThat(slots.get(i) - slots.get(i - 1)).isEqualTo(5_000_000L);
        }
        // Permit 2000 would open a 10 s window holding 2001: the guard holds it back by the slack (50 ms).
        assertThat(slots.get(2000) - slots.get(0))
                .isEqualTo(SmoothRateLimiter.BUDGET_WINDOW.toNanos() + SmoothRateLimiter.BUDGET_GUARD_SLACK.toNanos());
    }

    @Test
    void budget_whenIdle_doesNotSaveUpABurst() throws InterruptedException {
        SmoothRateLimiter pacer = budget(100);
        pacer.acquirePermit();
        advance(Duration.ofSeconds(5));
        long a = pacer.acquirePermit();
        long b = pacer.acquirePermit();

        assertThat(b - a).isEqualTo(10_000_000L);
    }

    @Test
    void budget_whenCallerBrieflyLate_catchesUpWithoutExceedingAnyTenSecondWindow() throws InterruptedException {
        SmoothRateLimiter pacer = budget(200);
        List<Long> issued = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            if (i % 100 == 99) {
                advance(Duration.ofMillis(40)); // a 40 ms stall of the caller
            }
            pacer.acquirePermit();
            issued.add(nanos.get());
        }

        // The 60 stalls of 40 ms are caught up: 6000 permits in about 30 s, the budget's pace.
        assertThat(issued.get(5999) - issued.get(0))
                .isLessThan(TimeUnit.MILLISECONDS.toNanos(30_400)); // without catch-up: 32.4 s
        long window = SmoothRateLimiter.BUDGET_WINDOW.toNanos();
        for (int i = 0, j = 0; i < issued.size(); i++) {
            while (j < issued.size() && issued.get(j) - issued.get(i) < window) {
                j++;
            }
            assertThat(j - i).as("permits in the 10 s window from permit %d", i).isLessThanOrEqualTo(2000);
        }
    }

    @Test
    void budget_whenTheSleeperReturnsWithTheInterruptFlagSet_throws() {
        SmoothRateLimiter pacer = SmoothRateLimiter.budgetBuilder(1)
                .ticker(nanos::get)
                .sleeper(d -> Thread.currentThread().interrupt())
                .build();
        try {
            pacer.acquirePermit();
            pacer.acquirePermit();
            throw new AssertionError("expected an interrupt");
        } catch (InterruptedException expected) {
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }
}
