package io.personalizekit.local.internal.recipe;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code aws-trending-now}: the items whose interactions grew fastest over the trend discovery interval
 * ({@link Trends}), then popular items. The feature transformation parameter {@code trend_discovery_frequency}
 * ({@code 30 minutes}, {@code 1 hour}, {@code 2 hours} (default), {@code 3 hours}, {@code 1 day}) sets the
 * interval; the trend is measured up to the latest interaction of the training data (the service measures it up
 * to now and refreshes it every 2 hours without a new solution version; here a new version refreshes it). Its
 * metrics recommend the same trending top 25 of the held-out data to every user.
 */
final class TrendingNowRecipe implements Recipe {
    static final String FREQUENCY = "trend_discovery_frequency";
    static final List<String> FREQUENCIES = List.of("30 minutes", "1 hour", "2 hours", "3 hours", "1 day");
    private static final long[] SECONDS = {1_800, 3_600, 7_200, 10_800, 86_400};

    private static final RecipeInfo INFO = RecipeInfo.of(
                    "aws-trending-now", RecipeType.POPULAR_ITEMS, "Items gaining popularity fastest.")
            .withAlgorithm("aws-trending-now-custom");
    private static final List<HyperParameter> HYPER_PARAMETERS =
            List.of(HyperParameter.featureChoice(FREQUENCY, "2 hours", FREQUENCIES));

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

    private static long interval(HyperParameters hp) {
        return SECONDS[FREQUENCIES.indexOf(hp.choice(FREQUENCY))];
    }

    @Override
    public Model train(TrainingData data, HyperParameters hp) {
        ItemUniverse universe = ItemUniverse.interacted(data);
        int[] order = Trends.order(data.itemColumn(), data.timestampColumn(), universe.size(), interval(hp), p -> true);
        return new PopularItemsModel(universe, order);
    }

    @Override
    public Map<String, Double> evaluate(TrainingData data, HyperParameters hp) {
        int nItems = ItemUniverse.interacted(data).size();
        CoOccurrenceGraph split = CoOccurrenceGraph.heldOut(data, nItems);
        int[] users = data.userColumn();
        int[] items = data.itemColumn();
        int[] order = Trends.order(
                items, data.timestampColumn(), nItems, interval(hp), p -> split.heldOut[users[p]] != items[p]);
        int[] top = Arrays.copyOf(order, Math.min(HeldOutEvaluation.TOP, nItems));
        return HeldOutEvaluation.evaluate(split, u -> top);
    }
}
