package io.personalizekit.local.internal.recipe;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * The user-personalization models' scoring: item-to-item neighbourhoods over a user's recent history, blended with
 * a popularity prior.
 *
 * <p>Training keeps, per item, its {@value ItemSimilarity#NEIGHBOURS} nearest items by {@link ItemSimilarity}
 * (co-occurrence in user histories, cosine-like, without metadata) with their similarity. For a history
 * {@code h_0 .. h_m} (newest first) with weights {@code w_k} ({@code 0.8^k} with recency bias, else 1), an item
 * {@code j} gets {@code a_j = sum_k w_k sim(h_k, j)} over the neighbour lists, normalised so the {@code a_j} sum
 * to 1, and the score {@code (lambda p_j + a_j) / (lambda + 1)}, where {@code p_j} is its share of the
 * interactions (time-decayed with a half-life of a quarter of the data's time span, with recency bias) and
 * {@code lambda} = {@value #PRIOR_WEIGHT}. Summed over the whole catalogue the scores are 1, as the service's
 * User-Personalization scores are. Without a history the score is {@code p_j}: popular items, the service's answer
 * for a new user. Thread-safe (per-thread scratch space).
 */
final class Neighbourhoods {
    /** The weight of the popularity prior against the history's neighbourhood. */
    static final double PRIOR_WEIGHT = 0.1;
    /** The decay of a history item's weight per step back in time, with recency bias. */
    static final double RECENCY_DECAY = 0.8;

    final ItemUniverse universe;
    private final ItemSimilarity.@Nullable Neighbours[] neighbours;
    private final @Nullable ItemSimilarity lazy;
    /** Per item, its share of the interactions (sums to 1 over the items with interactions). */
    final float[] prior;
    /** Item indexes by {@link #prior}, highest first (ties: lower index first). */
    final int[] popularOrder;

    private final boolean recency;
    private final ThreadLocal<Scratch> scratch;

    private Neighbourhoods(
            ItemUniverse universe,
            ItemSimilarity.@Nullable Neighbours[] neighbours,
            @Nullable ItemSimilarity lazy,
            float[] prior,
            boolean recency) {
        this.universe = universe;
        this.neighbours = neighbours;
        this.lazy = lazy;
        this.prior = prior;
        this.popularOrder = order(prior);
        this.recency = recency;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(universe.size()));
    }

    /**
     * Trains the neighbourhoods of every item of the graph.
     *
     * @param data the training data
     * @param universe the items known (the graph's items first)
     * @param graph the co-occurrence graph of the training data
     * @param recency whether recent interactions weigh more (prior and history)
     */
    static Neighbourhoods train(TrainingData data, ItemUniverse universe, CoOccurrenceGraph graph, boolean recency) {
        ItemSimilarity sim = new ItemSimilarity(graph, null, 0.0, 1);
        ItemSimilarity.Neighbours[] nb = new ItemSimilarity.Neighbours[universe.size()];
        Arrays.fill(nb, ItemSimilarity.Neighbours.NONE);
        IntStream.range(0, graph.nItems).parallel().forEach(i -> nb[i] = sim.scored(i, ItemSimilarity.NEIGHBOURS));
        return new Neighbourhoods(universe, nb, null, priorOf(data, universe.size(), recency, null), recency);
    }

    /**
     * Neighbourhoods of a held-out split, computed on first use (an evaluation reads only the items in the sampled
     * users' histories), with the prior of the interactions that were not held out.
     *
     * @param data the training data
     * @param universe the items known
     * @param split the held-out graph
     * @param recency whether recent interactions weigh more
     */
    static Neighbourhoods heldOut(TrainingData data, ItemUniverse universe, CoOccurrenceGraph split, boolean recency) {
        ItemSimilarity sim = new ItemSimilarity(split, null, 0.0, 1);
        return new Neighbourhoods(
                universe,
                new ItemSimilarity.Neighbours[universe.size()],
                sim,
                priorOf(data, universe.size(), recency, split.heldOut),
                recency);
    }

    /** Interaction shares per item, time-decayed with recency; held-out items of their users left out. */
    private static float[] priorOf(TrainingData data, int nItems, boolean recency, int @Nullable [] heldOut) {
        int[] items = data.itemColumn();
        int[] users = data.userColumn();
        long[] ts = data.timestampColumn();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long t : ts) {
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        double halfLife = Math.max(1.0, (max - (double) min) / 4);
        double[] mass = new double[nItems];
        double total = 0;
        for (int p = 0; p < items.length; p++) {
            if (heldOut != null && heldOut[users[p]] == items[p]) {
                continue;
            }
            double m = recency ? Math.pow(0.5, (max - ts[p]) / halfLife) : 1.0;
            mass[items[p]] += m;
            total += m;
        }
        float[] prior = new float[nItems];
        for (int i = 0; i < nItems && total > 0; i++) {
            prior[i] = (float) (mass[i] / total);
        }
        return prior;
    }

    private static int[] order(float[] prior) {
        Integer[] idx = new Integer[prior.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> prior[a] != prior[b] ? Float.compare(prior[b], prior[a]) : Integer.compare(a, b));
        int[] out = new int[idx.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    private ItemSimilarity.Neighbours neighboursOf(int item) {
        ItemSimilarity.Neighbours n = neighbours[item];
        if (n == null) {
            ItemSimilarity sim = lazy;
            n = sim == null ? ItemSimilarity.Neighbours.NONE : sim.scored(item, ItemSimilarity.NEIGHBOURS);
            neighbours[item] = n;
        }
        return n;
    }

    /**
     * A history's scores: the items its neighbourhoods reach, retrieved best first (ordered lazily: a request for
     * 25 items selects the best few dozen of the candidates instead of sorting them all), and the score of any
     * item. A view of the calling thread's scratch space: valid until the thread scores again.
     */
    final class Scores {
        private final Scratch s;
        private final int n;
        private final long[] keys;
        /** The share the popularity prior has in a score: 1 without a history. */
        final float priorShare;

        private int ordered;

        private Scores(Scratch s, int n, float priorShare) {
            this.s = s;
            this.n = n;
            this.keys = s.keys;
            this.priorShare = priorShare;
        }

        /** The number of items the history's neighbourhoods reach. */
        int size() {
            return n;
        }

        /** The {@code k}-th best reached item (0-based, {@code k < size()}). */
        int item(int k) {
            order(k + 1);
            return (int) (0xFFFFFFFFL - ((-keys[k]) & 0xFFFFFFFFL));
        }

        /** The score of any item: its neighbourhood score when reached, else its share of the prior. */
        float scoreOf(int j) {
            return s.mark[j] == s.stamp ? s.value[j] : priorShare * prior[j];
        }

        /** An item's share of the prior alone (the score of an explored item). */
        float priorScore(int j) {
            return priorShare * prior[j];
        }

        /** Whether an item is reached by the history's neighbourhoods. */
        boolean reached(int j) {
            return s.mark[j] == s.stamp;
        }

        /** Marks an item as offered; false when it already was (in this request). */
        boolean firstOffer(int j) {
            if (s.offered[j] == s.stamp) {
                return false;
            }
            s.offered[j] = s.stamp;
            return true;
        }

        /** Makes sure the first {@code upTo} keys are in their final order. */
        private void order(int upTo) {
            if (upTo <= ordered) {
                return;
            }
            int m = Math.min(n, Math.max(upTo, Math.max(64, ordered * 2)));
            selectSmallest(keys, ordered, n, m - ordered);
            Arrays.sort(keys, ordered, m);
            ordered = m;
        }
    }

    /** Rearranges {@code a[from, to)} so that its {@code m} smallest values come first (in no particular order). */
    static void selectSmallest(long[] a, int from, int to, int m) {
        int lo = from;
        int hi = to - 1;
        int target = from + m - 1;
        if (m <= 0 || target >= hi) {
            return;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long pivot = median(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (target <= j) {
                hi = j;
            } else if (target >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /**
     * Scores a user's history.
     *
     * @param history item indexes, newest first
     * @return the scores (empty for an empty history)
     */
    Scores score(int[] history) {
        Scratch s = scratch.get();
        s.reset();
        double w = 1;
        double total = 0;
        for (int h : history) {
            ItemSimilarity.Neighbours n = neighboursOf(h);
            int[] items = n.items();
            float[] sims = n.scores();
            for (int k = 0; k < items.length; k++) {
                int j = items[k];
                double add = w * sims[k];
                s.acc[s.touch(j)] += add;
                total += add;
            }
            if (recency) {
                w *= RECENCY_DECAY;
            }
        }
        if (total <= 0) {
            s.reset();
            return new Scores(s, 0, 1f);
        }
        int m = s.nTouched;
        if (s.keys.length < m) {
            s.keys = new long[Math.max(m, s.keys.length * 2)];
        }
        float lambda = (float) PRIOR_WEIGHT;
        for (int t = 0; t < m; t++) {
            int j = s.touched[t];
            float f = (float) ((lambda * prior[j] + s.acc[j] / total) / (lambda + 1));
            s.value[j] = f;
            // best first when sorted ascending: the negated (score bits, then the lower index) key
            s.keys[t] = -((((long) Float.floatToIntBits(f)) << 32) | (0xFFFFFFFFL - j));
        }
        return new Scores(s, m, lambda / (lambda + 1));
    }

    /**
     * Scores of no history whose popularity share is {@code priorShare}: for a request served from kept items,
     * which still needs the per-request marks and the scores of items outside the kept list.
     */
    Scores unscored(float priorShare) {
        Scratch s = scratch.get();
        s.reset();
        return new Scores(s, 0, priorShare);
    }

    /** The popularity share of a score for a non-empty history. */
    static float historyPriorShare() {
        return (float) (PRIOR_WEIGHT / (PRIOR_WEIGHT + 1));
    }

    /**
     * The scores of given items for a history, for ranking: the same formula as {@link #score}.
     *
     * @param history item indexes, newest first
     * @param items the items to score (indexes)
     * @return their scores, in the order given
     */
    float[] scoreOf(int[] history, int[] items) {
        Scores s = score(history);
        float[] out = new float[items.length];
        for (int k = 0; k < items.length; k++) {
            out[k] = s.scoreOf(items[k]);
        }
        return out;
    }

    /** Per-thread scratch space, reused across requests without clearing (marks are stamped). */
    private static final class Scratch {
        final double[] acc;
        final float[] value;
        final int[] mark;
        final int[] offered;
        final int[] touched;
        long[] keys = new long[1024];
        int stamp;
        int nTouched;

        Scratch(int nItems) {
            acc = new double[nItems];
            value = new float[nItems];
            mark = new int[nItems];
            offered = new int[nItems];
            touched = new int[nItems];
        }

        void reset() {
            stamp++;
            nTouched = 0;
        }

        int touch(int j) {
            if (mark[j] != stamp) {
                mark[j] = stamp;
                acc[j] = 0;
                touched[nTouched++] = j;
            }
            return j;
        }
    }
}
