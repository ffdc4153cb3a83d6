package io.personalizekit.benchmarks.cache;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.InMemoryRecommendationStore;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.cache.SimilarItemsCodec;
import io.personalizekit.cache.redis.RedisDriver;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.ConnectionPoolConfig;

/**
 * Cache hits through {@link CachingSimilarItemsClient} on Redis, side by side in one run with {@code redis-benchmark
 * -c 8 -P 1 -t get} at the same value size and with raw client loops: raw Lettuce (one multiplexed connection, and
 * {@value #LETTUCE_CONNECTIONS} connections round-robin), raw Jedis (pooled, blocking). The hit path is measured on
 * each candidate store: (a) {@link RedisDriver#LETTUCE}, (b) Lettuce with {@value #LETTUCE_CONNECTIONS} connections
 * round-robin (a benchmark-only store doing what the real one does on a hit), (c) {@link RedisDriver#JEDIS}; then
 * hit latency of each at a paced 2,000 requests/s.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.personalizekit.benchmarks.cache.CacheHitBenchmark
 * [seconds] [sections]}, sections a comma list of {@code raw,lettuce,lettuceN,jedis,memory,latency} (default all).
 * Needs redis-server and redis-benchmark on PATH.
 */
public final class CacheHitBenchmark {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/news";
    static final String SOLUTION_VERSION = "arn:aws:personalize:us-east-1:123456789012:solution/news/abcd1234";
    static final int SEEDS = 10_000;
    static final int THREADS = 8;
    static final int LETTUCE_CONNECTIONS = 4;

