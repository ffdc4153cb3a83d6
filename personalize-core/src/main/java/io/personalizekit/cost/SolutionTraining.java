package io.personalizekit.cost;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A solution's automatic training in a {@link CostReport}. An immutable record.
 *
 * @param arn the solution's ARN
 * @param name its name
 * @param autoTraining whether it trains itself ({@code performAutoTraining}, after an ACTIVE update)
 * @param schedule its {@code autoTrainingConfig.schedulingExpression}, for example {@code rate(7 days)}, or null
 *     when the service's default (7 days) applies
 * @param lastTrainingAt when its latest version was created, or null when it has none
 * @param newDataSinceLastTraining whether an import job finished after the latest version was created (events
 *     streamed with PutEvents are not visible to the control plane and do not count here)
 * @param lastTrainingHours the latest ACTIVE version's {@code trainingHours}, or null when unknown
 * @param estimatedMonthlyCost automatic trainings per month times the last training's hours, when it trains itself
 */
public record SolutionTraining(
        String arn,
        String name,
        boolean autoTraining,
        @Nullable String schedule,
        @Nullable Instant lastTrainingAt,
        boolean newDataSinceLastTraining,
        @Nullable Double lastTrainingHours,
        double estimatedMonthlyCost) {
    /** Checks the components. */
    public SolutionTraining {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(name, "name");
    }
}
