package io.personalizekit.internal.csv;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The 64-bit hashes of the ids a writer must keep unique, in row order, in 256 KiB chunks (8 bytes per row, written
 * sequentially, so appending costs no cache miss, and growing copies nothing). Duplicates are found afterwards by
 * grouping a copy of the hashes by their top bits and checking each group in a small in-cache set, then walking the
 * rows whose hash repeats ({@link #repeats()}). Hash 0 means "no id" and is never reported. (A variant that put each
 * hash straight into one of 256 partitions as it was added, to spare the grouping, measured slower: its scattered
 * appends cost more per row than the grouping passes save.)
 * Not thread-safe. Not API; may change without notice.
 */
public final class IdHashLog {
    private static final long[] NONE = new long[0];

    /** Chunk size: 256 KiB arrays, so growing never copies and no array is a G1 humongous object. */
    private static final int CHUNK_BITS = 15;

    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK - 1;

    private long[] current = new long[1024];
    private long[][] chunks = {current, null, null, null, null, null, null, null};
    private int used;
    private int size;
    /** {@link #size} at the last {@link #repeats()} that found nothing: nothing new to check. */
    private int cleanUpTo;

    /**
     * Appends the hash of the next row's id.
     *
     * @param hash the hash, 0 for a row without an id
     */
    public void add(long hash) {
        if (used == current.length) {
            nextChunk();
        }
        current[used++] = hash;
        size++;
    }

    private void nextChunk() {
        if (size >= Integer.MAX_VALUE - CHUNK) {
            throw new IllegalStateException("more than " + size + " ids to check for duplicates");
        }
        if (current.length < CHUNK) { // the first chunk starts small and grows to full size
            current = Arrays.copyOf(current, Math.min(CHUNK, current.length * 4));
            chunks[0] = current;
            return;
        }
        int k = size >>> CHUNK_BITS;
        if (k == chunks.length) {
            chunks = Arrays.copyOf(chunks, k * 2);
        }
        current = new long[CHUNK];
        chunks[k] = current;
        used = 0;
    }

    /**
     * The number of rows appended.
     *
     * @return the count
     */
    public int size() {
        return size;
    }

    /**
     * The hash of a row.
     *
     * @param index the 0-based row
     * @return its hash
     */
    public long hashAt(int index) {
        return chunks[index >>> CHUNK_BITS][index & CHUNK_MASK];
    }

    private long[] chunk(int index) {
        return chunks[index >>> CHUNK_BITS];
    }

    /** A copy of all hashes in row order. */
    private long[] flat() {
        long[] all = new long[size];
        for (int from = 0; from < size; from += CHUNK) {
            System.arraycopy(chunk(from), 0, all, from, Math.min(CHUNK, size - from));
        }
        return all;
    }

    /**
     * The distinct hashes (other than 0) that occur more than once, ascending; empty when all differ. Cache-friendly
     * and linear: one pass counts the hashes per bucket of their top bits, a second copies them into a second array
     * grouped by bucket (a transient 8 bytes per row), then each bucket, about 512 hashes, goes through a small
     * open-addressing set that stays in the L1 cache. Equal hashes always share a bucket.
     */
    private long[] repeated() {
        if (size == cleanUpTo) {
            return NONE;
        }
        int n = size;
        int bits = 0;
        while (bits < 14 && (n >>> bits) > 512) {
            bits++;
        }
        int buckets = 1 << bits;
        int shift = 64 - bits;
        int[] start = new int[buckets + 1];
        if (bits > 0) {
            for (int from = 0; from < n; from += CHUNK) {
                long[] c = chunk(from);
                int len = Math.min(CHUNK, n - from);
                for (int j = 0; j < len; j++) {
                    start[(int) (c[j] >>> shift) + 1]++;
                }
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
            for (int from = 0; from < n; from += CHUNK) {
                long[] c = chunk(from);
                int len = Math.min(CHUNK, n - from);
                for (int j = 0; j < len; j++) {
                    long x = c[j];
                    grouped[next[(int) (x >>> shift)]++] = x;
                }
            }
        } else {
            grouped = flat();
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

    /**
     * The rows whose hash (other than 0) occurs more than once, with their hashes, in row order: every occurrence,
     * the first one included. Empty when all hashes differ; then the next call checks only rows added since.
     *
     * @return the repeats
     */
    public Repeats repeats() {
        long[] sorted = repeated();
        if (sorted.length == 0) {
            return Repeats.NONE;
        }
        int[] rows = new int[Math.max(2, sorted.length * 2)];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (Arrays.binarySearch(sorted, hashAt(i)) >= 0) {
                if (n == rows.length) {
                    rows = Arrays.copyOf(rows, n * 2);
                }
                rows[n++] = i;
            }
        }
        rows = Arrays.copyOf(rows, n);
        long[] hashes = new long[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = hashAt(rows[i]);
        }
        return new Repeats(rows, hashes);
    }

    /** Rows whose hashes repeat, ascending, each with its hash. */
    public static final class Repeats {
        static final Repeats NONE = new Repeats(new int[0], new long[0]);

        private final int[] rows;
        private final long[] hashes;

        Repeats(int[] rows, long[] hashes) {
            this.rows = rows;
            this.hashes = hashes;
        }

        /**
         * Whether no hash repeats.
         *
         * @return true when empty
         */
        public boolean isEmpty() {
            return rows.length == 0;
        }

        /**
         * The number of rows.
         *
         * @return the count
         */
        public int size() {
            return rows.length;
        }

        /**
         * A row, 0-based in the order of {@link IdHashLog#add}.
         *
         * @param i the position, 0 to {@code size() - 1}, ascending by row
         * @return the row
         */
        public int row(int i) {
            return rows[i];
        }

        /**
         * The hash of a row.
         *
         * @param i the position, as for {@link #row(int)}
         * @return its hash
         */
        public long hash(int i) {
            return hashes[i];
        }
    }

    /**
     * The 64-bit hash of an id, 0 for null (a real hash of 0 becomes 1); equal to {@link #hash(char[], int, int)} of
     * the same characters.
     *
     * @param id the id
     * @return the hash
     */
    public static long hash(@Nullable String id) {
        if (id == null) {
            return 0;
        }
        return hash(id.toCharArray(), 0, id.length());
    }

    /**
     * The 64-bit hash of {@code n} chars of {@code b} from {@code off}, never 0. Two lanes each take four UTF-16
     * chars (64 bits) per multiply, so the lanes' multiply chains run in parallel and an id of up to 8 chars costs one
     * step per lane; the length seeds the second lane; the MurmurHash3 finaliser mixes the result. Each step is a
     * bijection of the lane's state for a given input and of the input for a given state, so two ids of the same
     * length that differ in a single step never share a hash; otherwise two distinct ids share one with probability
     * about 2<sup>-64</sup>. Not collision-resistant against an adversary. The writer hashes an id straight from its
     * row buffer, where the id was just copied.
     *
     * @param b the chars
     * @param off the first
     * @param n how many
     * @return the hash
     */
    public static long hash(char[] b, int off, int n) {
        long a = 0x9e3779b97f4a7c15L;
        long c = 0xc2b2ae3d27d4eb4fL * (n + 1L); // the length apart from the chars: "a\0" and "a" must differ
        int i = off;
        int end = off + n;
        for (; i + 7 < end; i += 8) {
            a = (a ^ four(b, i)) * 0xff51afd7ed558ccdL;
            c = (c ^ four(b, i + 4)) * 0xc4ceb9fe1a85ec53L;
        }
        if (i + 3 < end) {
            a = (a ^ four(b, i)) * 0xff51afd7ed558ccdL;
            i += 4;
        }
        if (i < end) {
            long tail = b[i];
            if (i + 1 < end) {
                tail |= (long) b[i + 1] << 16;
                if (i + 2 < end) {
                    tail |= (long) b[i + 2] << 32;
                }
            }
            c = (c ^ tail) * 0xc4ceb9fe1a85ec53L;
        }
        long h = a ^ Long.rotateLeft(c, 31) * 0x9e3779b97f4a7c15L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    private static long four(char[] b, int i) {
        return b[i] | (long) b[i + 1] << 16 | (long) b[i + 2] << 32 | (long) b[i + 3] << 48;
    }
}
