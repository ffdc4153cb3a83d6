package io.personalizekit.local.internal.recipe;

import io.personalizekit.local.internal.data.DatasetData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The items a model knows, by index: the items with interactions first (their index is the interactions' item
 * index), then, for recipes that read item metadata, the items known only from the items dataset. Immutable.
 */
final class ItemUniverse {
    private static final TrainingData.Key<ItemUniverse> INTERACTED =
            new TrainingData.Key<>("items with interactions", ItemUniverse.class);
    private static final TrainingData.Key<ItemUniverse> WITH_CATALOG =
            new TrainingData.Key<>("items with interactions or metadata", ItemUniverse.class);

    final String[] ids;
    final Map<String, Integer> index;

    private ItemUniverse(String[] ids, Map<String, Integer> index) {
        this.ids = ids;
        this.index = index;
    }

    /** The items with interactions. */
    static ItemUniverse interacted(TrainingData data) {
        return data.derived(INTERACTED, d -> build(d.interactionItemIds(), null));
    }

    /** The items with interactions, then those only in the items dataset (if the training read a non-empty one). */
    static ItemUniverse withCatalog(TrainingData data) {
        return data.derived(WITH_CATALOG, d -> build(d.interactionItemIds(), hasCatalog(d) ? d.items() : null));
    }

    /** A universe of the given items, indexed in the given order (duplicates keep their first index). */
    static ItemUniverse of(List<String> ids) {
        List<String> distinct = new ArrayList<>(ids.size());
        Map<String, Integer> index = new HashMap<>(ids.size() * 2);
        for (String id : ids) {
            if (index.putIfAbsent(id, distinct.size()) == null) {
                distinct.add(id);
            }
        }
        return new ItemUniverse(distinct.toArray(new String[0]), index);
    }

    /** Whether the training read a non-empty items dataset. */
    static boolean hasCatalog(TrainingData data) {
        DatasetData items = data.items();
        return items != null && items.size() > 0;
    }

    private static ItemUniverse build(String[] interacted, @org.jspecify.annotations.Nullable DatasetData catalog) {
        List<String> universe = new ArrayList<>(Arrays.asList(interacted));
        Map<String, Integer> index = new HashMap<>(universe.size() * 2);
        for (int i = 0; i < universe.size(); i++) {
            index.put(universe.get(i), i);
        }
        if (catalog != null) {
            for (String id : catalog.recordIds()) {
                if (!index.containsKey(id)) {
                    index.put(id, universe.size());
                    universe.add(id);
                }
            }
        }
        return new ItemUniverse(universe.toArray(new String[0]), index);
    }

    int size() {
        return ids.length;
    }
}
