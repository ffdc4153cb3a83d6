package io.personalizekit.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * Issue 10, part 4: a fetcher activates a new generation while API instances (separate caching clients, each with
 * its own Redis store and generation cache TTL) keep reading. Real SDK clients against a stubbed runtime, a real
 * redis-server, Redis inspected directly.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GenerationSwitchTest {
    private static final Logger log = LoggerFactory.getLogger(GenerationSwitchTest.class);
    static final int ITEMS = 300;

    final CacheKeyspace ks = CacheKeyspace.of(
            StubbedRuntime.CAMPAIGN,
            StubbedRuntime.SV1,
            SimilarItemsRequest.builder().itemId("x").build());
    final List<String> ids =
            IntStream.range(0, ITEMS).mapToObj(i -> "item-" + i).collect(Collectors.toList());
    final List<AutoCloseable> closeLater = new ArrayList<>();

    RedisServerProcess server;
    RedisClient rawClient;
    StatefulRedisConnection<String, String> raw;
    RedisCommands<String, String> redis;
    StubbedRuntime fetcherRuntime;
    StubbedRuntime readerRuntime;
    RedisRecommendationStore fetcherStore;
    SimilarItemsClient fetcherClient;

    @BeforeEach
    void setUp() throws Exception {
        server = RedisServerProcess.launch();
        rawClient = RedisClient.create(server.uri());
        raw = rawClient.connect();
        redis = raw.sync();
        fetcherRuntime = new StubbedRuntime(0);
        readerRuntime = new StubbedRuntime(0);
        PersonalizeRuntimeClient runtime = later(StubbedRuntime.runtime(fetcherRuntime.baseUrl()));
        fetcherClient = later(StubbedRuntime.similarItems(runtime));
        fetcherStore = later(RedisRecommendationStore.builder()
                .redisUri(server.uri())
                .keyPrefix("news:")
                .build());
    }

    <T extends AutoCloseable> T later(T resource) {
        closeLater.add(0, resource);
        return resource;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeLater) {
            c.close();
        }
        raw.close();
        rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        readerRuntime.close();
        fetcherRuntime.close();
        server.close();
    }

    String dataKey(long generation) {
        return "news:{" + ks.id() + "}:g:" + generation;
    }

    FetchSummary fetchAll() {
        return fetchAll(fetcherStore);
    }

    FetchSummary fetchAll(RecommendationStore store) {
        FetchSummary s = RecommendationFetcher.builder()
                .client(fetcherClient)
                .store(store)
                .keyspace(ks)
                .maxTps(500)
                .maxConcurrency(8)
                .build()
                .run(ids);
        assertThat(s.activated()).isTrue();
        return s;
    }

    /** One API instance: its own store (and generation cache) and caching client over the real SDK client. */
    final class Reader {
        final RedisRecommendationStore store;
        final CachingSimilarItemsClient cached;
        final AtomicLong emptyReads = new AtomicLong();

        Reader(Duration generationCacheTtl) {
            PersonalizeRuntimeClient runtime = later(StubbedRuntime.runtime(readerRuntime.baseUrl()));
            SimilarItemsClient live = later(StubbedRuntime.similarItems(runtime));
            store = later(RedisRecommendationStore.builder()
                    .redisUri(server.uri())
                    .keyPrefix("news:")
                    .generationCacheTtl(generationCacheTtl)
                    .build());
            cached = later(CachingSimilarItemsClient.builder()
                    .delegate(live)
                    .store(store)
                    .campaignArn(StubbedRuntime.CAMPAIGN)
                    .solutionVersionArn(StubbedRuntime.SV1)
                    .ttl(Duration.ofDays(1))
                    .refreshAhead(Duration.ZERO)
                    // A read slower than the default 100 ms (a loaded machine) would open the store breaker and
                    // serve live: slow stores are ServingFaultsRedisTest's subject, not this test's.
                    .storeSlowCallThreshold(Duration.ofSeconds(10))
                    .build());
        }

        void read(String id) {
            if (cached.similarTo(id).source() != ResultSource.CACHE) {
                emptyReads.incrementAndGet();
            }
        }
    }

    @Test
    void activate_whileOtherInstancesRead_noEmptyReadNoLiveCallNoWriteIntoTheRetiredGeneration() throws Exception {
        long g1 = fetchAll().generation();
        // Three instances, with generation caches of 10 minutes, 30 seconds and none (reads the pointer each call).
        List<Reader> readers = List.of(
                new Reader(Duration.ofMinutes(10)), new Reader(Duration.ofSeconds(30)), new Reader(Duration.ZERO));
        for (Reader r : readers) {
            r.read("item-0"); // each has now read (and cached) generation g1
        }
        assertThat(readerRuntime.requests).hasValue(0);
        Map<String, String> g1Before = redis.hgetall(dataKey(g1));

        // The fetcher fills the next generation, then stops between filling it and publishing it: every reader reads
        // in that window, on this thread, in a fixed order (no race decides what the test sees).
        CountDownLatch filled = new CountDownLatch(1);
        CountDownLatch publish = new CountDownLatch(1);
        AtomicLong filledAtActivate = new AtomicLong(-1);
        CountingStore gated = new CountingStore(fetcherStore);
        gated.beforeActivate = g -> {
            filledAtActivate.set(redis.hlen(dataKey(g)));
            filled.countDown();
            try {
                assertThat(publish.await(60, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
        CompletableFuture<FetchSummary> fetch = CompletableFuture.supplyAsync(() -> fetchAll(gated));
        assertThat(filled.await(60, TimeUnit.SECONDS)).isTrue();
        long g2 = fetcherStore.pendingGeneration(ks).orElseThrow();
        assertThat(g2).isGreaterThan(g1);
        // Published only once full; until then every instance reads g1 (the pointer still names it).
        assertThat(filledAtActivate).hasValue(ITEMS);
        assertThat(readers.get(2).store.activeGeneration(ks)).hasValue(g1);
        for (Reader r : readers) {
            ids.forEach(r::read);
        }
        assertThat(readers.stream().mapToLong(r -> r.emptyReads.get()).sum()).isZero();

        publish.countDown();
        assertThat(fetch.get(60, TimeUnit.SECONDS).generation()).isEqualTo(g2);
        // Published: the pointer names g2. The instance without a generation cache reads g2 at once; the one
        // caching for 10 minutes still reads g1, which must therefore still be whole.
        assertThat(readers.get(2).store.activeGeneration(ks)).hasValue(g2);
        for (Reader r : readers) {
            ids.forEach(r::read);
        }

        long emptyReads = readers.stream().mapToLong(r -> r.emptyReads.get()).sum();
        long retiredWrites = writtenSince(g1Before, redis.hgetall(dataKey(g1)));
        log.info(
                "Switch from generation {} to {} under 3 readers: {} empty reads, {} extra live calls, {} entries"
                        + " written into the retired generation (expiring in {} ms)",
                g1,
                g2,
                emptyReads,
                readerRuntime.requests.get(),
                retiredWrites,
                redis.pttl(dataKey(g1)));
        assertThat(emptyReads).isZero();
        assertThat(readerRuntime.requests).hasValue(0);
        assertThat(readers.get(0).cached.stats().missCount()).isZero();
        // Every instance read 1 + 2 x ITEMS lists, all from the cache.
        for (Reader r : readers) {
            assertThat(r.cached.stats().hitCount()).isEqualTo(1 + 2L * ITEMS);
        }
        // The retired generation is still there for the readers that hold it, unchanged, and expires soon.
        assertThat(retiredWrites).isZero();
        assertThat(redis.hlen(dataKey(g1))).isEqualTo(ITEMS);
        // The grace: the fetcher store's generation cache TTL (1 s) plus the 60 s margin, less the time since the
        // switch (the readers' last pass; 30 s of room for a loaded machine).
        assertThat(fetcherStore.retiredGenerationGrace()).isEqualTo(Duration.ofSeconds(61));
        assertThat(redis.pttl(dataKey(g1))).isBetween(31_000L, 61_000L);
        // The default TTL, 7 days, from the generation's last write.
        assertThat(redis.pttl(dataKey(g2)))
                .isBetween(
                        Duration.ofDays(7).minusSeconds(30).toMillis(),
                        Duration.ofDays(7).toMillis());

        // A miss on an instance still holding g1 is served live; its write goes to g2, never into g1.
        Reader stillOnG1 = readers.get(0);
        assertThat(stillOnG1.cached.similarTo("new-item").source()).isEqualTo(ResultSource.LIVE);
        assertThat(readerRuntime.requests).hasValue(1);
        assertThat(redis.hexists(dataKey(g1), "new-item")).isFalse();
        assertThat(redis.hlen(dataKey(g1))).isEqualTo(ITEMS);
        assertThat(redis.pttl(dataKey(g1)))
                .isLessThanOrEqualTo(Duration.ofSeconds(61).toMillis());
        assertThat(redis.hexists(dataKey(g2), "new-item")).isTrue();
        assertThat(stillOnG1.cached.similarTo("new-item").source()).isEqualTo(ResultSource.CACHE);
        assertThat(readerRuntime.requests).hasValue(1);
    }

    @Test
    void retiredGeneration_afterItsGrace_isGoneAndReadersStillOnItNeverRecreateIt() throws Exception {
        try (RedisRecommendationStore quickRetire = RedisRecommendationStore.builder()
                .redisUri(server.uri())
                .keyPrefix("news:")
                .generationCacheTtl(Duration.ZERO)
                .retiredGenerationGrace(Duration.ofMillis(200))
                .build()) {
            fetcherStore = quickRetire;
            long g1 = fetchAll().generation();
            Reader slow = new Reader(Duration.ofMinutes(10)); // caches far longer than the grace: misconfigured
            slow.read("item-1");

            long g2 = fetchAll().generation();
            // Retired with the 200 ms grace, not the 7-day TTL; Redis ends it then. Ending it now is the same state
            // without waiting for Redis's clock.
            // (On a slow machine Redis may have ended it already: -2, no such key.)
            long pttl = redis.pttl(dataKey(g1));
            assertThat(pttl == -2 || (pttl >= 1 && pttl <= 200))
                    .as("pttl of the retired generation: %d", pttl)
                    .isTrue();
            redis.del(dataKey(g1));
            List<ResultSource> sources = new ArrayList<>();
            for (String id : ids.subList(0, 20)) {
                sources.add(slow.cached.similarTo(id).source());
            }

            // The first miss was served live and written into g2; the instance then followed the pointer.
            assertThat(sources.get(0)).isEqualTo(ResultSource.LIVE);
            assertThat(sources.subList(1, 20)).containsOnly(ResultSource.CACHE);
            assertThat(readerRuntime.requests).hasValue(1);
            assertThat(redis.exists(dataKey(g1))).isZero();
            assertThat(redis.hlen(dataKey(g2))).isEqualTo(ITEMS);
        }
    }

    /** Entries of a hash that are new or changed since a snapshot: writes that landed in it. */
    static long writtenSince(Map<String, String> before, Map<String, String> after) {
        return after.entrySet().stream()
                .filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .count();
    }
}
