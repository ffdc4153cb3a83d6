package io.personalizekit.cost;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link CostGuard#apply} did with one action. An immutable value.
 */
public final class AppliedAction {
    private final CostAction action;
    private final @Nullable String error;

    /**
     * An outcome.
     *
     * @param action the action
     * @param error why the service refused it, or null when it accepted it
     */
    public AppliedAction(CostAction action, @Nullable String error) {
        this.action = Objects.requireNonNull(action, "action");
        this.error = error;
    }

    /**
     * The action.
     *
     * @return the action
     */
    public CostAction action() {
        return action;
    }

    /**
     * Whether the service accepted the request (the change itself may still be under way: a campaign update or
     * delete, a recommender stop).
     *
     * @return true when accepted
     */
    public boolean succeeded() {
        return error == null;
    }

    /**
     * Why the service refused it.
     *
     * @return the error message, or empty when accepted
     */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof AppliedAction a && action.equals(a.action) && Objects.equals(error, a.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, error);
    }

    @Override
    public String toString() {
        return "AppliedAction{" + action.type() + " " + action.arn() + (error == null ? ": done" : ": " + error) + "}";
    }
}
