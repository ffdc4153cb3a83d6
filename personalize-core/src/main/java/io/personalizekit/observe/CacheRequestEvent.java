package io.personalizekit.observe;

import java.util.Objects;

/**
 * A caching client answered one request.
 *
 * @param campaignArn the campaign the client caches
 * @param result how the request was answered
 */
public record CacheRequestEvent(String campaignArn, CacheResult result) {
    /**
     * Creates an event.
     *
     * @throws NullPointerException when an argument is null
     */
    public CacheRequestEvent {
        Objects.requireNonNull(campaignArn, "campaignArn");
        Objects.requireNonNull(result, "result");
    }
}
