package io.personalizekit.pipeline;

import io.personalizekit.resource.ResourceRef;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Receives the progress of a pipeline run or teardown. All methods have empty defaults. Called on the thread that
 * runs the pipeline; keep implementations quick. An exception thrown by a listener stops the run (it is wrapped in
 * a {@code PipelineStepException} like any other failure).
 */
public interface PipelineListener {

    /** A listener that ignores everything. */
    PipelineListener NONE = new PipelineListener() {};

    /**
     * A step starts.
     *
     * @param step the step's name, for example {@code "solution news-similar"}
     */
    default void onStepStarted(String step) {}

    /**
     * A describe call of a wait returned.
     *
     * @param step the step
     * @param resource the awaited resource
     * @param rawStatus the status as the service wrote it, or, when the describe call failed with an error the wait
     *     rides out, a progress line such as {@code "(riding out errors: 3 failed polls in 4.2 s (connection
     *     refused); budget 30 min)"}
     * @param attempt the 1-based attempt
     * @param elapsed the time since the wait started
     */
    default void onStatusPolled(String step, ResourceRef resource, String rawStatus, int attempt, Duration elapsed) {}

    /**
     * A create call hit the service's quota on resources in progress ({@code LimitExceededException}); the step
     * waits and retries.
     *
     * @param step the step
     * @param message the service's message
     * @param delay how long the step waits before retrying
     */
    default void onQuotaWait(String step, String message, Duration delay) {}

    /**
     * A step completed.
     *
     * @param outcome the step's outcome
     */
    default void onStepCompleted(StepOutcome outcome) {}

    /**
     * A step failed; the run stops with a {@code PipelineStepException}.
     *
     * @param step the step
     * @param arn the resource's ARN, or {@code null} if none existed yet
     * @param cause the failure
     */
    default void onStepFailed(String step, @Nullable String arn, Throwable cause) {}
}
