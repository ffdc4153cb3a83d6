package io.personalizekit.cost;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An action a {@link CostGuard} recommends. Nothing happens until it is passed to {@link CostGuard#apply}. An
 * immutable record.
 *
 * @param type what to do
 * @param arn the campaign, recommender or solution it concerns
 * @param reason why, in words, with the figures
 * @param minTps for {@link Type#LOWER_MIN_TPS}, the new {@code minProvisionedTPS}; else null
 * @param estimatedMonthlySaving the estimated monthly saving, in the price table's currency
 */
public record CostAction(
        Type type, String arn, String reason, @Nullable Integer minTps, double estimatedMonthlySaving) {

    /** The kinds of action, each one request. */
    public enum Type {
        /** {@code UpdateCampaign} with a lower {@code minProvisionedTPS}. */
        LOWER_MIN_TPS,
        /** {@code DeleteCampaign}: an idle campaign bills its minimum around the clock. */
        DELETE_CAMPAIGN,
        /** {@code StopRecommender}: a stopped recommender bills nothing and can be started again. */
        STOP_RECOMMENDER,
        /** {@code UpdateSolution} with {@code performAutoTraining} false: no new data, nothing to learn. */
        DISABLE_AUTO_TRAINING
    }

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when {@code minTps} is missing for, or given to, the wrong type
     */
    public CostAction {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(reason, "reason");
        if ((type == Type.LOWER_MIN_TPS) != (minTps != null) || (minTps != null && minTps < 1)) {
            throw new IllegalArgumentException("minTps (" + minTps + ") must be set, and at least 1, exactly for "
                    + Type.LOWER_MIN_TPS + ", but the type is " + type);
        }
    }
}
