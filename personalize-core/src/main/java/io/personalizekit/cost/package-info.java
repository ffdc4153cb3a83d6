/**
 * A cost guard: {@link io.personalizekit.cost.CostGuard} reports, per campaign, recommender and solution of a
 * dataset group or an account, the provisioned throughput against the traffic seen ({@link
 * io.personalizekit.cost.TrafficCounter} or figures the caller supplies), days idle, the automatic training
 * schedule and whether new data arrived since the last training, with an <em>estimated</em> monthly cost from a
 * {@link io.personalizekit.cost.PriceTable}; it recommends actions that it applies only when asked.
 */
@NullMarked
package io.personalizekit.cost;

import org.jspecify.annotations.NullMarked;
