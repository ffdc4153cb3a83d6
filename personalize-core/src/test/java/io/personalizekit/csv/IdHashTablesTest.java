package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The profile's primitive id tables: {@link LongCountSet} (distinct ids with a saturating count) and {@link
 * LongIntHashMap} (id hash to the row it first appeared on), including probing past collisions and growth.
 */
@Timeout(30)
class IdHashTablesTest {

    @Test
    void longCountSet_increment_countsUpToThreeAndSaturates() {
        LongCountSet s = new LongCountSet(4);
        assertThat(s.increment(0x1000L)).isEqualTo(1);
        assertThat(s.increment(0x1000L)).isEqualTo(2);
        assertThat(s.increment(0x1000L)).isEqualTo(3);
        assertThat(s.increment(0x1000L)).isEqualTo(3);
        assertThat(s.increment(0x1000L)).isEqualTo(3);
        assertThat(s.size()).isEqualTo(1);
        assertThat(s.increment(0x2000L)).isEqualTo(1);
        assertThat(s.size()).isEqualTo(2);
    }

    @Test
    void longCountSet_ignoresTheTwoLowBitsAndMapsKeyZeroOntoFour() {
        LongCountSet s = new LongCountSet(4);
        assertThat(s.increment(0x1001L)).isEqualTo(1);
        assertThat(s.increment(0x1003L))
                .as("the same key: the low two bits hold the count")
                .isEqualTo(2);
        assertThat(s.increment(0L)).isEqualTo(1);
        assertThat(s.increment(3L)).as("0..3 all become key 4").isEqualTo(2);
        assertThat(s.increment(4L)).isEqualTo(3);
        assertThat(s.size()).isEqualTo(2);
    }

    @Test
    void longCountSet_peek_readsTheHomeSlotOfAHash() {
        LongCountSet s = new LongCountSet(4);
        assertThat(s.peek(0x1000L)).isZero();
        s.increment(0x1000L);
        s.increment(0x1000L);
        assertThat(s.peek(0x1000L)).isEqualTo(0x1002L);
        assertThat(s.peek(0x1002L)).as("the count bits are masked off the key").isEqualTo(0x1002L);
    }

    @Test
    void longCountSet_whenKeysShareAHomeSlot_probesOnAndKeepsTheirCountsApart() {
        LongCountSet s = new LongCountSet(4); // 32 slots: keys 4, 4 + 128 and 4 + 256 share slot 4
        long a = 4;
        long b = 4 + 128;
        long c = 4 + 256;
        assertThat(s.increment(a)).isEqualTo(1);
        assertThat(s.increment(b)).isEqualTo(1);
        assertThat(s.increment(c)).isEqualTo(1);
        assertThat(s.increment(c)).isEqualTo(2);
        assertThat(s.increment(b)).isEqualTo(2);
        assertThat(s.increment(a)).isEqualTo(2);
        assertThat(s.increment(a)).isEqualTo(3);
        assertThat(s.size()).isEqualTo(3);
    }

    @Test
    void longCountSet_whenGrownManyTimes_keepsEveryKeyAndItsCount() {
        LongCountSet s = new LongCountSet(1);
        int n = 5000;
        for (int i = 1; i <= n; i++) {
            assertThat(s.increment(key(i))).isEqualTo(1);
        }
        assertThat(s.size()).isEqualTo(n);
        for (int i = 1; i <= n; i++) {
            assertThat(s.increment(key(i))).as("key %d", i).isEqualTo(2);
        }
        for (int i = 1; i <= n; i += 2) {
            assertThat(s.increment(key(i))).isEqualTo(3);
        }
        assertThat(s.size()).isEqualTo(n);
        // Keys that collide in the low bits of every table size probe, also after the table grew.
        LongCountSet t = new LongCountSet(1);
        for (int i = 1; i <= 100; i++) {
            assertThat(t.increment((long) i << 40)).isEqualTo(1);
        }
        for (int i = 1; i <= 100; i++) {
            assertThat(t.increment((long) i << 40)).isEqualTo(2);
        }
        assertThat(t.size()).isEqualTo(100);
    }

    @Test
    void longIntHashMap_putIfAbsent_keepsTheFirstValue() {
        LongIntHashMap m = new LongIntHashMap(4);
        assertThat(m.putIfAbsent(77L, 5)).isEqualTo(-1);
        assertThat(m.putIfAbsent(77L, 9)).isEqualTo(5);
        assertThat(m.putIfAbsent(78L, 0)).isEqualTo(-1);
        assertThat(m.putIfAbsent(78L, 3)).isZero();
        assertThat(m.size()).isEqualTo(2);
        assertThat(m.peek(77L)).isEqualTo(77L);
        assertThat(m.peek(12345L)).isZero();
    }

