package io.personalizekit.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.CircuitState;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakeSimilarItemsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** The fault cases, against a real redis-server. */
@ParameterizedClass(name = "{0}")
@EnumSource(RedisDriver.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisFaultTest {
    @Parameter
    RedisDriver driver;

    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/news";
    static final String SV1 = "arn:aws:personalize:us-east-1:123456789012:solution/news/v1";

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));
    final FakeSimilarItemsClient live = new FakeSimilarItemsClient(clock);
    final CacheKeyspace ks = CacheKeyspace.builder()
            .campaignArn(CAMPAIGN)
            .solutionVersionArn(SV1)
            .numResults(5)
            .build();
    RedisServerProcess server;
    RedisRecommendationStore store;

    @BeforeEach
    void setUp() throws Exception {
        server = RedisServerProcess.launch();
        store = RedisRecommendationStore.builder()
                .redisUri(server.uri())
                .driver(driver)
                .keyPrefix("news:")
                .generationCacheTtl(Duration.ZERO)
                .build();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            server.close();
        }
    }

    static List<String> ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> "item-" + i).collect(Collectors.toList());
    }

    RecommendationFetcher.Builder fetcher() {
        return RecommendationFetcher.builder()
                .client(live)
                .store(store)
                .keyspace(ks)
                .maxTps(500)
                .maxConcurrency(4)
                .writeBatchSize(5)
                .retryBackoff(Duration.ZERO)
                .storeRetryPolicy(p -> p.initialDelay(Duration.ZERO).maxDelay(Duration.ZERO));
    }

    CachingSimilarItemsClient.Builder client() {
        return CachingSimilarItemsClient.builder()
                .delegate(live)
                .store(store)
                .campaignArn(CAMPAIGN)
                .solutionVersionArn(SV1)
                .ttl(Duration.ofDays(1))
                .refreshAhead(Duration.ZERO)
                .circuitBreaker(2, Duration.ofSeconds(30))
                .clock(clock);
    }

    /** Bounded wait for the client to reconnect after a restart (real time, typically tens of ms). */
    static void within5s(BooleanSupplier condition) {
        Poll.until(Duration.ofSeconds(5), condition, () -> "condition");
    }

    boolean storeAnswers() {
        try {
            store.activeGeneration(ks);
            return true;
        } catch (CacheStoreException e) {
            return false;
        }
    }

    @Test
    void cachingClient_whenRedisStopped_keepsServingLiveWithoutPilingTimeoutsAndRecovers() throws Exception {
        CountingStore counted = new CountingStore(store);
        try (CachingSimilarItemsClient c = client().store(counted).build()) {
            c.similarTo("a");
            assertThat(c.similarTo("a").source()).isEqualTo(ResultSource.CACHE);

            server.stop();
            int callsBefore = counted.calls.get();
            for (int i = 0; i < 50; i++) {
                assertThat(c.similarTo(i % 2 == 0 ? "a" : "b" + i).source()).isEqualTo(ResultSource.LIVE);
            }

            // The first request's read and write failed; the breaker (2 failures) then kept the other 49 away from
            // Redis: no request waited on it again (each could have waited the command timeout).
            assertThat(c.stats().storeErrorCount()).isEqualTo(2);
            assertThat(counted.calls.get() - callsBefore).isEqualTo(2);
            assertThat(c.stats().storeCircuit()).isEqualTo(CircuitState.OPEN);

            server.start();
            within5s(() -> {
                clock.advance(Duration.ofSeconds(30));
                return c.similarTo("a").source() == ResultSource.CACHE;
            });
            assertThat(c.similarTo("b1").source()).isEqualTo(ResultSource.LIVE);
            assertThat(c.similarTo("b1").source()).isEqualTo(ResultSource.CACHE);
        }
    }

    @Test
    void store_afterRedisRestart_answersAgainWithoutFailingOnStaleConnections() throws Exception {
        store.put(ks, live.similarItems(io.personalizekit.recommend.SimilarItemsRequest.of("a")));
        // Several threads at once, so the Jedis pool holds several connections that the restart leaves stale.
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    store.get(ks, "a");
                }
            });
            readers.add(th);
            th.start();
        }
        for (Thread th : readers) {
            th.join();
        }

        server.stop();
        assertThatThrownBy(() -> store.get(ks, "a"))
                .isInstanceOf(CacheStoreException.class)
                .hasMessageContaining("failed");
        server.start();

        if (driver == RedisDriver.LETTUCE) {
            within5s(this::storeAnswers); // reconnects in the background; rejects commands until then
        }
        for (int i = 0; i < 8; i++) {
            assertThat(store.get(ks, "a")).isPresent();
        }
    }

    @Test
    void cachingClient_whenPersonalizeFailsOrThrottles_servesStaleFromRedisFlagged() {
        try (CachingSimilarItemsClient c = client().ttl(Duration.ofMinutes(10)).build()) {
            SimilarItems good = c.similarTo("a");
            clock.advance(Duration.ofHours(1));

            live.failure = r -> error(500, "InternalFailure");
            SimilarItems on500 = c.similarTo("a");
            live.failure = r -> error(400, "ThrottlingException");
            SimilarItems onThrottle = c.similarTo("a");

            assertThat(on500.source()).isEqualTo(ResultSource.STALE);
            assertThat(onThrottle.source()).isEqualTo(ResultSource.STALE);
            assertThat(onThrottle.itemIds()).isEqualTo(good.itemIds());
            assertThat(c.stats().staleCount()).isEqualTo(2);
        }
    }

    static AwsServiceException error(int status, String code) {
        return AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(code)
                        .build())
                .build();
    }

    @Test
    void fetcher_whenRedisStoppedMidRun_stopsThenResumesAfterRestartLosingNoItem() throws Exception {
        List<String> ids = ids(40);
        AtomicInteger answered = new AtomicInteger();
        live.beforeAnswer = () -> {
            if (answered.incrementAndGet() == 25) {
                try {
                    server.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };

        assertThatThrownBy(() -> fetcher()
                        .storeRetryPolicy(p -> p.maxAttempts(2))
                        .build()
                        .run(ids))
                .isInstanceOf(CacheStoreException.class)
                .hasMessageContaining("run again to resume");

        live.beforeAnswer = () -> {};
        server.start();
        within5s(this::storeAnswers);
        int writtenBeforeStop =
                store.itemIds(ks, store.pendingGeneration(ks).orElseThrow()).size();
        int callsBeforeResume = live.calls.get();
        FetchSummary summary = fetcher().build().run(ids);

        // Batches of 5 written before Redis went down; calls racing the shutdown may land more, but not all.
        assertThat(writtenBeforeStop).isBetween(10, ids.size() - 1);
        assertThat(summary.resumed()).isEqualTo(writtenBeforeStop);
        assertThat(summary.fetched()).isEqualTo(40 - writtenBeforeStop);
        assertThat(summary.failed()).isZero();
        assertThat(store.getAll(ks, ids)).containsOnlyKeys(ids);
        // The resumed run fetched exactly the items missing from the checkpoint, each once.
        assertThat(live.calls.get() - callsBeforeResume).isEqualTo(40 - writtenBeforeStop);
    }

    @Test
    void fetcher_whenKilledHalfwayThenResumed_everyItemPresentAndReadersSawOnlyWholeGenerations() throws Exception {
        List<String> ids = ids(45);
        live.version = "old";
        fetcher().build().run(ids);
        live.version = "new";
        AtomicInteger answered = new AtomicInteger();
        live.failure = r -> {
            if (answered.incrementAndGet() == 23) {
                throw new Crash();
            }
            return null;
        };
        List<String> mixed = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        try (RedisRecommendationStore reader = RedisRecommendationStore.builder()
                .redisUri(server.uri())
                .driver(driver)
                .keyPrefix("news:")
                .generationCacheTtl(Duration.ZERO)
                .build()) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    Map<String, SimilarItems> seen = reader.getAll(ks, ids);
                    long olds = seen.values().stream()
                            .filter(s -> s.recommendationId().orElseThrow().startsWith("RID-old"))
                            .count();
                    // A reader may land on a just-removed generation (all misses, served live); never a mix.
                    if (!seen.isEmpty() && (seen.size() != ids.size() || (olds != 0 && olds != ids.size()))) {
                        mixed.add(seen.size() + " lists, " + olds + " old");
                    }
                    reads.incrementAndGet();
                }
            });
            t.start();
            try {
                assertThatThrownBy(() -> fetcher().build().run(ids)).isInstanceOf(Crash.class);
                assertThat(store.get(ks, "item-0").orElseThrow().recommendationId())
                        .contains("RID-old-item-0");

                int writtenBeforeCrash = store.itemIds(
                                ks, store.pendingGeneration(ks).orElseThrow())
                        .size();
                int callsBeforeResume = live.calls.get();
                FetchSummary resumed = fetcher().build().run(ids);

                // 22 answers before the crash; calls already in flight on the other workers may still land a batch.
                assertThat(writtenBeforeCrash).isBetween(10, ids.size() - 1);
                assertThat(resumed.resumed()).isEqualTo(writtenBeforeCrash);
                assertThat(resumed.fetched()).isEqualTo(45 - writtenBeforeCrash);
                // Exactly the items missing from the checkpoint were fetched again, each once.
                assertThat(live.calls.get() - callsBeforeResume).isEqualTo(45 - writtenBeforeCrash);
            } finally {
                stop.set(true);
                t.join();
            }
        }
        assertThat(reads.get()).isPositive();
        assertThat(mixed).isEmpty();
        assertThat(store.getAll(ks, ids).values())
                .hasSize(45)
                .allSatisfy(s -> assertThat(s.recommendationId().orElseThrow()).startsWith("RID-new"));
        assertThat(store.pendingGeneration(ks)).isEmpty();
        // Each item of the new generation was fetched once, except those of the batch lost in the crash.
        assertThat(live.callsPerItem.values().stream().filter(n -> n.get() > 2).count())
                .isLessThanOrEqualTo(8);
    }

    /** Simulates a process crash. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash() {
            super("simulated crash");
        }
    }
}
