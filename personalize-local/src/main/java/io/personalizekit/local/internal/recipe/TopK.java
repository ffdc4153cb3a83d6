package io.personalizekit.local.internal.recipe;

/**
 * A bounded min-heap of (score, item) keeping the best {@code k}; ties prefer the more popular item, then the
 * lower index. Reusable (see {@link #reset}); not thread-safe.
 */
final class TopK {
    private float[] scores = new float[0];
    private float[] pops = new float[0];
    private int[] items = new int[0];
    private int size;
    private int k;

    TopK reset(int k) {
        this.k = k;
        this.size = 0;
        if (scores.length < k) {
            scores = new float[k];
            pops = new float[k];
            items = new int[k];
        }
        return this;
    }

    /** Whether (s1, p1, i1) ranks below (s2, p2, i2). */
    private static boolean worse(float s1, float p1, int i1, float s2, float p2, int i2) {
        if (s1 != s2) {
            return s1 < s2;
        }
        if (p1 != p2) {
            return p1 < p2;
        }
        return i1 > i2;
    }

    /** The number of items held. */
    int size() {
        return size;
    }

    void offer(float score, int item, float pop) {
        if (k == 0) {
            return;
        }
        if (size < k) {
            int c = size++;
            scores[c] = score;
            pops[c] = pop;
            items[c] = item;
            siftUp(c);
        } else if (worse(scores[0], pops[0], items[0], score, pop, item)) {
            scores[0] = score;
            pops[0] = pop;
            items[0] = item;
            siftDown(0);
        }
    }

    private void siftUp(int c) {
        while (c > 0) {
            int p = (c - 1) / 2;
            if (worse(scores[c], pops[c], items[c], scores[p], pops[p], items[p])) {
                swap(c, p);
                c = p;
            } else {
                return;
            }
        }
    }

    private void siftDown(int p) {
        while (true) {
            int l = 2 * p + 1;
            if (l >= size) {
                return;
            }
            int r = l + 1;
            int m = r < size && worse(scores[r], pops[r], items[r], scores[l], pops[l], items[l]) ? r : l;
            if (worse(scores[m], pops[m], items[m], scores[p], pops[p], items[p])) {
                swap(m, p);
                p = m;
            } else {
                return;
            }
        }
    }

    private void swap(int a, int b) {
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        float q = pops[a];
        pops[a] = pops[b];
        pops[b] = q;
        int i = items[a];
        items[a] = items[b];
        items[b] = i;
    }

    int[] sortedItems() {
        return sorted(null);
    }

    /**
     * Empties the heap into the items, best first, and their scores into {@code scoresOut} (when not null, of at
     * least {@link #size()} entries).
     */
    int[] sorted(float @org.jspecify.annotations.Nullable [] scoresOut) {
        int n = size;
        int[] out = new int[n];
        for (int o = n - 1; o >= 0; o--) {
            out[o] = items[0];
            if (scoresOut != null) {
                scoresOut[o] = scores[0];
            }
            size--;
            if (size > 0) {
                scores[0] = scores[size];
                pops[0] = pops[size];
                items[0] = items[size];
                siftDown(0);
            }
        }
        return out;
    }
}
