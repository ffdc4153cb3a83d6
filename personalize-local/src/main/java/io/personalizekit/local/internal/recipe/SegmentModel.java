package io.personalizekit.local.internal.recipe;

import java.util.List;

/**
 * The capability of a USER_SEGMENTATION model (Item-Affinity, Item-Attribute-Affinity): the users most likely to
 * interact with an item, or with items having given attributes, best first. Batch segment jobs ask a trained model
 * for it with {@code model instanceof SegmentModel}. Implementations are immutable and thread-safe.
 */
public interface SegmentModel {
    /**
     * The segment for one query: distinct user ids, most likely first.
     *
     * @param query the item or the attribute expression
     * @param n the most users to return (the job's {@code numResults})
     * @return up to {@code n} user ids; fewer only when the training data has fewer users
     * @throws IllegalArgumentException when the model cannot answer the query (an item it was not trained with, an
     *     attribute expression that does not parse or names no field of the Items dataset, or the other kind of
     *     query than the recipe takes); the message is meant for the output line's {@code error}
     */
    List<String> usersFor(SegmentQuery query, int n);
}
