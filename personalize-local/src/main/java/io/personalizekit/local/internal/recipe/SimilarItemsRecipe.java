package io.personalizekit.local.internal.recipe;

import io.personalizekit.schema.DatasetType;
import java.util.List;
import java.util.Map;

/**
 * {@code aws-similar-items}: co-occurrence in user histories blended with item metadata similarity (categorical
 * fields and the textual field of the items dataset), so items without interactions get similar items too.
 * Defaults {@code popularity_discount_factor=0.0}, {@code min_cointeraction_count=1}.
 */
final class SimilarItemsRecipe implements Recipe {
    private static final RecipeInfo INFO = RecipeInfo.of(
            "aws-similar-items",
            RecipeType.RELATED_ITEMS,
            "Generates items similar to an item from co-occurrence in user histories and item metadata.");
    private static final List<HyperParameter> HYPER_PARAMETERS = List.of(
            HyperParameter.continuous(SimsRecipe.DISCOUNT, 0.0, 0.0, 1.0),
            HyperParameter.integer(SimsRecipe.MIN_CO, 1, 0, 10));

    @Override
    public RecipeInfo info() {
        return INFO;
    }

    @Override
    public Requirements requirements() {
        return Requirements.reading(DatasetType.ITEMS);
    }

    @Override
    public List<HyperParameter> hyperParameters() {
        return HYPER_PARAMETERS;
    }

    @Override
    public Model train(TrainingData data, HyperParameters hp) {
        return ItemToItem.train(
                data,
                ItemUniverse.withCatalog(data),
                ItemMetadata.of(data),
                hp.doubleValue(SimsRecipe.DISCOUNT),
                hp.intValue(SimsRecipe.MIN_CO));
    }

    @Override
    public Map<String, Double> evaluate(TrainingData data, HyperParameters hp) {
        return ItemToItem.evaluate(
                data,
                ItemUniverse.withCatalog(data),
                ItemMetadata.of(data),
                hp.doubleValue(SimsRecipe.DISCOUNT),
                hp.intValue(SimsRecipe.MIN_CO));
    }
}
