package io.personalizekit.benchmarks.local;

import io.personalizekit.local.PersonalizeLocal;
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
 *   <li>GetRecommendations throughput with N client threads against a trained Similar-Items campaign;
 *   <li>control-plane latency (p50/p99) of Describe, List and Create/Delete calls;
 *   <li>an interactions CSV of R rows imported through the API: S3 upload, CreateDatasetImportJob until ACTIVE.
 * </ol>
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar
 * io.personalizekit.benchmarks.local.LocalEmulatorBenchmark [threads] [seconds] [importRows]} (defaults 8, 10,
 * 1000000).
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
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int importRows = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().timeScale(0).threads(8).build().start()) {
            PersonalizeClient p = local.personalizeClient();
            S3Client s3 = local.s3Client();
            s3.createBucket(r -> r.bucket("bench"));
            String schema = p.createSchema(r -> r.name("bench-interactions").schema(INTERACTIONS_SCHEMA))
                    .schemaArn();
            String group = p.createDatasetGroup(r -> r.name("bench")).datasetGroupArn();
            await(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group)).datasetGroup().status());
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
            await(() -> p.describeSolution(r -> r.solutionArn(solution)).solution().status());
            long t0 = System.nanoTime();
            String version = p.createSolutionVersion(r -> r.solutionArn(solution)).solutionVersionArn();
            String trained = await(() -> p.describeSolutionVersion(r -> r.solutionVersionArn(version))
                    .solutionVersion()
                    .status());
            System.out.printf(Locale.ROOT, "training through the API: %s in %.2f s%n", trained,
                    (System.nanoTime() - t0) / 1e9);
            String campaign = p.createCampaign(r -> r.name("bench").solutionVersionArn(version)).campaignArn();
            await(() -> p.describeCampaign(r -> r.campaignArn(campaign)).campaign().status());

            // 1. runtime throughput
            PersonalizeRuntimeClient runtime = local.runtimeClient();
            runFor(runtime, campaign, threads, 3); // warm-up
            long calls = runFor(runtime, campaign, threads, seconds);
            System.out.printf(
                    Locale.ROOT,
                    "GetRecommendations: %d client threads, %d s: %,d calls, %,.0f requests/s%n",
                    threads,
                    seconds,
                    calls,
                    calls / (double) seconds);

            // 2. control-plane latency
            latency("DescribeCampaign", 3000, () -> p.describeCampaign(r -> r.campaignArn(campaign)));
            latency("ListDatasetGroups", 3000, () -> p.listDatasetGroups(r -> r.maxResults(10)));
            int[] n = {0};
            latency("CreateSchema+DeleteSchema", 1500, () -> {
                String name = "s" + n[0]++;
                String arn = p.createSchema(r -> r.name(name).schema(INTERACTIONS_SCHEMA)).schemaArn();
                p.deleteSchema(r -> r.schemaArn(arn));
                return arn;
            });
        }
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
            b.append('u').append(user).append(",i").append(item).append(',').append(1600000000L + i).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long runFor(PersonalizeRuntimeClient runtime, String campaign, int threads, int seconds)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                long count = 0;
                while (!stop.get()) {
                    String item = "i" + ThreadLocalRandom.current().nextInt(50_000);
                    runtime.getRecommendations(r -> r.campaignArn(campaign).itemId(item).numResults(25));
                    count++;
                }
                return count;
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long total = 0;
        for (Future<Long> f : futures) {
            total += f.get();
        }
        pool.shutdown();
        return total;
    }

    private static void latency(String label, int calls, Supplier<?> call) {
        for (int i = 0; i < calls / 3; i++) {
            call.get();
        }
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            call.get();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "%s: %d calls, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                label,
                calls,
                nanos[calls / 2] / 1e6,
                nanos[(int) (calls * 0.99)] / 1e6,
                nanos[calls - 1] / 1e6);
    }
}
