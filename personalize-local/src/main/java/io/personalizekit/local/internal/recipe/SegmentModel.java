package io.personalizekit.local.internal.recipe;

import java.util.List;

/**
 * The capability of a {@link Model} trained by a USER_SEGMENTATION recipe (aws-item-affinity,
 * aws-item-attribute-affinity): the users most likely to interact with an item, or with items having given
 * attributes. Batch segment jobs ask models that implement it; other models cannot serve them. Immutable and
 * thread-safe, like every model.
 */
public interface SegmentModel {
    /**
     * The users most likely to interact with what the query names, best first.
     *
     * @param query an item or an attribute expression
     * @param n the most users to return
     * @return up to {@code n} distinct user ids, best first; empty when the model knows nothing that matches
     * @throws IllegalArgumentException when the query does not suit the model (an attribute expression for an
     *     item model, or an expression that does not parse), with a message for the output line's {@code error}
     */
    List<String> usersFor(SegmentQuery query, int n);
}
