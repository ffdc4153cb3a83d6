package io.personalizekit.local.internal.recipe;

import io.personalizekit.schema.DatasetType;
import java.util.List;
import java.util.Map;

/**
 * {@code aws-personalized-ranking-v2}: the ranking of {@link PersonalizedRankingRecipe} with the hyperparameter of
 * the v2 recipes, {@code apply_recency_bias} (default true). The service's model is a transformer; this one is not.
 */
final class PersonalizedRankingV2Recipe implements Recipe {
    private static final RecipeInfo INFO = RecipeInfo.of(
            "aws-personalized-ranking-v2",
            RecipeType.PERSONALIZED_RANKING,
            "Transformer-based ranking of a list of items for a user.");
    private static final List<HyperParameter> HYPER_PARAMETERS =
            List.of(HyperParameter.bool(UserPersonalizationV2Recipe.APPLY_RECENCY_BIAS, true));

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

    private static UserPersonalization.Config config(HyperParameters hp) {
        return new UserPersonalization.Config(
                false, hp.booleanValue(UserPersonalizationV2Recipe.APPLY_RECENCY_BIAS), 0, 1, false);
    }

    @Override
    public Model train(TrainingData data, HyperParameters hp) {
        return UserPersonalization.train(data, config(hp));
    }

    @Override
    public Map<String, Double> evaluate(TrainingData data, HyperParameters hp) {
        return UserPersonalization.evaluate(data, config(hp));
    }
}
