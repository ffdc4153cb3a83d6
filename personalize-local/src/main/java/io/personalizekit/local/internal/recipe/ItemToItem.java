package io.personalizekit.local.internal.recipe;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Training and held-out metrics shared by the item-to-item recipes (SIMS, Similar-Items): every item's top
 * {@value ItemSimilarity#NEIGHBOURS} neighbours by {@link ItemSimilarity} over all interactions, served before
 * popular items; metrics from the same similarity over the held-out graph, seeded with each user's last training
 * item.
 */
final class ItemToItem {
    private ItemToItem() {}

    /**
     * Trains the neighbours model.
     *
     * @param data the training data
     * @param universe the items to know (those with interactions, and with metadata if the recipe reads it)
     * @param metadata item metadata indexed like {@code universe}, or null for co-occurrence only
     * @param popularityDiscount the {@code popularity_discount_factor}
     * @param minCoInteractions the {@code min_cointeraction_count}
     * @return the model
     */
    static Model train(
            TrainingData data,
            ItemUniverse universe,
            @Nullable ItemMetadata metadata,
            double popularityDiscount,
            int minCoInteractions) {
        CoOccurrenceGraph full = CoOccurrenceGraph.full(data, universe.size());
        int[][] neighbours =
                new ItemSimilarity(full, metadata, popularityDiscount, minCoInteractions).neighboursOfAll();
        return new NeighboursModel(universe, neighbours, PopularItemsModel.train(data, universe));
    }

    /**
     * The held-out metrics of the same training.
     *
     * @param data the training data
     * @param universe as for {@link #train}
     * @param metadata as for {@link #train}
     * @param popularityDiscount as for {@link #train}
     * @param minCoInteractions as for {@link #train}
     * @return the metrics
     */
    static Map<String, Double> evaluate(
            TrainingData data,
            ItemUniverse universe,
            @Nullable ItemMetadata metadata,
            double popularityDiscount,
            int minCoInteractions) {
        CoOccurrenceGraph split = CoOccurrenceGraph.heldOut(data, universe.size());
        ItemSimilarity similarity = new ItemSimilarity(split, metadata, popularityDiscount, minCoInteractions);
        int[] seeds = HeldOutEvaluation.lastTrainingItems(data, split);
        return HeldOutEvaluation.evaluate(split, u -> similarity.recommend(seeds[u], HeldOutEvaluation.TOP));
    }
}
