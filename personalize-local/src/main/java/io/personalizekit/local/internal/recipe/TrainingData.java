package io.personalizekit.local.internal.recipe;

import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.schema.DatasetType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The data one training reads: a snapshot of the interactions in columns (user index, item index and timestamp
 * per interaction), the other datasets the recipe reads (items, users, actions, action interactions), and the
 * structures derived from
 * them that several components share (user histories, the item universe, item metadata), each computed once.
 *
 * <p>The column arrays are shared, not copied: components must not modify them. Used by one training at a time;
 * {@link #derived} is safe to call from several threads.
 */
public final class TrainingData {
    private final DatasetData interactions;
    private final Map<DatasetType, DatasetData> others;
    private final int[] userColumn;
    private final int[] itemColumn;
    private final long[] timestampColumn;
    private final String[] interactionItemIds;
    private final int userCount;
    private final Map<Key<?>, Object> derived = new HashMap<>();

    private TrainingData(DatasetData interactions, Map<DatasetType, DatasetData> others) {
        this.interactions = interactions;
        this.others = others;
        synchronized (interactions) {
            userColumn = interactions.userColumn();
            itemColumn = interactions.itemColumn();
            timestampColumn = interactions.timestampColumn();
            interactionItemIds = interactions.itemIdArray();
            userCount = interactions.userCount();
        }
    }

    /**
     * Takes the snapshot.
     *
     * @param interactions the interactions (possibly empty)
     * @param items the items dataset, or null when the dataset group has none or the recipe does not read it
     * @param users the users dataset, or null likewise
     * @return the training data
     */
    public static TrainingData of(DatasetData interactions, @Nullable DatasetData items, @Nullable DatasetData users) {
        Map<DatasetType, DatasetData> others = new EnumMap<>(DatasetType.class);
        if (items != null) {
            others.put(DatasetType.ITEMS, items);
        }
        if (users != null) {
            others.put(DatasetType.USERS, users);
        }
        return of(interactions, others);
    }

    /**
     * Takes the snapshot.
     *
     * @param interactions the interactions (possibly empty)
     * @param others the other datasets the recipe reads, by type; a type the dataset group lacks is absent
     * @return the training data
     */
    public static TrainingData of(DatasetData interactions, Map<DatasetType, DatasetData> others) {
        Map<DatasetType, DatasetData> copy = new EnumMap<>(DatasetType.class);
        copy.putAll(others);
        copy.remove(DatasetType.INTERACTIONS);
        return new TrainingData(Objects.requireNonNull(interactions, "interactions"), copy);
    }

    /**
     * The interactions dataset (for columns beyond the snapshot: event types and values).
     *
     * @return the dataset
     */
    public DatasetData interactions() {
        return interactions;
    }

    /**
     * The items dataset.
     *
     * @return the dataset, or null
     */
    public @Nullable DatasetData items() {
        return others.get(DatasetType.ITEMS);
    }

    /**
     * The users dataset.
     *
     * @return the dataset, or null
     */
    public @Nullable DatasetData users() {
        return others.get(DatasetType.USERS);
    }

    /**
     * A dataset other than interactions (items, users, actions, action interactions).
     *
     * @param type the dataset type
     * @return the dataset, or null when the dataset group has none or the recipe does not read it
     */
    public @Nullable DatasetData dataset(DatasetType type) {
        return others.get(type);
    }

    /**
     * The number of interactions.
     *
     * @return the count
     */
    public int interactionCount() {
        return userColumn.length;
    }

    /**
     * The number of distinct users in the interactions.
     *
     * @return the count
     */
    public int userCount() {
        return userCount;
    }

    /**
     * Per interaction, the user's index ({@code 0..userCount()-1}). Do not modify.
     *
     * @return the column
     */
    public int[] userColumn() {
        return userColumn;
    }

    /**
     * Per interaction, the item's index into {@link #interactionItemIds()}. Do not modify.
     *
     * @return the column
     */
    public int[] itemColumn() {
        return itemColumn;
    }

    /**
     * Per interaction, its timestamp (epoch seconds). Do not modify.
     *
     * @return the column
     */
    public long[] timestampColumn() {
        return timestampColumn;
    }

    /**
     * The ids of the items that have interactions, by item index. Do not modify.
     *
     * @return the ids
     */
    public String[] interactionItemIds() {
        return interactionItemIds;
    }

    /**
     * A structure derived from this data, computed on first use and shared by everything that asks for the same
     * key afterwards (a recipe's training and its evaluation, for example). The computation may itself ask for
     * other derived structures.
     *
     * @param key identifies the structure
     * @param compute computes it from this data
     * @param <T> the structure's type
     * @return the structure
     */
    public <T> T derived(Key<T> key, Function<TrainingData, T> compute) {
        synchronized (derived) {
            Object v = derived.get(key);
            if (v == null) {
                v = Objects.requireNonNull(compute.apply(this), key.name());
                derived.put(key, v);
            }
            return key.type().cast(v);
        }
    }

    /**
     * Identifies a derived structure; compared by identity, so declare each key once as a constant.
     *
     * @param name a name for messages
     * @param type the structure's type
     * @param <T> the structure's type
     */
    public record Key<T>(String name, Class<T> type) {
        @Override
        public boolean equals(@Nullable Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
