package io.personalizekit.local.internal.recipe;

import java.util.Arrays;

/** Item popularity: interaction counts and the items ordered by them. */
final class Popularity {
    private Popularity() {}

    /** The number of interactions of each item index in {@code 0..nItems-1}. */
    static int[] counts(int[] itemColumn, int nItems) {
        int[] popularity = new int[nItems];
        for (int i : itemColumn) {
            popularity[i]++;
        }
        return popularity;
    }

    /** Item indexes by count, highest first; equal counts keep index order. */
    static int[] order(int[] popularity) {
        Integer[] idx = new Integer[popularity.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(
                idx,
                (a, b) -> popularity[a] != popularity[b]
                        ? Integer.compare(popularity[b], popularity[a])
                        : Integer.compare(a, b));
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
