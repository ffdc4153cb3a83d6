package io.personalizekit.local.internal.recipe;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Item-Affinity model: the users most likely to interact with an item. An item's neighbourhood weights every
 * item {@code j} by how close it is to the query item {@code i}: {@code w(i) = 1}, and for other items the cosine of
 * their user sets, {@code co(i, j) / sqrt(n_i n_j)}; when the Items dataset was read, the Jaccard similarity of the
 * items' categorical values is blended in with weight {@code 10 / (n_i + 10)}, so items with few or no interactions
 * lean on their metadata. A user's score is {@code sum_j c_uj w(j) / (c_u + 5)}: the weighted share of the user's
 * interactions ({@code c_uj} with item {@code j}, {@code c_u} in all) that fall in the neighbourhood, shrunk towards 0
 * for users with few interactions. Users are ranked by score, then by their number of interactions. Immutable and
 * thread-safe.
 */
final class ItemAffinityModel implements Model, SegmentModel {
    /** Shrinks the scores of users with few interactions. */
    static final double USER_PRIOR = 5.0;
    /** How many interactions make the co-occurrence weight as strong as the metadata weight. */
    static final double COLD_START_K = 10.0;

    private final AffinityMatrix matrix;
    private final SegmentUsers users;
    private final ItemUniverse universe;
    private final @Nullable ItemMetadata metadata;

    /**
     * @param matrix the interactions (all, or the training part for metrics)
     * @param users the users by index
     * @param universe the items known: those with interactions first (their indexes are the matrix's), then those only
     *     in the Items dataset
     * @param metadata item metadata indexed like {@code universe}, or null
     */
    ItemAffinityModel(
            AffinityMatrix matrix, SegmentUsers users, ItemUniverse universe, @Nullable ItemMetadata metadata) {
        this.matrix = matrix;
        this.users = users;
        this.universe = universe;
        this.metadata = metadata;
    }

    @Override
    public List<String> usersFor(SegmentQuery query, int n) {
        String itemId = query.itemId();
        if (itemId == null) {
            throw new IllegalArgumentException(
                    "An Item-Affinity solution version takes {\"itemId\": ...} queries, not itemAttributes.");
        }
        Integer item = universe.index.get(itemId);
        if (item == null) {
            throw new IllegalArgumentException(
                    "Item " + itemId + " was not in the training data of this solution version.");
        }
        return users.topIds(scores(item), n);
    }

    /** The users' scores for an item (by universe index). */
    double[] scores(int item) {
        double[] w = weights(item);
        double[] score = new double[matrix.nUsers];
        for (int j = 0; j < matrix.nItems; j++) {
            if (w[j] > 0) {
                for (int p = matrix.itemStart[j]; p < matrix.itemStart[j + 1]; p++) {
                    score[matrix.itemUsers[p]] += matrix.itemCounts[p] * w[j];
                }
            }
        }
        for (int u = 0; u < score.length; u++) {
            score[u] /= matrix.userTotal[u] + USER_PRIOR;
        }
        return score;
    }

    /** The neighbourhood weights of the items with interactions. */
    private double[] weights(int item) {
        int nItems = matrix.nItems;
        double[] co = new double[nItems];
        int ni = item < nItems ? matrix.usersOf(item) : 0;
        if (ni > 0) {
            int[] counts = new int[nItems];
            for (int p = matrix.itemStart[item]; p < matrix.itemStart[item + 1]; p++) {
                int v = matrix.itemUsers[p];
                for (int q = matrix.userStart[v]; q < matrix.userStart[v + 1]; q++) {
                    counts[matrix.userItems[q]]++;
                }
            }
            for (int j = 0; j < nItems; j++) {
                if (counts[j] > 0) {
                    co[j] = counts[j] / Math.sqrt((double) ni * matrix.usersOf(j));
                }
            }
            co[item] = 1;
        }
        ItemMetadata m = metadata;
        if (m == null || m.tokens[item].length == 0) {
            return co;
        }
        double[] jaccard = new double[nItems];
        int[] shared = new int[nItems];
        int[] seedTokens = m.tokens[item];
        for (int t : seedTokens) {
            for (int j : m.tokenPostings[t]) {
                if (j < nItems) {
                    shared[j]++;
                }
            }
        }
        for (int j = 0; j < nItems; j++) {
            if (shared[j] > 0) {
                jaccard[j] = (double) shared[j] / (seedTokens.length + m.tokenCount[j] - shared[j]);
            }
        }
        double lambda = ni / (ni + COLD_START_K);
        for (int j = 0; j < nItems; j++) {
            co[j] = lambda * co[j] + (1 - lambda) * jaccard[j];
        }
        if (item < nItems) {
            co[item] = 1;
        }
        return co;
    }

    @Override
    public void candidates(Query query, CandidateSink sink) {
        // a USER_SEGMENTATION model answers batch segment jobs only; it recommends no items
        Objects.requireNonNull(sink, "sink");
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
