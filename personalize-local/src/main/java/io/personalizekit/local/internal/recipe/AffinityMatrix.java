package io.personalizekit.local.internal.recipe;

import java.util.Arrays;

/**
 * The user-item interaction counts the USER_SEGMENTATION recipes score users with, both ways (per user its items and
 * per item its users, each with the number of interactions), over the interaction item indexes. Built from all
 * interactions, or, for held-out metrics, from the oldest 80 % of each user's interactions with the newest 20 %
 * ({@code floor(0.2 n)} of a user's {@code n}) kept aside per user, as the service splits USER_SEGMENTATION data.
 * Immutable.
 */
final class AffinityMatrix {
    /** The share of each user's newest interactions held out for metrics. */
    static final double TEST_SHARE = 0.2;

    final int nUsers;
    final int nItems;
    /** User {@code u}'s distinct items are {@code userItems[userStart[u] .. userStart[u+1]-1]}. */
    final int[] userStart;

    final int[] userItems;
    final int[] userCounts;
    /** Item {@code i}'s distinct users are {@code itemUsers[itemStart[i] .. itemStart[i+1]-1]}. */
    final int[] itemStart;

    final int[] itemUsers;
    final int[] itemCounts;
    /** Per user, the number of (training) interactions. */
    final int[] userTotal;
    /** Held-out matrices only: user {@code u}'s distinct held-out items. */
    final int[] testStart;

    final int[] testItems;

    private AffinityMatrix(
            int nUsers,
            int nItems,
            int[] userStart,
            int[] userItems,
            int[] userCounts,
            int[] itemStart,
            int[] itemUsers,
            int[] itemCounts,
            int[] userTotal,
            int[] testStart,
            int[] testItems) {
        this.nUsers = nUsers;
        this.nItems = nItems;
        this.userStart = userStart;
        this.userItems = userItems;
        this.userCounts = userCounts;
        this.itemStart = itemStart;
        this.itemUsers = itemUsers;
        this.itemCounts = itemCounts;
        this.userTotal = userTotal;
        this.testStart = testStart;
        this.testItems = testItems;
    }

    /** The matrix of all interactions. */
    static AffinityMatrix full(TrainingData data) {
        return build(data, false);
    }

    /** The matrix of each user's oldest 80 % of interactions, with the newest 20 % held out. */
    static AffinityMatrix heldOut(TrainingData data) {
        return build(data, true);
    }

    private static AffinityMatrix build(TrainingData data, boolean holdOut) {
        UserHistories h = UserHistories.of(data);
        int[] itemCol = data.itemColumn();
        int nUsers = h.nUsers;
        int nItems = ItemUniverse.interacted(data).size();
        int[] userStart = new int[nUsers + 1];
        int[] testStart = new int[nUsers + 1];
        int[] counts = new int[nItems];
        int[] mark = new int[nItems];
        Arrays.fill(mark, -1);
        int[] userItems = new int[16];
        int[] userCounts = new int[16];
        int[] testItems = new int[holdOut ? 16 : 0];
        int[] userTotal = new int[nUsers];
        int w = 0;
        int tw = 0;
        for (int u = 0; u < nUsers; u++) {
            int s = h.start[u];
            int e = h.start[u + 1];
            int nTest = holdOut ? (int) Math.floor((e - s) * TEST_SHARE) : 0;
            int trainEnd = e - nTest;
            int first = w;
            for (int k = s; k < trainEnd; k++) {
                int item = itemCol[h.positions[k]];
                if (mark[item] != u) {
                    mark[item] = u;
                    counts[item] = 0;
                    if (w == userItems.length) {
                        userItems = Arrays.copyOf(userItems, w * 2);
                        userCounts = Arrays.copyOf(userCounts, w * 2);
                    }
                    userItems[w++] = item;
                }
                counts[item]++;
            }
            for (int p = first; p < w; p++) {
                userCounts[p] = counts[userItems[p]];
            }
            userTotal[u] = trainEnd - s;
            userStart[u + 1] = w;
            for (int k = trainEnd; k < e; k++) {
                int item = itemCol[h.positions[k]];
                if (mark[item] != nUsers + u) {
                    mark[item] = nUsers + u;
                    if (tw == testItems.length) {
                        testItems = Arrays.copyOf(testItems, Math.max(16, tw * 2));
                    }
                    testItems[tw++] = item;
                }
            }
            testStart[u + 1] = tw;
        }
        int[] itemStart = new int[nItems + 1];
        for (int p = 0; p < w; p++) {
            itemStart[userItems[p] + 1]++;
        }
        for (int i = 0; i < nItems; i++) {
            itemStart[i + 1] += itemStart[i];
        }
        int[] fill = Arrays.copyOf(itemStart, nItems);
        int[] itemUsers = new int[w];
        int[] itemCounts = new int[w];
        for (int u = 0; u < nUsers; u++) {
            for (int p = userStart[u]; p < userStart[u + 1]; p++) {
                int at = fill[userItems[p]]++;
                itemUsers[at] = u;
                itemCounts[at] = userCounts[p];
            }
        }
        return new AffinityMatrix(
                nUsers,
                nItems,
                userStart,
                Arrays.copyOf(userItems, w),
                Arrays.copyOf(userCounts, w),
                itemStart,
                itemUsers,
                itemCounts,
                userTotal,
                testStart,
                Arrays.copyOf(testItems, tw));
    }

    int usersOf(int item) {
        return itemStart[item + 1] - itemStart[item];
    }

    /** Held-out matrices: per item, the users with a held-out interaction with it. */
    int[][] testUsersByItem() {
        int[] count = new int[nItems];
        for (int item : testItems) {
            count[item]++;
        }
        int[][] out = new int[nItems][];
        for (int i = 0; i < nItems; i++) {
            out[i] = new int[count[i]];
        }
        int[] fill = new int[nItems];
        for (int u = 0; u < nUsers; u++) {
            for (int p = testStart[u]; p < testStart[u + 1]; p++) {
                int i = testItems[p];
                out[i][fill[i]++] = u;
            }
        }
        return out;
    }
}
