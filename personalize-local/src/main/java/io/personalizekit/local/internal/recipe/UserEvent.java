package io.personalizekit.local.internal.recipe;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One of a user's interactions as the runtime API hands it to a model at request time (an event streamed with
 * PutEvents), so that a user's newest events change their next recommendations without retraining.
 *
 * @param itemId the item
 * @param timestamp epoch seconds ({@code sentAt})
 * @param eventType the event type, or null
 * @param eventValue the event value, or null
 * @param impression the items shown with it, {@code |}-separated, or null
 */
public record UserEvent(
        String itemId,
        long timestamp,
        @Nullable String eventType,
        @Nullable Float eventValue,
        @Nullable String impression) {
    /** Checks the members. */
    public UserEvent {
        Objects.requireNonNull(itemId, "itemId");
    }
}
