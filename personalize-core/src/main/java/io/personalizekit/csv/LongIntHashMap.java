package io.personalizekit.csv;

/**
 * Open-addressing hash map from 64-bit id hashes to non-negative ints (the row an id first appeared on), linear
 * probing, load factor at most 1/2. Key and value sit side by side in one {@code long[]} (16 bytes per slot), so a
 * lookup or insert touches one cache line; a million ids take 32 MiB, against ~100 MiB for a {@code
 * HashMap<String, Integer>}. Key 0 is remapped, which merges it with one other hash value.
 */
final class LongIntHashMap {
    private long[] table;
    private int mask;
    private int size;

    LongIntHashMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        table = new long[cap * 2];
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    private static int slot(long key, int mask) {
        return (int) (key ^ (key >>> 32)) & mask;
    }

    /** Reads the key's home slot without changing anything (to bring its cache line in early). */
    long peek(long key) {
        return table[2 * slot(key, mask)];
    }

    /** Inserts {@code value} when the key is absent and returns -1; else returns the present value. */
    int putIfAbsent(long key, int value) {
        if (key == 0) {
            key = 1;
        }
        long[] t = table;
        int i = slot(key, mask);
        while (true) {
            long cur = t[2 * i];
            if (cur == key) {
                return (int) t[2 * i + 1];
            }
            if (cur == 0) {
                t[2 * i] = key;
                t[2 * i + 1] = value;
                if (++size * 4 > t.length) {
                    grow();
                }
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] old = table;
        int cap = old.length; // slots double: old.length / 2 * 2
        long[] t = new long[cap * 2];
        int m = cap - 1;
        for (int j = 0; j < old.length; j += 2) {
            long key = old[j];
            if (key != 0) {
                int i = slot(key, m);
                while (t[2 * i] != 0) {
                    i = (i + 1) & m;
                }
                t[2 * i] = key;
                t[2 * i + 1] = old[j + 1];
            }
        }
        table = t;
        mask = m;
    }

    /**
     * A 64-bit hash of a string: two interleaved FNV-1a lanes over the UTF-16 chars (even and odd positions, so the
     * multiply chains run in parallel), combined with the length and finished with the MurmurHash3 finaliser. Not
     * collision-resistant against an adversary; for ordinary ids two distinct values share a hash with probability
     * about 2^-64, so n ids hold a collision with probability about n^2 / 2^65 (3e-8 for a million ids).
     */
    static long hash(String s) {
        long a = 0xcbf29ce484222325L;
        long b = 0x84222325cbf29ce4L;
        int n = s.length();
        int i = 0;
        for (; i + 1 < n; i += 2) {
            a = (a ^ s.charAt(i)) * 0x100000001b3L;
            b = (b ^ s.charAt(i + 1)) * 0x100000001b3L;
        }
        if (i < n) {
            a = (a ^ s.charAt(i)) * 0x100000001b3L;
        }
        long h = a ^ Long.rotateLeft(b, 31) * 0x9e3779b97f4a7c15L ^ n;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
