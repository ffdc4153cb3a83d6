package io.personalizekit.local.internal.recipe;

import org.jspecify.annotations.Nullable;

/**
 * What a recommendation request asks a model about: an item, a user, both or neither (the request's checks of
 * what its recipe type needs come before).
 *
 * @param itemId the seed item, or null
 * @param userId the user, or null
 */
public record Query(@Nullable String itemId, @Nullable String userId) {
    /** A query about nothing in particular (popular items). */
    public static final Query NONE = new Query(null, null);

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
