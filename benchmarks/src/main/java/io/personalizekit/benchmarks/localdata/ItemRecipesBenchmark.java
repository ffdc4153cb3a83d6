package io.personalizekit.benchmarks.localdata;

import io.personalizekit.local.internal.data.CsvImporter;
import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.local.internal.data.ImportOutcome;
import io.personalizekit.local.internal.data.ModelTrainer;
import io.personalizekit.local.internal.data.TrainedModel;
import io.personalizekit.local.internal.recipe.ActionModel;
import io.personalizekit.local.internal.recipe.RecipeCatalog;
import io.personalizekit.local.internal.recipe.SegmentModel;
import io.personalizekit.local.internal.recipe.SegmentQuery;
import io.personalizekit.local.internal.recipe.UserEvent;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Benchmark main for personalize-local's item, segment and action recipes, on the data of
 * {@link DataEngineBenchmark} (1,000,000 interactions, 100,000 users, 50,000 items with a 16-word description):
 * trains aws-semantic-similarity (items only) and serves 10,000 similar-items lookups; trains aws-item-affinity and
 * aws-item-attribute-affinity and answers 500 segment queries of 1,000 users each; trains aws-next-best-action on 100
 * actions and 500,000 action interactions and answers 10,000 action requests from each user's history. Each
 * training runs {@code runs} times (the first includes JIT warm-up) and prints wall and process CPU time.
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar
 * io.personalizekit.benchmarks.localdata.ItemRecipesBenchmark [runs]}
 */
public final class ItemRecipesBenchmark {
    static final int ACTIONS = 100;
    static final int ACTION_ROWS = 500_000;

    private ItemRecipesBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args optional: the number of runs per training
     */
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        DatasetSchema interactionsSchema = DataEngineBenchmark.INTERACTIONS_SCHEMA;
        DatasetSchema itemsSchema = DataEngineBenchmark.ITEMS_SCHEMA;
        DatasetSchema namedItemsSchema = SchemaBuilder.forType(DatasetType.ITEMS)
                .stringField("ITEM_ID")
                .stringField("TITLE", o -> o.itemName())
                .stringField("GENRES", o -> o.nullable().categorical())
                .longField("CREATION_TIMESTAMP")
                .stringField("DESCRIPTION", o -> o.nullable().textual())
                .build();
        CsvImporter importer = CsvImporter.create();
        DatasetData interactions =
                imported(importer, interactionsSchema, DataEngineBenchmark.interactionsCsv(new SplittableRandom(42)));
        String itemsCsv = new String(DataEngineBenchmark.itemsCsv(new SplittableRandom(7)), StandardCharsets.UTF_8);
        DatasetData items = imported(importer, itemsSchema, itemsCsv.getBytes(StandardCharsets.UTF_8));
        DatasetData namedItems = imported(importer, namedItemsSchema, withTitles(itemsCsv));
        System.out.printf(
                "JVM: %s, max heap %d MB, %d processors; %,d interactions, %,d items%n",
                System.getProperty("java.vm.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(),
                interactions.size(),
                items.size());

        TrainedModel semantic = timed(
                "train aws-semantic-similarity (50,000 items, no interactions)",
                runs,
                () -> train(
                        "aws-semantic-similarity",
                        DatasetData.empty(DatasetType.INTERACTIONS),
                        Map.of(DatasetType.ITEMS, namedItems)));
        timed("10,000 similarItems(25) lookups", 1, () -> {
            int n = 0;
            for (int i = 0; i < 10_000; i++) {
                n += semantic.similarItems("item-" + i, 25, id -> true).size();
            }
            return n;
        });

        for (String recipe : List.of("aws-item-affinity", "aws-item-attribute-affinity")) {
            TrainedModel model = timed(
                    "train " + recipe + " (incl. metrics)",
                    runs,
                    () -> train(recipe, interactions, Map.of(DatasetType.ITEMS, items)));
            System.out.println("  metrics: " + model.metrics());
            SegmentModel segments = (SegmentModel) model.model();
            timed("500 segment queries of 1,000 users", 1, () -> {
                int n = 0;
                for (int i = 0; i < 500; i++) {
                    SegmentQuery q = recipe.equals("aws-item-affinity")
                            ? SegmentQuery.item("item-" + i * 97)
                            : SegmentQuery.attributes("ITEMS.GENRES = \"genre" + (i % 50) + "\"");
                    n += segments.usersFor(q, 1_000).size();
                }
                return n;
            });
        }

        DatasetSchema actionsSchema = SchemaBuilder.forType(DatasetType.ACTIONS)
                .stringField("ACTION_ID")
                .longField("VALUE", o -> o.nullable())
                .stringField("TYPE", o -> o.nullable())
                .stringField(
                        "CATEGORY", o -> o.categorical().nullable()) // the one metadata field an Actions schema needs
                .build();
        DatasetSchema actionInteractionsSchema = SchemaBuilder.forType(DatasetType.ACTION_INTERACTIONS)
                .stringField("USER_ID")
                .stringField("ACTION_ID")
                .stringField("EVENT_TYPE")
                .longField("TIMESTAMP")
                .build();
        SplittableRandom r = new SplittableRandom(11);
        StringBuilder actionsCsv = new StringBuilder("ACTION_ID,VALUE,TYPE,CATEGORY\n");
        for (int a = 0; a < ACTIONS; a++) {
            actionsCsv
                    .append("action-")
                    .append(a)
                    .append(',')
                    .append(1 + a % 10)
                    .append(",type")
                    .append(a % 10)
                    .append(",cat")
                    .append(a % 5)
                    .append('\n');
        }
        StringBuilder eventsCsv = new StringBuilder("USER_ID,ACTION_ID,EVENT_TYPE,TIMESTAMP\n");
        for (int row = 0; row < ACTION_ROWS; row++) {
            int u = r.nextInt(100_000);
            int a = r.nextInt(ACTIONS);
            boolean likes = a % 10 == u % 10;
            String type = r.nextDouble() < (likes ? 0.7 : 0.1) ? "Taken" : r.nextBoolean() ? "Not taken" : "Viewed";
            eventsCsv
                    .append("user-")
                    .append(u)
                    .append(",action-")
                    .append(a)
                    .append(',')
                    .append(type)
                    .append(',')
                    .append(1_690_000_000L + row)
                    .append('\n');
        }
        DatasetData actions =
                imported(importer, actionsSchema, actionsCsv.toString().getBytes(StandardCharsets.UTF_8));
        DatasetData actionInteractions = imported(
                importer, actionInteractionsSchema, eventsCsv.toString().getBytes(StandardCharsets.UTF_8));
        TrainedModel nba = timed(
                "train aws-next-best-action (100 actions, 500,000 action interactions)",
                runs,
                () -> train(
                        "aws-next-best-action",
                        interactions,
                        Map.of(DatasetType.ACTIONS, actions, DatasetType.ACTION_INTERACTIONS, actionInteractions)));
        System.out.println("  metrics: " + nba.metrics());
        Map<String, Map<String, String>> actionRecords = new LinkedHashMap<>();
        for (String id : actions.recordIds()) {
            actionRecords.put(id, actions.record(id));
        }
        ActionModel actionModel = (ActionModel) nba.model();
        timed("10,000 action requests (history read + top 5)", 1, () -> {
            int n = 0;
            for (int i = 0; i < 10_000; i++) {
                List<ActionModel.ActionEvent> history = new ArrayList<>();
                for (UserEvent e : actionInteractions.eventsOf("user-" + i)) {
                    history.add(new ActionModel.ActionEvent(e.itemId(), e.timestamp(), e.eventType()));
                }
                n += actionModel
                        .recommendActions(
                                new ActionModel.ActionRequest(history, actionRecords, 1_700_000_000L, 5, id -> true))
                        .size();
            }
            return n;
        });
    }

