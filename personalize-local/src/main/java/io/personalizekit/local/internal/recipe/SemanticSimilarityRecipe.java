package io.personalizekit.local.internal.recipe;

import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.local.internal.data.TrainingFailedException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaField;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code aws-semantic-similarity}: items similar to an item from their text alone. The service embeds the item name
 * and the textual field with a language model; personalize-local compares TF-IDF vectors of the same text by cosine
 * ({@link TextIndex}), which finds items sharing distinctive words, not synonyms. Every item of the Items dataset is
 * known, with or without interactions; each keeps its {@value #NEIGHBOURS} nearest items, served before the popular
 * items (by interactions, then catalog order), which are also what an unknown item or an item without text gets.
 *
 * <p>As in the service, the Items dataset is required and must have an {@code itemName} field and a textual field;
 * interactions are optional (the service uses them for the campaign's popularity ranking influence), so the
 * interaction minimums do not apply. The recipe has no hyperparameters. Metrics: when users with at least 2
 * interactions exist, the related-items held-out metrics of {@link HeldOutEvaluation} (the seed is each user's last
 * training item, the neighbours come from text only); otherwise only {@code coverage}, the share of items that appear
 * in the top {@value HeldOutEvaluation#TOP} of at least one item.
 */
final class SemanticSimilarityRecipe implements Recipe {
    static final int NEIGHBOURS = 100;

    private static final RecipeInfo INFO = RecipeInfo.of(
                    "aws-semantic-similarity",
                    RecipeType.RELATED_ITEMS,
                    "Items semantically similar to an item, from its name and textual description.")
            .withFeatureTransformation("aws-semantic-similarity");
    private static final Requirements REQUIREMENTS =
            new Requirements(EnumSet.of(DatasetType.INTERACTIONS, DatasetType.ITEMS), 0, 0);
    private static final TrainingData.Key<TextIndex> INDEX = new TrainingData.Key<>("text index", TextIndex.class);

    @Override
    public RecipeInfo info() {
        return INFO;
    }

    @Override
    public Requirements requirements() {
        return REQUIREMENTS;
    }

    @Override
    public List<HyperParameter> hyperParameters() {
        return List.of();
    }

    @Override
    public Model train(TrainingData data, HyperParameters hp) {
        TextIndex index = index(data);
        int[][] neighbours = index.neighboursOfAll(NEIGHBOURS);
        int[] counts = new int[index.universe.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = (int) index.popularity[i];
        }
        Model popular = new PopularItemsModel(index.universe, Popularity.order(counts));
        return new NeighboursModel(index.universe, neighbours, popular);
    }

    @Override
    public Map<String, Double> evaluate(TrainingData data, HyperParameters hp) {
        TextIndex index = index(data);
        int nItems = ItemUniverse.interacted(data).size();
        CoOccurrenceGraph split = CoOccurrenceGraph.heldOut(data, nItems);
        boolean anyHeldOut = false;
        for (int u = 0; u < split.nUsers && !anyHeldOut; u++) {
            anyHeldOut = split.heldOut[u] >= 0 && split.lastTrainPosition[u] >= 0;
        }
        ThreadLocal<TopK> tops = ThreadLocal.withInitial(TopK::new);
        if (!anyHeldOut) {
            return Map.of("coverage", textCoverage(index, tops));
        }
        ItemUniverse interacted = ItemUniverse.interacted(data);
        int[] toInteracted = new int[index.universe.size()];
        for (int i = 0; i < toInteracted.length; i++) {
            toInteracted[i] = interacted.index.getOrDefault(index.universe.ids[i], -1);
        }
        int[] seeds = HeldOutEvaluation.lastTrainingItems(data, split);
        String[] interactionIds = data.interactionItemIds();
        return HeldOutEvaluation.evaluate(split, u -> {
            Integer seed = seeds[u] < 0 ? null : index.universe.index.get(interactionIds[seeds[u]]);
            if (seed == null) {
                return new int[0];
            }
            int[] recs = index.neighbours(seed, HeldOutEvaluation.TOP, tops.get());
            int[] out = new int[recs.length];
            for (int p = 0; p < recs.length; p++) {
                out[p] = toInteracted[recs[p]];
            }
            return out;
        });
    }

    /** The share of items in at least one item's top 25, over up to 2,000 evenly sampled seeds. */
    private static double textCoverage(TextIndex index, ThreadLocal<TopK> tops) {
        int n = index.universe.size();
        if (n == 0) {
            return 0;
        }
        boolean[] covered = new boolean[n];
        int step = Math.max(1, (n + HeldOutEvaluation.MAX_EVAL_USERS - 1) / HeldOutEvaluation.MAX_EVAL_USERS);
        int count = 0;
        for (int seed = 0; seed < n; seed += step) {
            for (int j : index.neighbours(seed, HeldOutEvaluation.TOP, tops.get())) {
                if (!covered[j]) {
                    covered[j] = true;
                    count++;
                }
            }
        }
        return Math.round(10_000.0 * count / n) / 10_000.0;
    }

    private static TextIndex index(TrainingData data) {
        return data.derived(INDEX, d -> {
            DatasetData items = d.items();
            if (items == null || items.size() == 0) {
                throw new TrainingFailedException("Create failed. The aws-semantic-similarity recipe requires an Items"
                        + " dataset with item data; the dataset group has "
                        + (items == null ? "no Items dataset." : "an empty Items dataset."));
            }
            DatasetSchema schema = items.schema();
            String name = null;
            String text = null;
            for (SchemaField f : schema == null ? List.<SchemaField>of() : schema.fields()) {
                if (f.itemName() && name == null) {
                    name = f.name();
                }
                if (f.textual() && text == null) {
                    text = f.name();
                }
            }
            if (name == null || text == null) {
                throw new TrainingFailedException("Create failed. The aws-semantic-similarity recipe requires an Items"
                        + " schema with a string field whose itemName attribute is true and a string field whose"
                        + " textual attribute is true; this schema has "
                        + (name == null && text == null
                                ? "neither."
                                : name == null ? "no itemName field." : "no textual field."));
            }
            return TextIndex.build(items, name, text, interactionCounts(d));
        });
    }

    /** Interaction counts by item id. */
    private static Map<String, Integer> interactionCounts(TrainingData data) {
        String[] ids = data.interactionItemIds();
        int[] counts = Popularity.counts(data.itemColumn(), ids.length);
        Map<String, Integer> out = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            out.put(ids[i], counts[i]);
        }
        return out;
    }
}
