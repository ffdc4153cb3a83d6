package io.personalizekit.pipeline;

import io.personalizekit.resource.ResourceType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The outcome of a pipeline run or a teardown: each step's outcome, in order. Immutable and thread-safe. */
public final class PipelineResult {
    private final List<StepOutcome> steps;
    private final Duration duration;

    private PipelineResult(List<StepOutcome> steps, Duration duration) {
        this.steps = Collections.unmodifiableList(new ArrayList<>(steps));
        this.duration = Objects.requireNonNull(duration, "duration");
    }

    /**
     * Creates a result.
     *
     * @param steps the step outcomes, in order
     * @param duration the total duration
     * @return the result
     */
    public static PipelineResult of(List<StepOutcome> steps, Duration duration) {
        return new PipelineResult(steps, duration);
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
     * The ARN of the (last) resource of a type, for example the campaign's.
     *
     * @param type the resource type
     * @return the ARN, or empty when no step of that type produced one
     */
    public Optional<String> arn(ResourceType type) {
        List<StepOutcome> of = steps(type);
        for (int i = of.size() - 1; i >= 0; i--) {
            if (of.get(i).arn().isPresent()) {
                return of.get(i).arn();
            }
        }
        return Optional.empty();
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
                && duration.equals(((PipelineResult) o).duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(steps, duration);
    }

    @Override
    public String toString() {
        return "PipelineResult{duration=" + duration + ", steps=" + steps + "}";
    }
}
