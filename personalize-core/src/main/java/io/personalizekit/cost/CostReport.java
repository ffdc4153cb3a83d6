package io.personalizekit.cost;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link CostGuard} found: per campaign, recommender and solution, and the actions it recommends. Every
 * cost is an <b>estimate</b> from the report's {@link PriceTable}. An immutable record.
 *
 * @param generatedAt when the report was made
 * @param prices the prices it estimates with
 * @param campaigns the campaigns
 * @param recommenders the recommenders
 * @param solutions the solutions of those campaigns (a dataset group report: every solution of the group)
 * @param actions the recommended actions; nothing was changed
 */
public record CostReport(
        Instant generatedAt,
        PriceTable prices,
        List<CampaignCost> campaigns,
        List<RecommenderCost> recommenders,
        List<SolutionTraining> solutions,
        List<CostAction> actions) {
    /** Copies the lists into unmodifiable ones. */
    public CostReport {
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(prices, "prices");
        campaigns = List.copyOf(campaigns);
        recommenders = List.copyOf(recommenders);
        solutions = List.copyOf(solutions);
        actions = List.copyOf(actions);
    }

    /**
     * The estimated monthly cost of everything reported.
     *
     * @return the sum of the estimates
     */
    public double estimatedMonthlyTotal() {
        return campaigns.stream()
                        .mapToDouble(CampaignCost::estimatedMonthlyCost)
                        .sum()
                + recommenders.stream()
                        .mapToDouble(RecommenderCost::estimatedMonthlyCost)
                        .sum()
                + solutions.stream()
                        .mapToDouble(SolutionTraining::estimatedMonthlyCost)
                        .sum();
    }

    /**
     * The recommended actions of a type.
     *
     * @param type the type
     * @return those actions
     */
    public List<CostAction> actions(CostAction.Type type) {
        return actions.stream().filter(a -> a.type() == type).toList();
    }
}
