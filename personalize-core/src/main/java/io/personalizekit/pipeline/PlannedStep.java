package io.personalizekit.pipeline;

import io.personalizekit.resource.ResourceType;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One step of a plan: the resource and what a run would do to it. Immutable and thread-safe. */
public final class PlannedStep {
    private final String step;
    private final ResourceType resourceType;
    private final String name;
    private final @Nullable String arn;
    private final PlannedAction action;
    private final String detail;

    private PlannedStep(
            String step,
            ResourceType resourceType,
            String name,
            @Nullable String arn,
            PlannedAction action,
            String detail) {
        this.step = step;
        this.resourceType = resourceType;
        this.name = name;
        this.arn = arn;
        this.action = action;
        this.detail = detail;
    }

    /**
     * Creates a planned step.
     *
     * @param step the step's name
     * @param resourceType the resource type
     * @param name the resource's name
     * @param arn the existing resource's ARN, or {@code null} when it would be created
     * @param action what a run would do
     * @param detail a short human-readable explanation, for example the existing status
     * @return the planned step
     */
    public static PlannedStep of(
            String step,
            ResourceType resourceType,
            String name,
            @Nullable String arn,
            PlannedAction action,
            String detail) {
        return new PlannedStep(
                Objects.requireNonNull(step, "step"),
                Objects.requireNonNull(resourceType, "resourceType"),
                Objects.requireNonNull(name, "name"),
                arn,
                Objects.requireNonNull(action, "action"),
                Objects.requireNonNull(detail, "detail"));
    }

    /**
     * The step's name.
     *
     * @return the step
     */
    public String step() {
        return step;
    }

    /**
     * The resource type.
     *
     * @return the type
     */
    public ResourceType resourceType() {
        return resourceType;
    }

    /**
     * The resource's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The existing resource's ARN.
     *
     * @return the ARN, or empty when the resource would be created
     */
    public Optional<String> arn() {
        return Optional.ofNullable(arn);
    }

    /**
     * What a run would do.
     *
     * @return the action
     */
    public PlannedAction action() {
        return action;
    }

    /**
     * A short explanation.
     *
     * @return the detail
     */
    public String detail() {
        return detail;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof PlannedStep)) {
            return false;
        }
        PlannedStep p = (PlannedStep) o;
        return step.equals(p.step)
                && resourceType == p.resourceType
                && name.equals(p.name)
                && Objects.equals(arn, p.arn)
                && action == p.action
                && detail.equals(p.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(step, resourceType, name, arn, action, detail);
    }

    @Override
    public String toString() {
        return action + " " + step + (arn != null ? " (" + arn + ")" : "") + (detail.isEmpty() ? "" : ": " + detail);
    }
}
