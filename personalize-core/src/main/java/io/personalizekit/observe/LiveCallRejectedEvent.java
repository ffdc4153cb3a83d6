package io.personalizekit.observe;

import io.personalizekit.exception.LiveCallRejectedException;
import java.util.Objects;

/**
 * A caching client answered a miss without a live call.
 *
 * @param campaignArn the campaign that was not called
 * @param reason why: the live-call breaker is open, or the bulkhead is full
 * @param servedStale true when the expired list was served as {@code STALE}, false when the request got a {@link
 *     LiveCallRejectedException}
 */
public record LiveCallRejectedEvent(String campaignArn, LiveCallRejectedException.Reason reason, boolean servedStale) {
    /**
     * Creates an event.
     *
     * @throws NullPointerException when an argument is null
     */
    public LiveCallRejectedEvent {
        Objects.requireNonNull(campaignArn, "campaignArn");
        Objects.requireNonNull(reason, "reason");
    }
}
