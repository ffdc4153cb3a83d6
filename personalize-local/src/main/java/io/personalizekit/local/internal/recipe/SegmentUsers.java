package io.personalizekit.local.internal.recipe;

import java.util.ArrayList;
import java.util.List;

/**
 * What the USER_SEGMENTATION models share: the users by index, and the ranking of all users by a score, ties (users
 * without any signal, for example) broken by the number of interactions, then by index, so a segment always has
 * {@code n} users when there are that many. Immutable.
 */
final class SegmentUsers {
    final String[] ids;
    private final AffinityMatrix matrix;

    SegmentUsers(String[] ids, AffinityMatrix matrix) {
        this.ids = ids;
        this.matrix = matrix;
    }

    /** The users of the training data, by index. */
    static String[] userIds(TrainingData data) {
        return java.util.Arrays.copyOf(data.interactions().userIdArray(), data.userCount());
    }

    /** The {@code n} best users by score, best first. */
    int[] top(double[] score, int n) {
        TopK top = new TopK().reset(Math.min(n, score.length));
        for (int u = 0; u < score.length; u++) {
            top.offer((float) score[u], u, matrix.userTotal[u]);
        }
        return top.sortedItems();
    }

    /** The ids of the {@code n} best users by score. */
    List<String> topIds(double[] score, int n) {
        int[] top = top(score, n);
        List<String> out = new ArrayList<>(top.length);
        for (int u : top) {
            out.add(ids[u]);
        }
        return out;
    }
}