    private static TrainedModel train(String recipe, DatasetData interactions, Map<DatasetType, DatasetData> others) {
        return ModelTrainer.create()
                .train(RecipeCatalog.trainable(recipe).orElseThrow(), interactions, others, Map.of());
    }

    private static DatasetData imported(CsvImporter importer, DatasetSchema schema, byte[] csv) {
        ImportOutcome out = importer.importCsv(schema, List.of(csv));
        if (!out.isOk()) {
            throw new IllegalStateException(out.failureReason().orElse("?"));
        }
        return out.data();
    }

    /** The items CSV with a TITLE column after ITEM_ID. */
    private static byte[] withTitles(String itemsCsv) {
        StringBuilder b = new StringBuilder(itemsCsv.length() + 1_000_000);
        boolean header = true;
        for (String line : itemsCsv.split("\n")) {
            int comma = line.indexOf(',');
            b.append(line, 0, comma)
                    .append(header ? ",TITLE" : ",Title of " + line.substring(0, comma))
                    .append(line, comma, line.length())
                    .append('\n');
            header = false;
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T timed(String what, int runs, Supplier<T> work) {
        T result = null;
        List<Long> walls = new ArrayList<>();
        long cpu = cpuNanos();
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            result = work.get();
            walls.add((System.nanoTime() - s) / 1_000_000);
        }
        long cpuPerRun = (cpuNanos() - cpu) / runs / 1_000_000;
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf(
                "%s: wall %s ms; process CPU %d ms per run; heap in use after GC %d MB%n",
                what, walls, cpuPerRun, (rt.totalMemory() - rt.freeMemory()) >> 20);
        return result;
    }

    private static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
