package io.personalizekit.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsRequest;
import io.personalizekit.testing.FakeSimilarItemsClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Issue 14: the store on a real three-master Redis Cluster started by the test on loopback (see {@link
 * RedisClusterProcess}): lists spread over every master, values round-trip with both drivers, a generation switch
 * under concurrent readers never shows a mix or a miss, and a read-through write from a process still on the retired
 * generation lands in the active one.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RedisClusterStoreTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
    static final AtomicInteger PREFIXES = new AtomicInteger();
    static RedisClusterProcess cluster;

    final CacheKeyspace ks = CacheKeyspace.of(
            StubbedRuntime.CAMPAIGN,
            StubbedRuntime.SV1,
            SimilarItemsRequest.builder().itemId("x").build());
    final String prefix = "c" + PREFIXES.incrementAndGet() + ":";
    final List<AutoCloseable> closeLater = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisClusterProcess.start(3, 0);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @org.junit.jupiter.api.AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeLater) {
            c.close();
        }
    }

    <T extends AutoCloseable> T later(T resource) {
        closeLater.add(0, resource);
        return resource;
    }

    static SimilarItems list(String seed, String version) {
        return FakeSimilarItemsClient.answer(seed, 3, version, CLOCK);
    }

    static List<SimilarItems> lists(int n, String version) {
        return IntStream.range(0, n).mapToObj(i -> list("item-" + i, version)).collect(Collectors.toList());
    }

    static String version(SimilarItems s) {
        String rid = s.recommendationId().orElseThrow();
        return rid.substring("RID-".length(), rid.indexOf('-', "RID-".length()));
    }

    RedisRecommendationStore store(RedisDriver driver, Duration generationCacheTtl) {
        return later(RedisRecommendationStore.builder()
                .cluster(cluster.uris())
                .driver(driver)
                .keyPrefix(prefix)
                .commandTimeout(Duration.ofSeconds(2))
                .generationCacheTtl(generationCacheTtl)
                .retiredGenerationGrace(Duration.ofMinutes(5))
                .build());
    }

    /** The keys under this test's prefix held by one node, by SCAN on that node alone. */
    List<String> keysOn(RedisClusterProcess.Node node) {
        List<String> keys = new ArrayList<>();
        try (Jedis j = node.jedis()) {
            ScanParams params = new ScanParams().match(prefix + "*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = j.scan(cursor, params);
                keys.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        return keys;
    }

    @Test
    void bulkLoad_throughABorrowedJedisClusterClient_spreadsListsOverEveryMaster() {
        Set<HostAndPort> seeds = new HashSet<>();
        for (RedisClusterProcess.Node n : cluster.masters()) {
            seeds.add(new HostAndPort("127.0.0.1", n.port()));
        }
        RedisClusterClient client = later(RedisClusterClient.create(seeds));
        RedisRecommendationStore store = later(RedisRecommendationStore.builder()
                .jedis(client)
                .keyPrefix(prefix)
                .build());
        long g = store.beginGeneration(ks);
        store.putAll(ks, g, lists(3000, "v1"));
        store.activate(ks, g);

        int total = 0;
        for (RedisClusterProcess.Node master : cluster.masters()) {
            List<String> keys = keysOn(master);
            total += keys.size();
            // 256 buckets over 3 masters: about 85 each; one hash per generation would leave two masters empty.
            assertThat(keys).as("keys on master %s", master).hasSizeGreaterThan(40);
            try (Jedis j = master.jedis()) {
                String key = keys.get(0);
                assertThat(j.clusterCountKeysInSlot(JedisClusterCRC16.getSlot(key)))
                        .as("keys in the slot of %s on %s", key, master)
                        .isPositive();
            }
        }
        assertThat(total).isGreaterThan(256);
        List<String> ids = IntStream.range(0, 3000).mapToObj(i -> "item-" + i).collect(Collectors.toList());
        Map<String, SimilarItems> read = store.getAll(ks, ids);
        assertThat(read).hasSize(3000);
        assertThat(read.get("item-2999")).isEqualTo(list("item-2999", "v1"));
        assertThat(store.get(ks, "item-17")).contains(list("item-17", "v1"));
    }

    @ParameterizedTest
    @EnumSource(RedisDriver.class)
    void everyOperation_roundTripsOnTheCluster(RedisDriver driver) {
        RedisRecommendationStore store = store(driver, Duration.ZERO);
        assertThat(store.clustered()).isTrue();
        assertThat(store.driver()).isEqualTo(driver);

        store.put(ks, list("live", "v0"));
        assertThat(store.get(ks, "live")).contains(list("live", "v0"));
        assertThat(store.getAll(ks, List.of("live", "nope"))).containsOnlyKeys("live");

        long g = store.beginGeneration(ks);
        assertThat(store.pendingGeneration(ks)).hasValue(g);
        List<SimilarItems> all = lists(1000, "v1");
        store.putAll(ks, g, all.subList(0, 600));
        store.putAll(ks, g, all.subList(600, 1000));
        assertThat(store.itemIds(ks, g)).hasSize(1000).contains("item-0", "item-999");
        // not yet active: readers still read the live generation
        assertThat(store.get(ks, "item-1")).isEmpty();

        store.activate(ks, g);
        assertThat(store.activeGeneration(ks)).hasValue(g);
        assertThat(store.pendingGeneration(ks)).isEmpty();
        Map<String, SimilarItems> read =
                store.getAll(ks, all.stream().map(SimilarItems::seedItemId).collect(Collectors.toList()));
        assertThat(read.values()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(store.get(ks, "live")).as("the live generation is retired").isEmpty();

        store.put(ks, list("late", "v1"));
        assertThat(store.get(ks, "late")).contains(list("late", "v1"));
        assertThat(store.itemIds(ks, g)).hasSize(1001);
    }

    @Test
    void activate_underConcurrentReaders_neverShowsAMixOrAMiss() throws Exception {
        RedisRecommendationStore writer = store(RedisDriver.JEDIS, Duration.ZERO);
        List<RedisRecommendationStore> readers =
                List.of(store(RedisDriver.JEDIS, Duration.ZERO), store(RedisDriver.LETTUCE, Duration.ZERO));
        RedisRecommendationStore slowReader = store(RedisDriver.JEDIS, Duration.ofMinutes(2));
        int n = 2000;
        List<String> ids = IntStream.range(0, n).mapToObj(i -> "item-" + i).collect(Collectors.toList());
        long g1 = writer.beginGeneration(ks);
        writer.putAll(ks, g1, lists(n, "v1"));
        writer.activate(ks, g1);
        assertThat(slowReader.get(ks, "item-0")).isPresent(); // caches generation g1 for two minutes

        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<String, AtomicLong> seen = Map.of("v1", new AtomicLong(), "v2", new AtomicLong());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (RedisRecommendationStore reader : readers) {
            for (int t = 0; t < 2; t++) {
                Thread th = new Thread(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        List<String> want = new ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                            want.add(ids.get(random.nextInt(n)));
                        }
                        try {
                            Map<String, SimilarItems> got = reader.getAll(ks, want);
                            Set<String> versions =
                                    got.values().stream().map(s -> version(s)).collect(Collectors.toSet());
                            if (!got.keySet().containsAll(want) || versions.size() != 1) {
                                failures.add("read " + got.keySet().size() + " of " + new HashSet<>(want).size()
                                        + " in versions " + versions);
                            } else {
                                seen.get(versions.iterator().next()).incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            failures.add(e.toString());
                        }
                    }
                });
                th.start();
                threads.add(th);
            }
        }
        try {
            RedisClusterProcess.awaitCondition(
                    "readers reading v1", () -> seen.get("v1").get() > 50);
            long g2 = writer.beginGeneration(ks);
            List<SimilarItems> v2 = lists(n, "v2");
            for (int from = 0; from < n; from += 500) {
                writer.putAll(ks, g2, v2.subList(from, from + 500));
            }
            writer.activate(ks, g2);
            long v2Before = seen.get("v2").get();
            RedisClusterProcess.awaitCondition(
                    "readers reading v2", () -> seen.get("v2").get() > v2Before + 50);
        } finally {
            stop.set(true);
            for (Thread th : threads) {
                th.join(30_000);
            }
        }
        assertThat(failures).isEmpty();

        // A reader that still holds the previous generation reads it whole, within the grace, which bounds its TTL.
        Map<String, SimilarItems> old = slowReader.getAll(ks, ids);
        assertThat(old).hasSize(n);
        assertThat(old.values().stream().map(s -> version(s)).distinct()).containsExactly("v1");
        RedisClusterClient raw = later(RedisClusterClient.create(
                new HostAndPort("127.0.0.1", cluster.masters().get(0).port())));
        for (String key :
                new ClusterLayout(prefix, RedisRecommendationStore.DEFAULT_CLUSTER_BUCKETS).bucketKeys(ks.id(), g1)) {
            assertThat(raw.pttl(key))
                    .as("TTL of %s", key)
                    .isBetween(1L, Duration.ofMinutes(5).toMillis());
        }
    }

    @Test
    void put_fromAProcessStillOnTheRetiredGeneration_landsInTheActiveOne() {
        RedisRecommendationStore fetcher = store(RedisDriver.JEDIS, Duration.ZERO);
        RedisRecommendationStore stale = store(RedisDriver.LETTUCE, Duration.ofMinutes(2));
        long g1 = fetcher.beginGeneration(ks);
        fetcher.putAll(ks, g1, List.of(list("a", "v1")));
        fetcher.activate(ks, g1);
        assertThat(stale.get(ks, "a")).isPresent(); // stale now holds g1 for two minutes

        long g2 = fetcher.beginGeneration(ks);
        fetcher.putAll(ks, g2, List.of(list("b", "v2")));
        fetcher.activate(ks, g2);

        stale.put(ks, list("c", "v2"));

        assertThat(fetcher.get(ks, "c")).contains(list("c", "v2"));
        ClusterLayout layout = new ClusterLayout(prefix, RedisRecommendationStore.DEFAULT_CLUSTER_BUCKETS);
        RedisClusterClient raw = later(RedisClusterClient.create(
                new HostAndPort("127.0.0.1", cluster.masters().get(0).port())));
        String retiredBucket = layout.bucketKey(ks.id(), g1, layout.bucketOf("c"));
        assertThat(raw.hexists(retiredBucket, "c")).isFalse();
        assertThat(raw.pttl(retiredBucket)).isBetween(1L, Duration.ofMinutes(5).toMillis());
        assertThat(fetcher.itemIds(ks, g2)).containsExactlyInAnyOrder("b", "c");
    }
}
