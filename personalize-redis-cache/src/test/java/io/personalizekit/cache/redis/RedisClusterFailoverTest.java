package io.personalizekit.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsRequest;
import io.personalizekit.testing.FakeSimilarItemsClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14: a master of a real cluster (three masters, one replica each, started by the test) is killed while readers
 * read. Reads through the store fail only for the failed master's buckets and only until its replica is promoted;
 * reads through the caching client are answered throughout (live while the store fails); afterwards every list is
 * there, unchanged, and writes reach the promoted replica.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RedisClusterFailoverTest {
    static final int LISTS = 3000;
    /** Items 0 to 99 are read through the caching client (which may write live answers back); the rest directly. */
    static final int CLIENT_ITEMS = 100;

    final CacheKeyspace ks = CacheKeyspace.of(
            StubbedRuntime.CAMPAIGN,
            StubbedRuntime.SV1,
            SimilarItemsRequest.builder().itemId("x").build());

    @ParameterizedTest
    @EnumSource(RedisDriver.class)
    void masterKilledDuringReads_readsContinueAndNothingIsLost(RedisDriver driver) throws Exception {
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)); // the codec keeps milliseconds
        try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 1);
                RedisRecommendationStore store = RedisRecommendationStore.builder()
                        .cluster(cluster.uris())
                        .driver(driver)
                        .commandTimeout(Duration.ofMillis(500))
                        .generationCacheTtl(Duration.ofMillis(100))
                        .build();
                FakeSimilarItemsClient live = new FakeSimilarItemsClient(clock);
                CachingSimilarItemsClient client = CachingSimilarItemsClient.builder()
                        .delegate(live)
                        .store(store)
                        .campaignArn(StubbedRuntime.CAMPAIGN)
                        .solutionVersionArn(StubbedRuntime.SV1)
                        .ttl(Duration.ofDays(1))
                        .refreshAhead(Duration.ZERO)
                        .circuitBreaker(5, Duration.ofMillis(200))
                        .build()) {
            live.version = "live";
            List<SimilarItems> lists = IntStream.range(0, LISTS)
                    .mapToObj(i -> FakeSimilarItemsClient.answer("item-" + i, 3, "v1", clock))
                    .collect(Collectors.toList());
            long g = store.beginGeneration(ks);
            store.putAll(ks, g, lists);
            store.activate(ks, g);
            cluster.awaitReplicasInSync();

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong storeReads = new AtomicLong();
            AtomicLong storeErrors = new AtomicLong();
            AtomicLong clientAnswers = new AtomicLong();
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                threads.add(new Thread(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        int i = CLIENT_ITEMS + random.nextInt(LISTS - CLIENT_ITEMS);
                        try {
                            SimilarItems got = store.get(ks, "item-" + i).orElse(null);
                            if (!lists.get(i).equals(got)) {
                                wrong.add("item-" + i + " read as " + got);
                            }
                            storeReads.incrementAndGet();
                        } catch (CacheStoreException e) {
                            storeErrors.incrementAndGet(); // the failed master's buckets, until the failover
                        }
                    }
                }));
            }
            threads.add(new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    String id = "item-" + random.nextInt(CLIENT_ITEMS);
                    try {
                        SimilarItems got = client.similarItems(
                                SimilarItemsRequest.builder().itemId(id).build());
                        if (!got.seedItemId().equals(id)) {
                            wrong.add(id + " answered with " + got.seedItemId());
                        }
                        clientAnswers.incrementAndGet();
                    } catch (RuntimeException e) {
                        wrong.add("the caching client threw " + e);
                    }
                }
            }));
            threads.forEach(Thread::start);
            try {
                RedisClusterProcess.awaitCondition("reads before the kill", () -> storeReads.get() > 200);
                RedisClusterProcess.Node victim = cluster.masters().get(0);
                RedisClusterProcess.Node heir = cluster.replicas().get(0);
                cluster.kill(victim);
                RedisClusterProcess.awaitCondition("the replica promoted", () -> cluster.isMaster(heir));
                cluster.awaitOk();
                long readsAtFailover = storeReads.get();
                long answersAtFailover = clientAnswers.get();
                RedisClusterProcess.awaitCondition(
                        "reads after the failover",
                        () -> storeReads.get() > readsAtFailover + 500
                                && clientAnswers.get() > answersAtFailover + 100);
                // Reads settle: 300 direct reads in a row with no error.
                long[] mark = {storeErrors.get(), storeReads.get()};
                RedisClusterProcess.awaitCondition("300 reads in a row without errors", () -> {
                    long e = storeErrors.get();
                    if (e != mark[0]) {
                        mark[0] = e;
                        mark[1] = storeReads.get();
                        return false;
                    }
                    return storeReads.get() > mark[1] + 300;
                });
            } finally {
                stop.set(true);
                for (Thread th : threads) {
                    th.join(30_000);
                }
            }

            assertThat(wrong).isEmpty();
            assertThat(storeErrors.get())
                    .as("reads failed while the master was down")
                    .isPositive();
            assertThat(live.calls.get())
                    .as("the caching client answered live meanwhile")
                    .isPositive();
            List<String> ids = lists.stream().map(SimilarItems::seedItemId).collect(Collectors.toList());
            Map<String, SimilarItems> after = store.getAll(ks, ids);
            assertThat(after).as("every list after the failover").hasSize(LISTS);
            for (int i = CLIENT_ITEMS; i < LISTS; i++) {
                assertThat(after.get("item-" + i)).isEqualTo(lists.get(i));
            }
            SimilarItems fresh = FakeSimilarItemsClient.answer("item-0", 3, "v2", clock);
            store.put(ks, fresh);
            assertThat(store.get(ks, "item-0")).contains(fresh);
        }
    }
}
