package io.personalizekit.internal.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdHashLogTest {

    @Test
    void repeated_whenManyDistinctHashes_findsNothingAndSkipsTheNextCheck() {
        IdHashLog log = new IdHashLog();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 300_000; i++) {
            log.add(rnd.nextLong() | 1);
        }
        assertThat(log.repeated()).isEmpty();
        assertThat(log.size()).isEqualTo(300_000);
    }

    @Test
    void repeated_whenPlantedDuplicates_returnsEachOnceSortedAndIgnoresZero() {
        IdHashLog log = new IdHashLog();
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            log.add(rnd.nextLong() | 1);
            if (i % 50_000 == 0) {
                log.add(0); // rows without an id
            }
        }
        long a = log.hashAt(10);
        long b = log.hashAt(150_000);
        log.add(b);
        log.add(a);
        log.add(b);
        long[] repeated = log.repeated();
        assertThat(repeated).containsExactly(Math.min(a, b), Math.max(a, b));
        int[] rows = log.indicesOf(repeated);
        assertThat(rows).hasSize(5).startsWith(10);
        assertThat(log.hashAt(rows[1])).isEqualTo(b);
    }

    @Test
    void repeated_whenFewRows_usesOneGroup() {
        IdHashLog log = new IdHashLog();
        log.add(5);
        log.add(-5);
        assertThat(log.repeated()).isEmpty();
        log.add(-5);
        assertThat(log.repeated()).containsExactly(-5L);
        assertThat(log.indicesOf(new long[] {-5L})).containsExactly(1, 2);
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
            assertThat(IdHashLog.hash(buf, 2, len)).as(id).isEqualTo(IdHashLog.hash(id)).isNotZero();
        }
    }
}
