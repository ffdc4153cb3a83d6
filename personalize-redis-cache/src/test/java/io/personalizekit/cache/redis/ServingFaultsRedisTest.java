package io.personalizekit.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.cache.CacheStats;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.CircuitState;
import io.personalizekit.exception.LiveCallRejectedException;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.testing.FakeClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The caching client over a real redis-server and the real SDK talking to personalize-local, with faults injected:
 * Personalize throttling or failing (the emulator's runtime fault toggles), Redis stopped, and Redis made slow by a
 * TCP proxy that delays its replies by 400 ms. Live calls are counted at the emulator: what Personalize received,
 * SDK retries included.
 */
@Timeout(120)
class ServingFaultsRedisTest {
    static LocalCampaign campaign;

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));
    RedisServerProcess server;
    SimilarItemsClient live;

    @BeforeAll
    static void startCampaign() {
        campaign = LocalCampaign.start();
    }

    @AfterAll
    static void stopCampaign() {
        if (campaign != null) {
            campaign.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        campaign.local.clearFaults();
        server = RedisServerProcess.launch();
        live = SimilarItemsClient.builder()
                .runtimeClient(campaign.runtime)
                .campaignArn(campaign.campaignArn)
                .clock(clock)
                .build();
    }

    @AfterEach
    void tearDown() throws Exception {
        campaign.local.clearFaults();
        live.close();
        server.close();
    }

    RedisRecommendationStore store(String uri, RedisDriver driver) {
        return RedisRecommendationStore.builder()
                .redisUri(uri)
                .driver(driver)
                .keyPrefix("faults:")
                .commandTimeout(Duration.ofSeconds(1))
                .build();
    }

    CachingSimilarItemsClient.Builder client(RedisRecommendationStore store, Clock clock) {
        return CachingSimilarItemsClient.builder()
                .delegate(live)
                .store(store)
                .campaignArn(campaign.campaignArn)
                .solutionVersionArn(campaign.solutionVersionArn)
                .ttl(Duration.ofMinutes(10))
                .refreshAhead(Duration.ZERO)
                .liveCallTimeout(Duration.ofSeconds(30)) // the first SDK call of a loaded test JVM can be slow
                .clock(clock);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"throttling", "server errors"})
    void similarTo_whenPersonalizeThrottlesOrFailsAll_servesStaleFromRedisWithFewCallsThenResumes(String fault) {
        try (RedisRecommendationStore store = store(server.uri(), RedisDriver.JEDIS);
                CachingSimilarItemsClient c = client(store, clock).build()) {
            for (int i = 0; i < 20; i++) {
                assertThat(c.similarTo("item-" + i).source()).isEqualTo(ResultSource.LIVE);
            }
            clock.advance(Duration.ofHours(2));
            if (fault.equals("throttling")) {
                campaign.local.setThrottlingRate("GetRecommendations", 1.0);
            } else {
                campaign.local.setServerErrorRate("GetRecommendations", 1.0);
            }
            long before = campaign.recommendationRequests();

            List<SimilarItems> served = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                served.add(c.similarTo("item-" + (i % 20)));
            }
            // The open period passes twice during the outage: one trial call each time.
            clock.advance(Duration.ofSeconds(1));
            served.add(c.similarTo("item-0"));
            clock.advance(Duration.ofSeconds(1));
            served.add(c.similarTo("item-1"));

            assertThat(served).allSatisfy(s -> assertThat(s.source()).isEqualTo(ResultSource.STALE));
            assertThat(campaign.recommendationRequests() - before).isEqualTo(5 + 2);
            assertThatThrownBy(() -> c.similarTo("item-40"))
                    .isInstanceOfSatisfying(
                            LiveCallRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(LiveCallRejectedException.Reason.CIRCUIT_OPEN));

            campaign.local.clearFaults();
            clock.advance(Duration.ofSeconds(1));
            assertThat(c.similarTo("item-2").source()).isEqualTo(ResultSource.LIVE);
            assertThat(c.similarTo("item-3").source()).isEqualTo(ResultSource.LIVE);
            assertThat(c.similarTo("item-3").source()).isEqualTo(ResultSource.CACHE);
            CacheStats stats = c.stats();
            assertThat(stats.liveCircuit()).isEqualTo(CircuitState.CLOSED);
            assertThat(stats.liveFailureCount()).isEqualTo(7);
            assertThat(campaign.recommendationRequests() - before).isEqualTo(5 + 2 + 2);
        }
    }

    @Test
    void similarTo_when100ConcurrentMissesOnOneKeyWithRedis_makesExactlyOneLiveCallEachRound() throws Exception {
        try (RedisRecommendationStore store = store(server.uri(), RedisDriver.JEDIS);
                CachingSimilarItemsClient c = client(store, clock).build()) {
            assertThat(roundsOfConcurrentMisses(c)).containsOnly(1L);
            assertThat(c.stats().storeErrorCount()).isZero();
        }
    }

    @Test
    void similarTo_when100ConcurrentMissesOnOneKeyWhileRedisDown_makesExactlyOneLiveCallEachRound() throws Exception {
        try (RedisRecommendationStore store = store(server.uri(), RedisDriver.JEDIS);
                CachingSimilarItemsClient c = client(store, clock)
                        .circuitBreaker(1, Duration.ofHours(1))
                        .build()) {
            server.kill();
            assertThat(c.similarTo("warm-up").source()).isEqualTo(ResultSource.LIVE);
            assertThat(c.stats().storeCircuit()).isEqualTo(CircuitState.OPEN);

            assertThat(roundsOfConcurrentMisses(c)).containsOnly(1L);
        }
    }

    /** 20 rounds of 100 threads released at once on one new seed; the live calls of each round. */
    List<Long> roundsOfConcurrentMisses(CachingSimilarItemsClient c) throws Exception {
        List<Long> calls = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(100);
        try {
            for (int round = 0; round < 20; round++) {
                String seed = "item-" + round;
                long before = campaign.recommendationRequests();
                CountDownLatch ready = new CountDownLatch(100);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<SimilarItems>> futures = new ArrayList<>();
                for (int t = 0; t < 100; t++) {
                    futures.add(pool.submit(() -> {
                        ready.countDown();
                        go.await();
                        return c.similarTo(seed);
                    }));
                }
                ready.await();
                go.countDown();
                for (Future<SimilarItems> f : futures) {
                    assertThat(f.get(30, TimeUnit.SECONDS).items()).isNotEmpty();
                }
                calls.add(campaign.recommendationRequests() - before);
            }
        } finally {
            pool.shutdownNow();
        }
        return calls;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RedisDriver.class)
    void similarTo_whenRedisAnswersAfter400ms_tripsTheStoreBreakerAndStopsWaitingOnRedis(RedisDriver driver)
            throws Exception {
        // Real time: the slowness is a real server's. Counts are asserted, not durations.
        live.close();
        live = SimilarItemsClient.builder()
                .runtimeClient(campaign.runtime)
                .campaignArn(campaign.campaignArn)
                .build(); // stamps lists with the system clock too
        try (DelayProxy proxy = new DelayProxy(server.port());
                RedisRecommendationStore store = store(proxy.uri(), driver);
                CachingSimilarItemsClient c = client(store, Clock.systemUTC())
                        .circuitBreaker(3, Duration.ofHours(1))
                        .storeSlowCallThreshold(Duration.ofMillis(300)) // above a loaded machine's hiccups
                        .build()) {
            for (int i = 0; i < 5; i++) {
                c.similarTo("item-" + i);
            }
            assertThat(c.similarTo("item-0").source()).as(c.stats().toString()).isEqualTo(ResultSource.CACHE);

            long slowBefore = c.stats().slowStoreCallCount();
            proxy.delayMillis = 400;
            List<ResultSource> sources = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sources.add(c.similarTo("item-" + i).source());
            }
            long bytesAtTrip = proxy.bytesToServer.get();
            for (int i = 0; i < 20; i++) {
                sources.add(c.similarTo("item-" + (i % 5)).source());
            }

            // Three slow answers (still served from Redis) opened the breaker; then Redis was not asked again.
            assertThat(sources.subList(0, 3)).containsOnly(ResultSource.CACHE);
            assertThat(sources.subList(3, 23)).containsOnly(ResultSource.LIVE);
            assertThat(proxy.bytesToServer.get()).isEqualTo(bytesAtTrip);
            CacheStats stats = c.stats();
            assertThat(stats.slowStoreCallCount() - slowBefore).isEqualTo(3);
            assertThat(stats.storeCircuit()).isEqualTo(CircuitState.OPEN);
            assertThat(stats.storeErrorCount()).isZero();
        }
    }
}
