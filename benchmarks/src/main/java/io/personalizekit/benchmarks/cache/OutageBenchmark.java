package io.personalizekit.benchmarks.cache;

import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.local.PersonalizeLocal;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.WaitPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * Serving through {@link CachingSimilarItemsClient} while Personalize throttles or fails every call: a real
 * {@code redis-server} holding an expired list for every seed, personalize-local with a trained Similar-Items campaign
 * and its runtime fault toggles, and the real SDK runtime client with its default retry strategy (as an application
 * builds it). An open-loop load of {@code rate} requests/s from {@code threads} threads, each request measured from
 * its intended send time (a stall counts against every request it delays), over uniformly random seeds.
 *
 * <ol>
 *   <li><b>no-op</b>: the same load calling nothing, for 5 s: the load generator's own floor on this machine;
 *   <li><b>throttling</b>: every {@code GetRecommendations} answered {@code ThrottlingException}, a fresh client;
 *   <li><b>5xx</b>: every call answered {@code InternalFailure} (500), a fresh client;
 *   <li><b>healed</b>: faults cleared while the load of phase 2 goes on, same client: the time from the heal to
 *       the first live answer, and the live calls per second after it.
 * </ol>
 *
 * Live calls are counted at the emulator ({@link PersonalizeLocal#requestCount(String)}, SDK retries included),
 * per second of the phase.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.personalizekit.benchmarks.cache.OutageBenchmark
 * [seconds] [rate] [threads] [mode]} (defaults 15 s per outage phase, 1000 req/s, 8 threads, mode {@code
 * protected}); mode {@code unprotected} turns the live-call protections off (no deadline, SDK retries, breaker
 * never opening, no bulkhead), which approximates the client before them; mode {@code compare} runs both kinds in
 * one run, phase by phase against the same emulator and load (throttling: protected, then unprotected; 5xx and its
 * heal: unprotected, then protected), each kind with its own key prefix filled with expired lists. Needs
 * redis-server on PATH.
 */
public final class OutageBenchmark {
    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();
    static final int ITEMS = 1_000;
    static final Duration TTL = Duration.ofHours(1);
    static final Duration HEALED_PHASE = Duration.ofSeconds(5);

    private OutageBenchmark() {}

    /** One outage phase's tallies. */
    static final class Phase {
        final String name;
        final long[] latencyNanos;
        int samples;
        final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        final LongAdder offered = new LongAdder();
        final LongAdder notSent = new LongAdder();
        final List<Long> liveCallsPerSecond = new ArrayList<>();
        volatile long firstLiveNanos = -1;
        long durationNanos;

        Phase(String name, int capacity) {
            this.name = name;
            this.latencyNanos = new long[capacity];
        }

        synchronized void record(long nanos) {
            if (samples < latencyNanos.length) {
                latencyNanos[samples++] = nanos;
            }
        }

        long count(String outcome) {
            LongAdder n = outcomes.get(outcome);
            return n == null ? 0 : n.sum();
        }

        long answered() {
            return outcomes.entrySet().stream()
                    .filter(e -> !e.getKey().startsWith("error"))
                    .mapToLong(e -> e.getValue().sum())
                    .sum();
        }

        double percentileMillis(double p) {
            long[] sorted = Arrays.copyOf(latencyNanos, samples);
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
            return sorted[Math.max(0, i)] / 1e6;
        }
    }

    /**
     * Runs the three phases and prints the table.
     *
     * @param args seconds, rate, threads, mode
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        String mode = args.length > 3 ? args[3] : "protected";
        List<Boolean> modes = switch (mode) {
            case "protected" -> List.of(true);
            case "unprotected" -> List.of(false);
            case "compare" -> List.of(true, false);
            default -> throw new IllegalArgumentException("mode must be protected, unprotected or compare: " + mode);
        };
        System.out.printf(
                Locale.ROOT,
                "Outage benchmark: %d s per outage phase, %d req/s offered from %d threads, %d seeds, client %s%n",
                seconds,
                rate,
                threads,
                ITEMS,
                mode.equals("compare")
                        ? "protected (defaults) and unprotected, phase by phase"
                        : modes.get(0)
                                ? "protected (defaults)"
                                : "UNPROTECTED (no deadline, SDK retries, no breaker, no bulkhead)");
        try (RedisServer redis = new RedisServer();
                PersonalizeLocal local = PersonalizeLocal.builder()
                        .timeScale(0)
                        .threads(16)
                        .build()
                        .start()) {
            long t0 = System.nanoTime();
            String[] arns = provision(local);
            String campaign = arns[0];
            String solutionVersion = arns[1];
            System.out.printf(Locale.ROOT, "campaign trained in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            List<AutoCloseable> open = new ArrayList<>();
            try (PersonalizeRuntimeClient runtime = PersonalizeRuntimeClient.builder()
                    .endpointOverride(local.endpoint())
                    .region(local.region())
                    .credentialsProvider(local.credentialsProvider())
                    .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
                    .build()) { // the SDK's default retry strategy, as an application has it
                List<String> seeds = new ArrayList<>();
                for (int i = 0; i < ITEMS; i++) {
                    seeds.add("item-" + i);
                }
                // One store (key prefix) per client kind, each filled with expired lists, so that what one kind's
                // healed phase refreshes cannot turn the other kind's stale answers into hits.
                Map<Boolean, RedisRecommendationStore> stores = new java.util.LinkedHashMap<>();
                for (boolean protect : modes) {
                    RedisRecommendationStore store = RedisRecommendationStore.builder()
                            .redisUri(redis.uri())
                            .keyPrefix(protect ? "outage-p:" : "outage-u:")
                            .build();
                    open.add(store);
                    stores.put(protect, store);
                    prefillExpired(runtime, store, campaign, solutionVersion, seeds);
                }

                List<Phase> phases = new ArrayList<>();
                phases.add(run("no-op (load generator floor)", r -> "NOOP", local, 5, rate, threads, null));
                // With both kinds, they alternate: throttling protected first, 5xx unprotected first.
                for (boolean protect : modes) {
                    local.clearFaults();
                    local.setThrottlingRate("GetRecommendations", 1.0);
                    phases.add(outage(
                                    label(mode, protect, "100 % throttling"),
                                    runtime,
                                    stores.get(protect),
                                    campaign,
                                    solutionVersion,
                                    protect,
                                    seeds,
                                    local,
                                    seconds,
                                    rate,
                                    threads,
                                    false)
                            .get(0));
                }
                List<Boolean> reversed = new ArrayList<>(modes);
                java.util.Collections.reverse(reversed);
                for (boolean protect : reversed) {
                    local.clearFaults();
                    local.setServerErrorRate("GetRecommendations", 1.0);
                    phases.addAll(outage(
                            label(mode, protect, "100 % 5xx"),
                            runtime,
                            stores.get(protect),
                            campaign,
                            solutionVersion,
                            protect,
                            seeds,
                            local,
                            seconds,
                            rate,
                            threads,
                            true));
                }
                print(phases, rate);
            } finally {
                for (int i = open.size() - 1; i >= 0; i--) {
                    open.get(i).close();
                }
            }
        }
    }

    private static String label(String mode, boolean protect, String phase) {
        return mode.equals("compare") ? (protect ? "protected: " : "unprotected: ") + phase : phase;
    }

    /**
     * One outage phase with a fresh live client and caching client (the fault is already on), then, when {@code
     * heal}, the healed phase on the same clients: the faults are cleared as its load starts.
     */
    private static List<Phase> outage(
            String name,
            PersonalizeRuntimeClient runtime,
            RedisRecommendationStore store,
            String campaign,
            String solutionVersion,
            boolean protect,
            List<String> seeds,
            PersonalizeLocal local,
            int seconds,
            int rate,
            int threads,
            boolean heal)
            throws InterruptedException {
        List<Phase> phases = new ArrayList<>();
        try (SimilarItemsClient live = liveClient(runtime, campaign, Clock.systemUTC());
                CachingSimilarItemsClient c = cached(live, store, campaign, solutionVersion, protect)) {
            phases.add(run(name, serve(c, seeds), local, seconds, rate, threads, null));
            System.out.println("  " + c.stats());
            if (heal) {
                phases.add(run(
                        name.replace("100 % 5xx", "healed (after 5xx)"),
                        serve(c, seeds),
                        local,
                        (int) HEALED_PHASE.getSeconds(),
                        rate,
                        threads,
                        local::clearFaults));
                System.out.println("  " + c.stats());
            }
        }
        return phases;
    }

    static String[] provision(PersonalizeLocal local) {
        local.s3Client().createBucket(b -> b.bucket("outage"));
        StringBuilder csv = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long t = 1_700_000_000L;
        for (int u = 0; u < 3_000; u++) {
            int cluster = u % 20;
            for (int k = 0; k < 15; k++) {
                int item = cluster * (ITEMS / 20) + r.nextInt(ITEMS / 20);
                csv.append("user-")
                        .append(u)
                        .append(",item-")
                        .append(item)
                        .append(',')
                        .append(t + u * 100L + k)
                        .append('\n');
            }
        }
        local.s3Client()
                .putObject(b -> b.bucket("outage").key("interactions.csv"), RequestBody.fromString(csv.toString()));
        PipelineSpec spec = PipelineSpec.builder()
                .datasetGroup(g -> g.name("outage")
                        .addDataset(d -> d.schema(INTERACTIONS)
                                .addImport(i -> i.dataLocation("s3://outage/interactions.csv")
                                        .roleArn("arn:aws:iam::000000000000:role/Personalize"))))
                .solution(s -> s.name("outage-similar").performAutoTraining(false))
                .campaign(c -> c.name("outage-similar"))
                .build();
        // The emulator at time scale 0 finishes each step in moments: poll it often, not on the default policies.
        try (ResourceWaiter waiter = ResourceWaiter.builder()
                        .personalizeClient(local.personalizeClient())
                        .policyForAll(WaitPolicy.builder()
                                .initialDelay(Duration.ofMillis(10))
                                .maxDelay(Duration.ofMillis(200))
                                .timeout(Duration.ofMinutes(10))
                                .build())
                        .build();
                PipelineOrchestrator p = PipelineOrchestrator.builder()
                        .personalizeClient(local.personalizeClient())
                        .waiter(waiter)
                        .build()) {
            PipelineResult result = p.run(spec);
            return new String[] {
                result.deployment().campaign().arn(),
                result.deployment().solutionVersion().arn()
            };
        }
    }

    static SimilarItemsClient liveClient(PersonalizeRuntimeClient runtime, String campaign, Clock clock) {
        return SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(campaign)
                .clock(clock)
                .build();
    }

    static CachingSimilarItemsClient cached(
            SimilarItemsClient live,
            RedisRecommendationStore store,
            String campaign,
            String solutionVersion,
            boolean protect) {
        CachingSimilarItemsClient.Builder b = CachingSimilarItemsClient.builder()
                .delegate(live)
                .store(store)
                .campaignArn(campaign)
                .solutionVersionArn(solutionVersion)
                .ttl(TTL)
                .refreshAhead(Duration.ZERO);
        if (!protect) {
            b.liveCallTimeout(Duration.ofHours(1))
                    .retryLiveCallsWhenStale(true)
                    .liveCircuitBreaker(Integer.MAX_VALUE, Duration.ofMillis(1))
                    .maxConcurrentLiveCalls(10_000);
        }
        return b.build();
    }

    /** Fetches every seed's list through a client whose clock is two hours behind: all expired for a 1 h TTL. */
    static void prefillExpired(
            PersonalizeRuntimeClient runtime,
            RedisRecommendationStore store,
            String campaign,
            String solutionVersion,
            List<String> seeds) {
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
        try (SimilarItemsClient live = liveClient(runtime, campaign, past);
                CachingSimilarItemsClient filler = CachingSimilarItemsClient.builder()
                        .delegate(live)
                        .store(store)
                        .campaignArn(campaign)
                        .solutionVersionArn(solutionVersion)
                        .ttl(TTL)
                        .refreshAhead(Duration.ZERO)
                        .liveCallTimeout(Duration.ofSeconds(30))
                        .clock(past)
                        .build()) {
            for (String s : seeds) {
                filler.similarTo(s);
            }
            System.out.printf(Locale.ROOT, "prefilled %d expired lists: %s%n", seeds.size(), filler.stats());
        }
    }

    /** One request through the caching client for a random seed; returns the answer's source. */
    static Function<ThreadLocalRandom, String> serve(CachingSimilarItemsClient c, List<String> seeds) {
        return r -> c.similarTo(seeds.get(r.nextInt(seeds.size()))).source().name();
    }

    /**
     * Drives the open-loop load for one phase; {@code call} makes one request and returns its outcome, {@code
     * atStart} runs when the load has started (the heal).
     */
    static Phase run(
            String name,
            Function<ThreadLocalRandom, String> call,
            PersonalizeLocal local,
            int seconds,
            int rate,
            int threads,
            Runnable atStart)
            throws InterruptedException {
        Phase phase = new Phase(name, (int) Math.min(Integer.MAX_VALUE - 8, (long) rate * seconds + threads));
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        AtomicBoolean done = new AtomicBoolean();
        Thread monitor = new Thread(() -> {
            long last = local.requestCount("GetRecommendations");
            long next = start + TimeUnit.SECONDS.toNanos(1);
            while (!done.get()) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                long now = local.requestCount("GetRecommendations");
                phase.liveCallsPerSecond.add(now - last);
                last = now;
                next += TimeUnit.SECONDS.toNanos(1);
            }
        });
        monitor.setDaemon(true);
        monitor.start();
        AtomicLong healedAt = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                for (long k = worker; ; k += threads) {
                    long intended = start + k * intervalNanos;
                    if (intended >= end) {
                        return;
                    }
                    phase.offered.increment();
                    long now = System.nanoTime();
                    if (now >= end) {
                        phase.notSent.increment(); // so far behind that the phase ended before it was sent
                        continue;
                    }
                    if (intended > now) {
                        LockSupport.parkNanos(intended - now);
                    }
                    String outcome;
                    try {
                        outcome = call.apply(r);
                        if (outcome.equals("LIVE") && healedAt.get() != 0 && phase.firstLiveNanos < 0) {
                            phase.firstLiveNanos = System.nanoTime() - healedAt.get();
                        }
                    } catch (RuntimeException e) {
                        outcome = "error " + e.getClass().getSimpleName();
                    }
                    phase.record(System.nanoTime() - intended);
                    phase.outcomes
                            .computeIfAbsent(outcome, o -> new LongAdder())
                            .increment();
                }
            });
            workers.add(t);
            t.start();
        }
        if (atStart != null) {
            long wait = start - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            atStart.run();
            healedAt.set(System.nanoTime());
        }
        for (Thread t : workers) {
            t.join();
        }
        phase.durationNanos = System.nanoTime() - start;
        done.set(true);
        monitor.join();
        System.out.printf(
                Locale.ROOT,
                "%s: %d offered, %d answered, %s; live calls per second %s%n",
                name,
                phase.offered.sum(),
                phase.answered(),
                new TreeMap<>(Map.copyOf(phase.outcomes)),
                phase.liveCallsPerSecond);
        return phase;
    }

    static void print(List<Phase> phases, int rate) {
        System.out.println();
        System.out.println("| phase | offered | answered | stale | live | errors | not sent | achieved req/s"
                + " | p50 / p99 / p99.9 / max from intended send | live calls/s: 1st s, max after, mean"
                + " | heal to first live |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Phase p : phases) {
            long errors = p.outcomes.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("error"))
                    .mapToLong(e -> e.getValue().sum())
                    .sum();
            List<Long> perSecond = p.liveCallsPerSecond;
            long first = perSecond.isEmpty() ? 0 : perSecond.get(0);
            long maxAfter =
                    perSecond.stream().skip(1).mapToLong(Long::longValue).max().orElse(0);
            double mean =
                    perSecond.stream().mapToLong(Long::longValue).average().orElse(0);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,d | %,d (%.2f %%) | %,d | %,d | %,d | %,d | %,.0f | %.2f / %.2f / %.2f / %.2f ms | %d, %d,"
                            + " %.1f | %s |%n",
                    p.name,
                    p.offered.sum(),
                    p.answered(),
                    100.0 * p.answered() / Math.max(1, p.offered.sum()),
                    p.count("STALE"),
                    p.count("LIVE") + p.count("FALLBACK"),
                    errors,
                    p.notSent.sum(),
                    (p.offered.sum() - p.notSent.sum()) / (p.durationNanos / 1e9),
                    p.percentileMillis(50),
                    p.percentileMillis(99),
                    p.percentileMillis(99.9),
                    p.percentileMillis(100),
                    first,
                    maxAfter,
                    mean,
                    p.firstLiveNanos < 0 ? "-" : String.format(Locale.ROOT, "%.0f ms", p.firstLiveNanos / 1e6));
        }
        System.out.printf(Locale.ROOT, "(offered %d req/s)%n", rate);
    }
}
