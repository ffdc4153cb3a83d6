package io.personalizekit.cost;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A recommender in a {@link CostReport}. An immutable record.
 *
 * @param arn the recommender's ARN
 * @param name its name
 * @param status its status, as the service reports it ({@code ACTIVE}, {@code INACTIVE} when stopped, ...)
 * @param minRecommendationRequestsPerSecond its {@code recommenderConfig.minRecommendationRequestsPerSecond} (the
 *     service's default, 1, when not set)
 * @param observedTps the requests per second seen, or null when unknown
 * @param trafficSource where {@code observedTps} comes from
 * @param daysIdle whole days since the last request seen (or since counting started), or null when unknown
 * @param estimatedMonthlyCost the estimate for an active recommender; 0 when stopped
 */
public record RecommenderCost(
        String arn,
        String name,
        String status,
        int minRecommendationRequestsPerSecond,
        @Nullable Double observedTps,
        TrafficSource trafficSource,
        @Nullable Long daysIdle,
        double estimatedMonthlyCost) {
    /** Checks the components. */
    public RecommenderCost {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(trafficSource, "trafficSource");
    }
}
