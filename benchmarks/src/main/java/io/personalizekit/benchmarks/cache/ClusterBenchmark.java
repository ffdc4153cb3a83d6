package io.personalizekit.benchmarks.cache;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.redis.RedisClusterProcess;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Redis store on a Redis Cluster (three masters on loopback, {@link RedisClusterProcess}) against a single
 * redis-server, side by side in one run, both through {@link RedisRecommendationStore} with Jedis:
 *
 * <ol>
 *   <li>hit throughput: {@code threads} threads calling {@code get} (one HGET) on random seeds of {@value #HOT}
 *       cached lists of 25 items, in interleaved rounds (each round measures the single node, then the cluster);
 *       reported per round and as medians, with the median of the per-round ratios;
 *   <li>bulk load of {@code lists} lists: {@code putAll} in batches of {@value #BATCH} into a new generation, then
 *       {@code activate} (lists built outside the timed calls); and the same number of lines of batch-inference
 *       output ({@code {"input":{"itemId":..},"output":{"recommendedItems":[..]}}}) loaded end to end by {@link
 *       RecommendationFetcher#loadBatchOutput(Path)} (parsing included), writeBatchSize {@value #BATCH}.
 * </ol>
 *
 * <p>All processes share the machine's cores: on one host a cluster cannot add CPU, so the hit figures show the
 * cluster's overhead per call (the scale it buys is memory and cores on separate hosts), and the bulk figure shows
 * that spreading and per-node pipelining keep the load rate.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar io.personalizekit.benchmarks.cache.ClusterBenchmark
 * [rounds] [seconds] [lists] [threads]} (defaults 5 rounds of 2 s per path, 1,000,000 lists, 8 threads). Runs the
 * redis-server the tests run (PATH's, else embedded-redis's).
 */
public final class ClusterBenchmark {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/news";
    static final String SOLUTION_VERSION = "arn:aws:personalize:us-east-1:123456789012:solution/news/abcd1234";
    static final int HOT = 100_000;
    static final int BATCH = 10_000;
    static final int ITEMS_PER_LIST = 25;

    private ClusterBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args [rounds] [seconds] [lists] [threads]
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int lists = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        CacheKeyspace ks = CacheKeyspace.of(
                CAMPAIGN,
                SOLUTION_VERSION,
                SimilarItemsRequest.builder().itemId("x").build());
        long t0 = System.nanoTime();
        try (RedisServer single = new RedisServer();
                RedisClusterProcess cluster = RedisClusterProcess.start(3, 0);
                RedisRecommendationStore singleStore = RedisRecommendationStore.builder()
                        .redisUri(single.uri())
                        .maxConnections(threads)
                        .commandTimeout(Duration.ofSeconds(5))
                        .retiredGenerationGrace(Duration.ofSeconds(5))
                        .build();
                RedisRecommendationStore clusterStore = RedisRecommendationStore.builder()
                        .cluster(cluster.uris())
                        .maxConnections(threads)
                        .commandTimeout(Duration.ofSeconds(5))
                        .retiredGenerationGrace(Duration.ofSeconds(5))
                        .build()) {
            System.out.printf(
                    Locale.ROOT,
                    "cluster of 3 masters formed in %.1f s; %d cores%n",
                    (System.nanoTime() - t0) / 1e9,
                    Runtime.getRuntime().availableProcessors());
            Map<String, RedisRecommendationStore> stores = new LinkedHashMap<>();
            stores.put("single node", singleStore);
            stores.put("cluster, 3 masters", clusterStore);

            String[] hot = new String[HOT];
            for (int i = 0; i < HOT; i++) {
                hot[i] = "item-" + i;
            }
            for (RedisRecommendationStore store : stores.values()) {
                long g = store.beginGeneration(ks);
                for (int from = 0; from < HOT; from += BATCH) {
                    store.putAll(ks, g, batch(from, Math.min(HOT, from + BATCH)));
                }
                store.activate(ks, g);
            }

            System.out.printf(
                    Locale.ROOT, "%nhits: %d threads, get() on %d lists, %d s per path%n", threads, HOT, seconds);
            double[][] rates = new double[stores.size()][rounds];
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                int s = 0;
                for (Map.Entry<String, RedisRecommendationStore> e : stores.entrySet()) {
                    rates[s][r] = hits(e.getValue(), ks, hot, threads, seconds);
                    System.out.printf(Locale.ROOT, "round %d  %-20s %,10.0f hits/s%n", r + 1, e.getKey(), rates[s][r]);
                    s++;
                }
                ratios[r] = rates[1][r] / rates[0][r];
            }
            int s = 0;
            for (String name : stores.keySet()) {
                System.out.printf(Locale.ROOT, "median   %-20s %,10.0f hits/s%n", name, median(rates[s++]));
            }
            System.out.printf(Locale.ROOT, "median ratio cluster / single node: %.2fx%n", median(ratios));

            System.out.printf(
                    Locale.ROOT, "%nbulk load: %,d lists of %d items, batches of %,d%n", lists, ITEMS_PER_LIST, BATCH);
            for (Map.Entry<String, RedisRecommendationStore> e : stores.entrySet()) {
                double rate = putAll(e.getValue(), ks, lists);
                System.out.printf(Locale.ROOT, "putAll + activate   %-20s %,10.0f lists/s%n", e.getKey(), rate);
            }
            Path file = Files.createTempFile("batch-output", ".out");
            try {
                writeBatchOutput(file, lists);
                System.out.printf(
                        Locale.ROOT, "batch-inference output: %,d lines, %,d MB%n", lists, Files.size(file) >> 20);
                for (Map.Entry<String, RedisRecommendationStore> e : stores.entrySet()) {
                    FetchSummary summary = fetcher(e.getValue(), ks).loadBatchOutput(file);
                    double rate = summary.fetched() / (summary.elapsed().toNanos() / 1e9);
                    System.out.printf(
                            Locale.ROOT, "loadBatchOutput     %-20s %,10.0f lists/s (%s)%n", e.getKey(), rate, summary);
                }
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    static SimilarItems list(String seed, Instant at) {
        List<RecommendedItem> items = new ArrayList<>(ITEMS_PER_LIST);
        int base = Math.abs(seed.hashCode());
        for (int i = 0; i < ITEMS_PER_LIST; i++) {
            items.add(RecommendedItem.of("item-" + ((base + 7919L * (i + 1)) % 1_000_000)));
        }
        return SimilarItems.builder()
                .seedItemId(seed)
                .items(items)
                .source(ResultSource.BATCH)
                .fetchedAt(at)
                .build();
    }

    static List<SimilarItems> batch(int from, int to) {
        Instant at = Instant.now();
        List<SimilarItems> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(list("item-" + i, at));
        }
        return out;
    }

    /** Hits per second of {@code threads} threads calling get() on random hot seeds for {@code seconds}. */
    static double hits(RedisRecommendationStore store, CacheKeyspace ks, String[] ids, int threads, int seconds)
            throws InterruptedException {
        LongAdder done = new LongAdder();
        LongAdder misses = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    if (store.get(ks, ids[random.nextInt(ids.length)]).isEmpty()) {
                        misses.increment();
                    }
                    done.increment();
                }
            });
            workers.add(w);
        }
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (misses.sum() > 0) {
            throw new IllegalStateException(misses.sum() + " misses: the hot set is not loaded");
        }
        return done.sum() / elapsed;
    }

    /** Lists per second of putAll (batches of BATCH) plus activate, building lists outside the timed calls. */
    static double putAll(RedisRecommendationStore store, CacheKeyspace ks, int lists) {
        long g = store.beginGeneration(ks);
        long timed = 0;
        for (int from = 0; from < lists; from += BATCH) {
            List<SimilarItems> b = batch(from, Math.min(lists, from + BATCH));
            long t = System.nanoTime();
            store.putAll(ks, g, b);
            timed += System.nanoTime() - t;
        }
        long t = System.nanoTime();
        store.activate(ks, g);
        timed += System.nanoTime() - t;
        return lists / (timed / 1e9);
    }

    static void writeBatchOutput(Path file, int lines) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder(512);
            for (int i = 0; i < lines; i++) {
                sb.setLength(0);
                sb.append("{\"input\":{\"itemId\":\"item-").append(i).append("\"},\"output\":{\"recommendedItems\":[");
                for (int k = 0; k < ITEMS_PER_LIST; k++) {
                    if (k > 0) {
                        sb.append(',');
                    }
                    sb.append("\"item-")
                            .append((i + 7919L * (k + 1)) % 1_000_000)
                            .append('"');
                }
                sb.append("]},\"error\":null}\n");
                w.write(sb.toString());
            }
        }
    }

    static RecommendationFetcher fetcher(RedisRecommendationStore store, CacheKeyspace ks) {
        SimilarItemsClient none = new SimilarItemsClient() {
            @Override
            public SimilarItems similarItems(SimilarItemsRequest request) {
                throw new UnsupportedOperationException("loadBatchOutput calls no live API");
            }

            @Override
            public void close() {}
        };
        return RecommendationFetcher.builder()
                .client(none)
                .store(store)
                .keyspace(ks)
                .writeBatchSize(BATCH)
                .build();
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
