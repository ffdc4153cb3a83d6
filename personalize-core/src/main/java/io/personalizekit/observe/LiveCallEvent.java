package io.personalizekit.observe;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One live {@code GetRecommendations} call.
 *
 * @param arn the campaign (or recommender) ARN the call went to: count these per ARN for the observed TPS
 * @param origin why the call was made
 * @param outcome how it ended
 * @param latency how long it took, the SDK's retries included
 * @param error the failure, or {@code null} on {@link LiveCallOutcome#SUCCESS}
 */
public record LiveCallEvent(
        String arn,
        LiveCallOrigin origin,
        LiveCallOutcome outcome,
        Duration latency,
        @Nullable Throwable error) {
    /**
     * Creates an event.
     *
     * @throws NullPointerException when an argument other than the error is null
     */
    public LiveCallEvent {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(latency, "latency");
    }
}
