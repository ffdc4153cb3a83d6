package io.personalizekit.benchmarks.cache;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.InMemoryRecommendationStore;
import io.personalizekit.cache.SimilarItemsCodec;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cache hits through {@link CachingSimilarItemsClient} on Redis, side by side with {@code redis-benchmark -c 8 -P 1
 * -t get} at the same value size, in one run; then hit latency at a paced 2,000 requests/s.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.personalizekit.benchmarks.cache.CacheHitBenchmark
 * [seconds]}. Needs redis-server and redis-benchmark on PATH.
 */
public final class CacheHitBenchmark {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/news";
    static final String SOLUTION_VERSION = "arn:aws:personalize:us-east-1:123456789012:solution/news/abcd1234";
    static final int SEEDS = 10_000;
    static final int THREADS = 8;

    private CacheHitBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args optional measurement seconds (default 10)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        try (RedisServer redis = new RedisServer();
                RedisRecommendationStore store = RedisRecommendationStore.builder()
                        .redisUri(redis.uri())
                        .keyPrefix("bench:")
                        .build()) {
            Instant now = Instant.now();
            CacheKeyspace ks = CacheKeyspace.of(CAMPAIGN, SOLUTION_VERSION, SimilarItemsRequest.of("x"));
            List<SimilarItems> lists = new ArrayList<>();
            for (int s = 0; s < SEEDS; s++) {
                lists.add(list(s, now));
            }
            long g = store.beginGeneration(ks);
            store.putAll(ks, g, lists);
            store.activate(ks, g);
            int valueSize = SimilarItemsCodec.encode(lists.get(0)).getBytes(StandardCharsets.UTF_8).length;

            AtomicLong liveCalls = new AtomicLong();
            SimilarItemsClient live = new SimilarItemsClient() {
                @Override
                public SimilarItems similarItems(SimilarItemsRequest request) {
                    liveCalls.incrementAndGet();
                    return list(Integer.parseInt(request.itemId().substring(8)), Instant.now());
                }

                @Override
                public void close() {}
            };
            try (CachingSimilarItemsClient client = CachingSimilarItemsClient.builder()
                    .delegate(live)
                    .store(store)
                    .campaignArn(CAMPAIGN)
                    .solutionVersionArn(SOLUTION_VERSION)
                    .ttl(Duration.ofDays(1))
                    .build()) {
                System.out.printf(
                        Locale.ROOT, "value size %d bytes, %d seeds, %d client threads%n", valueSize, SEEDS, THREADS);
                double redisGet = redisBenchmark(redis.port, valueSize);
                throughput(client, 3); // warm-up
                double ours = throughput(client, seconds);
                double lettuce = rawLettuce(redis.uri(), "bench:{" + ks.id() + "}:g:" + g, seconds);
                double memory;
                try (CachingSimilarItemsClient inMemory = CachingSimilarItemsClient.builder()
                        .delegate(live)
                        .store(fill(InMemoryRecommendationStore.create(), ks, lists))
                        .campaignArn(CAMPAIGN)
                        .solutionVersionArn(SOLUTION_VERSION)
                        .ttl(Duration.ofDays(1))
                        .build()) {
                    throughput(inMemory, 2);
                    memory = throughput(inMemory, seconds);
                }
                System.out.printf(
                        Locale.ROOT, "raw Lettuce async HGET + get(), same value, 8 threads: %,.0f req/s%n", lettuce);
                System.out.printf(
                        Locale.ROOT,
                        "CachingSimilarItemsClient hit on InMemoryRecommendationStore, 8" + " threads: %,.0f req/s%n",
                        memory);
                System.out.printf(
                        Locale.ROOT, "redis-benchmark -c 8 -P 1 -t get -d %d : %,.0f req/s%n", valueSize, redisGet);
                System.out.printf(
                        Locale.ROOT,
                        "CachingSimilarItemsClient hit on Redis, 8 threads: %,.0f req/s (%.2fx of"
                                + " redis-benchmark GET, %.2fx of raw Lettuce HGET)%n",
                        ours,
                        ours / redisGet,
                        ours / lettuce);
                latency(client, 2000, seconds);
                System.out.printf(Locale.ROOT, "live calls during the run: %d; %s%n", liveCalls.get(), client.stats());
            }
        }
    }

    static InMemoryRecommendationStore fill(
            InMemoryRecommendationStore store, CacheKeyspace ks, List<SimilarItems> lists) {
        long g = store.beginGeneration(ks);
        store.putAll(ks, g, lists);
        store.activate(ks, g);
        return store;
    }

    static double rawLettuce(String uri, String key, int seconds) throws Exception {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisAsyncCommands<String, String> async = c.async();
            AtomicLong done = new AtomicLong();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < THREADS; t++) {
                Thread th = new Thread(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    long n = 0;
                    try {
                        while (System.nanoTime() < end) {
                            if (async.hget(key, seed(rnd.nextInt(SEEDS))).get(1, TimeUnit.SECONDS) == null) {
                                throw new IllegalStateException("missing field");
                            }
                            n++;
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    done.addAndGet(n);
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join();
            }
            return done.get() / ((System.nanoTime() - start) / 1e9);
        } finally {
            client.shutdown();
        }
    }

    static SimilarItems list(int seed, Instant fetchedAt) {
        List<RecommendedItem> items = new ArrayList<>(25);
        for (int i = 1; i <= 25; i++) {
            items.add(RecommendedItem.of(String.format(Locale.ROOT, "article-%06d", (seed + i * 37) % SEEDS)));
        }
        return SimilarItems.builder()
                .seedItemId(String.format(Locale.ROOT, "article-%06d", seed))
                .items(items)
                .recommendationId("RID-0241e16a-374f-4f90-866a-24e4e3f02f96")
                .source(ResultSource.LIVE)
                .fetchedAt(fetchedAt)
                .build();
    }

    static String seed(int s) {
        return String.format(Locale.ROOT, "article-%06d", s);
    }

    static double redisBenchmark(int port, int valueSize) throws Exception {
        return redisBenchmark(
                port, "GET", "-c", "8", "-P", "1", "-n", "300000", "-d", Integer.toString(valueSize), "-t", "set,get");
    }

    /** Runs redis-benchmark with the given options and returns the requests/s of one command's line. */
    static double redisBenchmark(int port, String command, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(RedisServer.find("redis-benchmark"), "-p", Integer.toString(port)));
        cmd.addAll(Arrays.asList(options));
        cmd.add("-q");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        double rate = -1;
        Pattern line = Pattern.compile(command + ": ([0-9.]+) requests per second");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                for (String part : l.split("\r")) {
                    Matcher m = line.matcher(part);
                    if (m.find()) {
                        rate = Double.parseDouble(m.group(1));
                    }
                }
            }
        }
        p.waitFor();
        if (rate < 0) {
            throw new IllegalStateException("could not read redis-benchmark's " + command + " figure");
        }
        return rate;
    }

    static double throughput(SimilarItemsClient client, int seconds) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            Thread th = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                long n = 0;
                while (System.nanoTime() < end) {
                    SimilarItems s = client.similarTo(seed(rnd.nextInt(SEEDS)));
                    if (s.source() != ResultSource.CACHE) {
                        throw new IllegalStateException("not a hit: " + s.source());
                    }
                    n++;
                }
                done.addAndGet(n);
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    static void latency(SimilarItemsClient client, int rate, int seconds) throws InterruptedException {
        int perThread = rate * seconds / THREADS;
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * THREADS / rate;
        long[][] samples = new long[THREADS][perThread];
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                long offset = intervalNanos * id / THREADS;
                for (int k = 0; k < perThread; k++) {
                    long intended = start + offset + k * intervalNanos;
                    long wait;
                    while ((wait = intended - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    client.similarTo(seed(rnd.nextInt(SEEDS)));
                    // Measured from the intended start, so a stall counts against every request it delays.
                    samples[id][k] = System.nanoTime() - intended;
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        long[] all =
                Arrays.stream(samples).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "hit latency at %,d req/s over %d s (%d requests): p50 %.3f ms, p99 %.3f ms,"
                        + " p99.9 %.3f ms, max %.3f ms%n",
                rate,
                seconds,
                all.length,
                ms(all, 0.50),
                ms(all, 0.99),
                ms(all, 0.999),
                all[all.length - 1] / 1e6);
    }

    static double ms(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
