package io.personalizekit.csv;

/**
 * Open-addressing hash set of 62-bit id hashes, each with a saturating 2-bit counter (0-3) packed into the same
 * {@code long}: one array, 8 bytes per slot, at most half full, so a million ids take 16 MiB and a lookup touches
 * one cache line. Used to count distinct users (and how many have two or more rows) and distinct items.
 */
final class LongCountSet {
    private static final long COUNT_MASK = 3L;

    private long[] slots;
    private int mask;
    private int size;

    LongCountSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        slots = new long[cap];
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    private static int slot(long key, int mask) {
        return (int) (key ^ (key >>> 32)) & mask;
    }

    /** Reads the hash's home slot without changing anything (to bring its cache line in early). */
    long peek(long hash) {
        return slots[slot(hash & ~COUNT_MASK, mask)];
    }

    /**
     * Adds one to the counter of {@code hash} (a new hash starts at 1); returns the new count, saturating at 3.
     */
    int increment(long hash) {
        long key = hash & ~COUNT_MASK;
        if (key == 0) {
            key = 4;
        }
        long[] s = slots;
        int i = slot(key, mask);
        while (true) {
            long cur = s[i];
            if (cur == 0) {
                s[i] = key | 1;
                if (++size * 2 > s.length) {
                    grow();
                }
                return 1;
            }
            if ((cur & ~COUNT_MASK) == key) {
                int count = (int) (cur & COUNT_MASK);
                if (count < 3) {
                    s[i] = cur + 1;
                    return count + 1;
                }
                return 3;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] old = slots;
        int cap = old.length * 2;
        long[] s = new long[cap];
        int m = cap - 1;
        for (long cur : old) {
            if (cur != 0) {
                int i = slot(cur & ~COUNT_MASK, m);
                while (s[i] != 0) {
                    i = (i + 1) & m;
                }
                s[i] = cur;
            }
        }
        slots = s;
        mask = m;
    }
}
