package io.personalizekit.local.internal.recipe;

import io.personalizekit.schema.DatasetType;
import java.util.List;
import java.util.Map;

/**
 * {@code aws-user-personalization-v2}: recommendations for a user from item-to-item neighbourhoods over the user's
 * recent history ({@link Neighbourhoods}, {@link PersonalizationModel}), updated at request time by the user's
 * streamed events; popular items for users without a history. {@code apply_recency_bias} (default true) weighs
 * the newest history items and interactions more. The service's model is a transformer; this one is not.
 */
final class UserPersonalizationV2Recipe implements Recipe {
    static final String APPLY_RECENCY_BIAS = "apply_recency_bias";

    private static final RecipeInfo INFO = RecipeInfo.of(
            "aws-user-personalization-v2",
            RecipeType.USER_PERSONALIZATION,
            "Transformer-based personalized recommendations for a user.");
    private static final List<HyperParameter> HYPER_PARAMETERS = List.of(HyperParameter.bool(APPLY_RECENCY_BIAS, true));

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
        return new UserPersonalization.Config(false, hp.booleanValue(APPLY_RECENCY_BIAS), 0, 1, false);
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
