package io.personalizekit.local.internal.recipe;

/** Serves the items by interaction count, most popular first, whatever the query. Immutable. */
final class PopularItemsModel implements Model {
    private final ItemUniverse universe;
    private final int[] popularOrder;

    /**
     * @param universe the items known
     * @param popularOrder item indexes, most popular first ({@link Popularity#order})
     */
    PopularItemsModel(ItemUniverse universe, int[] popularOrder) {
        this.universe = universe;
        this.popularOrder = popularOrder;
    }

    /** The popular items of the training's item universe. */
    static PopularItemsModel train(TrainingData data, ItemUniverse universe) {
        return new PopularItemsModel(universe, Popularity.order(Popularity.counts(data.itemColumn(), universe.size())));
    }

    @Override
    public void candidates(Query query, CandidateSink sink) {
        String[] ids = universe.ids;
        for (int j : popularOrder) {
            if (!sink.offer(ids[j], Double.NaN)) {
                return;
            }
        }
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
