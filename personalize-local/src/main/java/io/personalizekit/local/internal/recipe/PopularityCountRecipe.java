package io.personalizekit.local.internal.recipe;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code aws-popularity-count}: the items with the most interactions. Its metrics recommend the same top 25 of the
 * held-out graph to every user.
 */
final class PopularityCountRecipe implements Recipe {
    private static final RecipeInfo INFO = RecipeInfo.of(
            "aws-popularity-count", RecipeType.POPULAR_ITEMS, "The most popular items, by interaction count.");
    /**
     * The service's recipe has no hyperparameters; these are checked (and unused) because personalize-local has
     * always rejected out-of-range values of them for every recipe it trains.
     */
    private static final List<HyperParameter> HYPER_PARAMETERS = List.of(
            HyperParameter.continuous(SimsRecipe.DISCOUNT, 0.0, 0.0, 1.0),
            HyperParameter.integer(SimsRecipe.MIN_CO, 1, 0, 10));

    @Override
    public RecipeInfo info() {
        return INFO;
    }

    @Override
    public Requirements requirements() {
        return Requirements.reading();
    }

    @Override
    public List<HyperParameter> hyperParameters() {
        return HYPER_PARAMETERS;
    }

    @Override
    public Model train(TrainingData data, HyperParameters hp) {
        return PopularItemsModel.train(data, ItemUniverse.interacted(data));
    }

    @Override
    public Map<String, Double> evaluate(TrainingData data, HyperParameters hp) {
        int nItems = ItemUniverse.interacted(data).size();
        CoOccurrenceGraph split = CoOccurrenceGraph.heldOut(data, nItems);
        int[] counts = new int[nItems];
        for (int p = 0; p < split.userStart[split.nUsers]; p++) {
            counts[split.userItems[p]]++;
        }
        int[] top = Arrays.copyOf(Popularity.order(counts), Math.min(HeldOutEvaluation.TOP, nItems));
        return HeldOutEvaluation.evaluate(split, u -> top);
    }
}
