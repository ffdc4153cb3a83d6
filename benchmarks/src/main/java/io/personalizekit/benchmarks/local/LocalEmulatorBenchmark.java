package io.personalizekit.benchmarks.local;

import io.personalizekit.local.PersonalizeLocal;
import io.personalizekit.local.internal.http.BlockingHttpServer;
import io.personalizekit.local.internal.http.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * personalize-local end to end, through the real SDK v2 clients on loopback (server and load in one JVM, sharing
 * the cores):
 *
 * <ol>
 *   <li>GetRecommendations throughput with N client threads against a trained Similar-Items campaign, from
 *       {@code wrk} (N threads, N connections; when on PATH) and from the SDK v2 client, each side by side with
 *       the same canned response served by a bare JDK {@code HttpServer} and by the emulator's own HTTP server.
 *       The servers take turns in interleaved rounds (the order rotates each round, after one warm-up run each),
 *       and the figures are the medians of the rounds and of the per-round ratios;
 *   <li>control-plane latency (p50/p99) of Describe, List and Create/Delete calls;
 *   <li>an interactions CSV of R rows imported through the API: S3 upload, CreateDatasetImportJob until ACTIVE.
 * </ol>
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar
 * io.personalizekit.benchmarks.local.LocalEmulatorBenchmark [threads] [seconds] [importRows] [rounds]} (defaults 8,
 * 10, 1000000, 3; seconds per server per round).
 */
public final class LocalEmulatorBenchmark {
    private static final String INTERACTIONS_SCHEMA = "{\"type\":\"record\",\"name\":\"Interactions\","
            + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
            + "{\"name\":\"USER_ID\",\"type\":\"string\"},{\"name\":\"ITEM_ID\",\"type\":\"string\"},"
            + "{\"name\":\"TIMESTAMP\",\"type\":\"long\"}],\"version\":\"1.0\"}";
    private static final String ROLE = "arn:aws:iam::000000000000:role/PersonalizeS3";

    private LocalEmulatorBenchmark() {}

