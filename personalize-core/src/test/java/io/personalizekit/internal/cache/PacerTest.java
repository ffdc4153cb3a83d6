package io.personalizekit.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacerTest {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final List<Long> parks = new ArrayList<>();

    Pacer pacer(double rate) {
        return Pacer.of(rate, nanos::get, n -> {
            parks.add(n);
            nanos.addAndGet(n + 50_000); // the OS wakes us 50 us late
        });
    }

    @Test
    void acquire_whenSaturated_issuesOnePermitPerIntervalAndNeverFillsAWindowBeyondBudget()
            throws InterruptedException {
        Pacer pacer = pacer(200);
        List<Long> slots = new ArrayList<>();
        for (int i = 0; i < 2001; i++) {
            slots.add(pacer.acquire());
        }

        for (int i = 1; i < 2000; i++) {
            assertThat(slots.get(i) - slots.get(i - 1)).isEqualTo(5_000_000L);
        }
        // Permit 2000 would open a 10 s window holding 2001: the guard holds it back by the slack (50 ms).
        assertThat(slots.get(2000) - slots.get(0)).isEqualTo(Pacer.WINDOW_NANOS + Pacer.GUARD_SLACK_NANOS);
    }

    @Test
    void acquire_whenIdle_doesNotSaveUpABurst() throws InterruptedException {
        Pacer pacer = pacer(100);
        pacer.acquire();
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
        long a = pacer.acquire();
        long b = pacer.acquire();

        assertThat(b - a).isEqualTo(10_000_000L);
    }

    @Test
    void acquire_whenCallerBrieflyLate_catchesUpWithoutExceedingAnyTenSecondWindow() throws InterruptedException {
        Pacer pacer = pacer(200);
        List<Long> issued = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            if (i % 100 == 99) {
                nanos.addAndGet(40_000_000L); // a 40 ms stall of the caller
            }
            pacer.acquire();
            issued.add(nanos.get());
        }

        // The 60 stalls of 40 ms are caught up: 6000 permits in about 30 s, the budget's pace.
        assertThat(issued.get(5999) - issued.get(0))
                .isLessThan(TimeUnit.MILLISECONDS.toNanos(30_400)); // without catch-up: 32.4 s
        for (int i = 0, j = 0; i < issued.size(); i++) {
            while (j < issued.size() && issued.get(j) - issued.get(i) < Pacer.WINDOW_NANOS) {
                j++;
            }
            assertThat(j - i).as("permits in the 10 s window from permit %d", i).isLessThanOrEqualTo(2000);
        }
    }

    @Test
    void acquire_whenInterrupted_throws() {
        Pacer pacer = Pacer.of(1, nanos::get, n -> Thread.currentThread().interrupt());
        try {
            pacer.acquire();
            pacer.acquire();
            throw new AssertionError("expected an interrupt");
        } catch (InterruptedException expected) {
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }
}
