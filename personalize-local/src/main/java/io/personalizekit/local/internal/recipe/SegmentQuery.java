package io.personalizekit.local.internal.recipe;

import org.jspecify.annotations.Nullable;

/**
 * One line of a batch segment job's input: an item (Item-Affinity, {@code {"itemId": "105"}}) or an item attribute
 * expression (Item-Attribute-Affinity, {@code {"itemAttributes": "ITEMS.genres = \"Comedy\" AND ..."}}). Exactly one
 * of the two is set.
 *
 * @param itemId the item whose segment is wanted, or null
 * @param itemAttributes the attribute expression, or null
 */
public record SegmentQuery(
        @Nullable String itemId, @Nullable String itemAttributes) {
    /** Checks that exactly one member is set. */
    public SegmentQuery {
        if ((itemId == null) == (itemAttributes == null)) {
            throw new IllegalArgumentException("A segment query has exactly one of itemId and itemAttributes, not "
                    + (itemId == null ? "neither" : "both"));
        }
    }

    /**
     * A query for the users of an item.
     *
     * @param itemId the item
     * @return the query
     */
    public static SegmentQuery item(String itemId) {
        return new SegmentQuery(itemId, null);
    }

    /**
     * A query for the users of items with attributes.
     *
     * @param expression for example {@code ITEMS.genres = "Comedy" AND ITEMS.audience = "teen"}
     * @return the query
     */
    public static SegmentQuery attributes(String expression) {
        return new SegmentQuery(null, expression);
    }
}
