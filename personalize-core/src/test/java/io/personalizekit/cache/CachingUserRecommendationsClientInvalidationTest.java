package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.recipe.Recipe;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsClient;
import io.personalizekit.recommend.UserRecommendationsRequest;
import io.personalizekit.testing.FakeClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The invalidations the user caching client remembers: when more than 10,000 users are tracked it forgets those no
 * live call in flight can still need, and keeps the ones that can; a deterministic interleaving (a live call held on a
 * latch).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CachingUserRecommendationsClientInvalidationTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/for-you";

    final FakeClock clock = new FakeClock(Instant.parse("2026-12-03T10:00:00Z"));

    @Test
    void pruningTrackedInvalidations_keepsTheOneALiveCallInFlightStillNeeds() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        UserRecommendationsClient slow = new UserRecommendationsClient() {
            @Override
            public UserRecommendations recommendations(UserRecommendationsRequest request) {
                int n = calls.incrementAndGet();
                if (n == 1) {
                    called.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return UserRecommendations.builder()
                        .userId(request.userId().orElseThrow())
                        .items(List.of(RecommendedItem.of(n == 1 ? "before-the-event" : "after-the-event")))
                        .fetchedAt(clock.instant())
                        .build();
            }

            @Override
            public Recipe recipe() {
                return Recipe.USER_PERSONALIZATION_V2;
            }

            @Override
            public void close() {}
        };
        try (CachingUserRecommendationsClient c = CachingUserRecommendationsClient.builder()
                .delegate(slow)
                .campaignArn(CAMPAIGN)
                .clock(clock)
                .build()) {
            CompletableFuture<UserRecommendations> before = CompletableFuture.supplyAsync(() -> c.forUser("u-0"));
            assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();
            c.invalidateUser("u-0");
            for (int i = 1; i <= 10_000; i++) {
                c.invalidateUser("other-" + i); // the last one takes the count over 10,000: a prune
            }
            release.countDown();
            assertThat(before.get(30, TimeUnit.SECONDS).itemIds()).containsExactly("before-the-event");

            UserRecommendations next = c.forUser("u-0");

            assertThat(next.source()).isEqualTo(ResultSource.LIVE); // the older answer was not stored
            assertThat(next.itemIds()).containsExactly("after-the-event");
            assertThat(calls.get()).isEqualTo(2);
        }
    }

    @Test
    void pruningTrackedInvalidations_withNoCallInFlight_forgetsThemAndReadsStillWork() {
        AtomicInteger calls = new AtomicInteger();
        UserRecommendationsClient counting = new UserRecommendationsClient() {
            @Override
            public UserRecommendations recommendations(UserRecommendationsRequest request) {
                calls.incrementAndGet();
                return UserRecommendations.builder()
                        .userId(request.userId().orElseThrow())
                        .items(List.of(RecommendedItem.of("i-" + calls.get())))
                        .fetchedAt(clock.instant())
                        .build();
            }

            @Override
            public Recipe recipe() {
                return Recipe.USER_PERSONALIZATION_V2;
            }

            @Override
            public void close() {}
        };
        try (CachingUserRecommendationsClient c = CachingUserRecommendationsClient.builder()
                .delegate(counting)
                .campaignArn(CAMPAIGN)
                .clock(clock)
                .build()) {
            for (int i = 0; i <= 10_000; i++) {
                c.invalidateUser("other-" + i);
            }
            assertThat(c.forUser("other-5").source()).isEqualTo(ResultSource.LIVE);
            assertThat(c.forUser("other-5").source()).isEqualTo(ResultSource.CACHE);
            assertThat(calls.get()).isEqualTo(1);
        }
    }
}
