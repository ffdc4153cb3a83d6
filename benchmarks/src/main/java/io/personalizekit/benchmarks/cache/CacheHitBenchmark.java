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
 * {@value #LETTUCE_CONNECTIONS} connections round-robin) and raw Jedis (pooled, blocking). The hit path is measured on
 * each candidate store: (a) {@link RedisDriver#LETTUCE}, (b) Lettuce with {@value #LETTUCE_CONNECTIONS} connections
 * round-robin (a benchmark-only store doing what the real one does on a hit), (c) {@link RedisDriver#JEDIS}; then hit
 * latency of each at a paced 2,000 requests/s.
 *
 * <p>The machine is shared and its load drifts, so every figure is measured in several interleaved rounds (each
 * round measures every path once, redis-benchmark included, in the same order) and reported as the median of the
 * rounds, with the median of the per-round ratios to redis-benchmark; latency samples of all rounds are pooled.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.personalizekit.benchmarks.cache.CacheHitBenchmark
 * [rounds] [seconds] [sections]} (defaults 5 rounds of 2 s per path), sections a comma list of {@code
 * raw,lettuce,lettuceN,jedis,memory,latency} (default all). Needs redis-benchmark on PATH (and runs the PATH's
 * redis-server, else the one embedded-redis ships; see {@link RedisServer}).
 */
public final class CacheHitBenchmark {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/news";
    static final String SOLUTION_VERSION = "arn:aws:personalize:us-east-1:123456789012:solution/news/abcd1234";
    static final int SEEDS = 10_000;
    static final int THREADS = 8;
    /** Paced-latency runs: as many threads as the throughput runs, then as many as the machine has cores. */
    static final int[] PACING_THREADS = {THREADS, 2};

    static final int LETTUCE_CONNECTIONS = 4;
    static final int PACED_RATE = 2000;

    private CacheHitBenchmark() {}

    /** A path measured in a loop: one call per iteration, non-null on success. */
    private static final class Path {
        final String name;
        final Function<ThreadLocalRandom, Object> call;
        final List<Double> rates = new ArrayList<>();
        final List<Double> ratios = new ArrayList<>();

        Path(String name, Function<ThreadLocalRandom, Object> call) {
            this.name = name;
            this.call = call;
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args optional rounds (default 5), seconds per path per round (default 2) and sections
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Set<String> sections = new HashSet<>(
                Arrays.asList((args.length > 2 ? args[2] : "raw,lettuce,lettuceN,jedis,memory,latency").split(",")));
        try (RedisServer redis = new RedisServer()) {
            run(redis, rounds, seconds, sections);
        }
    }

    static void run(RedisServer redis, int rounds, int seconds, Set<String> sections) throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            RedisRecommendationStore jedisStore = RedisRecommendationStore.builder()
                    .redisUri(redis.uri())
                    .driver(RedisDriver.JEDIS)
                    .keyPrefix("bench:")
                    .build();
            open.add(jedisStore);
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
                    "value size %d bytes, %d seeds, %d client threads, %d rounds of %d s per path%n",
                    valueSize,
                    SEEDS,
                    THREADS,
                    rounds,
                    seconds);
            // The value redis-benchmark GETs (its key is the literal key:__rand_int__ without -r).
            redisBenchmark(redis.port, "SET", "-c", "8", "-P", "1", "-n", "10000", "-d", "" + valueSize, "-t", "set");

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
            List<Path> paths = new ArrayList<>();
            Map<String, CachingSimilarItemsClient> hitClients = new LinkedHashMap<>();
            if (sections.contains("raw")) {
                paths.add(new Path(
                        "raw Lettuce async HGET + get(), 1 connection", rawLettuce(redis.uri(), key, 1, open)));
                paths.add(new Path(
                        "raw Lettuce async HGET + get(), " + LETTUCE_CONNECTIONS + " connections round-robin",
                        rawLettuce(redis.uri(), key, LETTUCE_CONNECTIONS, open)));
                paths.add(
                        new Path("raw Jedis pooled HGET (RedisClient, maxTotal 16)", rawJedis(redis.port, key, open)));
            }
            if (sections.contains("lettuce")) {
                RedisRecommendationStore lettuceStore = RedisRecommendationStore.builder()
                        .redisUri(redis.uri())
                        .driver(RedisDriver.LETTUCE)
                        .keyPrefix("bench:")
                        .build();
                open.add(lettuceStore);
                hitClients.put("(a) RedisDriver.LETTUCE, 1 connection", cachingClient(live, lettuceStore));
            }
            if (sections.contains("lettuceN")) {
                LettuceRoundRobinStore roundRobin =
                        new LettuceRoundRobinStore(redis.uri(), "bench:", LETTUCE_CONNECTIONS);
                open.add(roundRobin);
                hitClients.put(
                        "(b) Lettuce, " + LETTUCE_CONNECTIONS + " connections round-robin",
                        cachingClient(live, roundRobin));
            }
            if (sections.contains("jedis")) {
                hitClients.put("(c) RedisDriver.JEDIS, pooled (maxConnections 16)", cachingClient(live, jedisStore));
            }
            if (sections.contains("memory")) {
                hitClients.put(
                        "InMemoryRecommendationStore",
                        cachingClient(live, fill(InMemoryRecommendationStore.create(), ks, lists)));
            }
            hitClients.forEach((name, client) -> {
                open.add(client);
                paths.add(new Path("CachingSimilarItemsClient hit on " + name, hit(client)));
            });

            for (Path p : paths) {
                loop(2, p.call); // warm-up
            }
            List<Double> redisGets = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                double redisGet = redisBenchmark(
                        redis.port, "GET", "-c", "8", "-P", "1", "-n", "" + 40_000 * seconds, "-t", "get");
                redisGets.add(redisGet);
                StringBuilder line = new StringBuilder(
                        String.format(Locale.ROOT, "round %d: redis-benchmark GET %,.0f", r + 1, redisGet));
                for (Path p : paths) {
                    double rate = loop(seconds, p.call);
                    p.rates.add(rate);
                    p.ratios.add(rate / redisGet);
                    line.append(String.format(Locale.ROOT, " | %,.0f", rate));
                }
                System.out.println(line);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%nmedian of %d rounds, %d threads (in brackets: median of the per-round ratios to redis-benchmark)%n",
                    rounds,
                    THREADS);
            System.out.printf(
                    Locale.ROOT,
                    "redis-benchmark -c 8 -P 1 -t get -d %d: %,.0f req/s (1.00x)%n",
                    valueSize,
                    median(redisGets));
            for (Path p : paths) {
                System.out.printf(Locale.ROOT, "%s: %,.0f req/s (%.2fx)%n", p.name, median(p.rates), median(p.ratios));
            }

            if (sections.contains("latency")) {
                Map<String, Paced[]> samples = new LinkedHashMap<>();
                Map<String, Function<ThreadLocalRandom, Object>> calls = new LinkedHashMap<>();
                // The generator's own floor: the same pacing around a call that does nothing.
                samples.put("no-op call (the load generator's own floor)", new Paced[rounds]);
                calls.put("no-op call (the load generator's own floor)", rnd -> rnd);
                for (Path p : paths) {
                    if (!p.name.contains("InMemory")) {
                        samples.put(p.name, new Paced[rounds]);
                        calls.put(p.name, p.call);
                    }
                }
                for (int pacers : PACING_THREADS) {
                    for (int r = 0; r < rounds; r++) {
                        for (Map.Entry<String, Paced[]> e : samples.entrySet()) {
                            e.getValue()[r] = paced(calls.get(e.getKey()), PACED_RATE, seconds, pacers);
                        }
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "%nlatency at a paced %,d req/s (%d threads), %d rounds of %d s: from each request's intended"
                                    + " start (includes queueing and the generator's wake-up delay) | the call alone%n",
                            PACED_RATE,
                            pacers,
                            rounds,
                            seconds);
                    for (Map.Entry<String, Paced[]> e : samples.entrySet()) {
                        long[] all = Arrays.stream(e.getValue())
                                .flatMapToLong(x -> Arrays.stream(x.fromIntended()))
                                .sorted()
                                .toArray();
                        long[] service = Arrays.stream(e.getValue())
                                .flatMapToLong(x -> Arrays.stream(x.service()))
                                .sorted()
                                .toArray();
                        System.out.printf(
                                Locale.ROOT,
                                "%s (%d requests): p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms | p50 %.3f ms,"
                                        + " p99 %.3f ms, p99.9 %.3f ms%n",
                                e.getKey(),
                                all.length,
                                ms(all, 0.50),
                                ms(all, 0.99),
                                ms(all, 0.999),
                                all[all.length - 1] / 1e6,
                                ms(service, 0.50),
                                ms(service, 0.99),
                                ms(service, 0.999));
                    }
                }
            }
            System.out.printf(
                    Locale.ROOT, "live calls during the run: %d (0 = every call was a hit)%n", liveCalls.get());
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static Function<ThreadLocalRandom, Object> hit(SimilarItemsClient client) {
        return rnd -> {
            SimilarItems s = client.similarTo(seed(rnd.nextInt(SEEDS)));
            if (s.source() != ResultSource.CACHE) {
                throw new IllegalStateException("not a hit: " + s.source());
            }
            return s;
        };
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

    static Function<ThreadLocalRandom, Object> rawLettuce(
            String uri, String key, int connections, List<AutoCloseable> open) {
        RedisClient client = RedisClient.create(uri);
        open.add(client::shutdown);
        List<RedisAsyncCommands<String, String>> async = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            StatefulRedisConnection<String, String> c = client.connect();
            open.add(c);
            async.add(c.async());
        }
        AtomicInteger next = new AtomicInteger();
        return rnd -> {
            RedisAsyncCommands<String, String> a = async.get(Math.floorMod(next.getAndIncrement(), connections));
            try {
                return a.hget(key, seed(rnd.nextInt(SEEDS))).get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static Function<ThreadLocalRandom, Object> rawJedis(int port, String key, List<AutoCloseable> open) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(16);
        pool.setMaxIdle(16);
        pool.setJmxEnabled(false);
        redis.clients.jedis.RedisClient jedis = redis.clients.jedis.RedisClient.builder()
                .hostAndPort("127.0.0.1", port)
                .poolConfig(pool)
                .build();
        open.add(jedis);
        return rnd -> jedis.hget(key, seed(rnd.nextInt(SEEDS)));
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

    /** One paced run's latencies in ns: from each call's intended start, and of the call alone. */
    record Paced(long[] fromIntended, long[] service) {}

    /**
     * Calls at a paced total rate for a while, from {@code threads} threads that each park until their next call is
     * due. (Spinning the last microseconds instead was tried: on 2 cores the spinning threads take the CPU from
     * redis-server and every tail got worse.) The no-op path shows the generator's own wake-up delay.
     */
    static Paced paced(Function<ThreadLocalRandom, Object> call, int rate, int seconds, int threadCount)
            throws InterruptedException {
        int perThread = rate * seconds / threadCount;
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * threadCount / rate;
        long[][] samples = new long[threadCount][perThread];
        long[][] service = new long[threadCount][perThread];
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                long offset = intervalNanos * id / threadCount;
                for (int k = 0; k < perThread; k++) {
                    long intended = start + offset + k * intervalNanos;
                    long wait;
                    while ((wait = intended - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long began = System.nanoTime();
                    call.apply(rnd);
                    long end = System.nanoTime();
                    // Measured from the intended start, so a stall counts against every request it delays.
                    samples[id][k] = end - intended;
                    service[id][k] = end - began;
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        return new Paced(
                Arrays.stream(samples).flatMapToLong(Arrays::stream).toArray(),
                Arrays.stream(service).flatMapToLong(Arrays::stream).toArray());
    }

    static double ms(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