    /**
     * Runs the three measurements and prints the figures.
     *
     * @param args threads, seconds, import rows
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        // The JDK HttpServer reads this once, when its first server is made: without it, Nagle's algorithm and the
        // client's delayed ACK hold many responses ~40 ms, and the canned baseline measures that instead of the server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int importRows = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().timeScale(0).threads(8).build().start()) {
            PersonalizeClient p = local.personalizeClient();
            S3Client s3 = local.s3Client();
            s3.createBucket(r -> r.bucket("bench"));
            String schema = p.createSchema(r -> r.name("bench-interactions").schema(INTERACTIONS_SCHEMA))
                    .schemaArn();
            String group = p.createDatasetGroup(r -> r.name("bench")).datasetGroupArn();
            await(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                    .datasetGroup()
                    .status());
            String dataset = p.createDataset(r -> r.name("bench-interactions")
                            .datasetGroupArn(group)
                            .schemaArn(schema)
                            .datasetType("Interactions"))
                    .datasetArn();
            await(() -> p.describeDataset(r -> r.datasetArn(dataset)).dataset().status());

            // 3. import through the API (also the training data for 1.)
            byte[] csv = interactionsCsv(importRows, 50_000, 100_000);
            long u0 = System.nanoTime();
            s3.putObject(r -> r.bucket("bench").key("interactions.csv"), RequestBody.fromBytes(csv));
            long u1 = System.nanoTime();
            String job = p.createDatasetImportJob(r -> r.jobName("bench-import")
                            .datasetArn(dataset)
                            .roleArn(ROLE)
                            .dataSource(s -> s.dataLocation("s3://bench/interactions.csv")))
                    .datasetImportJobArn();
            String importStatus = await(() -> p.describeDatasetImportJob(r -> r.datasetImportJobArn(job))
                    .datasetImportJob()
                    .status());
            long u2 = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "import: %,d rows (%.1f MB): S3 upload %.2f s, CreateDatasetImportJob -> %s %.2f s%n",
                    importRows,
                    csv.length / 1e6,
                    (u1 - u0) / 1e9,
                    importStatus,
                    (u2 - u1) / 1e9);

            String solution = p.createSolution(r -> r.name("bench")
                            .datasetGroupArn(group)
                            .recipeArn("arn:aws:personalize:::recipe/aws-similar-items")
                            .performAutoTraining(false))
                    .solutionArn();
            await(() ->
                    p.describeSolution(r -> r.solutionArn(solution)).solution().status());
            long t0 = System.nanoTime();
            String version =
                    p.createSolutionVersion(r -> r.solutionArn(solution)).solutionVersionArn();
            String trained = await(() -> p.describeSolutionVersion(r -> r.solutionVersionArn(version))
                    .solutionVersion()
                    .status());
            System.out.printf(
                    Locale.ROOT, "training through the API: %s in %.2f s%n", trained, (System.nanoTime() - t0) / 1e9);
            String campaign = p.createCampaign(r -> r.name("bench").solutionVersionArn(version))
                    .campaignArn();
            await(() ->
                    p.describeCampaign(r -> r.campaignArn(campaign)).campaign().status());

            // 1. runtime throughput
            PersonalizeRuntimeClient runtime = local.runtimeClient();
            latency(
                    "GetRecommendations (1 SDK thread)",
                    2000,
                    () -> runtime.getRecommendations(r -> r.campaignArn(campaign)
                            .itemId("i" + ThreadLocalRandom.current().nextInt(50_000))));
            byte[] canned = cannedResponse(runtime, campaign);
            // Side by side, the transport ceilings on this machine: the same canned 25-item response from a bare JDK
            // HttpServer (nodelay, 8 worker threads) and from the emulator's own HTTP server with a no-op handler.
            com.sun.net.httpserver.HttpServer jdk =
                    com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 256);
            ExecutorService jdkExecutor = Executors.newFixedThreadPool(8);
            jdk.setExecutor(jdkExecutor);
            jdk.createContext("/", ex -> {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, canned.length);
                ex.getResponseBody().write(canned);
                ex.close();
            });
            jdk.start();
            BlockingHttpServer blocking = BlockingHttpServer.start(
                    "127.0.0.1",
                    0,
                    r -> HttpResponse.of(200, canned).header("Content-Type", "application/json"),
                    "bench-canned",
                    1024,
                    8,
                    1 << 20,
                    java.time.Duration.ofMinutes(5));
            try {
                URI emulatorUri = local.endpoint();
                URI jdkUri = URI.create("http://127.0.0.1:" + jdk.getAddress().getPort());
                URI blockingUri =
                        URI.create("http://127.0.0.1:" + blocking.address().getPort());

                // 1a. wrk: N threads, N keep-alive connections, a C load generator in its own process. The three
                // servers take turns, round by round, in an order that rotates, so a change of load hits them alike.
                String wrk = Wrk.find();
                if (wrk == null) {
                    System.out.println("wrk: not on PATH (apt-get install -y wrk); the wrk comparison is left out");
                } else {
                    List<String> names = List.of(
                            "GetRecommendations on the emulator",
                            "canned response, bare JDK HttpServer",
                            "canned response, the emulator's HTTP server with a no-op handler");
                    List<URI> targets = List.of(emulatorUri, jdkUri, blockingUri);
                    for (URI target : targets) {
                        Wrk.warmUp(wrk, target, campaign, threads);
                    }
                    double[][] rates = new double[targets.size()][rounds];
                    for (int r = 0; r < rounds; r++) {
                        StringBuilder line = new StringBuilder(String.format(
                                Locale.ROOT, "wrk -t%d -c%d -d%ds, round %d:", threads, threads, seconds, r + 1));
                        Wrk.Result[] results = new Wrk.Result[targets.size()];
                        for (int k = 0; k < targets.size(); k++) {
                            int i = (k + r) % targets.size();
                            results[i] = Wrk.run(wrk, targets.get(i), campaign, threads, seconds);
                            rates[i][r] = results[i].requestsPerSecond();
                        }
                        for (int i = 0; i < targets.size(); i++) {
                            line.append(String.format(
                                    Locale.ROOT,
                                    " %s %,.0f req/s (p50 %s, p99 %s);",
                                    i == 0 ? "emulator" : i == 1 ? "JDK canned" : "own canned",
                                    results[i].requestsPerSecond(),
                                    results[i].p50(),
                                    results[i].p99()));
                        }
                        System.out.println(line);
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "%nGetRecommendations, wrk -t%d -c%d, %d interleaved rounds of %d s: medians (ratios:"
                                    + " medians of the per-round ratios)%n%n| server | req/s | emulator vs it |%n"
                                    + "|---|---|---|%n",
                            threads,
                            threads,
                            rounds,
                            seconds);
                    for (int i = 0; i < targets.size(); i++) {
                        System.out.printf(
                                Locale.ROOT,
                                "| %s | %,.0f | %s |%n",
                                names.get(i),
                                median(rates[i]),
                                i == 0 ? "" : String.format(Locale.ROOT, "%.2fx", medianRatio(rates[0], rates[i])));
                    }
                }

                // 1b. the real SDK v2 client (Apache HTTP client), N threads in this JVM, against the emulator and the
                // canned server alternately, round by round
                try (PersonalizeRuntimeClient bareClient = PersonalizeRuntimeClient.builder()
                        .endpointOverride(blockingUri)
                        .region(local.region())
                        .credentialsProvider(local.credentialsProvider())
                        .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder()
                                .maxConnections(64))
                        .build()) {
                    List<PersonalizeRuntimeClient> clients = List.of(runtime, bareClient);
                    for (PersonalizeRuntimeClient c : clients) {
                        runFor(c, campaign, threads, 3); // warm-up
                    }
                    double[][] rates = new double[2][rounds];
                    double[][] cpu = new double[2][rounds];
                    for (int r = 0; r < rounds; r++) {
                        for (int k = 0; k < 2; k++) {
                            int i = (k + r) % 2;
                            Load load = runFor(clients.get(i), campaign, threads, seconds);
                            rates[i][r] = load.calls / (double) seconds;
                            cpu[i][r] = load.clientCpuNanos / 1e3 / load.calls;
                        }
                        System.out.printf(
                                Locale.ROOT,
                                "SDK v2, %d threads, round %d: emulator %,.0f req/s (client CPU %.0f us per call);"
                                        + " canned %,.0f req/s (%.0f us)%n",
                                threads,
                                r + 1,
                                rates[0][r],
                                cpu[0][r],
                                rates[1][r],
                                cpu[1][r]);
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "%nGetRecommendations, SDK v2 client, %d threads, %d interleaved rounds of %d s: medians%n%n"
                                    + "| server | req/s | client CPU per call | emulator vs it |%n|---|---|---|---|%n"
                                    + "| emulator | %,.0f | %.0f us | |%n"
                                    + "| canned response, the emulator's HTTP server with a no-op handler | %,.0f |"
                                    + " %.0f us | %.2fx |%n",
                            threads,
                            rounds,
                            seconds,
                            median(rates[0]),
                            median(cpu[0]),
                            median(rates[1]),
                            median(cpu[1]),
                            medianRatio(rates[0], rates[1]));
                }
            } finally {
                jdk.stop(0);
                jdkExecutor.shutdownNow();
                blocking.close();
            }

            // 2. control-plane latency
            latency("DescribeCampaign", 3000, () -> p.describeCampaign(r -> r.campaignArn(campaign)));
            latency("ListDatasetGroups", 3000, () -> p.listDatasetGroups(r -> r.maxResults(10)));
            int[] n = {0};
            latency("CreateSchema+DeleteSchema", 1500, () -> {
                String name = "s" + n[0]++;
                String arn = p.createSchema(r -> r.name(name).schema(INTERACTIONS_SCHEMA))
                        .schemaArn();
                p.deleteSchema(r -> r.schemaArn(arn));
                return arn;
            });
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The median of the per-round ratios {@code a[r] / b[r]}. */
    static double medianRatio(double[] a, double[] b) {
        double[] ratios = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            ratios[r] = a[r] / b[r];
        }
        return median(ratios);
    }

    private static String await(Supplier<String> status) {
        while (true) {
            String s = status.get();
            if (s.equals("ACTIVE") || s.equals("CREATE FAILED")) {
                return s;
            }
            Thread.onSpinWait();
        }
    }

    private static byte[] interactionsCsv(int rows, int items, int users) {
        StringBuilder b = new StringBuilder(rows * 24);
        b.append("USER_ID,ITEM_ID,TIMESTAMP\n");
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < rows; i++) {
            int user = random.nextInt(users);
            // items cluster by user group so co-occurrence has structure; a power-law-ish popularity skew
            int item = (int) ((user % 500) * 100L + (long) (Math.pow(random.nextDouble(), 2) * 100)) % items;
            b.append('u')
                    .append(user)
                    .append(",i")
                    .append(item)
                    .append(',')
                    .append(1600000000L + i)
                    .append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Calls made and CPU time the client threads spent on them. */
    private record Load(long calls, long clientCpuNanos) {}

    private static Load runFor(PersonalizeRuntimeClient runtime, String campaign, int threads, int seconds)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> futures = new ArrayList<>();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                long cpu0 = mx.getCurrentThreadCpuTime();
                long count = 0;
                while (!stop.get()) {
                    String item = "i" + ThreadLocalRandom.current().nextInt(50_000);
                    runtime.getRecommendations(
                            r -> r.campaignArn(campaign).itemId(item).numResults(25));
                    count++;
                }
                return new long[] {count, mx.getCurrentThreadCpuTime() - cpu0};
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long total = 0;
        long cpu = 0;
        for (Future<long[]> f : futures) {
            long[] r = f.get();
            total += r[0];
            cpu += r[1];
        }
        pool.shutdown();
        return new Load(total, cpu);
    }

    private static byte[] cannedResponse(PersonalizeRuntimeClient runtime, String campaign) {
        StringBuilder b = new StringBuilder("{\"itemList\":[");
        var items = runtime.getRecommendations(r -> r.campaignArn(campaign).itemId("i1"))
                .itemList();
        for (int i = 0; i < items.size(); i++) {
            b.append(i == 0 ? "" : ",")
                    .append("{\"itemId\":\"")
                    .append(items.get(i).itemId())
                    .append("\"}");
        }
        b.append("],\"recommendationId\":\"RID-00000000-0000-0000-0000-000000000000\"}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void latency(String label, int calls, Supplier<?> call) {
        for (int i = 0; i < calls / 3; i++) {
            call.get();
        }
        long[] nanos = new long[calls];
        long[] gc0 = gc();
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            call.get();
            nanos[i] = System.nanoTime() - t;
        }
        long[] gc1 = gc();
        Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "%s: %d calls, p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d GC pauses, %d ms, in this JVM meanwhile)%n",
                label,
                calls,
                nanos[calls / 2] / 1e6,
                nanos[(int) (calls * 0.99)] / 1e6,
                nanos[calls - 1] / 1e6,
                gc1[0] - gc0[0],
                gc1[1] - gc0[1]);
    }

    /** Collections and their total time so far, over every collector of this JVM. */
    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (java.lang.management.GarbageCollectorMXBean b :
                java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, b.getCollectionCount());
            millis += Math.max(0, b.getCollectionTime());
        }
        return new long[] {count, millis};
    }
}
