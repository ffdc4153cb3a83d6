package io.personalizekit.local.internal.recipe;

import java.util.Arrays;

/**
 * Each user's interactions in time order (oldest first): the positions of a user's interactions in the columns
 * of {@link TrainingData}, grouped by user. Shared by every component that reads histories; immutable.
 */
final class UserHistories {
    static final TrainingData.Key<UserHistories> KEY = new TrainingData.Key<>("user histories", UserHistories.class);

    final int nUsers;
    /** User {@code u}'s positions are {@code positions[start[u]] .. positions[start[u + 1] - 1]}. */
    final int[] start;

    final int[] positions;

    private UserHistories(int nUsers, int[] start, int[] positions) {
        this.nUsers = nUsers;
        this.start = start;
        this.positions = positions;
    }

    /** The histories of the training data, computed once per training. */
    static UserHistories of(TrainingData data) {
        return data.derived(KEY, d -> build(d.userColumn(), d.timestampColumn(), d.userCount()));
    }

    static UserHistories build(int[] users, long[] ts, int nUsers) {
        int n = users.length;
        int[] start = new int[nUsers + 1];
        for (int u : users) {
            start[u + 1]++;
        }
        for (int u = 0; u < nUsers; u++) {
            start[u + 1] += start[u];
        }
        int[] fill = Arrays.copyOf(start, nUsers);
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[fill[users[i]]++] = i;
        }
        long minTs = Long.MAX_VALUE;
        long maxTs = Long.MIN_VALUE;
        int maxLen = 0;
        for (long t : ts) {
            minTs = Math.min(minTs, t);
            maxTs = Math.max(maxTs, t);
        }
        for (int u = 0; u < nUsers; u++) {
            maxLen = Math.max(maxLen, start[u + 1] - start[u]);
        }
        int idxBits = 64 - Long.numberOfLeadingZeros(Math.max(1, maxLen));
        long range = n == 0 ? 0 : maxTs - minTs;
        boolean packed = range >= 0 && (64 - Long.numberOfLeadingZeros(Math.max(1, range))) + idxBits <= 62;
        long[] keys = new long[maxLen];
        int[] tmp = new int[maxLen];
        for (int u = 0; u < nUsers; u++) {
            int s = start[u];
            int len = start[u + 1] - s;
            boolean sorted = true;
            for (int k = s + 1; k < s + len && sorted; k++) {
                sorted = ts[positions[k - 1]] <= ts[positions[k]];
            }
            if (sorted) {
                continue;
            }
            if (packed) {
                // (time - min) in the high bits, the index in the low bits: one primitive sort, stable by index
                for (int k = 0; k < len; k++) {
                    keys[k] = ((ts[positions[s + k]] - minTs) << idxBits) | k;
                }
                Arrays.sort(keys, 0, len);
                long mask = (1L << idxBits) - 1;
                for (int k = 0; k < len; k++) {
                    tmp[k] = positions[s + (int) (keys[k] & mask)];
                }
                System.arraycopy(tmp, 0, positions, s, len);
            } else {
                Integer[] boxed = new Integer[len];
                for (int k = 0; k < len; k++) {
                    boxed[k] = positions[s + k];
                }
                Arrays.sort(
                        boxed,
                        (a, b) ->
                                a.equals(b) ? 0 : ts[a] != ts[b] ? Long.compare(ts[a], ts[b]) : Integer.compare(a, b));
                for (int k = 0; k < len; k++) {
                    positions[s + k] = boxed[k];
                }
            }
        }
        return new UserHistories(nUsers, start, positions);
    }
}
