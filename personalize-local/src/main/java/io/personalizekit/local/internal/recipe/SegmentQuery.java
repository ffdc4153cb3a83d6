package io.personalizekit.local.internal.recipe;

import org.jspecify.annotations.Nullable;

/**
 * One line of a batch segment job's input: the users likely to interact with an item (Item-Affinity,
 * {@code {"itemId": "105"}}) or with items having attributes (Item-Attribute-Affinity,
 * {@code {"itemAttributes": "ITEMS.genres = \"Comedy\" AND ITEMS.genres = \"Action\""}}). Exactly one member is set.
 *
 * @param itemId the item, or null
 * @param itemAttributes the attribute expression as the input line has it, or null
 */
public record SegmentQuery(
        @Nullable String itemId, @Nullable String itemAttributes) {
    /**
     * Checks that exactly one member is set.
     *
     * @throws IllegalArgumentException when none or both are set
     */
    public SegmentQuery {
        if ((itemId == null) == (itemAttributes == null)) {
            throw new IllegalArgumentException("Exactly one of itemId and itemAttributes must be set.");
        }
    }
}
