package io.personalizekit.observe;

import io.personalizekit.resource.ResourceRef;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.waiter.WaitCondition;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A wait ended.
 *
 * @param resource the awaited resource
 * @param condition what was awaited
 * @param outcome how the wait ended
 * @param duration how long it took, by the waiter's clock
 * @param error the exception the wait ended with, or {@code null} when it succeeded
 */
public record WaitEvent(
        ResourceRef resource,
        WaitCondition condition,
        WaitOutcome outcome,
        Duration duration,
        @Nullable Throwable error) {
    /**
     * Creates an event.
     *
     * @throws NullPointerException when an argument other than the error is null
     */
    public WaitEvent {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
    }

    /**
     * The awaited resource's type.
     *
     * @return the type
     */
    public ResourceType resourceType() {
        return resource.type();
    }
}
