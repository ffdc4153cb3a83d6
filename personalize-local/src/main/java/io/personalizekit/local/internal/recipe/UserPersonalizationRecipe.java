package io.personalizekit.local.internal.recipe;

import io.personalizekit.schema.DatasetType;
import java.util.List;
import java.util.Map;

/**
 * {@code aws-user-personalization}: the model of {@link UserPersonalizationV2Recipe} over the items with
 * interactions and the items dataset's items, with exploration of cold items ({@link Exploration}, the campaign's
 * {@code itemExplorationConfig}), which uses the {@code IMPRESSION} data. Hyperparameters as the service declares
 * them: {@code recency_mask} (true) works as v2's recency bias, {@code min/max_user_history_length_percentile}
 * (0.0 / 0.99) leave the users with the shortest and longest histories out of the neighbourhoods (they still get
 * recommendations); {@code hidden_dimension} (149, 32-256) and {@code bptt} (32, 2-32) are checked and have no
 * effect on this model.
 */
final class UserPersonalizationRecipe implements Recipe {
    static final String HIDDEN_DIMENSION = "hidden_dimension";
    static final String BPTT = "bptt";
    static final String RECENCY_MASK = "recency_mask";
    static final String MIN_PERCENTILE = "min_user_history_length_percentile";
    static final String MAX_PERCENTILE = "max_user_history_length_percentile";

    /** The hyperparameters of User-Personalization and Personalized-Ranking, with the service's defaults. */
    static final List<HyperParameter> HYPER_PARAMETERS = List.of(
            HyperParameter.integer(HIDDEN_DIMENSION, 149, 32, 256),
            HyperParameter.integer(BPTT, 32, 2, 32),
            HyperParameter.bool(RECENCY_MASK, true),
            HyperParameter.continuous(MIN_PERCENTILE, 0.0, 0.0, 1.0),
            HyperParameter.continuous(MAX_PERCENTILE, 0.99, 0.0, 1.0));

    private static final RecipeInfo INFO = RecipeInfo.of(
            "aws-user-personalization", RecipeType.USER_PERSONALIZATION, "Personalized recommendations for a user.");

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

    static UserPersonalization.Config config(HyperParameters hp, boolean catalogAndExploration) {
        return new UserPersonalization.Config(
                catalogAndExploration,
                hp.booleanValue(RECENCY_MASK),
                hp.doubleValue(MIN_PERCENTILE),
                hp.doubleValue(MAX_PERCENTILE),
                catalogAndExploration);
    }

    @Override
    public Model train(TrainingData data, HyperParameters hp) {
        return UserPersonalization.train(data, config(hp, true));
    }

    @Override
    public Map<String, Double> evaluate(TrainingData data, HyperParameters hp) {
        return UserPersonalization.evaluate(data, config(hp, true));
    }
}
