package io.personalizekit.benchmarks.localdata;

import io.personalizekit.local.internal.data.CsvImporter;
import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.local.internal.data.ImportOutcome;
import io.personalizekit.local.internal.data.ModelTrainer;
import io.personalizekit.local.internal.data.TrainedModel;
import io.personalizekit.local.internal.recipe.CampaignSettings;
import io.personalizekit.local.internal.recipe.Query;
import io.personalizekit.local.internal.recipe.UserEvent;
import io.personalizekit.schema.DatasetSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Benchmark main for User-Personalization-v2 in personalize-local: trains {@code aws-user-personalization-v2} on
 * the data of {@link DataEngineBenchmark} (1,000,000 interactions, 100,000 users, 50,000 items; the issue's
 * target is under 60 s at {@code -Xmx2g}), then serves a user's 25 recommendations and an item's 25 similar items
 * ({@code aws-similar-items} trained on the same data) side by side, in alternating rounds, through the same
 * serving path as GetRecommendations ({@code TrainedModel.recommend}); a third column serves users who have 5
 * streamed events (PutEvents since training), whose lists are computed at request time.
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar
 * io.personalizekit.benchmarks.localdata.UserPersonalizationBenchmark [trainingRuns] [lookupsPerRound]}
 */
public final class UserPersonalizationBenchmark {
    private static final int ROUNDS = 6;

    private UserPersonalizationBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args optional: the number of trainings (default 2), the lookups per round (default 20,000)
     */
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        DatasetSchema interactionsSchema = DataEngineBenchmark.INTERACTIONS_SCHEMA;
        DatasetSchema itemsSchema = DataEngineBenchmark.ITEMS_SCHEMA;
        CsvImporter importer = CsvImporter.create();
        ImportOutcome imported = importer.importCsv(
                interactionsSchema, List.of(DataEngineBenchmark.interactionsCsv(new SplittableRandom(42))));
        if (!imported.isOk()) {
            throw new IllegalStateException(imported.failureReason().orElse("?"));
        }
        DatasetData interactions = imported.data();
        DatasetData items = importer.importCsv(
                        itemsSchema, List.of(DataEngineBenchmark.itemsCsv(new SplittableRandom(7))))
                .data();
        System.out.printf(
                "interactions: %,d rows, %,d users, %,d items; JVM %s, max heap %d MB, %d processors%n",
                interactions.size(),
                interactions.userCount(),
                interactions.itemCount(),
                System.getProperty("java.vm.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());

        ModelTrainer trainer = ModelTrainer.create();
        TrainedModel up = null;
        List<Long> wall = new ArrayList<>();
        long cpu0 = cpuNanos();
        for (int r = 0; r < runs; r++) {
            long s = System.nanoTime();
            up = trainer.train("aws-user-personalization-v2", interactions, items, Map.of());
            wall.add(System.nanoTime() - s);
        }
        report("train aws-user-personalization-v2", wall, cpuNanos() - cpu0);
        System.out.println("  metrics: " + up.metrics());
        wall.clear();
        cpu0 = cpuNanos();
        long s = System.nanoTime();
        TrainedModel similar = trainer.train("aws-similar-items", interactions, items, Map.of());
        wall.add(System.nanoTime() - s);
        report("train aws-similar-items (for the lookups)", wall, cpuNanos() - cpu0);

        String[] users = interactions.userIdArray();
        String[] itemIds = interactions.itemIdArray();
        long[] userNanos = new long[ROUNDS];
        long[] itemNanos = new long[ROUNDS];
        long[] liveNanos = new long[ROUNDS];
        List<UserEvent> clicks = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            clicks.add(new UserEvent(itemIds[k * 7], 1_800_000_000L + k, "click", null, null));
        }
        long sink = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long t = System.nanoTime();
            for (int k = 0; k < lookups; k++) {
                String user = users[(int) ((k * 2_654_435_761L + round) % users.length)];
                sink += up.recommend(new Query(null, user), 25, id -> true).size();
            }
            userNanos[round] = (System.nanoTime() - t) / lookups;
            t = System.nanoTime();
            for (int k = 0; k < lookups; k++) {
                String item = itemIds[(int) ((k * 2_654_435_761L + round) % itemIds.length)];
                sink += similar.recommend(new Query(item, null), 25, id -> true).size();
            }
            itemNanos[round] = (System.nanoTime() - t) / lookups;
            t = System.nanoTime();
            for (int k = 0; k < lookups; k++) {
                String user = users[(int) ((k * 2_654_435_761L + round) % users.length)];
                Query q = new Query(null, user, clicks, CampaignSettings.DEFAULT);
                sink += up.recommend(q, 25, id -> true).size();
            }
            liveNanos[round] = (System.nanoTime() - t) / lookups;
            System.out.printf(
                    "round %d: a user's 25 recommendations %,d ns, an item's 25 similar items %,d ns;"
                            + " a user's 25 after 5 streamed events %,d ns%n",
                    round + 1, userNanos[round], itemNanos[round], liveNanos[round]);
        }
        long[] u = Arrays.copyOfRange(userNanos, 1, ROUNDS);
        long[] i = Arrays.copyOfRange(itemNanos, 1, ROUNDS);
        long[] l = Arrays.copyOfRange(liveNanos, 1, ROUNDS);
        Arrays.sort(u);
        Arrays.sort(i);
        Arrays.sort(l);
        System.out.printf(
                "median of rounds 2-%d: user %,d ns, similar items %,d ns, ratio %.2f; user after streamed events"
                        + " %,d ns (%d results)%n",
                ROUNDS,
                u[u.length / 2],
                i[i.length / 2],
                (double) u[u.length / 2] / i[i.length / 2],
                l[l.length / 2],
                sink);
    }

    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static void report(String what, List<Long> nanos, long cpu) {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf(
                "%s: wall %s ms, best %d ms; process CPU %d ms per run; heap in use after GC %d MB%n",
                what,
                Arrays.toString(nanos.stream().mapToLong(n -> n / 1_000_000).toArray()),
                nanos.stream().mapToLong(Long::longValue).min().orElse(0) / 1_000_000,
                cpu / Math.max(1, nanos.size()) / 1_000_000,
                (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
}
