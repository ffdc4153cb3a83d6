package io.personalizekit.csv;

import java.util.Arrays;

/**
 * The 64-bit hashes of the ids a writer must keep unique, in row order: one growable {@code long[]} (8 bytes per
 * row, written sequentially, so appending costs no cache miss). Duplicates are found afterwards by grouping the
 * hashes by their top bits and checking each group in a small in-cache set ({@link #repeated()}), then walking the
 * rows whose hash repeats ({@link #indicesOf(long[])}). Hash 0 means "no id" and is never reported.
 */
final class IdHashLog {
    private static final long[] NONE = new long[0];

    private long[] hashes = new long[1024];
    private int size;
    /** {@link #size} at the last {@link #repeated()} that found nothing: those rows need no new sort. */
    private int cleanUpTo;

    void add(long hash) {
        if (size == hashes.length) {
            if (size == Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("more than " + size + " ids to check for duplicates");
            }
            hashes = Arrays.copyOf(hashes, (int) Math.min(Integer.MAX_VALUE - 8L, size + (size >> 1) + 16L));
        }
        hashes[size++] = hash;
    }

    int size() {
        return size;
    }

    long hashAt(int index) {
        return hashes[index];
    }

    /**
     * The distinct hashes (other than 0) that occur more than once, ascending; empty when all differ. Cache-friendly
     * and linear: one pass counts the hashes per bucket of their top bits, a second copies them into a second array
     * grouped by bucket (a transient 8 bytes per row), then each bucket, about 512 hashes, goes through a small
     * open-addressing set that stays in the L1 cache. Equal hashes always share a bucket.
     */
    long[] repeated() {
        if (size == cleanUpTo) {
            return NONE;
        }
        int n = size;
        long[] h = hashes;
        int bits = 0;
        while (bits < 14 && (n >>> bits) > 512) {
            bits++;
        }
        int buckets = 1 << bits;
        int shift = 64 - bits;
        int[] start = new int[buckets + 1];
        if (bits > 0) {
            for (int i = 0; i < n; i++) {
                start[(int) (h[i] >>> shift) + 1]++;
            }
        } else {
            start[1] = n;
        }
        int largest = 0;
        for (int b = 0; b < buckets; b++) {
            largest = Math.max(largest, start[b + 1]);
            start[b + 1] += start[b];
        }
        long[] grouped;
        if (bits > 0) {
            grouped = new long[n];
            int[] next = Arrays.copyOf(start, buckets);
            for (int i = 0; i < n; i++) {
                long x = h[i];
                grouped[next[(int) (x >>> shift)]++] = x;
            }
        } else {
            grouped = h;
        }
        int cap = Integer.highestOneBit(Math.max(8, largest) * 2 - 1) << 1;
        long[] table = new long[cap];
        long[] out = NONE;
        int found = 0;
        for (int b = 0; b < buckets; b++) {
            int from = start[b];
            int to = start[b + 1];
            int tcap = Integer.highestOneBit(Math.max(8, to - from) * 2 - 1) << 1;
            int mask = tcap - 1;
            Arrays.fill(table, 0, tcap, 0L);
            for (int i = from; i < to; i++) {
                long x = grouped[i];
                if (x == 0) {
                    continue;
                }
                int slot = (int) x & mask;
                while (true) {
                    long cur = table[slot];
                    if (cur == 0) {
                        table[slot] = x;
                        break;
                    }
                    if (cur == x) {
                        if (found == out.length) {
                            out = Arrays.copyOf(out, Math.max(8, found * 2));
                        }
                        out[found++] = x;
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
            }
        }
        if (found == 0) {
            cleanUpTo = size;
            return NONE;
        }
        long[] result = Arrays.copyOf(out, found);
        Arrays.sort(result);
        int distinct = 0;
        for (int i = 0; i < result.length; i++) {
            if (i == 0 || result[i] != result[i - 1]) {
                result[distinct++] = result[i];
            }
        }
        return Arrays.copyOf(result, distinct);
    }

    /** The row indices (ascending) whose hash is one of {@code sortedHashes}. */
    int[] indicesOf(long[] sortedHashes) {
        int[] out = new int[Math.max(2, sortedHashes.length * 2)];
        int found = 0;
        for (int i = 0; i < size; i++) {
            if (Arrays.binarySearch(sortedHashes, hashes[i]) >= 0) {
                if (found == out.length) {
                    out = Arrays.copyOf(out, found * 2);
                }
                out[found++] = i;
            }
        }
        return Arrays.copyOf(out, found);
    }
}
