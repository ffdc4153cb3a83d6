package io.personalizekit.local.internal.recipe;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The bipartite user-item graph co-occurrence is counted on: per user the distinct items of the recent history
 * (capped at {@value #MAX_HISTORY} items), and the transpose. A held-out graph leaves out each user's most recent
 * item (users with at least 2 interactions) and remembers it for evaluation. Immutable.
 */
final class CoOccurrenceGraph {
    /** User histories are capped at this many most recent distinct items. */
    static final int MAX_HISTORY = 200;

    final int nUsers;
    final int nItems;
    final int[] userStart;
    final int[] userItems;
    final int[] itemStart;
    final int[] itemUsers;
    /** Per user, the held-out item (held-out graphs only), or -1. */
    final int[] heldOut;
    /** Per user, the index in {@link UserHistories#positions} of the last training interaction, or -1. */
    final int[] lastTrainPosition;

    private CoOccurrenceGraph(
            int nUsers,
            int nItems,
            int[] userStart,
            int[] userItems,
            int[] itemStart,
            int[] itemUsers,
            int[] heldOut,
            int[] lastTrainPosition) {
        this.nUsers = nUsers;
        this.nItems = nItems;
        this.userStart = userStart;
        this.userItems = userItems;
        this.itemStart = itemStart;
        this.itemUsers = itemUsers;
        this.heldOut = heldOut;
        this.lastTrainPosition = lastTrainPosition;
    }

    /** The graph of all interactions. */
    static CoOccurrenceGraph full(TrainingData data, int nItems) {
        return build(UserHistories.of(data), data.itemColumn(), nItems, false);
    }

    /** The graph without each user's most recent item, for held-out evaluation. */
    static CoOccurrenceGraph heldOut(TrainingData data, int nItems) {
        return build(UserHistories.of(data), data.itemColumn(), nItems, true);
    }

    /**
     * The graph of all interactions, or (held-out) without each user's most recent item, leaving out the users
     * flagged in {@code excluded} altogether (they have no items and nothing held out).
     */
    static CoOccurrenceGraph of(TrainingData data, int nItems, boolean holdOutLast, boolean @Nullable [] excluded) {
        return build(UserHistories.of(data), data.itemColumn(), nItems, holdOutLast, excluded);
    }

    static CoOccurrenceGraph build(UserHistories order, int[] itemsCol, int nItems, boolean holdOutLast) {
        return build(order, itemsCol, nItems, holdOutLast, null);
    }

    static CoOccurrenceGraph build(
            UserHistories order, int[] itemsCol, int nItems, boolean holdOutLast, boolean @Nullable [] excluded) {
        int nUsers = order.nUsers;
        int[] userStart = new int[nUsers + 1];
        int[] userItems = new int[(int) Math.min(order.positions.length, (long) nUsers * MAX_HISTORY)];
        int[] heldOut = new int[nUsers];
        int[] lastTrain = new int[nUsers];
        Arrays.fill(heldOut, -1);
        Arrays.fill(lastTrain, -1);
        int[] mark = new int[nItems];
        Arrays.fill(mark, -1);
        int w = 0;
        for (int u = 0; u < nUsers; u++) {
            int s = order.start[u];
            int e = excluded != null && excluded[u] ? s : order.start[u + 1];
            int held = -1;
            if (holdOutLast && e - s >= 2) {
                held = itemsCol[order.positions[e - 1]];
                heldOut[u] = held;
            }
            int taken = 0;
            int first = w;
            for (int k = e - 1; k >= s && taken < MAX_HISTORY; k--) {
                int item = itemsCol[order.positions[k]];
                if (item == held) {
                    continue; // drop every occurrence of the held-out item
                }
                if (lastTrain[u] < 0) {
                    lastTrain[u] = k;
                }
                if (mark[item] != u) {
                    mark[item] = u;
                    if (w == userItems.length) {
                        userItems = Arrays.copyOf(userItems, userItems.length * 2 + 16);
                    }
                    userItems[w++] = item;
                    taken++;
                }
            }
            // most recent first is fine for co-occurrence; sort for cache-friendly access
            Arrays.sort(userItems, first, w);
            userStart[u + 1] = w;
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
        for (int u = 0; u < nUsers; u++) {
            for (int p = userStart[u]; p < userStart[u + 1]; p++) {
                itemUsers[fill[userItems[p]]++] = u;
            }
        }
        return new CoOccurrenceGraph(nUsers, nItems, userStart, userItems, itemStart, itemUsers, heldOut, lastTrain);
    }

    int usersOf(int item) {
        return itemStart[item + 1] - itemStart[item];
    }
}
