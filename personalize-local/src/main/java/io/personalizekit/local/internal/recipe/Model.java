package io.personalizekit.local.internal.recipe;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A trained model as it serves: an ordered stream of candidate items for a query. What a request finally gets
 * (the filter, the seed left out, no repeats, the count) is {@link Serving}'s job, the same for every recipe, so a
 * model only orders candidates. Immutable and thread-safe.
 */
public interface Model {
    /**
     * Offers candidates for a query, best first, until the sink declines or the model runs out. Candidates may
     * repeat and may include the seed item; the serving code skips those.
     *
     * @param query the request's item and user
     * @param sink receives the candidates
     */
    void candidates(Query query, CandidateSink sink);

    /**
     * Whether the item was part of training.
     *
     * @param itemId the item id
     * @return true when known
     */
    boolean knowsItem(String itemId);

    /**
     * The number of items the model knows.
     *
     * @return the count
     */
    int itemCount();

    /**
     * Whether the model's candidates carry scores that responses return.
     *
     * @return false unless the model scores
     */
    default boolean returnsScores() {
        return false;
    }

    /**
     * Offers the given items of a GetPersonalizedRanking request in the model's order, best first; items the model
     * does not offer follow in their input order without a score ({@link Serving#rank}). The default offers
     * {@link #candidates} until every given item was seen; ranking models override it to score only the given
     * items.
     *
     * @param query the request's user
     * @param items the items to rank
     * @param sink receives the ranked items
     */
    default void rank(Query query, List<String> items, CandidateSink sink) {
        candidates(query, sink);
    }

    /**
     * The items' popularity and freshness, for a campaign's {@code rankingInfluence}
     * ({@link CampaignSettings#hasRankingInfluence()}); null when the model does not support it.
     *
     * @return the signals, or null
     */
    default @Nullable ItemSignals signals() {
        return null;
    }
}
