package io.personalizekit.local.internal.data;

import io.personalizekit.local.Golden;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The trained output of today's recipes (aws-similar-items, aws-sims, aws-popularity-count) on a fixed dataset,
 * against a recorded golden file: the top-25 lists of a set of seeds (warm, cold, metadata-only, unknown), a
 * filtered list, a list past the precomputed neighbours, the popular items and the metrics. Recorded before the
 * recipe SPI refactoring, so the refactored recipes must train exactly the same models.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecipeGoldenTest {
    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();
    static final DatasetSchema ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("GENRES", o -> o.nullable().categorical())
            .stringField("DESCRIPTION", o -> o.nullable().textual())
            .build();

    static final int ITEM_COUNT = 720;
    static final int CATEGORIES = 12;
    static final int USERS = 2600;
    static final List<String> SEEDS = List.of(
            "it-0", "it-1", "it-7", "it-100", "it-355", "it-719", "cold-3", "cold-11", "orphan-2", "no-such-item");

    /** Deterministic data exercising every branch of today's trainer. */
    static final class Data {
        final DatasetData interactions = DatasetData.empty(INTERACTIONS);
        final DatasetData items = DatasetData.empty(ITEMS);

        Data() {
            Random r = new Random(20261201L);
            for (int i = 0; i < ITEM_COUNT; i++) {
                Map<String, String> f = new HashMap<>();
                int c = i % CATEGORIES;
                f.put("GENRES", r.nextInt(5) == 0 ? "Cat" + c + "|cat" + r.nextInt(CATEGORIES) : "cat" + c);
                if (r.nextInt(20) != 0) {
                    f.put("DESCRIPTION", description(r, c));
                }
                items.upsertItem("it-" + i, f);
            }
            for (int k = 0; k < 24; k++) {
                // cold items: metadata only, never read
                int c = k % CATEGORIES;
                items.upsertItem("cold-" + k, Map.of("GENRES", "cat" + c, "DESCRIPTION", description(r, c)));
            }
            long base = 1_700_000_000L;
            for (int u = 0; u < USERS; u++) {
                int primary = r.nextInt(CATEGORIES);
                int reads = u < 5 ? 260 : u % 17 == 0 ? 1 : 3 + r.nextInt(9);
                boolean ordered = u % 3 == 0;
                for (int k = 0; k < reads; k++) {
                    double x = r.nextDouble();
                    String item;
                    if (x < 0.02) {
                        item = "orphan-" + r.nextInt(6); // read, but not in the items dataset
                    } else {
                        int c = x < 0.75 ? primary : r.nextInt(CATEGORIES);
                        int rank = (int) Math.floor(Math.pow(r.nextDouble(), 2.2) * (ITEM_COUNT / CATEGORIES));
                        item = "it-" + (c + CATEGORIES * rank);
                    }
                    long ts = ordered ? base + u * 1000L + k : base + r.nextInt(50_000);
                    interactions.appendInteraction("user-" + u, item, ts, null, null);
                }
            }
        }

        private static String description(Random r, int c) {
            StringBuilder sb = new StringBuilder("<p>The");
            for (int w = 0; w < 8; w++) {
                sb.append(' ')
                        .append(w % 2 == 0 ? "topic" + c + "word" + r.nextInt(6) : "common" + r.nextInt(40))
                        .append(r.nextInt(4) == 0 ? " and the" : "");
            }
            return sb.append(".</p>").toString();
        }
    }

    @Test
    void todaysRecipes_trainTheRecordedModels() {
        Data data = new Data();
        ModelTrainer trainer = ModelTrainer.create();
        StringBuilder out = new StringBuilder();
        out.append("interactions=")
                .append(data.interactions.size())
                .append(" users=")
                .append(data.interactions.userCount())
                .append(" items=")
                .append(data.interactions.itemCount())
                .append('\n');
        record Run(String recipe, Map<String, String> hyperParameters) {}
        for (Run run : List.of(
                new Run("aws-similar-items", Map.of()),
                new Run(
                        "aws-similar-items",
                        Map.of("popularity_discount_factor", "0.3", "min_cointeraction_count", "2")),
                new Run("aws-sims", Map.of()),
                new Run("aws-sims", Map.of("popularity_discount_factor", "0.9", "min_cointeraction_count", "5")),
                new Run("aws-popularity-count", Map.of()))) {
            TrainedModel model = trainer.train(run.recipe(), data.interactions, data.items, run.hyperParameters());
            out.append("\n== ")
                    .append(run.recipe())
                    .append(' ')
                    .append(new TreeMap<>(run.hyperParameters()))
                    .append('\n');
            out.append("recipeName=").append(model.recipeName()).append('\n');
            out.append("itemCount=").append(model.itemCount()).append('\n');
            out.append("returnsScores=").append(model.returnsScores()).append('\n');
            out.append("metrics=").append(new TreeMap<>(model.metrics())).append('\n');
            out.append("popular=")
                    .append(String.join(",", model.popularItems(25, id -> true)))
                    .append('\n');
            for (String seed : SEEDS) {
                out.append("similar ")
                        .append(seed)
                        .append(" known=")
                        .append(model.knowsItem(seed))
                        .append(": ")
                        .append(String.join(",", model.similarItems(seed, 25, id -> true)))
                        .append('\n');
            }
            out.append("filtered it-5: ")
                    .append(String.join(
                            ",", model.similarItems("it-5", 25, id -> Math.floorMod(id.hashCode(), 3) != 0)))
                    .append('\n');
            out.append("long it-12: ")
                    .append(String.join(",", model.similarItems("it-12", 130, id -> true)))
                    .append('\n');
        }
        Golden.check("recipes-model.txt", out.toString());
    }
}
