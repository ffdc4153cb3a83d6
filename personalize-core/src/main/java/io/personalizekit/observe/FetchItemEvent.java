package io.personalizekit.observe;

import java.util.Objects;

/**
 * A fetcher finished one item, or one attempt at it.
 *
 * @param campaignArn the keyspace's campaign
 * @param keyspaceId the keyspace filled ({@code CacheKeyspace.id()})
 * @param outcome what became of the item
 */
public record FetchItemEvent(String campaignArn, String keyspaceId, FetchItemOutcome outcome) {
    /**
     * Creates an event.
     *
     * @throws NullPointerException when an argument is null
     */
    public FetchItemEvent {
        Objects.requireNonNull(campaignArn, "campaignArn");
        Objects.requireNonNull(keyspaceId, "keyspaceId");
        Objects.requireNonNull(outcome, "outcome");
    }
}
