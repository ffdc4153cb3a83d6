package io.personalizekit.local.internal.recipe;

import org.jspecify.annotations.Nullable;

/**
 * Serves an item's precomputed neighbours, then another model's candidates (popular items): what related-items
 * recipes answer for a seed, for an unknown or cold seed, and for requests for more than the neighbours (or more
 * than the filter leaves of them). Immutable.
 */
final class NeighboursModel implements Model {
    private final ItemUniverse universe;
    private final int[] @Nullable [] neighbours;
    private final Model fallback;

    /**
     * @param universe the items known
     * @param neighbours per item index its neighbours' indexes, best first, or null
     * @param fallback the candidates that follow the neighbours
     */
    NeighboursModel(ItemUniverse universe, int[] @Nullable [] neighbours, Model fallback) {
        this.universe = universe;
        this.neighbours = neighbours;
        this.fallback = fallback;
    }

    @Override
    public void candidates(Query query, CandidateSink sink) {
        String itemId = query.itemId();
        Integer seed = itemId == null ? null : universe.index.get(itemId);
        int[] n = seed == null ? null : neighbours[seed];
        if (n != null) {
            String[] ids = universe.ids;
            for (int j : n) {
                if (!sink.offer(ids[j], Double.NaN)) {
                    return;
                }
            }
        }
        fallback.candidates(query, sink);
    }

    @Override
    public boolean knowsItem(String itemId) {
        return universe.index.containsKey(itemId);
    }

    @Override
    public int itemCount() {
        return universe.size();
    }
}
