package io.personalizekit.csv;

/**
 * Open-addressing hash map from 64-bit id hashes to non-negative ints (the row an id first appeared on), linear probing,
 * load factor at most 1/2. 12 bytes per slot, so a million ids take about 24 MiB, not the ~100 MiB of a {@code
 * HashMap<String, Integer>}. Key 0 is remapped, which merges it with one other hash value.
 */
final class LongIntHashMap {
    private long[] keys;
    private int[] values;
    private int mask;
    private int size;

    LongIntHashMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    private static int slot(long key, int mask) {
        return (int) (key ^ (key >>> 32)) & mask;
    }

    /** Inserts {@code value} when the key is absent and returns -1; else returns the present value. */
    int putIfAbsent(long key, int value) {
        if (key == 0) {
            key = 1;
        }
        long[] k = keys;
        int i = slot(key, mask);
        while (true) {
            long cur = k[i];
            if (cur == key) {
                return values[i];
            }
            if (cur == 0) {
                k[i] = key;
                values[i] = value;
                if (++size * 2 > k.length) {
                    grow();
                }
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        int cap = oldKeys.length * 2;
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            long key = oldKeys[j];
            if (key != 0) {
                int i = slot(key, mask);
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = key;
                values[i] = oldValues[j];
            }
        }
    }

    /**
     * A 64-bit hash of a string: FNV-1a over the UTF-16 chars, then the MurmurHash3 finaliser. Two distinct ids
     * share a hash with probability about 2^-64, so n ids contain a collision with probability about n^2 / 2^65
     * (3e-8 for a million ids).
     */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0, n = s.length(); i < n; i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= s.length();
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
