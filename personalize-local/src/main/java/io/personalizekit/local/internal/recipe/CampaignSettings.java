package io.personalizekit.local.internal.recipe;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The campaign configuration that changes what a campaign answers: item exploration
 * ({@code itemExplorationConfig}: {@code explorationWeight}, {@code explorationItemAgeCutOff} in days) and ranking
 * influence ({@code rankingInfluence}: {@code POPULARITY}, {@code FRESHNESS}). Exploration is applied by the models
 * that explore (User-Personalization); ranking influence by {@link Serving} for models that expose
 * {@link Model#signals()}.
 *
 * @param explorationWeight how much to explore, 0 (none) to 1
 * @param explorationItemAgeCutOffDays the oldest item explored, in days before the latest interaction
 * @param popularityInfluence the weight of popularity in the final ranking, 0 to 1
 * @param freshnessInfluence the weight of freshness in the final ranking, 0 to 1
 */
public record CampaignSettings(
        double explorationWeight,
        double explorationItemAgeCutOffDays,
        double popularityInfluence,
        double freshnessInfluence) {
    /** The service's defaults: {@code explorationWeight} 0.3, {@code explorationItemAgeCutOff} 30 days. */
    public static final CampaignSettings DEFAULT = new CampaignSettings(0.3, 30, 0, 0);

    /** The default exploration weight. */
    public static final double DEFAULT_EXPLORATION_WEIGHT = 0.3;
    /** The default exploration item age cut-off, in days. */
    public static final double DEFAULT_AGE_CUT_OFF_DAYS = 30;

    /**
     * Reads a campaign's configuration; values that do not parse (CreateCampaign refuses them) count as unset.
     *
     * @param itemExplorationConfig {@code campaignConfig.itemExplorationConfig} (string values), or null
     * @param rankingInfluence {@code campaignConfig.rankingInfluence}, or null
     * @return the settings
     */
    public static CampaignSettings of(
            @Nullable Map<String, String> itemExplorationConfig, @Nullable Map<String, Double> rankingInfluence) {
        Map<String, String> ex = itemExplorationConfig == null ? Map.of() : itemExplorationConfig;
        Map<String, Double> ri = rankingInfluence == null ? Map.of() : rankingInfluence;
        return new CampaignSettings(
                number(ex.get("explorationWeight"), DEFAULT_EXPLORATION_WEIGHT),
                number(ex.get("explorationItemAgeCutOff"), DEFAULT_AGE_CUT_OFF_DAYS),
                Objects.requireNonNullElse(ri.get("POPULARITY"), 0.0),
                Objects.requireNonNullElse(ri.get("FRESHNESS"), 0.0));
    }

    private static double number(@Nullable String v, double otherwise) {
        if (v == null || v.isBlank()) {
            return otherwise;
        }
        try {
            double d = Double.parseDouble(v.trim());
            return Double.isFinite(d) ? d : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /**
     * Whether ranking influence changes the order.
     *
     * @return true when a popularity or freshness weight is above 0
     */
    public boolean hasRankingInfluence() {
        return popularityInfluence > 0 || freshnessInfluence > 0;
    }
}
