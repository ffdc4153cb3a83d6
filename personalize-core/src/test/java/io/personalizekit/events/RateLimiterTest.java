package io.personalizekit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void perSecond_whenCalledBackToBack_spacesRequestsEvenly() throws InterruptedException {
        FakeTime time = new FakeTime();
        RateLimiter limiter = time.limiter(10);

        for (int i = 0; i < 4; i++) {
            limiter.acquire();
        }

        assertThat(time.sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100));
        assertThat(time.nanos).isEqualTo(Duration.ofMillis(300).toNanos());
    }

    @Test
    void perSecond_whenTheCallerIsSlowerThanTheRate_neverWaitsNorSavesUpABurst() throws InterruptedException {
        FakeTime time = new FakeTime();
        RateLimiter limiter = time.limiter(10);

        limiter.acquire();
        time.advance(Duration.ofMillis(150));
        limiter.acquire();
        time.advance(Duration.ofSeconds(5));
        limiter.acquire();
        limiter.acquire();

        assertThat(time.sleeps).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void perSecond_whenTheCallerIsPartlyLate_waitsOnlyTheRest() throws InterruptedException {
        FakeTime time = new FakeTime();
        RateLimiter limiter = time.limiter(4);

        limiter.acquire();
        time.advance(Duration.ofMillis(100));
        limiter.acquire();

        assertThat(time.sleeps).containsExactly(Duration.ofMillis(150));
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
}
