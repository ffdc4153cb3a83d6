package io.personalizekit.local.internal.recipe;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The offline metrics of the USER_SEGMENTATION recipes, from {@link AffinityMatrix#heldOut}: for each evaluated query
 * (an item, or an item attribute), the model trained on the oldest 80 % of each user's interactions predicts its top
 * {@code K} users, where {@code K} is 1 % of the users (at least 1), and they are compared with the users who
 * interacted with the item (or with an item having the attribute) in the newest 20 %: {@code hits_at_1_percent} is the
 * mean number of predicted users among them, {@code recall_at_1_percent} the mean share of them predicted, and
 * {@code coverage} the share of all users that appear in at least one prediction. Values are rounded to 4 decimals.
 * The service describes these as "hit (hit at K)" and "recall (recall at K)" with K the top 1 % of users; the key
 * names are ours.
 */
final class SegmentEvaluation {
    /** The most queries evaluated. */
    static final int MAX_QUERIES = 200;

    private SegmentEvaluation() {}

    /** The segment size scored: 1 % of the users, at least 1. */
    static int k(int nUsers) {
        return Math.max(1, (int) Math.ceil(nUsers * 0.01));
    }

    /**
     * Scores predictions.
     *
     * @param nUsers the number of users
     * @param predicted per query, the predicted users (indexes), best first
     * @param actual per query, the users who interacted in the held-out part (distinct indexes, non-empty)
     * @return the metrics
     */
    static Map<String, Double> score(int nUsers, List<int[]> predicted, List<int[]> actual) {
        double hits = 0;
        double recall = 0;
        boolean[] covered = new boolean[nUsers];
        int coveredCount = 0;
        boolean[] isActual = new boolean[nUsers];
        for (int q = 0; q < predicted.size(); q++) {
            int[] want = actual.get(q);
            for (int u : want) {
                isActual[u] = true;
            }
            int h = 0;
            for (int u : predicted.get(q)) {
                if (isActual[u]) {
                    h++;
                }
                if (!covered[u]) {
                    covered[u] = true;
                    coveredCount++;
                }
            }
            for (int u : want) {
                isActual[u] = false;
            }
            hits += h;
            recall += (double) h / want.length;
        }
        int n = Math.max(1, predicted.size());
        Map<String, Double> m = new TreeMap<>();
        m.put("hits_at_1_percent", round(hits / n));
        m.put("recall_at_1_percent", round(recall / n));
        m.put("coverage", round(nUsers == 0 ? 0 : (double) coveredCount / nUsers));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }
}
