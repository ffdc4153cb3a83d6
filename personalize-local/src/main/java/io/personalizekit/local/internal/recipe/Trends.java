package io.personalizekit.local.internal.recipe;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Trending items: a time-decayed rate change per item. With {@code T} the trend discovery interval and
 * {@code now} the latest interaction's time, an item's decayed activity at time {@code t} is
 * {@code D(t) = sum over its interactions at or before t of exp(-(t - ts) / T)}, and its trend is
 * {@code D(now) - D(now - T)}: about 0 for an item interacted with at a steady rate, positive for one whose rate
 * grew during the last interval or two, negative for one fading. Items with a positive trend come first, highest
 * first; the rest follow by interaction count (the service's popular items). Computed at training time.
 */
final class Trends {
    private Trends() {}

    /**
     * The trend order of the items.
     *
     * @param items item index per interaction
     * @param timestamps timestamp per interaction (epoch seconds)
     * @param nItems the number of items
     * @param intervalSeconds the trend discovery interval
     * @param keep the interactions to count (all but held-out ones)
     * @return item indexes, trending first, then by popularity
     */
    static int[] order(int[] items, long[] timestamps, int nItems, long intervalSeconds, IntPredicate keep) {
        long now = Long.MIN_VALUE;
        for (int p = 0; p < items.length; p++) {
            if (keep.test(p)) {
                now = Math.max(now, timestamps[p]);
            }
        }
        double tau = Math.max(1, intervalSeconds);
        double[] trend = new double[nItems];
        int[] counts = new int[nItems];
        for (int p = 0; p < items.length; p++) {
            if (!keep.test(p)) {
                continue;
            }
            long t = timestamps[p];
            int i = items[p];
            counts[i]++;
            trend[i] += Math.exp(-(now - t) / tau);
            if (t <= now - intervalSeconds) {
                trend[i] -= Math.exp(-(now - intervalSeconds - t) / tau);
            }
        }
        Integer[] idx = new Integer[nItems];
        for (int i = 0; i < nItems; i++) {
            idx[i] = i;
            if (Math.abs(trend[i]) < 1e-9) {
                trend[i] = 0;
            }
        }
        Arrays.sort(idx, (a, b) -> {
            boolean ta = trend[a] > 0;
            boolean tb = trend[b] > 0;
            if (ta != tb) {
                return ta ? -1 : 1;
            }
            if (ta && trend[a] != trend[b]) {
                return Double.compare(trend[b], trend[a]);
            }
            return counts[a] != counts[b] ? Integer.compare(counts[b], counts[a]) : Integer.compare(a, b);
        });
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }
}
