package io.personalizekit.local.internal.recipe;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a recommendation request asks a model about: an item, a user, both or neither (the request's checks of
 * what its recipe type needs come before), with the user's events the emulator holds (streamed with PutEvents, so
 * a model can follow a user's newest events without retraining) and the campaign's configuration.
 *
 * @param itemId the seed item, or null
 * @param userId the user, or null
 * @param recentEvents the user's streamed events, oldest first (empty when none or no user)
 * @param campaign the campaign configuration that changes answers
 */
public record Query(
        @Nullable String itemId, @Nullable String userId, List<UserEvent> recentEvents, CampaignSettings campaign) {
    /** A query about nothing in particular (popular items). */
    public static final Query NONE = new Query(null, null);

    /** Checks and copies the members. */
    public Query {
        recentEvents = List.copyOf(recentEvents);
        Objects.requireNonNull(campaign, "campaign");
    }

    /**
     * A query without events, with the default campaign configuration.
     *
     * @param itemId the seed item, or null
     * @param userId the user, or null
     */
    public Query(@Nullable String itemId, @Nullable String userId) {
        this(itemId, userId, List.of(), CampaignSettings.DEFAULT);
    }

    /**
     * A query about an item.
     *
     * @param itemId the seed item
     * @return the query
     */
    public static Query item(String itemId) {
        return new Query(itemId, null);
    }
}
