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
    void acquire_whenSaturated_issuesOnePermitPerIntervalWithoutDrift() throws InterruptedException {
        Pacer pacer = pacer(200);
        List<Long> slots = new ArrayList<>();
        for (int i = 0; i < 2001; i++) {
            slots.add(pacer.acquire());
        }

        for (int i = 1; i < slots.size(); i++) {
            assertThat(slots.get(i) - slots.get(i - 1)).isEqualTo(5_000_000L);
        }
        // 2000 intervals of 5 ms after the first permit: exactly 10 s, so the rate is the budget, not below it.
        assertThat(slots.get(2000) - slots.get(0)).isEqualTo(TimeUnit.SECONDS.toNanos(10));
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
