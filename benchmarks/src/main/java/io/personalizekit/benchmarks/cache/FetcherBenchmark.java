package io.personalizekit.benchmarks.cache;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.SimilarItemsCodec;
import io.personalizekit.cache.redis.RedisDriver;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * The bulk fetcher against a stub that answers in 5 ms, under a 200 TPS budget, writing to Redis; reports the
 * sustained call rate, the most calls in any 10 s window, and the store's bulk write rate beside baselines doing the
 * same Redis work.
 *
 * <p>The write comparison: 100,000 lists written in batches of 1,000 from 4 threads, as the fetcher's workers write.
 * Every path sends the same commands per batch: two pipelined HSETs of 500 fields (values of about 530 bytes) into
 * one hash, then EXPIRE. Paths: {@code RedisRecommendationStore.putAll} on each driver; a raw Jedis pipeline of the
 * same commands, encoding the same lists with {@link SimilarItemsCodec} in the timed loop (everything a batch costs
 * apart from the store's own code); and {@code redis-benchmark -c 4 -P 2} sending the same HSET of 500 fields with
 * a value of the same size (no encoding and no EXPIRE: the server's and loopback's ceiling for these commands). Each
 * path runs once to warm up, then in interleaved rounds whose order rotates by one path per round; the table gives
 * the median of the rounds and the medians of the per-round ratios. Redis is emptied between runs, outside the
 * timing.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.personalizekit.benchmarks.cache.FetcherBenchmark
 * [items] [tps] [rounds]} (defaults 20000, 200 and 5; items 0 skips the fetch). Needs redis-benchmark on PATH (and
 * runs the PATH's redis-server, else the one embedded-redis ships; see {@link RedisServer}).
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
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
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
                            .commandTimeout(WRITE_TIMEOUT)
                            .build();
                    RedisRecommendationStore jedis = RedisRecommendationStore.builder()
                            .redisUri(redis.uri())
                            .keyPrefix("bench:")
                            .commandTimeout(WRITE_TIMEOUT)
                            .build();
                    RedisClient raw = rawJedis(redis.port)) {
                compareWrites(
                        redis.port,
                        raw,
                        List.of(
                                new WritePath(
                                        "RedisRecommendationStore.putAll, RedisDriver.JEDIS", () -> writes(jedis, ks)),
                                new WritePath(
                                        "RedisRecommendationStore.putAll, RedisDriver.LETTUCE",
                                        () -> writes(lettuce, ks)),
                                new WritePath(
                                        "raw Jedis pipeline, same commands and encoding (the baseline)",
                                        () -> rawWrites(raw)),
                                new WritePath(
                                        "redis-benchmark -c 4 -P 2, HSET of 500 fields (no encoding, no EXPIRE)",
                                        () -> redisBenchmarkHset(redis.port))),
                        rounds);
            }
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
                Locale.ROOT,
                "calls in any 10 s window: max %d, min %s (budget %d)%n",
                maxInWindow,
                minInWindow == Integer.MAX_VALUE ? "n/a (run shorter than 10 s)" : Integer.toString(minInWindow),
                (long) (tps * 10));
    }

    private static final List<SimilarItems> LISTS = new ArrayList<>();

    static {
        for (int i = 0; i < 100_000; i++) {
            LISTS.add(CacheHitBenchmark.list(i % CacheHitBenchmark.SEEDS, Instant.now()).toBuilder()
                    .seedItemId("w-" + i)
                    .build());
        }
    }

    /**
     * The command timeout of every write path: long, so that a loaded machine slows a run down instead of failing a
     * batch (a failed batch fails the run).
     */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    /** Lists per batch, as the fetcher's workers write them by default. */
    static final int BATCH = 1000;

    static final int WRITERS = 4;

    /** A write path: one run writes all of {@link #LISTS} and returns keys (lists) per second. */
    record WritePath(String name, Callable<Double> run) {}

    /** Warms every path up once, then runs them in rotating interleaved rounds and prints the table. */
    static void compareWrites(int port, RedisClient admin, List<WritePath> paths, int rounds) throws Exception {
        admin.flushAll();
        for (WritePath p : paths) {
            p.run().call();
            admin.flushAll();
        }
        double[][] rates = new double[paths.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
            for (int k = 0; k < paths.size(); k++) {
                int i = (k + r) % paths.size();
                rates[i][r] = paths.get(i).run().call();
                admin.flushAll(); // outside the timing: every run starts from an empty Redis
            }
            for (int i = 0; i < paths.size(); i++) {
                line.append(String.format(Locale.ROOT, " %,.0f |", rates[i][r]));
            }
            System.out.println(line);
        }
        int baseline = 2;
        int ceiling = 3;
        System.out.printf(
                Locale.ROOT,
                "%nRedis bulk writes: %,d lists in batches of %,d from %d threads; median of %d rounds (ratios: medians"
                        + " of the per-round ratios)%n%n",
                LISTS.size(),
                BATCH,
                WRITERS,
                rounds);
        System.out.println("| path | lists/s | vs raw Jedis pipeline | vs redis-benchmark |");
        System.out.println("|---|---|---|---|");
        for (int i = 0; i < paths.size(); i++) {
            List<Double> values = new ArrayList<>();
            List<Double> toBaseline = new ArrayList<>();
            List<Double> toCeiling = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                values.add(rates[i][r]);
                toBaseline.add(rates[i][r] / rates[baseline][r]);
                toCeiling.add(rates[i][r] / rates[ceiling][r]);
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,.0f | %.2fx | %.2fx |%n",
                    paths.get(i).name(),
                    CacheHitBenchmark.median(values),
                    CacheHitBenchmark.median(toBaseline),
                    CacheHitBenchmark.median(toCeiling));
        }
    }

    /** Runs {@code batch} on {@link #WRITERS} threads over {@link #LISTS} in batches; returns lists per second. */
    static double inBatches(Consumer<List<SimilarItems>> batch) throws InterruptedException {
        AtomicInteger nextBatch = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < WRITERS; w++) { // as the fetcher's workers write their full batches concurrently
            Thread th = new Thread(() -> {
                try {
                    int i;
                    while (failure.get() == null && (i = nextBatch.getAndAdd(BATCH)) < LISTS.size()) {
                        batch.accept(LISTS.subList(i, Math.min(LISTS.size(), i + BATCH)));
                    }
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            });
            writers.add(th);
            th.start();
        }
        for (Thread th : writers) {
            th.join();
        }
        double rate = LISTS.size() / ((System.nanoTime() - start) / 1e9);
        if (failure.get() != null) {
            throw new IllegalStateException("a batch failed, so this run has no figure", failure.get());
        }
        return rate;
    }

    /** The store's bulk write, as the fetcher writes: batches of 1000 into one generation. */
    static double writes(RedisRecommendationStore store, CacheKeyspace ks) throws InterruptedException {
        long g = store.beginGeneration(ks);
        return inBatches(batch -> store.putAll(ks, g, batch));
    }

    static RedisClient rawJedis(int port) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(16);
        pool.setMaxIdle(16);
        pool.setJmxEnabled(false);
        int timeout = (int) WRITE_TIMEOUT.toMillis();
        return RedisClient.builder()
                .hostAndPort("127.0.0.1", port)
                .clientConfig(DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(timeout)
                        .socketTimeoutMillis(timeout)
                        .build())
                .poolConfig(pool)
                .build();
    }

    /**
     * The same commands as the store sends for a batch, from a plain Jedis pipeline: the lists encoded with {@link
     * SimilarItemsCodec}, HSETs of {@value #FIELDS_PER_HSET} fields, EXPIRE, every reply read.
     */
    static double rawWrites(RedisClient jedis) throws InterruptedException {
        return inBatches(batch -> {
            // Encoded into chunks first, then sent, in the store's order.
            List<Map<String, String>> chunks = new ArrayList<>();
            Map<String, String> chunk = new LinkedHashMap<>();
            for (SimilarItems s : batch) {
                chunk.put(s.seedItemId(), SimilarItemsCodec.encode(s));
                if (chunk.size() == FIELDS_PER_HSET) {
                    chunks.add(chunk);
                    chunk = new LinkedHashMap<>();
                }
            }
            if (!chunk.isEmpty()) {
                chunks.add(chunk);
            }
            try (AbstractPipeline p = jedis.pipelined()) {
                List<Response<Long>> replies = new ArrayList<>();
                for (Map<String, String> c : chunks) {
                    replies.add(p.hset(RAW_KEY, c));
                }
                replies.add(p.expire(RAW_KEY, 7 * 24 * 3600L));
                p.sync();
                for (Response<Long> r : replies) {
                    r.get();
                }
            }
        });
    }

    static final int FIELDS_PER_HSET = 500;
    static final String RAW_KEY = "bench:raw";

    /**
     * {@code redis-benchmark -c 4 -P 2} sending HSET of {@value #FIELDS_PER_HSET} random fields with a value of an
     * encoded list's size, as many HSETs as the other paths send; returns fields (lists) per second.
     */
    static double redisBenchmarkHset(int port) throws Exception {
        String value = SimilarItemsCodec.encode(LISTS.get(0));
        List<String> options = new ArrayList<>(List.of(
                "-c",
                Integer.toString(WRITERS),
                "-P",
                Integer.toString(BATCH / FIELDS_PER_HSET),
                "-n",
                Integer.toString(LISTS.size() / FIELDS_PER_HSET),
                "-r",
                Integer.toString(LISTS.size()),
                "HSET",
                "bench:redis-benchmark"));
        for (int f = 0; f < FIELDS_PER_HSET; f++) {
            options.add("f" + f + ":__rand_int__");
            options.add(value);
        }
        String title = "HSET bench:redis-benchmark f0:__rand_int__";
        return FIELDS_PER_HSET * CacheHitBenchmark.redisBenchmark(port, title, options.toArray(new String[0]));
    }
}
