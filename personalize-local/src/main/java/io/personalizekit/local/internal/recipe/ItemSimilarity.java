package io.personalizekit.local.internal.recipe;

import java.util.Objects;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Item-to-item similarity over a co-occurrence graph and, optionally, item metadata. The score of candidate
 * {@code j} for seed {@code i} blends:
 *
 * <ul>
 *   <li>co-occurrence: the number of users who interacted with both, divided by {@code n_j^beta}, where
 *       {@code n_j} is the number of users of {@code j} and {@code beta = 0.5 + 0.5 * popularityDiscount} (0.5 is
 *       cosine over user sets; higher discounts popular items more), normalised so the seed's best co-occurring
 *       item scores 1; pairs with fewer than {@code minCo} shared users are ignored;
 *   <li>metadata: Jaccard similarity of the categorical tokens and cosine of the TF-IDF vectors, averaged when
 *       both exist. Tokens shared by more than {@value #MAX_POSTINGS} items, and terms found in more than 1 % of
 *       the items (at least {@value #MIN_TEXT_POSTINGS_CAP}), are skipped as uninformative.
 * </ul>
 *
 * The blend weight of co-occurrence is {@code n_i / (n_i + 10)}, so cold items lean on metadata and items without
 * interactions use metadata only. Ties prefer the more popular item, then the lower index. Thread-safe (each
 * thread has its own scratch space).
 */
final class ItemSimilarity {
    /** The number of neighbours kept per item. */
    static final int NEIGHBOURS = 100;

    static final int MAX_POSTINGS = 5000;
    static final int MIN_TEXT_POSTINGS_CAP = 50;
    static final double COLD_START_K = 10.0;

    private final CoOccurrenceGraph graph;
    private final @Nullable ItemMetadata meta;
    private final int minCo;
    private final float[] discount;
    private final ThreadLocal<Workspace> workspaces;
    private final int textPostingsCap;

    ItemSimilarity(CoOccurrenceGraph graph, @Nullable ItemMetadata meta, double popularityDiscount, int minCo) {
        this.graph = graph;
        this.textPostingsCap = Math.max(MIN_TEXT_POSTINGS_CAP, graph.nItems / 100);
        this.meta = meta;
        this.minCo = Math.max(1, minCo);
        double beta = 0.5 + 0.5 * popularityDiscount;
        this.discount = new float[graph.nItems];
        for (int j = 0; j < graph.nItems; j++) {
            discount[j] = (float) Math.pow(Math.max(1, graph.usersOf(j)), beta);
        }
        this.workspaces = ThreadLocal.withInitial(() -> new Workspace(graph.nItems));
    }

    int[][] neighboursOfAll() {
        int[][] out = new int[graph.nItems][];
        IntStream.range(0, graph.nItems).parallel().forEach(i -> out[i] = recommend(i, NEIGHBOURS));
        return out;
    }

    /** The top {@code k} neighbours of {@code seed}, best first (may be fewer). */
    int[] recommend(int seed, int k) {
        return top(seed, k).sortedItems();
    }

    /**
     * The top {@code k} neighbours of {@code seed} with their similarity scores (in {@code (0, 1]}, the best
     * co-occurring item scoring 1 when there is no metadata), best first.
     */
    Neighbours scored(int seed, int k) {
        TopK top = top(seed, k);
        float[] scores = new float[top.size()];
        int[] items = top.sorted(scores);
        return new Neighbours(items, scores);
    }

    /** An item's neighbours, best first, and their similarity scores. */
    record Neighbours(int[] items, float[] scores) {
        static final Neighbours NONE = new Neighbours(new int[0], new float[0]);
    }

    private TopK top(int seed, int k) {
        Workspace w = workspaces.get();
        w.reset();
        CoOccurrenceGraph g = graph;
        int ni = g.usersOf(seed);
        for (int p = g.itemStart[seed]; p < g.itemStart[seed + 1]; p++) {
            int u = g.itemUsers[p];
            for (int q = g.userStart[u]; q < g.userStart[u + 1]; q++) {
                int j = g.userItems[q];
                if (j != seed) {
                    w.slot[w.touch(j) + CO]++;
                }
            }
        }
        boolean useCat = false;
        boolean useText = false;
        ItemMetadata m = meta;
        if (m != null) {
            int[] toks = m.tokens[seed];
            useCat = toks.length > 0;
            for (int t : toks) {
                int[] post = m.tokenPostings[t];
                if (post.length > MAX_POSTINGS) {
                    continue;
                }
                for (int j : post) {
                    if (j != seed) {
                        w.slot[w.touch(j) + INTER]++;
                    }
                }
            }
            int[] terms = m.terms[seed];
            float[] weights = m.termWeights[seed];
            useText = terms.length > 0;
            for (int a = 0; a < terms.length; a++) {
                int[] post = m.termPostings[terms[a]];
                if (post.length > textPostingsCap) {
                    continue;
                }
                float[] pw = m.termPostingWeights[terms[a]];
                float wa = weights[a];
                for (int b = 0; b < post.length; b++) {
                    int j = post[b];
                    if (j != seed) {
                        int at = w.touch(j) + DOT;
                        w.slot[at] = Float.floatToRawIntBits(Float.intBitsToFloat(w.slot[at]) + wa * pw[b]);
                    }
                }
            }
        }
        float maxCf = 0;
        for (int t = 0; t < w.nTouched; t++) {
            int j = w.touched[t];
            int co = w.slot[(j << 2) + CO];
            if (co >= minCo) {
                maxCf = Math.max(maxCf, co / discount[j]);
            }
        }
        boolean useMeta = useCat || useText;
        double wcf = !useMeta ? 1.0 : ni / (ni + COLD_START_K);
        if (maxCf == 0) {
            wcf = 0;
        }
        int seedTokens = useCat ? Objects.requireNonNull(m).tokens[seed].length : 0;
        TopK top = w.top.reset(k);
        for (int t = 0; t < w.nTouched; t++) {
            int j = w.touched[t];
            int base = j << 2;
            int co = w.slot[base + CO];
            double cf = co >= minCo && maxCf > 0 ? co / discount[j] / maxCf : 0;
            double md = 0;
            if (useMeta) {
                ItemMetadata mm = Objects.requireNonNull(m);
                double jac = 0;
                if (useCat) {
                    int inter = w.slot[base + INTER];
                    jac = inter == 0 ? 0 : (double) inter / (seedTokens + mm.tokenCount[j] - inter);
                }
                double cos = useText ? Math.min(1.0, Float.intBitsToFloat(w.slot[base + DOT])) : 0;
                md = useCat && useText ? 0.5 * (jac + cos) : useCat ? jac : cos;
            }
            double score = wcf * cf + (1 - wcf) * md;
            if (score > 0) {
                top.offer((float) score, j, discount[j]);
            }
        }
        return top;
    }

    private static final int MARK = 0;
    private static final int CO = 1;
    private static final int INTER = 2;
    private static final int DOT = 3;

    /**
     * Per-thread scratch space, reused across seeds without clearing (marks are stamped). The four counters of an
     * item (mark, co-occurrences, shared tokens, text dot product as float bits) sit next to each other so that
     * one cache line serves them all.
     */
    static final class Workspace {
        final int[] slot;
        final int[] touched;
        final TopK top = new TopK();
        int stamp;
        int nTouched;

        Workspace(int nItems) {
            slot = new int[nItems * 4];
            touched = new int[nItems];
        }

        void reset() {
            stamp++;
            nTouched = 0;
        }

        /** Marks {@code j} as a candidate (clearing its counters the first time) and returns its slot base. */
        int touch(int j) {
            int base = j << 2;
            if (slot[base + MARK] != stamp) {
                slot[base + MARK] = stamp;
                touched[nTouched++] = j;
                slot[base + CO] = 0;
                slot[base + INTER] = 0;
                slot[base + DOT] = 0;
            }
            return base;
        }
    }
}
