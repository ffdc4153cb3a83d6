package io.personalizekit.pipeline;

import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.ResourceType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a pipeline run or a teardown: each step's outcome, in order, and (for a run) the {@link
 * Deployment} it produced. Immutable and thread-safe.
 */
public final class PipelineResult {
    private final List<StepOutcome> steps;
    private final Duration duration;
    private final @Nullable Deployment deployment;

    private PipelineResult(List<StepOutcome> steps, Duration duration, @Nullable Deployment deployment) {
        this.steps = Collections.unmodifiableList(new ArrayList<>(steps));
        this.duration = Objects.requireNonNull(duration, "duration");
        this.deployment = deployment;
    }

    /**
     * Creates the result of a teardown, which has no deployment.
     *
     * @param steps the step outcomes, in order
     * @param duration the total duration
     * @return the result
     */
    public static PipelineResult of(List<StepOutcome> steps, Duration duration) {
        return new PipelineResult(steps, duration, null);
    }

    /**
     * Creates the result of a run.
     *
     * @param steps the step outcomes, in order
     * @param duration the total duration
     * @param deployment the resources the run provisioned
     * @return the result
     */
    public static PipelineResult of(List<StepOutcome> steps, Duration duration, Deployment deployment) {
        return new PipelineResult(steps, duration, Objects.requireNonNull(deployment, "deployment"));
    }

    /**
     * What the run provisioned, as typed references: the dataset group, schemas and datasets by type, the solution
     * and its version, the campaign, the filters by name and the event tracker (those the spec declares). Pass it
     * to {@code SimilarItemsClient}, {@code CachingSimilarItemsClient}, {@code CacheKeyspace} and the seeders
     * instead of ARN strings.
     *
     * @return the deployment
     * @throws IllegalStateException for the result of a teardown, which provisions nothing
     */
    public Deployment deployment() {
        if (deployment == null) {
            throw new IllegalStateException("This is the result of a teardown, which has no deployment: " + this);
        }
        return deployment;
    }

    /**
     * Every step's outcome, in the order the steps ran.
     *
     * @return an unmodifiable list
     */
    public List<StepOutcome> steps() {
        return steps;
    }

    /**
     * The outcomes of one resource type.
     *
     * @param type the resource type
     * @return the matching outcomes, in order
     */
    public List<StepOutcome> steps(ResourceType type) {
        return steps.stream().filter(s -> s.resourceType() == type).collect(Collectors.toList());
    }

    /**
     * The total time the run took, by the waiter's clock.
     *
     * @return the duration
     */
    public Duration duration() {
        return duration;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof PipelineResult
                && steps.equals(((PipelineResult) o).steps)
                && duration.equals(((PipelineResult) o).duration)
                && Objects.equals(deployment, ((PipelineResult) o).deployment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(steps, duration, deployment);
    }

    @Override
    public String toString() {
        return "PipelineResult{duration=" + duration + (deployment == null ? "" : ", " + deployment) + ", steps="
                + steps + "}";
    }
}
