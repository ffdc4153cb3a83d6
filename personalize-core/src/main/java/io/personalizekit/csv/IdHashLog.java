package io.personalizekit.csv;

import java.util.Arrays;

/**
 * The 64-bit hashes of the ids a writer must keep unique, in row order: one growable {@code long[]} (8 bytes per
 * row, written sequentially, so appending costs no cache miss). Duplicates are found afterwards by sorting a copy
 * and comparing neighbours ({@link #repeated()}), then walking the rows whose hash repeats ({@link
 * #indicesOf(long[])}). Hash 0 means "no id" and is never reported.
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
     * The distinct hashes (other than 0) that occur more than once, ascending; empty when all differ. Sorts a copy
     * of the log (a transient 8 bytes per row), O(n log n).
     */
    long[] repeated() {
        if (size == cleanUpTo) {
            return NONE;
        }
        long[] s = Arrays.copyOf(hashes, size);
        Arrays.sort(s);
        long[] out = NONE;
        int found = 0;
        for (int i = 1; i < s.length; i++) {
            long h = s[i];
            if (h == s[i - 1] && h != 0 && (found == 0 || out[found - 1] != h)) {
                if (found == out.length) {
                    out = Arrays.copyOf(out, Math.max(8, found * 2));
                }
                out[found++] = h;
            }
        }
        if (found == 0) {
            cleanUpTo = size;
        }
        return Arrays.copyOf(out, found);
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
