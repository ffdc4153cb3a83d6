package io.personalizekit.local.internal.recipe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Turns a model's candidates into what a request gets, the same for every recipe: the filter (called at most once
 * per distinct candidate), the excluded item (a related-items request's seed), no repeats, and the count.
 */
public final class Serving {
    private Serving() {}

    /**
     * The item a request of this recipe type must not return: the seed of a related-items request.
     *
     * @param type the recipe type
     * @param query the request
     * @return the item to leave out, or null
     */
    public static @Nullable String excluded(RecipeType type, Query query) {
        return type == RecipeType.RELATED_ITEMS ? query.itemId() : null;
    }

    /**
     * The recommendations of GetRecommendations and batch inference.
     *
     * @param model the model
     * @param query the request's item and user
     * @param numResults the most items to return
     * @param keep which items may be returned (the filter)
     * @param exclude an item never to return, or null
     * @return up to {@code numResults} distinct items, best first
     */
    public static List<ScoredItem> recommend(
            Model model, Query query, int numResults, Predicate<String> keep, @Nullable String exclude) {
        Objects.requireNonNull(keep, "keep");
        if (numResults <= 0) {
            return List.of();
        }
        List<ScoredItem> out = new ArrayList<>(Math.min(numResults, 512));
        Set<String> seen = new HashSet<>();
        model.candidates(query, (id, score) -> {
            if (!id.equals(exclude) && seen.add(id) && keep.test(id)) {
                out.add(new ScoredItem(id, score));
            }
            return out.size() < numResults;
        });
        return out;
    }

    /**
     * GetPersonalizedRanking: the given items the filter keeps, in the order the model offers them; items the model
     * does not offer follow in their input order, without a score.
     *
     * @param model the model
     * @param query the request's user (and item, if any)
     * @param items the items to rank
     * @param keep which items may be returned (the filter)
     * @return the ranked items
     */
    public static List<ScoredItem> rank(Model model, Query query, List<String> items, Predicate<String> keep) {
        Map<String, Boolean> wanted = new HashMap<>();
        for (String id : items) {
            wanted.putIfAbsent(id, Boolean.FALSE);
        }
        List<ScoredItem> out = new ArrayList<>(wanted.size());
        int[] left = {wanted.size()};
        model.candidates(query, (id, score) -> {
            if (wanted.replace(id, Boolean.FALSE, Boolean.TRUE)) {
                left[0]--;
                if (keep.test(id)) {
                    out.add(new ScoredItem(id, score));
                }
            }
            return left[0] > 0;
        });
        for (String id : items) {
            if (wanted.replace(id, Boolean.FALSE, Boolean.TRUE) && keep.test(id)) {
                out.add(new ScoredItem(id, Double.NaN));
            }
        }
        return out;
    }
}
