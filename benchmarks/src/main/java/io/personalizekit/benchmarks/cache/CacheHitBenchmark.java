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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.ConnectionPoolConfig;

/**
 * Cache hits through {@link CachingSimilarItemsClient} on Redis, side by side in one run with baselines doing the
 * same Redis work: every path reads one random field of a hash of {@value #SEEDS} fields whose values are the same
 * encoded lists. The baselines are {@code redis-benchmark -c 8 -P 1 -r 10000 HGET <hash> f:__rand_int__} (a copy of
 * the store's hash under 12-digit field names, which is what {@code __rand_int__} expands to), raw client loops doing
 * the HGET alone (Lettuce on one multiplexed connection and on {@value #LETTUCE_CONNECTIONS} connections round-robin,
 * pooled blocking Jedis) and the same loops followed by {@link SimilarItemsCodec#decode} (a hit's Redis work and
 * decoding, nothing of ours around it), plus the decoding alone without Redis. The hit path is measured on each
 * candidate store: (a) {@link RedisDriver#LETTUCE}, (b) Lettuce with {@value #LETTUCE_CONNECTIONS} connections
 * round-robin (a benchmark-only store doing what the real one does on a hit), (c) {@link RedisDriver#JEDIS}; then hit
 * latency of each at a paced 2,000 requests/s.
 *
 * <p>The machine is shared and its load drifts, so every figure is measured in several interleaved rounds (each
 * round measures every path once, redis-benchmark included; the order rotates by one path each round, so no path
 * always runs first or after the same neighbour) and reported as the median of the rounds, with the medians of the
 * per-round ratios to redis-benchmark and to the path's own baseline (the raw loop of the same client with the same
 * decoding); latency samples of all rounds are pooled.
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

    /**
     * The command timeout of every Redis path: long, so that a loaded machine slows a run down instead of turning a
     * hit into a live call (which fails the run: every call must be a hit).
     */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    static final int PACED_RATE = 2000;

    private CacheHitBenchmark() {}

    /** A path measured in a loop: one call per iteration, non-null on success. */
    private static final class Path {
        final String name;
        final Function<ThreadLocalRandom, Object> call;
        /** The raw loop doing this path's Redis work and decoding, compared round by round; null for none. */
        final @Nullable Path baseline;
        /** Whether the paced-latency section measures it (a Redis call). */
        final boolean paced;

        final List<Double> rates = new ArrayList<>();
        final List<Double> ratios = new ArrayList<>();
        final List<Double> baselineRatios = new ArrayList<>();

        Path(String name, Function<ThreadLocalRandom, Object> call, @Nullable Path baseline, boolean paced) {
            this.name = name;
            this.call = call;
            this.baseline = baseline;
            this.paced = paced;
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
        exitIfAnythingLingers();
    }

    /**
     * Everything the benchmark opened is closed by now, so no thread of ours should keep the JVM alive. If one
     * does (a client library's non-daemon thread, a loop thread stuck in a call), names it on stderr, so it can be
     * fixed, and ends the JVM: a benchmark that printed its results must not hang its caller's script.
     */
    static void exitIfAnythingLingers() {
        List<Thread> lingering = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && t != Thread.currentThread())
                .filter(t -> !t.getName().equals("DestroyJavaVM"))
                .collect(java.util.stream.Collectors.toList());
        if (!lingering.isEmpty()) {
            for (Thread t : lingering) {
                StackTraceElement[] stack = t.getStackTrace();
                System.err.printf(
                        Locale.ROOT,
                        "still running after the benchmark: thread %s (%s)%s%n",
                        t.getName(),
                        t.getState(),
                        stack.length == 0 ? "" : " at " + stack[0]);
            }
            System.exit(0);
        }
    }

    static void run(RedisServer redis, int rounds, int seconds, Set<String> sections) throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            RedisRecommendationStore jedisStore = RedisRecommendationStore.builder()
                    .redisUri(redis.uri())
                    .driver(RedisDriver.JEDIS)
                    .keyPrefix("bench:")
                    .commandTimeout(CALL_TIMEOUT)
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
            String[] encoded = new String[SEEDS];
            for (int s = 0; s < SEEDS; s++) {
                encoded[s] = SimilarItemsCodec.encode(lists.get(s));
            }
            int valueSize = encoded[0].getBytes(StandardCharsets.UTF_8).length;
            System.out.printf(
                    Locale.ROOT,
                    "value size %d bytes, %d seeds, %d client threads, %d rounds of %d s per path%n",
                    valueSize,
                    SEEDS,
                    THREADS,
                    rounds,
                    seconds);
            // The hash redis-benchmark reads: the same values under the field names __rand_int__ expands to.
            copyForRedisBenchmark(redis.port, encoded);

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
            Path lettuceBaseline = null;
            Path lettuceNBaseline = null;
            Path jedisBaseline = null;
            if (sections.contains("raw")) {
                Function<ThreadLocalRandom, String> lettuce1 = rawLettuce(redis.uri(), key, 1, open);
                Function<ThreadLocalRandom, String> lettuceN = rawLettuce(redis.uri(), key, LETTUCE_CONNECTIONS, open);
                Function<ThreadLocalRandom, String> jedis = rawJedis(redis.port, key, open);
                paths.add(new Path("raw Lettuce async HGET + get(), 1 connection", lettuce1::apply, null, true));
                lettuceBaseline = new Path(
                        "raw Lettuce HGET + decode, 1 connection", rnd -> decoded(lettuce1.apply(rnd)), null, true);
                paths.add(lettuceBaseline);
                paths.add(new Path(
                        "raw Lettuce async HGET + get(), " + LETTUCE_CONNECTIONS + " connections round-robin",
                        lettuceN::apply,
                        null,
                        true));
                lettuceNBaseline = new Path(
                        "raw Lettuce HGET + decode, " + LETTUCE_CONNECTIONS + " connections round-robin",
                        rnd -> decoded(lettuceN.apply(rnd)),
                        null,
                        true);
                paths.add(lettuceNBaseline);
                paths.add(new Path("raw Jedis pooled HGET (RedisClient, maxTotal 16)", jedis::apply, null, true));
                jedisBaseline =
                        new Path("raw Jedis pooled HGET + decode", rnd -> decoded(jedis.apply(rnd)), null, true);
                paths.add(jedisBaseline);
                paths.add(new Path(
                        "SimilarItemsCodec.decode alone (no Redis)",
                        rnd -> SimilarItemsCodec.decode(encoded[rnd.nextInt(SEEDS)]),
                        null,
                        false));
            }
            if (sections.contains("lettuce")) {
                RedisRecommendationStore lettuceStore = RedisRecommendationStore.builder()
                        .redisUri(redis.uri())
                        .driver(RedisDriver.LETTUCE)
                        .keyPrefix("bench:")
                        .commandTimeout(CALL_TIMEOUT)
                        .build();
                open.add(lettuceStore);
                CachingSimilarItemsClient c = cachingClient(live, lettuceStore);
                open.add(c);
                paths.add(new Path(
                        "CachingSimilarItemsClient hit on (a) RedisDriver.LETTUCE, 1 connection",
                        hit(c),
                        lettuceBaseline,
                        true));
            }
            if (sections.contains("lettuceN")) {
                LettuceRoundRobinStore roundRobin =
                        new LettuceRoundRobinStore(redis.uri(), "bench:", LETTUCE_CONNECTIONS);
                open.add(roundRobin);
                CachingSimilarItemsClient c = cachingClient(live, roundRobin);
                open.add(c);
                paths.add(new Path(
                        "CachingSimilarItemsClient hit on (b) Lettuce, " + LETTUCE_CONNECTIONS
                                + " connections round-robin",
                        hit(c),
                        lettuceNBaseline,
                        true));
            }
            if (sections.contains("jedis")) {
                CachingSimilarItemsClient c = cachingClient(live, jedisStore);
                open.add(c);
                paths.add(new Path(
                        "CachingSimilarItemsClient hit on (c) RedisDriver.JEDIS, pooled (maxConnections 16)",
                        hit(c),
                        jedisBaseline,
                        true));
            }
            if (sections.contains("memory")) {
                InMemoryRecommendationStore memory = InMemoryRecommendationStore.create();
                open.add(memory);
                CachingSimilarItemsClient c = cachingClient(live, fill(memory, ks, lists));
                open.add(c);
                paths.add(
                        new Path("CachingSimilarItemsClient hit on InMemoryRecommendationStore", hit(c), null, false));
            }

            for (Path p : paths) {
                loop(2, p.call); // warm-up
            }
            String redisBenchmarkName = "redis-benchmark -c 8 -P 1 -r " + SEEDS + " " + REDIS_BENCHMARK_HGET;
            List<Double> redisHgets = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                // Every path and redis-benchmark once per round; the order rotates by one each round.
                int slots = paths.size() + 1;
                double[] rates = new double[slots];
                for (int k = 0; k < slots; k++) {
                    int slot = (k + r) % slots;
                    rates[slot] = slot == paths.size()
                            ? redisBenchmarkHget(redis.port, 40_000 * seconds)
                            : loop(seconds, paths.get(slot).call);
                }
                double redisHget = rates[paths.size()];
                redisHgets.add(redisHget);
                StringBuilder line = new StringBuilder(
                        String.format(Locale.ROOT, "round %d: redis-benchmark HGET %,.0f", r + 1, redisHget));
                for (int i = 0; i < paths.size(); i++) {
                    Path p = paths.get(i);
                    p.rates.add(rates[i]);
                    p.ratios.add(rates[i] / redisHget);
                    if (p.baseline != null) {
                        p.baselineRatios.add(rates[i] / rates[paths.indexOf(p.baseline)]);
                    }
                    line.append(String.format(Locale.ROOT, " | %,.0f", rates[i]));
                }
                System.out.println(line);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%nmedian of %d rounds, %d threads; ratios are medians of the per-round ratios%n%n",
                    rounds,
                    THREADS);
            System.out.println("| path | req/s | vs redis-benchmark HGET | vs its raw HGET + decode |");
            System.out.println("|---|---|---|---|");
            System.out.printf(
                    Locale.ROOT,
                    "| `%s` (%d B values) | %,.0f | 1.00x | |%n",
                    redisBenchmarkName,
                    valueSize,
                    median(redisHgets));
            for (Path p : paths) {
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %,.0f | %.2fx | %s |%n",
                        p.name,
                        median(p.rates),
                        median(p.ratios),
                        p.baseline == null ? "" : String.format(Locale.ROOT, "%.2fx", median(p.baselineRatios)));
            }
            decodeCost(encoded, seconds);

            if (sections.contains("latency")) {
                Map<String, Paced[]> samples = new LinkedHashMap<>();
                Map<String, Function<ThreadLocalRandom, Object>> calls = new LinkedHashMap<>();
                // The generator's own floor: the same pacing around a call that does nothing.
                samples.put("no-op call (the load generator's own floor)", new Paced[rounds]);
                calls.put("no-op call (the load generator's own floor)", rnd -> rnd);
                for (Path p : paths) {
                    if (p.paced) {
                        samples.put(p.name, new Paced[rounds]);
                        calls.put(p.name, p.call);
                    }
                }
                List<String> names = new ArrayList<>(samples.keySet());
                for (int pacers : PACING_THREADS) {
                    for (int r = 0; r < rounds; r++) {
                        for (int k = 0; k < names.size(); k++) { // rotated as above
                            String name = names.get((k + r) % names.size());
                            samples.get(name)[r] = paced(calls.get(name), PACED_RATE, seconds, pacers);
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
            // Every resource is closed, even when one of them fails to: a client left open keeps its threads.
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (Exception e) {
                    System.err.println("could not close " + open.get(i) + ": " + e);
                }
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
                // A slow store call under load must not open the breaker and turn hits into live calls.
                .storeSlowCallThreshold(CALL_TIMEOUT)
                .build();
    }

    static InMemoryRecommendationStore fill(
            InMemoryRecommendationStore store, CacheKeyspace ks, List<SimilarItems> lists) {
        long g = store.beginGeneration(ks);
        store.putAll(ks, g, lists);
        store.activate(ks, g);
        return store;
    }

    static Function<ThreadLocalRandom, String> rawLettuce(
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
                return a.hget(key, seed(rnd.nextInt(SEEDS))).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static Function<ThreadLocalRandom, String> rawJedis(int port, String key, List<AutoCloseable> open) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(16);
        pool.setMaxIdle(16);
        pool.setJmxEnabled(false);
        int timeout = (int) CALL_TIMEOUT.toMillis();
        redis.clients.jedis.RedisClient jedis = redis.clients.jedis.RedisClient.builder()
                .hostAndPort("127.0.0.1", port)
                .clientConfig(redis.clients.jedis.DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(timeout)
                        .socketTimeoutMillis(timeout)
                        .build())
                .poolConfig(pool)
                .build();
        open.add(jedis);
        return rnd -> jedis.hget(key, seed(rnd.nextInt(SEEDS)));
    }

    /** The hash {@code redis-benchmark} reads and its command, whose field {@code __rand_int__} expands per call. */
    static final String REDIS_BENCHMARK_KEY = "bench:redis-benchmark";

    static final String REDIS_BENCHMARK_HGET = "HGET " + REDIS_BENCHMARK_KEY + " f:__rand_int__";

    /**
     * Copies the store's values into {@link #REDIS_BENCHMARK_KEY} under the names {@code -r} makes of {@code
     * __rand_int__}: {@code f:} and 12 digits, 0 to {@value #SEEDS} - 1. Same field count, same values.
     */
    static void copyForRedisBenchmark(int port, String[] encoded) {
        try (redis.clients.jedis.RedisClient jedis = redis.clients.jedis.RedisClient.builder()
                .hostAndPort("127.0.0.1", port)
                .build()) {
            Map<String, String> chunk = new LinkedHashMap<>();
            for (int s = 0; s < encoded.length; s++) {
                chunk.put(String.format(Locale.ROOT, "f:%012d", s), encoded[s]);
                if (chunk.size() == 500 || s == encoded.length - 1) {
                    jedis.hset(REDIS_BENCHMARK_KEY, chunk);
                    chunk.clear();
                }
            }
            if (jedis.hlen(REDIS_BENCHMARK_KEY) != encoded.length) {
                throw new IllegalStateException("the redis-benchmark hash is incomplete");
            }
        }
    }

    /** {@code redis-benchmark -c 8 -P 1 -r SEEDS HGET <hash> f:__rand_int__}: requests/s. */
    static double redisBenchmarkHget(int port, int requests) throws Exception {
        return redisBenchmark(
                port,
                REDIS_BENCHMARK_HGET,
                "-c",
                Integer.toString(THREADS),
                "-P",
                "1",
                "-n",
                Integer.toString(requests),
                "-r",
                Integer.toString(SEEDS),
                "HGET",
                REDIS_BENCHMARK_KEY,
                "f:__rand_int__");
    }

    static SimilarItems decoded(@Nullable String value) {
        if (value == null) {
            throw new IllegalStateException("missing field");
        }
        return SimilarItemsCodec.decode(value);
    }

    /** Decoding on one thread, for the share of a hit it is: microseconds per list. */
    static void decodeCost(String[] encoded, int seconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long n = 0;
        long start = System.nanoTime();
        int sink = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++, n++) {
                sink += SimilarItemsCodec.decode(encoded[(int) (n % encoded.length)])
                        .items()
                        .size();
            }
        }
        double micros = (System.nanoTime() - start) / 1e3 / n;
        System.out.printf(
                Locale.ROOT,
                "%nSimilarItemsCodec.decode on one thread: %.2f us per list (%d lists, %d items)%n",
                micros,
                n,
                sink);
    }

    /** Runs one call in a loop on each of the threads; returns calls per second. */
    static double loop(int seconds, Function<ThreadLocalRandom, Object> call) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            Thread th = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                long n = 0;
                try {
                    while (System.nanoTime() < end) {
                        if (call.apply(rnd) == null) {
                            throw new IllegalStateException("missing field");
                        }
                        n++;
                    }
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
                done.addAndGet(n);
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        double rate = done.get() / ((System.nanoTime() - start) / 1e9);
        if (failure.get() != null) {
            // A thread that stopped early would make the figure too low: no figure rather than a wrong one.
            throw new IllegalStateException("a call failed, so this run has no figure", failure.get());
        }
        return rate;
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

    /**
     * Runs redis-benchmark with the given options and returns the requests/s of one command's line: the line that
     * starts with {@code command} (a test name such as {@code GET}, or the start of a custom command line).
     */
    static double redisBenchmark(int port, String command, String... options) throws Exception {
        // -q first: a custom command takes every argument after its name.
        List<String> cmd =
                new ArrayList<>(List.of(RedisServer.find("redis-benchmark"), "-p", Integer.toString(port), "-q"));
        cmd.addAll(Arrays.asList(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        double rate = -1;
        // The line starts with the command line (a custom command's whole argument list) and ends with the rate.
        Pattern figure = Pattern.compile(": ([0-9.]+) requests per second");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                for (String part : l.split("\r")) {
                    Matcher m = figure.matcher(part);
                    if (part.strip().startsWith(command + (command.contains(" ") ? "" : ":")) && m.find()) {
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
