package io.personalizekit.pipeline;

import io.personalizekit.resource.Deployment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The result of a dry run: what {@code run(spec)} would create, reuse, await or update. Immutable. */
public final class PipelinePlan {
    private final List<PlannedStep> steps;
    private final @Nullable Deployment deployment;

    private PipelinePlan(List<PlannedStep> steps, @Nullable Deployment deployment) {
        this.steps = Collections.unmodifiableList(new ArrayList<>(steps));
        this.deployment = deployment;
    }

    /**
     * Creates a plan.
     *
     * @param steps the planned steps, in order
     * @return the plan
     */
    public static PipelinePlan of(List<PlannedStep> steps) {
        return new PipelinePlan(steps, null);
    }

    /**
     * Creates a plan with the deployment found.
     *
     * @param steps the planned steps, in order
     * @param deployment every existing resource of the spec, or {@code null} when some would be created
     * @return the plan
     */
    public static PipelinePlan of(List<PlannedStep> steps, @Nullable Deployment deployment) {
        return new PipelinePlan(steps, deployment);
    }

    /**
     * The deployment a run would return, when the plan is {@linkplain #isUpToDate() up to date}: a serving
     * process can look its campaign and solution version up this way, with List and Describe calls only.
     *
     * @return the deployment, or empty when a run would create, await or update something
     */
    public Optional<Deployment> deployment() {
        return isUpToDate() ? Optional.ofNullable(deployment) : Optional.empty();
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
        return o instanceof PipelinePlan
                && steps.equals(((PipelinePlan) o).steps)
                && Objects.equals(deployment, ((PipelinePlan) o).deployment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(steps, deployment);
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
