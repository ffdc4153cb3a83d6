package io.personalizekit.benchmarks.localdata;

import io.personalizekit.local.internal.data.CsvImporter;
import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.local.internal.data.ImportOutcome;
import io.personalizekit.local.internal.data.ModelTrainer;
import io.personalizekit.local.internal.data.TrainedModel;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Benchmark main for the personalize-local data engine: imports a generated 1,000,000-row interactions CSV
 * (100,000 users, 50,000 items) and a 50,000-row items CSV, then trains aws-similar-items, aws-sims and
 * aws-popularity-count on them. Each step runs {@code runs} times (default 3; the first run includes JIT
 * warm-up) and prints every wall time, the best and the heap in use afterwards.
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar
 * io.personalizekit.benchmarks.localdata.DataEngineBenchmark [runs]}
 */
public final class DataEngineBenchmark {
    static final int ROWS = 1_000_000;
    static final int USERS = 100_000;
    static final int ITEMS = 50_000;
    static final int GENRES = 50;
    static final int VOCABULARY = 5_000;

    /** The schema of {@link #interactionsCsv}'s file, shared by the data-engine benchmarks. */
    static final DatasetSchema INTERACTIONS_SCHEMA = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .stringField("EVENT_TYPE")
            .build();

    /** The schema of {@link #itemsCsv}'s file, shared by the data-engine benchmarks. */
    static final DatasetSchema ITEMS_SCHEMA = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("GENRES", o -> o.nullable().categorical())
            .longField("CREATION_TIMESTAMP")
            .stringField("DESCRIPTION", o -> o.nullable().textual())
            .build();

    private DataEngineBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args optional: the number of runs per step
     */
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        DatasetSchema interactionsSchema = DataEngineBenchmark.INTERACTIONS_SCHEMA;
        DatasetSchema itemsSchema = DataEngineBenchmark.ITEMS_SCHEMA;

        long t0 = System.nanoTime();
        byte[] interactionsCsv = interactionsCsv(new SplittableRandom(42));
        byte[] itemsCsv = itemsCsv(new SplittableRandom(7));
        System.out.printf(
                "generated %,d interaction rows (%.1f MB) and %,d items (%.1f MB) in %d ms%n",
                ROWS, interactionsCsv.length / 1e6, ITEMS, itemsCsv.length / 1e6, (System.nanoTime() - t0) / 1_000_000);
        System.out.printf(
                "JVM: %s, max heap %d MB, %d processors%n",
                System.getProperty("java.vm.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());

        CsvImporter importer = CsvImporter.create();
        cpuMark = cpuNanos();
        DatasetData interactions = null;
        List<Long> times = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            long s = System.nanoTime();
            ImportOutcome out = importer.importCsv(interactionsSchema, List.of(interactionsCsv));
            times.add(System.nanoTime() - s);
            if (!out.isOk()) {
                throw new IllegalStateException(out.failureReason().orElse("?"));
            }
            interactions = out.data();
        }
        report("import interactions CSV (1,000,000 rows)", times);
        times.clear();
        DatasetData items = null;
        for (int r = 0; r < runs; r++) {
            long s = System.nanoTime();
            items = importer.importCsv(itemsSchema, List.of(itemsCsv)).data();
            times.add(System.nanoTime() - s);
        }
        report("import items CSV (50,000 rows)", times);
        System.out.printf(
                "interactions: %,d rows, %,d users, %,d items%n",
                interactions.size(), interactions.userCount(), interactions.itemCount());

        ModelTrainer trainer = ModelTrainer.create();
        for (String recipe : List.of("aws-similar-items", "aws-sims", "aws-popularity-count")) {
            times.clear();
            cpuMark = cpuNanos();
            TrainedModel model = null;
            for (int r = 0; r < runs; r++) {
                long s = System.nanoTime();
                model = trainer.train(
                        recipe, interactions, recipe.equals("aws-similar-items") ? items : null, Map.of());
                times.add(System.nanoTime() - s);
            }
            report("train " + recipe, times);
            System.out.println("  metrics: " + model.metrics());
            long s = System.nanoTime();
            int n = 0;
            for (int i = 0; i < 10_000; i++) {
                n += model.similarItems("item-" + i, 25, id -> true).size();
            }
            System.out.printf(
                    "  10,000 similarItems(25) lookups: %d ms (%d ids)%n", (System.nanoTime() - s) / 1_000_000, n);
        }
    }

