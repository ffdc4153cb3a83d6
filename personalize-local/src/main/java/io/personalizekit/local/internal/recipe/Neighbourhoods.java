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
    static Neighbourhoods heldOut(
            TrainingData data, ItemUniverse universe, CoOccurrenceGraph split, boolean recency) {
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

    /** The scores of a history: the items its neighbourhoods reach, best first, and the popularity fill. */
    static final class Scores {
        /** The items reached by the history's neighbourhoods, by score (best first). */
        final int[] items;
        /** Their scores. */
        final float[] scores;
        /** The share the popularity prior has in a score: 1 without a history. */
        final float priorShare;

        Scores(int[] items, float[] scores, float priorShare) {
            this.items = items;
            this.scores = scores;
            this.priorShare = priorShare;
        }
    }

    /**
     * Scores a user's history.
     *
     * @param history item indexes, newest first
     * @return the scored neighbourhood (empty for an empty history)
     */
    Scores score(int[] history) {
        if (history.length == 0) {
            return new Scores(new int[0], new float[0], 1f);
        }
        Scratch s = scratch.get();
        s.reset();
        double w = 1;
        double total = 0;
        for (int h : history) {
            ItemSimilarity.Neighbours n = neighboursOf(h);
            for (int k = 0; k < n.items().length; k++) {
                int j = n.items()[k];
                double add = w * n.scores()[k];
                s.acc[s.touch(j)] += add;
                total += add;
            }
            if (recency) {
                w *= RECENCY_DECAY;
            }
        }
        if (total <= 0) {
            return new Scores(new int[0], new float[0], 1f);
        }
        int m = s.nTouched;
        float[] score = new float[m];
        Integer[] order = new Integer[m];
        float lambda = (float) PRIOR_WEIGHT;
        for (int t = 0; t < m; t++) {
            int j = s.touched[t];
            score[t] = (float) ((lambda * prior[j] + s.acc[j] / total) / (lambda + 1));
            order[t] = t;
        }
        Arrays.sort(order, (a, b) -> score[a] != score[b]
                ? Float.compare(score[b], score[a])
                : Integer.compare(s.touched[a], s.touched[b]));
        int[] items = new int[m];
        float[] scores = new float[m];
        for (int k = 0; k < m; k++) {
            items[k] = s.touched[order[k]];
            scores[k] = score[order[k]];
        }
        return new Scores(items, scores, lambda / (lambda + 1));
    }

    /**
     * The score of one item given a history's accumulated neighbourhood, for ranking: the same formula as
     * {@link #score}, computed for the given items only.
     *
     * @param history item indexes, newest first
     * @param items the items to score (indexes)
     * @return their scores, in the order given
     */
    float[] scoreOf(int[] history, int[] items) {
        float[] out = new float[items.length];
        Scores s = score(history);
        if (s.items.length == 0) {
            for (int k = 0; k < items.length; k++) {
                out[k] = prior[items[k]];
            }
            return out;
        }
        java.util.Map<Integer, Float> byItem = new java.util.HashMap<>(s.items.length * 2);
        for (int k = 0; k < s.items.length; k++) {
            byItem.put(s.items[k], s.scores[k]);
        }
        for (int k = 0; k < items.length; k++) {
            Float v = byItem.get(items[k]);
            out[k] = v != null ? v : s.priorShare * prior[items[k]];
        }
        return out;
    }

    /** Per-thread accumulators, reused without clearing (marks are stamped). */
    private static final class Scratch {
        final double[] acc;
        final int[] mark;
        final int[] touched;
        int stamp;
        int nTouched;

        Scratch(int nItems) {
            acc = new double[nItems];
            mark = new int[nItems];
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
