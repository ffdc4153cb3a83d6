package io.personalizekit.pipeline;

import io.personalizekit.resource.ResourceType;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one step: which resource, what was done, its final status and how long the step took. Immutable
 * and thread-safe.
 */
public final class StepOutcome {
    private final String step;
    private final ResourceType resourceType;
    private final String name;
    private final @Nullable String arn;
    private final StepAction action;
    private final String status;
    private final Duration duration;

    private StepOutcome(
            String step,
            ResourceType resourceType,
            String name,
            @Nullable String arn,
            StepAction action,
            String status,
            Duration duration) {
        this.step = Objects.requireNonNull(step, "step");
        this.resourceType = Objects.requireNonNull(resourceType, "resourceType");
        this.name = Objects.requireNonNull(name, "name");
        this.arn = arn;
        this.action = Objects.requireNonNull(action, "action");
        this.status = Objects.requireNonNull(status, "status");
        this.duration = Objects.requireNonNull(duration, "duration");
    }

    /**
     * Creates an outcome.
     *
     * @param step the step's name, for example {@code "import news-interactions-import"}
     * @param resourceType the resource type
     * @param name the resource's name
     * @param arn the resource's ARN, or {@code null} when it never existed
     * @param action what was done
     * @param status the final status as the service wrote it ({@code DELETED} after a deletion)
     * @param duration how long the step took
     * @return the outcome
     */
    public static StepOutcome of(
            String step,
            ResourceType resourceType,
            String name,
            @Nullable String arn,
            StepAction action,
            String status,
            Duration duration) {
        return new StepOutcome(step, resourceType, name, arn, action, status, duration);
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
     * The resource's ARN.
     *
     * @return the ARN, or empty when the resource never existed
     */
    public Optional<String> arn() {
        return Optional.ofNullable(arn);
    }

    /**
     * What the step did.
     *
     * @return the action
     */
    public StepAction action() {
        return action;
    }

    /**
     * The final status, as the service wrote it.
     *
     * @return the status
     */
    public String status() {
        return status;
    }

    /**
     * How long the step took, by the waiter's clock.
     *
     * @return the duration
     */
    public Duration duration() {
        return duration;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof StepOutcome)) {
            return false;
        }
        StepOutcome s = (StepOutcome) o;
        return step.equals(s.step)
                && resourceType == s.resourceType
                && name.equals(s.name)
                && Objects.equals(arn, s.arn)
                && action == s.action
                && status.equals(s.status)
                && duration.equals(s.duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(step, resourceType, name, arn, action, status, duration);
    }

    @Override
    public String toString() {
        return step + ": " + action + " " + (arn != null ? arn : name) + " (" + status + ", " + duration + ")";
    }
}
