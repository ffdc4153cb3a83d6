package io.personalizekit.local.internal.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A trained solution version: precomputed item neighbours (for the related-items recipes), the popularity order,
 * and offline metrics. Immutable and thread-safe.
 *
 * <p>{@link #similarItems} never returns the seed item and never repeats an item; when the precomputed
 * neighbours run out (or the seed is unknown) it fills the list with popular items, as the service does for
 * unknown or cold items. Neither recipe returns scores.
 */
public final class TrainedModel {
    private final String recipeName;
    private final String[] itemIds;
    private final Map<String, Integer> itemIndex;
    private final int[] @org.jspecify.annotations.Nullable [] neighbours;
    private final int[] popularOrder;
    private final Map<String, Double> metrics;

    TrainedModel(
            String recipeName,
            String[] itemIds,
            int[] @org.jspecify.annotations.Nullable [] neighbours,
            int[] popularOrder,
            Map<String, Double> metrics) {
        this.recipeName = recipeName;
        this.itemIds = itemIds;
        this.neighbours = neighbours;
        this.popularOrder = popularOrder;
        this.metrics = Collections.unmodifiableMap(metrics);
        Map<String, Integer> index = new HashMap<>(itemIds.length * 2);
        for (int i = 0; i < itemIds.length; i++) {
            index.put(itemIds[i], i);
        }
        this.itemIndex = index;
    }

    /**
     * The recipe this model was trained with, for example {@code aws-similar-items}.
     *
     * @return the recipe name
     */
    public String recipeName() {
        return recipeName;
    }

    /**
     * Items similar to {@code itemId}, best first, filled with popular items when needed.
     *
     * @param itemId the seed item; unknown ids get popular items
     * @param numResults the maximum number of items to return
     * @param keepItem which items may be returned (a filter); called at most once per candidate
     * @return up to {@code numResults} item ids, never containing {@code itemId}
     */
    public List<String> similarItems(String itemId, int numResults, Predicate<String> keepItem) {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(keepItem, "keepItem");
        if (numResults <= 0) {
            return List.of();
        }
        Integer seed = itemIndex.get(itemId);
        Set<String> out = new LinkedHashSet<>();
        if (seed != null) {
            int[] n = neighbours[seed];
            if (n != null) {
                for (int j : n) {
                    if (out.size() >= numResults) {
                        break;
                    }
                    if (j != seed && keepItem.test(itemIds[j])) {
                        out.add(itemIds[j]);
                    }
                }
            }
        }
        if (out.size() < numResults) {
            for (int j : popularOrder) {
                if (out.size() >= numResults) {
                    break;
                }
                String id = itemIds[j];
                if (!id.equals(itemId) && !out.contains(id) && keepItem.test(id)) {
                    out.add(id);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * The most popular items (by number of interactions), most popular first.
     *
     * @param n the maximum number of items
     * @param keepItem which items may be returned
     * @return up to {@code n} item ids
     */
    public List<String> popularItems(int n, Predicate<String> keepItem) {
        Objects.requireNonNull(keepItem, "keepItem");
        List<String> out = new ArrayList<>(Math.max(0, Math.min(n, popularOrder.length)));
        for (int j : popularOrder) {
            if (out.size() >= n) {
                break;
            }
            if (keepItem.test(itemIds[j])) {
                out.add(itemIds[j]);
            }
        }
        return out;
    }

    /**
     * Offline metrics computed on a held-out split (the last interaction of each user), with the names
     * GetSolutionMetrics uses: {@code coverage}, {@code precision_at_5/10/25},
     * {@code normalized_discounted_cumulative_gain_at_5/10/25} and {@code mean_reciprocal_rank_at_25}.
     *
     * @return the metrics (unmodifiable)
     */
    public Map<String, Double> metrics() {
        return metrics;
    }

    /**
     * Whether recommendations from this model carry scores; false for the related-items and popularity recipes.
     *
     * @return false
     */
    public boolean returnsScores() {
        return false;
    }

    /**
     * Whether the item was part of training (in the interactions or, for similar-items, the items dataset).
     *
     * @param itemId the item id
     * @return true when known
     */
    public boolean knowsItem(String itemId) {
        return itemIndex.containsKey(itemId);
    }

    /**
     * The number of items the model knows.
     *
     * @return the count
     */
    public int itemCount() {
        return itemIds.length;
    }

    @Override
    public String toString() {
        return "TrainedModel{recipe=" + recipeName + ", items=" + itemIds.length + ", metrics=" + metrics + "}";
    }
}
