package io.personalizekit.internal.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdHashLogTest {

    private static int[] rows(IdHashLog.Repeats r) {
        int[] rows = new int[r.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = r.row(i);
        }
        return rows;
    }

    @Test
    void repeats_whenManyDistinctHashes_findsNothingAndSkipsTheNextCheck() {
        IdHashLog log = new IdHashLog();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 300_000; i++) {
            log.add(rnd.nextLong() | 1);
        }
        assertThat(log.repeats().isEmpty()).isTrue();
        assertThat(log.size()).isEqualTo(300_000);
        assertThat(log.repeats().isEmpty()).isTrue();
    }

    @Test
    void repeats_whenPlantedDuplicates_returnsEveryOccurrenceInRowOrderAndIgnoresZero() {
        IdHashLog log = new IdHashLog();
        SplittableRandom rnd = new SplittableRandom(11);
        long a = 0;
        long b = 0;
        for (int i = 0; i < 200_000; i++) {
            long h = rnd.nextLong() | 1;
            a = i == 10 ? h : a;
            b = i == 150_000 ? h : b;
            log.add(h);
            if (i % 50_000 == 0) {
                log.add(0); // rows without an id
                log.add(0);
            }
        }
        int size = log.size();
        log.add(b);
        log.add(a);
        log.add(b);
        IdHashLog.Repeats r = log.repeats();
        assertThat(rows(r)).containsExactly(12, 150_006, size, size + 1, size + 2);
        assertThat(r.hash(0)).isEqualTo(a);
        assertThat(r.hash(1)).isEqualTo(b);
        assertThat(r.hash(3)).isEqualTo(a);
    }

    @Test
    void repeats_whenFewRows_findsTheRepeatAfterAnEarlierCleanCheck() {
        IdHashLog log = new IdHashLog();
        log.add(5);
        log.add(-5);
        assertThat(log.repeats().isEmpty()).isTrue();
        log.add(-5);
        assertThat(rows(log.repeats())).containsExactly(1, 2);
    }

    @Test
    void repeats_whenOnePartitionFillsManyChunks_stillFindsTheRepeat() {
        IdHashLog log = new IdHashLog();
        for (long i = 1; i <= 5000; i++) {
            log.add(i); // top bits all zero: one partition, past the grown first chunk into full ones
        }
        log.add(4321);
        assertThat(rows(log.repeats())).containsExactly(4320, 5000);
    }

    @Test
    void repeats_whenDuplicatesStraddleTheFirstChunkEdge_findsEachPair() {
        IdHashLog log = new IdHashLog();
        SplittableRandom rnd = new SplittableRandom(3);
        long[] h = new long[70_000];
        for (int i = 0; i < h.length; i++) {
            h[i] = rnd.nextLong() | 1;
        }
        h[32_768] = h[32_767]; // the last row of the first chunk and the first of the second
        h[32_769] = h[5]; // the second row of the second chunk repeats one of the first
        h[65_536] = h[32_769]; // the first row of the third chunk repeats it again
        for (long x : h) {
            log.add(x);
        }
        IdHashLog.Repeats r = log.repeats();
        assertThat(rows(r)).containsExactly(5, 32_767, 32_768, 32_769, 65_536);
        assertThat(r.hash(1)).isEqualTo(r.hash(2)).isEqualTo(h[32_767]);
        assertThat(r.hash(0)).isEqualTo(r.hash(3)).isEqualTo(r.hash(4));
        assertThat(log.hashAt(32_767)).isEqualTo(h[32_767]);
        assertThat(log.hashAt(32_768)).isEqualTo(h[32_768]);
        assertThat(log.hashAt(65_536)).isEqualTo(h[65_536]);
    }

    @Test
    void hash_whenShortAndPermutedIds_allDifferAndNullIsZero() {
        assertThat(IdHashLog.hash(null)).isZero();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        String[] ids = {
            "",
            "a",
            "b",
            "ab",
            "ba",
            "abc",
            "acb",
            "abcd",
            "abdc",
            "badc",
            "abcde",
            "abcdf",
            "a\u0000",
            "\u0000a",
            "item-1",
            "item-10",
            "1-meti",
            "abcdefgh",
            "abcdefhg",
            "efghabcd"
        };
        for (String id : ids) {
            assertThat(seen.add(IdHashLog.hash(id))).as(id).isTrue();
        }
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(IdHashLog.hash("article-" + i))).isTrue();
        }
    }

    @Test
    void hash_ofACharRange_equalsTheHashOfTheSameString() {
        char[] buf = "xxABCDEFGHIJKLMNOPQyy".toCharArray();
        for (int len = 0; len <= 17; len++) {
            String id = new String(buf, 2, len);
            assertThat(IdHashLog.hash(buf, 2, len))
                    .as(id)
                    .isEqualTo(IdHashLog.hash(id))
                    .isNotZero();
        }
    }
}
