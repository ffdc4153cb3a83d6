package io.personalizekit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsRequest;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakeSimilarItemsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class CachingSimilarItemsClientTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/news";
    static final String SV1 = "arn:aws:personalize:us-east-1:123456789012:solution/news/v1";
    static final String SV2 = "arn:aws:personalize:us-east-1:123456789012:solution/news/v2";

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));
    final FakeSimilarItemsClient live = new FakeSimilarItemsClient(clock);
    final FlakyStore store = new FlakyStore(InMemoryRecommendationStore.create());

    CachingSimilarItemsClient.Builder client() {
        return CachingSimilarItemsClient.builder()
                .delegate(live)
                .store(store)
                .campaignArn(CAMPAIGN)
                .solutionVersionArn(SV1)
                .ttl(Duration.ofMinutes(10))
                .refreshAhead(Duration.ZERO)
                .clock(clock);
    }

    static AwsServiceException serviceError(int status, String code) {
        return AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(code)
                        .build())
                .build();
    }

    @Test
    void similarItems_whenCalledTwice_callsLiveOnceAndServesCacheSecond() {
        try (CachingSimilarItemsClient c = client().build()) {
            SimilarItems first = c.similarTo("a1");
            SimilarItems second = c.similarTo("a1");

            assertThat(first.source()).isEqualTo(ResultSource.LIVE);
            assertThat(second.source()).isEqualTo(ResultSource.CACHE);
            assertThat(second.itemIds()).isEqualTo(first.itemIds());
            assertThat(second.recommendationId()).isEqualTo(first.recommendationId());
            assertThat(live.calls).hasValue(1);
            assertThat(c.stats().hitCount()).isEqualTo(1);
            assertThat(c.stats().missCount()).isEqualTo(1);
        }
    }

    @Test
    void similarItems_whenKeyDiffers_missesPerNumResultsFilterAndValues() {
        try (CachingSimilarItemsClient c = client().build()) {
            c.similarTo("a1");
            c.similarItems(r -> r.itemId("a1").numResults(10));
            c.similarItems(r -> r.itemId("a1").filterArn("arn:f").putFilterValue("CAT", "\"sports\""));
            c.similarItems(r -> r.itemId("a1").filterArn("arn:f").putFilterValue("CAT", "\"news\""));
            c.similarItems(r -> r.itemId("a1").filterArn("arn:f").putFilterValue("CAT", "\"news\""));

            assertThat(live.calls).hasValue(4);
        }
    }

    @Test
    void similarItems_whenSolutionVersionChanges_neverServesOldModelsList() {
        AtomicReference<String> version = new AtomicReference<>(SV1);
        try (CachingSimilarItemsClient c = client().solutionVersion(version::get)
                .solutionVersionRefresh(Duration.ofMinutes(1))
                .build()) {
            c.similarTo("a1");
            live.version = "v2";
            version.set(SV2);
            assertThat(c.similarTo("a1").source()).isEqualTo(ResultSource.CACHE); // version read a minute ago

            clock.advance(Duration.ofMinutes(1));
            SimilarItems after = c.similarTo("a1");

            assertThat(after.source()).isEqualTo(ResultSource.LIVE);
            assertThat(after.recommendationId()).contains("RID-v2-a1");
            assertThat(live.calls).hasValue(2);
        }
    }

    @Test
    void similarItems_whenTtlPassed_callsLiveAgain() {
        try (CachingSimilarItemsClient c = client().build()) {
            c.similarTo("a1");
            clock.advance(Duration.ofMinutes(9));
            assertThat(c.similarTo("a1").source()).isEqualTo(ResultSource.CACHE);
            clock.advance(Duration.ofMinutes(1));

            assertThat(c.similarTo("a1").source()).isEqualTo(ResultSource.LIVE);
            assertThat(live.calls).hasValue(2);
        }
    }

    @Test
    void similarItems_whenInRefreshAheadWindow_servesCacheAndRefreshesOnceInBackground() {
        List<Runnable> queued = new ArrayList<>();
        try (CachingSimilarItemsClient c = client().refreshAhead(Duration.ofMinutes(2))
                .refreshExecutor(queued::add)
                .build()) {
            c.similarTo("a1");
            clock.advance(Duration.ofMinutes(7));
            assertThat(c.similarTo("a1").source()).isEqualTo(ResultSource.CACHE);
            assertThat(queued).isEmpty();

            clock.advance(Duration.ofMinutes(1));
            live.version = "v1b";
            assertThat(c.similarTo("a1").source()).isEqualTo(ResultSource.CACHE);
            assertThat(c.similarTo("a1").source()).isEqualTo(ResultSource.CACHE);
            assertThat(queued).hasSize(1); // one refresh per key, however many hits
            queued.get(0).run();

            assertThat(live.calls).hasValue(2);
            SimilarItems refreshed = c.similarTo("a1");
            assertThat(refreshed.recommendationId()).contains("RID-v1b-a1");
            clock.advance(Duration.ofMinutes(5));
            assertThat(c.similarTo("a1").source()).isEqualTo(ResultSource.CACHE); // refresh reset the TTL
            assertThat(c.stats().refreshCount()).isEqualTo(1);
        }
    }

    @Test
    void similarItems_when100ConcurrentMissesOnOneKey_makesOneLiveCall() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        live.beforeAnswer = () -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (CachingSimilarItemsClient c = client().build()) {
            List<Thread> threads = new ArrayList<>();
            List<SimilarItems> results = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 100; i++) {
                Thread t = new Thread(() -> results.add(c.similarTo("hot")));
                threads.add(t);
                t.start();
            }
            // Every thread is parked: one inside the live call, 99 waiting for its result.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (threads.stream()
                            .anyMatch(t ->
                                    t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING)
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            release.countDown();
            for (Thread t : threads) {
                t.join(5000);
            }

            assertThat(live.calls).hasValue(1);
            assertThat(results)
                    .hasSize(100)
                    .allSatisfy(r -> assertThat(r.itemIds()).hasSize(25));
        }
    }

    @Test
    void similarItems_whenLiveThrottlesAfterExpiry_servesStaleFlagged() {
        try (CachingSimilarItemsClient c = client().build()) {
            SimilarItems good = c.similarTo("a1");
            clock.advance(Duration.ofHours(2));
            live.failure = r -> serviceError(400, "ThrottlingException");

            SimilarItems served = c.similarTo("a1");

            assertThat(served.source()).isEqualTo(ResultSource.STALE);
            assertThat(served.itemIds()).isEqualTo(good.itemIds());
            assertThat(served.fetchedAt()).isEqualTo(good.fetchedAt());
            assertThat(c.stats().staleCount()).isEqualTo(1);
        }
    }

    @Test
    void similarItems_whenLiveFails500AfterExpiry_servesStale() {
        try (CachingSimilarItemsClient c = client().build()) {
            c.similarTo("a1");
            clock.advance(Duration.ofHours(2));
            live.failure = r -> serviceError(500, "InternalFailure");

            assertThat(c.similarTo("a1").source()).isEqualTo(ResultSource.STALE);
        }
    }

    @Test
    void similarItems_whenLiveRejectsInput_throwsEvenWithStaleList() {
        try (CachingSimilarItemsClient c = client().build()) {
            c.similarTo("a1");
            clock.advance(Duration.ofHours(2));
            AwsServiceException invalid = serviceError(400, "InvalidInputException");
            live.failure = r -> invalid;

            assertThatThrownBy(() -> c.similarTo("a1")).isSameAs(invalid);
        }
    }

    @Test
    void similarItems_whenLiveFailsWithNothingCached_throwsTheFailure() {
        try (CachingSimilarItemsClient c = client().build()) {
            AwsServiceException throttled = serviceError(400, "ThrottlingException");
            live.failure = r -> throttled;

            assertThatThrownBy(() -> c.similarTo("a1")).isSameAs(throttled);
        }
    }

    @Test
    void similarItems_whenStoreDown_servesLiveAndSkipsStoreWhileBreakerOpenThenRecovers() {
        try (CachingSimilarItemsClient c =
                client().circuitBreaker(3, Duration.ofSeconds(30)).build()) {
            store.down = true;
            for (int i = 0; i < 10; i++) {
                assertThat(c.similarTo("a" + i).source()).isEqualTo(ResultSource.LIVE);
            }
            // Read a0 fails, write a0 fails, read a1 fails: open. The 7 answers after it never touched the store.
            assertThat(store.calls).hasValue(3);
            assertThat(c.stats().storeErrorCount()).isEqualTo(3);

            store.down = false;
            clock.advance(Duration.ofSeconds(30));
            assertThat(c.similarTo("b1").source()).isEqualTo(ResultSource.LIVE); // trial read succeeds, write too
            assertThat(c.similarTo("b1").source()).isEqualTo(ResultSource.CACHE);
            assertThat(live.calls).hasValue(11);
        }
    }

    @Test
    void similarItems_whenTrialCallFails_reopensBreaker() {
        try (CachingSimilarItemsClient c =
                client().circuitBreaker(1, Duration.ofSeconds(30)).build()) {
            store.down = true;
            c.similarTo("a1");
            clock.advance(Duration.ofSeconds(30));
            c.similarTo("a2"); // trial read fails: open again
            int callsAfterTrial = store.calls.get();
            c.similarTo("a3");

            assertThat(callsAfterTrial).isEqualTo(2);
            assertThat(store.calls).hasValue(2);
        }
    }

    @Test
    void similarItems_whenFailOnCacheError_throwsCacheStoreException() {
        try (CachingSimilarItemsClient c = client().failOnCacheError(true).build()) {
            store.down = true;

            assertThatThrownBy(() -> c.similarTo("a1"))
                    .isInstanceOf(CacheStoreException.class)
                    .hasMessageContaining("a1")
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void similarItems_whenListIsPopularFallback_keepsFallbackSourceOnHit() {
        try (CachingSimilarItemsClient c = client().build()) {
            c.similarTo("unknown-1");

            assertThat(c.similarTo("unknown-1").source()).isEqualTo(ResultSource.FALLBACK);
        }
    }

    @Test
    void similarItems_whenExcludedItemIdsGiven_appliesThemAfterTheCache() {
        try (CachingSimilarItemsClient c = client().build()) {
            c.similarTo("a1");
            SimilarItems filtered = c.similarItems(r -> r.itemId("a1").excludedItemIds(Set.of("a1-sim-0", "a1-sim-3")));

            assertThat(filtered.itemIds()).hasSize(23).doesNotContain("a1-sim-0", "a1-sim-3");
            assertThat(live.calls).hasValue(1);
        }
    }

    @Test
    void similarItems_whenFetcherFilledStore_readsSameKeys() {
        CacheKeyspace ks = CacheKeyspace.of(CAMPAIGN, SV1, SimilarItemsRequest.of("x"));
        long gen = store.beginGeneration(ks);
        store.putAll(ks, gen, List.of(FakeSimilarItemsClient.answer("a1", 25, "bulk", clock)));
        store.activate(ks, gen);
        try (CachingSimilarItemsClient c = client().build()) {
            assertThat(c.keyspaceFor(SimilarItemsRequest.of("a1"))).isEqualTo(ks);
            assertThat(c.similarTo("a1").recommendationId()).contains("RID-bulk-a1");
            assertThat(live.calls).hasValue(0);
        }
    }

    @Test
    void close_whenDelegateAndStoreBorrowed_closesNeither() {
        client().build().close();

        assertThat(live.closed).isFalse();
        assertThat(store.closed).isFalse();
    }

    @Test
    void build_whenRequiredMissingOrInvalid_rejects() {
        assertThatThrownBy(() -> CachingSimilarItemsClient.builder()
                        .delegate(live)
                        .solutionVersionArn(SV1)
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("campaignArn");
        assertThatThrownBy(() -> CachingSimilarItemsClient.builder()
                        .delegate(live)
                        .campaignArn(CAMPAIGN)
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("solutionVersion");
        assertThatThrownBy(() -> client().ttl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client().refreshAhead(Duration.ofMinutes(10)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refreshAhead");
        assertThatThrownBy(() -> client().circuitBreaker(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failures");
    }
}
