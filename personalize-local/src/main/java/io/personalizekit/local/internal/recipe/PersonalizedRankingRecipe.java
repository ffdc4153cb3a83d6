package io.personalizekit.local.internal.recipe;

import io.personalizekit.schema.DatasetType;
import java.util.List;
import java.util.Map;

/**
 * {@code aws-personalized-ranking}: GetPersonalizedRanking orders the given items by the user's
 * {@link Neighbourhoods} score (the model of {@link UserPersonalizationRecipe} without exploration, over the items
 * with interactions); items without interactions follow without a score, as the service returns them. Same
 * hyperparameters as User-Personalization. The held-out metrics are those of the model's recommendations over all
 * items.
 */
final class PersonalizedRankingRecipe implements Recipe {
    private static final RecipeInfo INFO = RecipeInfo.of(
                    "aws-personalized-ranking", RecipeType.PERSONALIZED_RANKING, "Ranks a list of items for a user.")
            .withFeatureTransformation("JSON-percentile-filtering");

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
        return UserPersonalizationRecipe.HYPER_PARAMETERS;
    }

    @Override
    public Model train(TrainingData data, HyperParameters hp) {
        return UserPersonalization.train(data, UserPersonalizationRecipe.config(hp, false));
    }

    @Override
    public Map<String, Double> evaluate(TrainingData data, HyperParameters hp) {
        return UserPersonalization.evaluate(data, UserPersonalizationRecipe.config(hp, false));
    }
}