    private static long cpuMark = cpuNanos();

    /** CPU time of the whole process (all threads), to tell own work from waiting on a busy machine. */
    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static void report(String what, List<Long> nanos) {
        long best = nanos.stream().mapToLong(Long::longValue).min().orElse(0);
        long cpu = cpuNanos();
        long cpuPerRun = (cpu - cpuMark) / Math.max(1, nanos.size());
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf(
                "%s: wall %s ms, best %d ms; process CPU %d ms per run; heap in use after GC %d MB%n",
                what,
                Arrays.toString(nanos.stream().mapToLong(n -> n / 1_000_000).toArray()),
                best / 1_000_000,
                cpuPerRun / 1_000_000,
                (rt.totalMemory() - rt.freeMemory()) >> 20);
        cpuMark = cpuNanos();
    }

    /** Interactions: each user prefers one genre (70 % of reads), item popularity is Zipf-like (s = 0.8). */
    static byte[] interactionsCsv(SplittableRandom r) {
        double[] globalCdf = zipfCdf(ITEMS, 0.8);
        int perGenre = ITEMS / GENRES;
        double[] genreCdf = zipfCdf(perGenre, 0.8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(ROWS * 36);
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append("USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n");
        long ts = 1_690_000_000L;
        int[] preferred = new int[USERS];
        for (int u = 0; u < USERS; u++) {
            preferred[u] = r.nextInt(GENRES);
        }
        for (int row = 0; row < ROWS; row++) {
            // user activity is skewed too: a quarter of the users produce about half of the rows
            int u = r.nextDouble() < 0.5 ? r.nextInt(USERS / 4) : r.nextInt(USERS);
            int item;
            if (r.nextDouble() < 0.7) {
                item = preferred[u] + GENRES * sample(genreCdf, r);
            } else {
                item = sample(globalCdf, r);
            }
            ts += r.nextInt(3);
            sb.append("user-")
                    .append(u)
                    .append(",item-")
                    .append(item)
                    .append(',')
                    .append(ts)
                    .append(r.nextInt(10) == 0 ? ",purchase\n" : ",click\n");
            if (sb.length() > 60_000) {
                byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                sb.setLength(0);
            }
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        return out.toByteArray();
    }

    /** Items: item-i belongs to genre i % 50 (plus a second genre for a fifth of them) and has a short text. */
    static byte[] itemsCsv(SplittableRandom r) {
        double[] wordCdf = zipfCdf(VOCABULARY, 1.0);
        StringBuilder sb = new StringBuilder(ITEMS * 160);
        sb.append("ITEM_ID,GENRES,CREATION_TIMESTAMP,DESCRIPTION\n");
        for (int i = 0; i < ITEMS; i++) {
            int g = i % GENRES;
            sb.append("item-").append(i).append(",genre").append(g);
            if (r.nextInt(5) == 0) {
                sb.append("|genre").append(r.nextInt(GENRES));
            }
            sb.append(',').append(1_600_000_000L + i).append(",\"");
            for (int w = 0; w < 16; w++) {
                sb.append(w % 4 == 0 ? "g" + g + "w" + r.nextInt(20) : "w" + sample(wordCdf, r))
                        .append(' ');
            }
            sb.append("\"\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / Math.pow(k + 1, s);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        return cdf;
    }

    private static int sample(double[] cdf, SplittableRandom r) {
        int i = Arrays.binarySearch(cdf, r.nextDouble());
        return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
    }
}
