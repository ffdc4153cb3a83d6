package io.personalizekit.local.internal.recipe;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Each user's recent history as the user-personalization models read it: the user's {@value #HISTORY} most recent
 * distinct items (newest first) with the time of the user's latest interaction with each, and the user's index by
 * id. At request time {@link #recent} merges it with the user's events streamed since (newer wins). Immutable.
 */
final class UserProfiles {
    /** The most recent distinct items kept (and read) per user. */
    static final int HISTORY = 30;

    private final Map<String, Integer> userIndex;
    private final int[] start;
    private final int[] items;
    private final long[] times;

    private UserProfiles(Map<String, Integer> userIndex, int[] start, int[] items, long[] times) {
        this.userIndex = userIndex;
        this.start = start;
        this.items = items;
        this.times = times;
    }

    /**
     * The profiles of the training data.
     *
     * @param data the training data
     * @param heldOut per user an item left out of the profile (every interaction with it), or null
     */
    static UserProfiles build(TrainingData data, int @Nullable [] heldOut) {
        UserHistories h = UserHistories.of(data);
        int[] itemColumn = data.itemColumn();
        long[] ts = data.timestampColumn();
        int nUsers = h.nUsers;
        int[] start = new int[nUsers + 1];
        int[] items = new int[(int) Math.min(h.positions.length, (long) nUsers * HISTORY)];
        long[] times = new long[items.length];
        int[] mark = new int[Math.max(1, data.interactionItemIds().length)];
        Arrays.fill(mark, -1);
        int w = 0;
        for (int u = 0; u < nUsers; u++) {
            int skip = heldOut == null ? -1 : heldOut[u];
            int taken = 0;
            for (int k = h.start[u + 1] - 1; k >= h.start[u] && taken < HISTORY; k--) {
                int p = h.positions[k];
                int item = itemColumn[p];
                if (item == skip || mark[item] == u) {
                    continue;
                }
                mark[item] = u;
                items[w] = item;
                times[w] = ts[p];
                w++;
                taken++;
            }
            start[u + 1] = w;
        }
        String[] ids = data.interactions().userIdArray();
        Map<String, Integer> index = new HashMap<>(ids.length * 2);
        for (int u = 0; u < Math.min(ids.length, nUsers); u++) {
            index.put(ids[u], u);
        }
        return new UserProfiles(index, start, Arrays.copyOf(items, w), Arrays.copyOf(times, w));
    }

    /** The number of users with a trained profile. */
    int userCount() {
        return start.length - 1;
    }

    /** A user's index, or -1. */
    int indexOf(@Nullable String userId) {
        Integer u = userId == null ? null : userIndex.get(userId);
        return u == null ? -1 : u;
    }

    /** The trained profile of a user index: items newest first. */
    int[] itemsOf(int u) {
        return Arrays.copyOfRange(items, start[u], start[u + 1]);
    }

    /**
     * A user's recent history at request time: the trained profile merged with the events streamed since (mapped
     * to item indexes by {@code universe}; unknown items are left out), newest first, at most {@value #HISTORY}
     * distinct items.
     *
     * @param userId the user, or null
     * @param events the user's streamed events (any order)
     * @param universe the model's items
     * @return item indexes, newest first
     */
    int[] recent(@Nullable String userId, List<UserEvent> events, ItemUniverse universe) {
        int u = indexOf(userId);
        int trained = u < 0 ? 0 : start[u + 1] - start[u];
        if (events.isEmpty()) {
            return trained == 0 ? new int[0] : itemsOf(u);
        }
        int n = trained + events.size();
        long[] keys = new long[n];
        int[] idx = new int[n];
        int m = 0;
        for (int k = 0; k < trained; k++) {
            idx[m] = items[start[u] + k];
            keys[m] = times[start[u] + k];
            m++;
        }
        for (UserEvent e : events) {
            Integer i = universe.index.get(e.itemId());
            if (i != null) {
                idx[m] = i;
                keys[m] = e.timestamp();
                m++;
            }
        }
        Integer[] order = new Integer[m];
        for (int k = 0; k < m; k++) {
            order[k] = k;
        }
        // newest first; on equal times the streamed event (later in the array) first
        Arrays.sort(order, (a, b) -> keys[a] != keys[b] ? Long.compare(keys[b], keys[a]) : Integer.compare(b, a));
        int[] out = new int[Math.min(m, HISTORY)];
        int w = 0;
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int k = 0; k < m && w < out.length; k++) {
            if (seen.add(idx[order[k]])) {
                out[w++] = idx[order[k]];
            }
        }
        return Arrays.copyOf(out, w);
    }
}