    private CacheHitBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args optional measurement seconds (default 10) and sections
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Set<String> sections = new HashSet<>(
                Arrays.asList((args.length > 1 ? args[1] : "raw,lettuce,lettuceN,jedis,memory,latency").split(",")));
        try (RedisServer redis = new RedisServer();
                RedisRecommendationStore jedisStore = RedisRecommendationStore.builder()
                        .redisUri(redis.uri())
                        .driver(RedisDriver.JEDIS)
                        .keyPrefix("bench:")
                        .build();
                RedisRecommendationStore lettuceStore = RedisRecommendationStore.builder()
                        .redisUri(redis.uri())
                        .driver(RedisDriver.LETTUCE)
                        .keyPrefix("bench:")
                        .build()) {
            Instant now = Instant.now();
            CacheKeyspace ks = CacheKeyspace.of(CAMPAIGN, SOLUTION_VERSION, SimilarItemsRequest.of("x"));
            List<SimilarItems> lists = new ArrayList<>();
            for (int s = 0; s < SEEDS; s++) {
                lists.add(list(s, now));
            }
            long g = jedisStore.beginGeneration(ks);
            jedisStore.putAll(ks, g, lists);
            jedisStore.activate(ks, g);
            String key = "bench:{" + ks.id() + "}:g:" + g;
            int valueSize = SimilarItemsCodec.encode(lists.get(0)).getBytes(StandardCharsets.UTF_8).length;
            System.out.printf(
                    Locale.ROOT,
                    "value size %d bytes, %d seeds, %d client threads, %d s per figure%n",
                    valueSize,
                    SEEDS,
                    THREADS,
                    seconds);

            List<String> lines = new ArrayList<>();
            double redisGet = redisBenchmark(redis.port, valueSize);
            lines.add(String.format(
                    Locale.ROOT, "redis-benchmark -c 8 -P 1 -t get -d %d: %,.0f req/s (1.00x)", valueSize, redisGet));
            if (sections.contains("raw")) {
                double lettuce1 = rawLettuce(redis.uri(), key, 1, seconds);
                double lettuceN = rawLettuce(redis.uri(), key, LETTUCE_CONNECTIONS, seconds);
                double jedis = rawJedis(redis.port, key, seconds);
                lines.add(rate("raw Lettuce async HGET + get(), 1 connection", lettuce1, redisGet));
                lines.add(rate(
                        "raw Lettuce async HGET + get(), " + LETTUCE_CONNECTIONS + " connections", lettuceN, redisGet));
                lines.add(rate("raw Jedis pooled HGET (RedisClient, maxTotal 16)", jedis, redisGet));
            }
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
            Map<String, RecommendationStore> candidates = new LinkedHashMap<>();
            if (sections.contains("lettuce")) {
                candidates.put("(a) RedisDriver.LETTUCE, 1 connection", lettuceStore);
            }
            LettuceRoundRobinStore roundRobin = null;
            if (sections.contains("lettuceN")) {
                roundRobin = new LettuceRoundRobinStore(redis.uri(), "bench:", LETTUCE_CONNECTIONS);
                candidates.put("(b) Lettuce, " + LETTUCE_CONNECTIONS + " connections round-robin", roundRobin);
            }
            if (sections.contains("jedis")) {
                candidates.put("(c) RedisDriver.JEDIS, pooled", jedisStore);
            }
            if (sections.contains("memory")) {
                candidates.put("InMemoryRecommendationStore", fill(InMemoryRecommendationStore.create(), ks, lists));
            }
            try {
                Map<String, CachingSimilarItemsClient> clients = new LinkedHashMap<>();
                candidates.forEach((name, store) -> clients.put(name, cachingClient(live, store)));
                for (Map.Entry<String, CachingSimilarItemsClient> c : clients.entrySet()) {
                    throughput(c.getValue(), 3); // warm-up
                    lines.add(rate(
                            "CachingSimilarItemsClient hit on " + c.getKey(),
                            throughput(c.getValue(), seconds),
                            redisGet));
                }
                if (sections.contains("latency")) {
                    for (Map.Entry<String, CachingSimilarItemsClient> c : clients.entrySet()) {
                        if (!c.getKey().startsWith("InMemory")) {
                            lines.add(latency(c.getKey(), c.getValue(), 2000, seconds));
                        }
                    }
                }
                for (CachingSimilarItemsClient c : clients.values()) {
                    c.close();
                }
            } finally {
                if (roundRobin != null) {
                    roundRobin.close();
                }
            }
            lines.forEach(System.out::println);
            System.out.printf(
                    Locale.ROOT, "live calls during the run: %d (0 = every call was a hit)%n", liveCalls.get());
        }
    }

    static String rate(String what, double perSecond, double redisGet) {
        return String.format(
                Locale.ROOT, "%s, %d threads: %,.0f req/s (%.2fx)", what, THREADS, perSecond, perSecond / redisGet);
    }

    static CachingSimilarItemsClient cachingClient(SimilarItemsClient live, RecommendationStore store) {
        return CachingSimilarItemsClient.builder()
                .delegate(live)
                .store(store)
                .campaignArn(CAMPAIGN)
                .solutionVersionArn(SOLUTION_VERSION)
                .ttl(Duration.ofDays(1))
                .build();
    }

    static InMemoryRecommendationStore fill(
            InMemoryRecommendationStore store, CacheKeyspace ks, List<SimilarItems> lists) {
        long g = store.beginGeneration(ks);
        store.putAll(ks, g, lists);
        store.activate(ks, g);
        return store;
    }

    static double rawLettuce(String uri, String key, int connections, int seconds) throws Exception {
        RedisClient client = RedisClient.create(uri);
        List<StatefulRedisConnection<String, String>> open = new ArrayList<>();
        try {
            List<RedisAsyncCommands<String, String>> async = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                StatefulRedisConnection<String, String> c = client.connect();
                open.add(c);
                async.add(c.async());
            }
            AtomicInteger next = new AtomicInteger();
            Function<ThreadLocalRandom, Object> call = rnd -> {
                RedisAsyncCommands<String, String> a = async.get(Math.floorMod(next.getAndIncrement(), connections));
                try {
                    return a.hget(key, seed(rnd.nextInt(SEEDS))).get(1, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            loop(1, call); // warm-up
            return loop(seconds, call);
        } finally {
            open.forEach(StatefulRedisConnection::close);
            client.shutdown();
        }
    }

    static double rawJedis(int port, String key, int seconds) throws Exception {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(16);
        pool.setMaxIdle(16);
        pool.setJmxEnabled(false);
        try (redis.clients.jedis.RedisClient jedis = redis.clients.jedis.RedisClient.builder()
                .hostAndPort("127.0.0.1", port)
                .poolConfig(pool)
                .build()) {
            loop(1, rnd -> jedis.hget(key, seed(rnd.nextInt(SEEDS)))); // warm-up
            return loop(seconds, rnd -> jedis.hget(key, seed(rnd.nextInt(SEEDS))));
        }
    }

    /** Runs one call in a loop on each of the threads; returns calls per second. */
    static double loop(int seconds, Function<ThreadLocalRandom, Object> call) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            Thread th = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                long n = 0;
                while (System.nanoTime() < end) {
                    if (call.apply(rnd) == null) {
                        throw new IllegalStateException("missing field");
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

    /** Seed ids made once, so the loops measure the cache and not String.format. */
    private static final String[] SEED_IDS = new String[SEEDS];

    static {
        for (int s = 0; s < SEEDS; s++) {
            SEED_IDS[s] = String.format(Locale.ROOT, "article-%06d", s);
        }
    }

    static String seed(int s) {
        return s < SEEDS ? SEED_IDS[s] : String.format(Locale.ROOT, "article-%06d", s);
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
        return loop(seconds, rnd -> {
            SimilarItems s = client.similarTo(seed(rnd.nextInt(SEEDS)));
            if (s.source() != ResultSource.CACHE) {
                throw new IllegalStateException("not a hit: " + s.source());
            }
            return s;
        });
    }

    static String latency(String name, SimilarItemsClient client, int rate, int seconds) throws InterruptedException {
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
        return String.format(
                Locale.ROOT,
                "hit latency on %s at %,d req/s over %d s (%d requests): p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms,"
                        + " max %.3f ms",
                name,
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
