package io.personalizekit.local.internal.recipe;

import io.personalizekit.local.internal.data.DatasetData;
import java.util.Arrays;
import java.util.Map;

/**
 * Per item of a model's universe, its popularity (interaction count) and freshness (creation time), each as a
 * percentile in {@code [0, 1]} (1 = the most popular, the newest), for a campaign's {@code rankingInfluence}. An
 * item's creation time is its {@code CREATION_TIMESTAMP} in the items dataset, else its first interaction, else
 * the latest interaction of the data (a new item, as the service treats items without a creation time). Also
 * holds the raw values the exploration of User-Personalization uses. Immutable.
 */
public final class ItemSignals {
    private static final TrainingData.Key<ItemSignals> INTERACTED =
            new TrainingData.Key<>("item signals (items with interactions)", ItemSignals.class);
    private static final TrainingData.Key<ItemSignals> WITH_CATALOG =
            new TrainingData.Key<>("item signals (items with interactions or metadata)", ItemSignals.class);

    private final Map<String, Integer> index;
    final int[] counts;
    final long[] created;
    /** The latest interaction's timestamp (epoch seconds). */
    final long latest;

    private final float[] popularityRank;
    private final float[] freshnessRank;

    private ItemSignals(Map<String, Integer> index, int[] counts, long[] created, long latest) {
        this.index = index;
        this.counts = counts;
        this.created = created;
        this.latest = latest;
        this.popularityRank = percentiles(counts.length, (a, b) -> Integer.compare(counts[a], counts[b]));
        this.freshnessRank = percentiles(created.length, (a, b) -> Long.compare(created[a], created[b]));
    }

    /** The signals over the items with interactions. */
    static ItemSignals interacted(TrainingData data) {
        return data.derived(INTERACTED, d -> build(d, ItemUniverse.interacted(d)));
    }

    /** The signals over the items with interactions or metadata. */
    static ItemSignals withCatalog(TrainingData data) {
        return data.derived(WITH_CATALOG, d -> build(d, ItemUniverse.withCatalog(d)));
    }

    private static ItemSignals build(TrainingData data, ItemUniverse universe) {
        int n = universe.size();
        int[] itemColumn = data.itemColumn();
        long[] ts = data.timestampColumn();
        int[] counts = new int[n];
        long[] first = new long[n];
        Arrays.fill(first, Long.MAX_VALUE);
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < itemColumn.length; i++) {
            int item = itemColumn[i];
            counts[item]++;
            first[item] = Math.min(first[item], ts[i]);
            latest = Math.max(latest, ts[i]);
        }
        if (latest == Long.MIN_VALUE) {
            latest = 0;
        }
        DatasetData items = data.items();
        for (int j = 0; j < n; j++) {
            Map<String, String> rec = items == null ? null : items.record(universe.ids[j]);
            String c = rec == null ? null : rec.get("CREATION_TIMESTAMP");
            long createdAt = first[j];
            if (c != null) {
                try {
                    createdAt = Long.parseLong(c.trim());
                } catch (NumberFormatException e) {
                    // keep the first interaction's time
                }
            }
            first[j] = createdAt == Long.MAX_VALUE ? latest : createdAt;
        }
        return new ItemSignals(universe.index, counts, first, latest);
    }

    private interface IndexOrder {
        int compare(int a, int b);
    }

    /** Per index, its rank in ascending order scaled to [0, 1] (ties share the lower rank). */
    private static float[] percentiles(int n, IndexOrder order) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> order.compare(a, b));
        float[] out = new float[n];
        int rank = 0;
        for (int k = 0; k < n; k++) {
            if (k > 0 && order.compare(idx[k - 1], idx[k]) != 0) {
                rank = k;
            }
            out[idx[k]] = n <= 1 ? 1f : (float) rank / (n - 1);
        }
        return out;
    }

    /**
     * An item's popularity percentile.
     *
     * @param itemId the item
     * @return 0 (least popular) to 1 (most popular); 0 for an unknown item
     */
    public double popularity(String itemId) {
        Integer i = index.get(itemId);
        return i == null ? 0 : popularityRank[i];
    }

    /**
     * An item's freshness percentile.
     *
     * @param itemId the item
     * @return 0 (oldest) to 1 (newest); 0 for an unknown item
     */
    public double freshness(String itemId) {
        Integer i = index.get(itemId);
        return i == null ? 0 : freshnessRank[i];
    }
}