    @Test
    void longIntHashMap_mapsKeyZeroOntoOne() {
        LongIntHashMap m = new LongIntHashMap(4);
        assertThat(m.putIfAbsent(0L, 7)).isEqualTo(-1);
        assertThat(m.putIfAbsent(1L, 8)).isEqualTo(7);
        assertThat(m.putIfAbsent(0L, 9)).isEqualTo(7);
        assertThat(m.size()).isEqualTo(1);
    }

    @Test
    void longIntHashMap_whenKeysShareAHomeSlot_probesOn() {
        LongIntHashMap m = new LongIntHashMap(4); // 32 slots: 3, 3 + 32 and 3 + 64 share slot 3
        assertThat(m.putIfAbsent(3L, 1)).isEqualTo(-1);
        assertThat(m.putIfAbsent(35L, 2)).isEqualTo(-1);
        assertThat(m.putIfAbsent(67L, 3)).isEqualTo(-1);
        assertThat(m.putIfAbsent(67L, 0)).isEqualTo(3);
        assertThat(m.putIfAbsent(35L, 0)).isEqualTo(2);
        assertThat(m.putIfAbsent(3L, 0)).isEqualTo(1);
        assertThat(m.size()).isEqualTo(3);
    }

    @Test
    void longIntHashMap_whenGrownManyTimes_keepsEveryKeyAndValue() {
        LongIntHashMap m = new LongIntHashMap(1);
        int n = 5000;
        for (int i = 1; i <= n; i++) {
            assertThat(m.putIfAbsent(key(i), i)).isEqualTo(-1);
        }
        assertThat(m.size()).isEqualTo(n);
        for (int i = 1; i <= n; i++) {
            assertThat(m.putIfAbsent(key(i), -5)).as("key %d", i).isEqualTo(i);
        }
        LongIntHashMap t = new LongIntHashMap(1);
        for (int i = 1; i <= 100; i++) {
            assertThat(t.putIfAbsent((long) i << 40, i)).isEqualTo(-1);
        }
        for (int i = 1; i <= 100; i++) {
            assertThat(t.putIfAbsent((long) i << 40, 0)).isEqualTo(i);
        }
        assertThat(t.size()).isEqualTo(100);
    }

    @Test
    void hash_whenIdsDifferInAnyOneCharacterOrInLength_givesDistinctHashes() {
        Set<Long> seen = new HashSet<>();
        int count = 0;
        // Every string of length 0 to 6 over a 4-letter alphabet: odd and even lengths, both FNV lanes.
        char[] alphabet = {'a', 'b', 'c', 'd'};
        for (int len = 0; len <= 6; len++) {
            int total = 1 << (2 * len);
            for (int code = 0; code < total; code++) {
                char[] s = new char[len];
                for (int p = 0, c = code; p < len; p++, c >>= 2) {
                    s[p] = alphabet[c & 3];
                }
                seen.add(LongIntHashMap.hash(new String(s)));
                count++;
            }
        }
        // Long ids that differ in one position only, each position in turn, and ids that are prefixes of others.
        String base = "user-0123456789-abcdefghijklmnopqrstuvwxyz";
        for (int p = 0; p < base.length(); p++) {
            for (char c : new char[] {'#', '$'}) {
                seen.add(LongIntHashMap.hash(base.substring(0, p) + c + base.substring(p + 1)));
                count++;
            }
            if (p > 0) {
                seen.add(LongIntHashMap.hash(base.substring(0, p)));
                count++;
            }
        }
        // Sequential numeric ids, the most common kind.
        for (int i = 0; i < 20_000; i++) {
            seen.add(LongIntHashMap.hash("u" + i));
            count++;
        }
        assertThat(seen).hasSize(count);
        assertThat(LongIntHashMap.hash("a")).isNotEqualTo(LongIntHashMap.hash("a\0"));
        assertThat(LongIntHashMap.hash("ab")).isNotEqualTo(LongIntHashMap.hash("ba"));
    }

    @Test
    void hash_spreadsSequentialIdsOverTheLowBits() {
        // The tables index by the low bits (xor the high half): 4096 sequential ids must fill most of 8192 slots.
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 4096; i++) {
            long h = LongIntHashMap.hash("item-" + i);
            slots.add((int) (h ^ (h >>> 32)) & 8191);
        }
        assertThat(slots.size()).isGreaterThan(3000); // a random function fills about 3225
        Set<Long> highBits = new HashSet<>();
        for (int i = 0; i < 4096; i++) {
            highBits.add(LongIntHashMap.hash("item-" + i) >>> 51);
        }
        assertThat(highBits.size()).isGreaterThan(3000); // the top 13 bits are spread as well
    }

    /** Distinct non-zero keys spread over the table (4i times an odd constant), low two bits clear. */
    private static long key(int i) {
        return ((long) i << 2) * 0x9E3779B97F4A7C15L;
    }
}
