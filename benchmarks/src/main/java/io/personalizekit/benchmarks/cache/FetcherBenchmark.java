package io.personalizekit.benchmarks.cache;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.redis.RedisDriver;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The bulk fetcher against a stub that answers in 5 ms, under a 200 TPS budget, writing to Redis; reports the
 * sustained call rate, the most calls in any 10 s window, and the store's bulk write rate.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.personalizekit.benchmarks.cache.FetcherBenchmark
 * [items] [tps]} (defaults 20000 and 200). Needs redis-benchmark on PATH (and runs the PATH's redis-server, else the
 * one embedded-redis ships; see {@link RedisServer}).
 */
public final class FetcherBenchmark {
    private FetcherBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args optional item count and TPS budget
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        double tps = args.length > 1 ? Double.parseDouble(args[1]) : 200;
        long[] callTimes = new long[items * 2];
        AtomicInteger calls = new AtomicInteger();
        SimilarItemsClient stub = new SimilarItemsClient() {
            @Override
            public SimilarItems similarItems(SimilarItemsRequest request) {
                callTimes[calls.getAndIncrement()] = System.nanoTime();
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
                long wait;
                while ((wait = end - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                return CacheHitBenchmark.list(Integer.parseInt(request.itemId().substring(8)), Instant.now());
            }

            @Override
            public void close() {}
        };
        List<String> ids = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            ids.add(CacheHitBenchmark.seed(i));
        }
        try (RedisServer redis = new RedisServer();
                RedisRecommendationStore store = RedisRecommendationStore.builder()
                        .redisUri(redis.uri())
                        .keyPrefix("bench:")
                        .build()) {
            CacheKeyspace ks = CacheKeyspace.of(
                    CacheHitBenchmark.CAMPAIGN, CacheHitBenchmark.SOLUTION_VERSION, SimilarItemsRequest.of("x"));
            if (items > 0) {
                fetch(store, ks, stub, ids, tps, callTimes, calls);
            }
            try (RedisRecommendationStore lettuce = RedisRecommendationStore.builder()
                    .redisUri(redis.uri())
                    .driver(RedisDriver.LETTUCE)
                    .keyPrefix("bench:")
                    .build()) {
                // Interleaved rounds, so a change of load on the shared machine hits both drivers alike.
                for (int round = 0; round < 4; round++) {
                    writes(store, ks);
                    writes(lettuce, ks);
                }
            }
            redisBenchmarkHset(redis.port);
        }
    }

    static void fetch(
            RedisRecommendationStore store,
            CacheKeyspace ks,
            SimilarItemsClient stub,
            List<String> ids,
            double tps,
            long[] callTimes,
            AtomicInteger calls) {
        FetchSummary summary = RecommendationFetcher.builder()
                .client(stub)
                .store(store)
                .keyspace(ks)
                .maxTps(tps)
                .maxConcurrency(8)
                .build()
                .run(ids);
        System.out.println(summary);
        long[] t = Arrays.copyOf(callTimes, calls.get());
        Arrays.sort(t);
        double sustained = (t.length - 1) / ((t[t.length - 1] - t[0]) / 1e9);
        long window = TimeUnit.SECONDS.toNanos(10);
        int maxInWindow = 0;
        int minInWindow = Integer.MAX_VALUE;
        for (int i = 0, j = 0; i < t.length; i++) {
            while (j < t.length && t[j] - t[i] < window) {
                j++;
            }
            maxInWindow = Math.max(maxInWindow, j - i);
            if (t[t.length - 1] - t[i] >= window) {
                minInWindow = Math.min(minInWindow, j - i);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "calls %d, sustained %.2f calls/s = %.2f%% of the %.0f TPS budget%n",
                t.length,
                sustained,
                100 * sustained / tps,
                tps);
        System.out.printf(
                Locale.ROOT, "calls in any 10 s window: max %d, min %d (budget %d)%n", maxInWindow, minInWindow, (long)
                        (tps * 10));
    }

    private static final List<SimilarItems> LISTS = new ArrayList<>();

    static {
        for (int i = 0; i < 100_000; i++) {
            LISTS.add(CacheHitBenchmark.list(i % CacheHitBenchmark.SEEDS, Instant.now()).toBuilder()
                    .seedItemId("w-" + i)
                    .build());
        }
    }

    /** One round of the store's bulk write rate, as the fetcher writes: batches of 1000 into one generation. */
    static void writes(RedisRecommendationStore store, CacheKeyspace ks) throws Exception {
        long g = store.beginGeneration(ks);
        AtomicInteger nextBatch = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < 4; w++) { // as the fetcher's workers write their full batches concurrently
            Thread th = new Thread(() -> {
                int i;
                while ((i = nextBatch.getAndAdd(1000)) < LISTS.size()) {
                    store.putAll(ks, g, LISTS.subList(i, Math.min(LISTS.size(), i + 1000)));
                }
            });
            writers.add(th);
            th.start();
        }
        for (Thread th : writers) {
            th.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "Redis putAll (%s), batches of 1000 from 4 threads: %,d lists in %.3f s = %,.0f keys/s%n",
                store.driver(),
                LISTS.size(),
                seconds,
                LISTS.size() / seconds);
        store.activate(ks, g);
    }

    static void redisBenchmarkHset(int port) throws Exception {
        List<SimilarItems> lists = List.of(CacheHitBenchmark.list(0, Instant.now()));
        int valueSize =
                io.personalizekit.cache.SimilarItemsCodec.encode(lists.get(0)).length();
        double hset = CacheHitBenchmark.redisBenchmark(
                port,
                "HSET",
                "-c",
                "4",
                "-P",
                "16",
                "-n",
                "400000",
                "-r",
                "100000",
                "-d",
                Integer.toString(valueSize),
                "-t",
                "hset");
        System.out.printf(
                Locale.ROOT, "same run: redis-benchmark -c 4 -P 16 -t hset -d %d: %,.0f req/s%n", valueSize, hset);
    }
}
