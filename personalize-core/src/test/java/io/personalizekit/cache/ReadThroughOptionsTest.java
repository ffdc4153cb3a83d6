package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The validation and the defaults of the read-through options both caching clients share. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadThroughOptionsTest {
    static final SimilarItemsClient NEVER_CALLED = new SimilarItemsClient() {
        @Override
        public SimilarItems similarItems(SimilarItemsRequest request) {
            throw new AssertionError("no live call expected");
        }

        @Override
        public void close() {}
    };

    static CachingSimilarItemsClient.Builder builder() {
        return CachingSimilarItemsClient.builder()
                .delegate(NEVER_CALLED)
                .campaignArn(CacheClientWire.CAMPAIGN)
                .solutionVersionArn(CacheClientWire.SV);
    }

    @Test
    void ttl_mustBePositive() {
        assertThatThrownBy(() -> builder().ttl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be positive, but it is PT0S");
        assertThatThrownBy(() -> builder().ttl(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl must be positive, but it is PT-0.001S");
        assertThatThrownBy(() -> builder().ttl(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("ttl");
        assertThat(builder().ttl(Duration.ofMillis(1))).isNotNull();
    }

    @Test
    void refreshAhead_mayBeZeroButNotNegative() {
        assertThatThrownBy(() -> builder().refreshAhead(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refreshAhead must not be negative, but it is PT-0.001S");
        assertThatThrownBy(() -> builder().refreshAhead(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("refreshAhead");
        try (CachingSimilarItemsClient c = builder()
                .ttl(Duration.ofMinutes(10))
                .refreshAhead(Duration.ZERO)
                .build()) {
            assertThat(c.toString()).contains("ttl=PT10M, refreshAhead=PT0S,");
        }
    }

    @Test
    void refreshAhead_mustBeShorterThanTheTtl() {
        assertThatThrownBy(() -> builder()
                        .ttl(Duration.ofMinutes(10))
                        .refreshAhead(Duration.ofMinutes(10))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refreshAhead PT10M must be shorter than ttl PT10M; use Duration.ZERO to disable");
        try (CachingSimilarItemsClient c = builder()
                .ttl(Duration.ofMinutes(10))
                .refreshAhead(Duration.ofMinutes(10).minusMillis(1))
                .build()) {
            assertThat(c.toString()).contains("refreshAhead=PT9M59.999S");
        }
    }

    @Test
    void refreshAhead_defaultsToAFifthOfTheTtl() {
        try (CachingSimilarItemsClient c = builder().build()) {
            assertThat(c.toString()).contains("ttl=PT1H, refreshAhead=PT12M,");
        }
        try (CachingSimilarItemsClient c = builder().ttl(Duration.ofMinutes(10)).build()) {
            assertThat(c.toString()).contains("ttl=PT10M, refreshAhead=PT2M,");
        }
        try (CachingUserRecommendationsClient c = CachingUserRecommendationsClient.builder()
                .delegate(CachingUserRecommendationsClientBoundaryTest.NEVER_CALLED)
                .campaignArn(CacheClientWire.CAMPAIGN)
                .build()) {
            assertThat(c.toString()).contains("ttl=PT10M, storeTtl=PT24H,");
        }
    }

    @Test
    void circuitBreakers_needAtLeastOneFailureAndAPositiveOpenTime() {
        assertThatThrownBy(() -> builder().circuitBreaker(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failures must be at least 1, but it is 0");
        assertThatThrownBy(() -> builder().circuitBreaker(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("openFor must be positive, but it is PT0S");
        assertThatThrownBy(() -> builder().liveCircuitBreaker(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failures must be at least 1, but it is 0");
        assertThatThrownBy(() -> builder().liveCircuitBreaker(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("openFor must be positive, but it is PT0S");
        assertThat(builder().circuitBreaker(1, Duration.ofMillis(1))).isNotNull();
        assertThat(builder().liveCircuitBreaker(1, Duration.ofMillis(1))).isNotNull();
    }

    @Test
    void maxConcurrentLiveCalls_isBetweenOneAndTenThousand() {
        assertThatThrownBy(() -> builder().maxConcurrentLiveCalls(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConcurrentLiveCalls must be between 1 and 10000, but it is 0");
        assertThatThrownBy(() -> builder().maxConcurrentLiveCalls(10_001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConcurrentLiveCalls must be between 1 and 10000, but it is 10001");
        assertThat(builder().maxConcurrentLiveCalls(1)).isNotNull();
        assertThat(builder().maxConcurrentLiveCalls(10_000)).isNotNull();
    }

    @Test
    void durations_mustBePositive() {
        assertThatThrownBy(() -> builder().storeSlowCallThreshold(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("storeSlowCallThreshold must be positive, but it is PT0S");
        assertThatThrownBy(() -> builder().liveCallTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("liveCallTimeout must be positive, but it is PT-1S");
        assertThatThrownBy(() -> builder().solutionVersionRefresh(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("solutionVersionRefresh must be positive, but it is PT0S");
        assertThatThrownBy(() -> CachingUserRecommendationsClient.builder().storeTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("storeTtl must be positive, but it is PT0S");
    }

    @Test
    void nulls_areRefusedNamingTheOption() {
        assertThatThrownBy(() -> builder().listener(null)).hasMessage("listener");
        assertThatThrownBy(() -> builder().clock(null)).hasMessage("clock");
        assertThatThrownBy(() -> builder().refreshExecutor(null)).hasMessage("executor");
        assertThatThrownBy(() -> builder().serveStaleOn(null)).hasMessage("serveStaleOn");
        assertThatThrownBy(() -> builder().storeSlowCallThreshold(null)).hasMessage("storeSlowCallThreshold");
    }

    @Test
    void everySetter_returnsTheSameBuilder() {
        CachingSimilarItemsClient.Builder b = builder();
        assertThat(b.ttl(Duration.ofMinutes(1))).isSameAs(b);
        assertThat(b.refreshAhead(Duration.ZERO)).isSameAs(b);
        assertThat(b.clock(java.time.Clock.systemUTC())).isSameAs(b);
        assertThat(b.refreshExecutor(Runnable::run)).isSameAs(b);
        assertThat(b.failOnCacheError(true)).isSameAs(b);
        assertThat(b.serveStaleOn(e -> true)).isSameAs(b);
        assertThat(b.circuitBreaker(2, Duration.ofSeconds(1))).isSameAs(b);
        assertThat(b.storeSlowCallThreshold(Duration.ofSeconds(1))).isSameAs(b);
        assertThat(b.liveCallTimeout(Duration.ofSeconds(1))).isSameAs(b);
        assertThat(b.retryLiveCallsWhenStale(true)).isSameAs(b);
        assertThat(b.liveCircuitBreaker(2, Duration.ofSeconds(1))).isSameAs(b);
        assertThat(b.maxConcurrentLiveCalls(2)).isSameAs(b);
        assertThat(b.listener(io.personalizekit.observe.PersonalizeKitListener.NONE))
                .isSameAs(b);
        assertThat(b.solutionVersionRefresh(Duration.ofSeconds(1))).isSameAs(b);
        assertThat(b.applyMutation(x -> {})).isSameAs(b);
        assertThat(b.store(InMemoryRecommendationStore.create())).isSameAs(b);
        CachingUserRecommendationsClient.Builder u = CachingUserRecommendationsClient.builder();
        assertThat(u.storeTtl(Duration.ofDays(2))).isSameAs(u);
        assertThat(u.recommenderArn("arn:r")).isSameAs(u);
        assertThat(u.applyMutation(x -> {})).isSameAs(u);
        assertThat(u.store(InMemoryRecommendationStore.create())).isSameAs(u);
    }
}
