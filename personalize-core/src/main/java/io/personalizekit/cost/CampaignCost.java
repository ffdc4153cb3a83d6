package io.personalizekit.cost;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A campaign in a {@link CostReport}. An immutable record.
 *
 * @param arn the campaign's ARN
 * @param name its name
 * @param status its status, as the service reports it
 * @param minProvisionedTps its {@code minProvisionedTPS}
 * @param observedTps the requests per second seen, or null when unknown ({@link TrafficSource#UNKNOWN})
 * @param trafficSource where {@code observedTps} comes from
 * @param daysIdle whole days since the last request seen (or since counting started), or null when unknown
 * @param solutionArn the solution its version belongs to
 * @param estimatedMonthlyCost the estimate: max(minProvisionedTPS, observed) TPS around the clock, for an active
 *     campaign
 */
public record CampaignCost(
        String arn,
        String name,
        String status,
        int minProvisionedTps,
        @Nullable Double observedTps,
        TrafficSource trafficSource,
        @Nullable Long daysIdle,
        String solutionArn,
        double estimatedMonthlyCost) {
    /** Checks the components. */
    public CampaignCost {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(trafficSource, "trafficSource");
        Objects.requireNonNull(solutionArn, "solutionArn");
    }
}
