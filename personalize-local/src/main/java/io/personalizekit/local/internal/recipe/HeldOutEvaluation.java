package io.personalizekit.local.internal.recipe;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The offline metrics GetSolutionMetrics returns, from a held-out split: the most recent interaction of each user
 * with at least 2 interactions is held out ({@link CoOccurrenceGraph#heldOut}), up to {@value #MAX_EVAL_USERS} of
 * those users are sampled evenly, a recommender trained without the held-out items recommends
 * {@value #TOP} items for each, and hits on the held-out item are scored: {@code precision_at_5/10/25},
 * {@code normalized_discounted_cumulative_gain_at_5/10/25}, {@code mean_reciprocal_rank_at_25} and
 * {@code coverage} (the share of items recommended at least once), rounded to 4 decimals.
 */
final class HeldOutEvaluation {
    static final int MAX_EVAL_USERS = 2000;
    /** The length of each recommendation list scored. */
    static final int TOP = 25;

    private static final int[] CUTOFFS = {5, 10, 25};

    private HeldOutEvaluation() {}

    /**
     * Scores a recommender on the held-out split.
     *
     * @param split the graph without each user's most recent item
     * @param recommendForUser up to {@value #TOP} item indexes for a user, best first; called in parallel; a
     *     negative entry stands for an item outside the graph's items (it takes a rank but never hits and does not
     *     count for coverage)
     * @return the metrics
     */
    static Map<String, Double> evaluate(CoOccurrenceGraph split, IntFunction<int[]> recommendForUser) {
        int[] evalUsers = sampleUsers(split);
        int[][] recs = new int[evalUsers.length][];
        IntStream.range(0, evalUsers.length).parallel().forEach(k -> recs[k] = recommendForUser.apply(evalUsers[k]));
        int[] held = new int[evalUsers.length];
        for (int k = 0; k < evalUsers.length; k++) {
            held[k] = split.heldOut[evalUsers[k]];
        }
        return score(recs, held, split.nItems);
    }

    /**
     * Per user, the item of the most recent interaction that was not held out (the seed of related-items queries),
     * or -1 when the user has none.
     */
    static int[] lastTrainingItems(TrainingData data, CoOccurrenceGraph split) {
        int[] positions = UserHistories.of(data).positions;
        int[] itemColumn = data.itemColumn();
        int[] out = new int[split.nUsers];
        for (int u = 0; u < out.length; u++) {
            int p = split.lastTrainPosition[u];
            out[u] = p < 0 ? -1 : itemColumn[positions[p]];
        }
        return out;
    }

    private static int[] sampleUsers(CoOccurrenceGraph split) {
        int eligible = 0;
        for (int u = 0; u < split.nUsers; u++) {
            if (split.heldOut[u] >= 0 && split.lastTrainPosition[u] >= 0) {
                eligible++;
            }
        }
        int step = Math.max(1, (eligible + MAX_EVAL_USERS - 1) / MAX_EVAL_USERS);
        int[] out = new int[Math.min(eligible, MAX_EVAL_USERS)];
        int k = 0;
        int seen = 0;
        for (int u = 0; u < split.nUsers && k < out.length; u++) {
            if (split.heldOut[u] >= 0 && split.lastTrainPosition[u] >= 0) {
                if (seen++ % step == 0) {
                    out[k++] = u;
                }
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static Map<String, Double> score(int[][] recs, int[] held, int nItems) {
        Map<String, Double> m = new TreeMap<>();
        double[] precision = new double[CUTOFFS.length];
        double[] ndcg = new double[CUTOFFS.length];
        double mrr = 0;
        boolean[] covered = new boolean[nItems];
        int coveredCount = 0;
        for (int k = 0; k < recs.length; k++) {
            int[] r = recs[k];
            int rank = 0;
            for (int p = 0; p < r.length; p++) {
                if (r[p] >= 0 && !covered[r[p]]) {
                    covered[r[p]] = true;
                    coveredCount++;
                }
                if (rank == 0 && r[p] == held[k]) {
                    rank = p + 1;
                }
            }
            if (rank > 0) {
                mrr += 1.0 / rank;
                for (int c = 0; c < CUTOFFS.length; c++) {
                    if (rank <= CUTOFFS[c]) {
                        precision[c] += 1.0 / CUTOFFS[c];
                        ndcg[c] += 1.0 / (Math.log(rank + 1) / Math.log(2));
                    }
                }
            }
        }
        int users = Math.max(1, recs.length);
        for (int c = 0; c < CUTOFFS.length; c++) {
            m.put("precision_at_" + CUTOFFS[c], round(precision[c] / users));
            m.put("normalized_discounted_cumulative_gain_at_" + CUTOFFS[c], round(ndcg[c] / users));
        }
        m.put("mean_reciprocal_rank_at_25", round(mrr / users));
        m.put("coverage", round(nItems == 0 ? 0 : (double) coveredCount / nItems));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }
}
