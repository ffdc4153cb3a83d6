package io.personalizekit.recommend;

import java.util.function.Consumer;

/**
 * Asks a Personalize campaign (or recommender) for the items similar to a seed item. Implementations are
 * thread-safe; one instance serves the whole application.
 *
 * <p>The default implementation calls {@code GetRecommendations} on a caller-provided {@code
 * PersonalizeRuntimeClient}; {@code io.personalizekit.cache.CachingSimilarItemsClient} decorates any
 * implementation with a read-through cache.
 */
public interface SimilarItemsClient extends AutoCloseable {

    /**
     * The items similar to one seed, with the defaults (25 results, seed excluded).
     *
     * @param itemId the seed item id
     * @return the similar items, best first
     */
    default SimilarItems similarTo(String itemId) {
        return similarItems(SimilarItemsRequest.of(itemId));
    }

    /**
     * The items similar to one seed.
     *
     * @param request the request
     * @return the similar items, best first
     */
    SimilarItems similarItems(SimilarItemsRequest request);

    /**
     * The items similar to one seed, with the request built by a consumer.
     *
     * @param request sets the request's values
     * @return the similar items, best first
     */
    default SimilarItems similarItems(Consumer<SimilarItemsRequest.Builder> request) {
        SimilarItemsRequest.Builder b = SimilarItemsRequest.builder();
        request.accept(b);
        return similarItems(b.build());
    }

    /** Releases what this client created itself; clients that were passed in are borrowed and left open. */
    @Override
    void close();
}
