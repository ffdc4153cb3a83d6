package io.personalizekit.local.internal.recipe;

import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Training and held-out metrics shared by the user-personalization and personalized-ranking recipes: a
 * {@link PersonalizationModel} over {@link Neighbourhoods} of the co-occurrence graph, the users' recent histories
 * ({@link UserProfiles}) and, for User-Personalization, {@link Exploration}. The metrics hold out each user's most
 * recent item, train the neighbourhoods without it and score the top {@value HeldOutEvaluation#TOP} items the
 * model recommends from the rest of the user's history ({@link HeldOutEvaluation}).
 */
final class UserPersonalization {
    private UserPersonalization() {}

    /** How a recipe configures the shared model. */
    record Config(
            boolean withCatalog,
            boolean recency,
            double minHistoryPercentile,
            double maxHistoryPercentile,
            boolean explore) {}

    static ItemUniverse universe(TrainingData data, Config config) {
        return config.withCatalog() ? ItemUniverse.withCatalog(data) : ItemUniverse.interacted(data);
    }

    private static ItemSignals signals(TrainingData data, Config config) {
        return config.withCatalog() ? ItemSignals.withCatalog(data) : ItemSignals.interacted(data);
    }

    static PersonalizationModel train(TrainingData data, Config config) {
        ItemUniverse universe = universe(data, config);
        boolean[] excluded = excludedUsers(data, config.minHistoryPercentile(), config.maxHistoryPercentile());
        CoOccurrenceGraph graph = CoOccurrenceGraph.of(data, universe.size(), false, excluded);
        Neighbourhoods neighbourhoods = Neighbourhoods.train(data, universe, graph, config.recency());
        ItemSignals signals = signals(data, config);
        return new PersonalizationModel(
                neighbourhoods,
                UserProfiles.build(data, null),
                signals,
                config.explore() ? Exploration.of(data, universe, signals) : null,
                true);
    }

    static Map<String, Double> evaluate(TrainingData data, Config config) {
        ItemUniverse universe = universe(data, config);
        boolean[] excluded = excludedUsers(data, config.minHistoryPercentile(), config.maxHistoryPercentile());
        CoOccurrenceGraph split = CoOccurrenceGraph.of(data, universe.size(), true, excluded);
        Neighbourhoods neighbourhoods = Neighbourhoods.heldOut(data, universe, split, config.recency());
        UserProfiles profiles = UserProfiles.build(data, split.heldOut);
        PersonalizationModel model =
                new PersonalizationModel(neighbourhoods, profiles, signals(data, config), null, false);
        return HeldOutEvaluation.evaluate(split, u -> model.top(profiles.itemsOf(u), HeldOutEvaluation.TOP));
    }

    /**
     * The users whose number of interactions lies outside the given percentiles of all users' (the featurization
     * hyperparameters {@code min/max_user_history_length_percentile}); null when none are.
     */
    static boolean @Nullable [] excludedUsers(TrainingData data, double minPercentile, double maxPercentile) {
        if (minPercentile <= 0 && maxPercentile >= 1) {
            return null;
        }
        int[] lengths = new int[data.userCount()];
        for (int u : data.userColumn()) {
            lengths[u]++;
        }
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return null;
        }
        int lo = sorted[(int) Math.floor(minPercentile * (sorted.length - 1))];
        int hi = sorted[(int) Math.ceil(maxPercentile * (sorted.length - 1))];
        boolean[] out = new boolean[lengths.length];
        boolean any = false;
        for (int u = 0; u < lengths.length; u++) {
            out[u] = lengths[u] < lo || lengths[u] > hi;
            any |= out[u];
        }
        return any ? out : null;
    }
}
