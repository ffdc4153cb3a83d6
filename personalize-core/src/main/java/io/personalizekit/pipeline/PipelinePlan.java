package io.personalizekit.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The result of a dry run: what {@code run(spec)} would create, reuse, await or update. Immutable. */
public final class PipelinePlan {
    private final List<PlannedStep> steps;

    private PipelinePlan(List<PlannedStep> steps) {
        this.steps = Collections.unmodifiableList(new ArrayList<>(steps));
    }

    /**
     * Creates a plan.
     *
     * @param steps the planned steps, in order
     * @return the plan
     */
    public static PipelinePlan of(List<PlannedStep> steps) {
        return new PipelinePlan(steps);
    }

    /**
     * The planned steps, in the order a run would take them.
     *
     * @return an unmodifiable list
     */
    public List<PlannedStep> steps() {
        return steps;
    }

    /**
     * The steps with a given action.
     *
     * @param action the action
     * @return the matching steps
     */
    public List<PlannedStep> steps(PlannedAction action) {
        return steps.stream().filter(s -> s.action() == action).collect(Collectors.toList());
    }

    /**
     * Whether a run would change nothing (every step is a reuse).
     *
     * @return {@code true} when every step is {@link PlannedAction#REUSE}
     */
    public boolean isUpToDate() {
        return steps.stream().allMatch(s -> s.action() == PlannedAction.REUSE);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof PipelinePlan && steps.equals(((PipelinePlan) o).steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }

    /**
     * One line per step.
     *
     * @return the plan as text
     */
    @Override
    public String toString() {
        return steps.stream().map(PlannedStep::toString).collect(Collectors.joining("\n"));
    }
}
