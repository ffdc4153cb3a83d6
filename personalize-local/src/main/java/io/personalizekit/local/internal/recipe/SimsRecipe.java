package io.personalizekit.local.internal.recipe;

import java.util.List;
import java.util.Map;

/**
 * {@code aws-sims}: item-to-item collaborative filtering on co-occurrence in user histories only, over the items
 * with interactions. Defaults {@code popularity_discount_factor=0.5}, {@code min_cointeraction_count=3}.
 */
final class SimsRecipe implements Recipe {
    static final String DISCOUNT = "popularity_discount_factor";
    static final String MIN_CO = "min_cointeraction_count";

    private static final RecipeInfo INFO = RecipeInfo.of(
                    "aws-sims", RecipeType.RELATED_ITEMS, "Item-to-item collaborative filtering on interactions.")
            .withFeatureTransformation("sims");
    private static final List<HyperParameter> HYPER_PARAMETERS =
            List.of(HyperParameter.continuous(DISCOUNT, 0.5, 0.0, 1.0), HyperParameter.integer(MIN_CO, 3, 0, 10));

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
        return ItemToItem.train(
                data, ItemUniverse.interacted(data), null, hp.doubleValue(DISCOUNT), hp.intValue(MIN_CO));
    }

    @Override
    public Map<String, Double> evaluate(TrainingData data, HyperParameters hp) {
        return ItemToItem.evaluate(
                data, ItemUniverse.interacted(data), null, hp.doubleValue(DISCOUNT), hp.intValue(MIN_CO));
    }
}
