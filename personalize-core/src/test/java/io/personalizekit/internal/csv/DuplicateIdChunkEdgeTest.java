package io.personalizekit.internal.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Duplicate ids at the edges of {@link IdHashLog}'s storage: its first array grows 1,024 -> 4,096 -> 16,384 ->
 * 32,768 hashes, then every further chunk holds 32,768. A row lost or double-counted at any of those edges (the
 * last row of a chunk, the first of the next) would hide a duplicate, so each case plants exactly one repeated hash
 * at such a row and expects exactly that pair back. The same edges through the public writer:
 * {@code io.personalizekit.csv.DuplicateIdChunkEdgeTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DuplicateIdChunkEdgeTest {
    private static final int CHUNK = 32_768;

    /** A distinct, non-zero, well-spread hash per row: MurmurHash3's finaliser is a bijection with fmix(0) = 0. */
    private static long distinct(int row) {
        long h = row + 1L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static int[] rows(IdHashLog.Repeats r) {
        int[] rows = new int[r.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = r.row(i);
        }
        return rows;
    }

    private static long[] hashes(IdHashLog.Repeats r) {
        long[] hashes = new long[r.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = r.hash(i);
        }
        return hashes;
    }

    /**
     * Rows are 0-based here. {@code first} holds a hash that {@code second} repeats; the log has {@code size} rows.
     */
    @ParameterizedTest(name = "rows {0} and {1} of {2}")
    @CsvSource({
        // the first array's growth steps
        "0, 1023, 2000",
        "0, 1024, 2000",
        "1023, 1024, 5000",
        "0, 4095, 5000",
        "0, 4096, 20000",
        "4095, 4096, 20000",
        "16383, 16384, 40000",
        // the first full chunk's last row (row 32,768 counting from 1) and the next chunk's first
        "0, 32766, 100000",
        "0, 32767, 100000",
        "0, 32768, 100000",
        "0, 32769, 100000",
        "32766, 32767, 100000",
        "32767, 32768, 100000",
        "32768, 32769, 100000",
        // the first row against the last row of a chunk, across chunks, and later chunks' edges
        "32767, 65535, 100000",
        "32768, 65535, 100000",
        "65535, 65536, 100000",
        "1, 98303, 100000",
        "98303, 98304, 100000",
        // a log of exactly one and of exactly two full chunks, duplicate in its last row
        "0, 32767, 32768",
        "0, 65535, 65536",
        "32767, 32768, 32769",
        "99998, 99999, 100000",
    })
    void repeats_whenOneDuplicateAtAChunkEdge_findsExactlyThatPair(int first, int second, int size) {
        IdHashLog log = new IdHashLog();
        long repeatedHash = distinct(first);
        for (int row = 0; row < size; row++) {
            log.add(row == second ? repeatedHash : distinct(row));
        }

        assertThat(log.size()).isEqualTo(size);
        assertThat(log.hashAt(second)).isEqualTo(repeatedHash);
        IdHashLog.Repeats repeats = log.repeats();
        assertThat(rows(repeats)).containsExactly(first, second);
        assertThat(hashes(repeats)).containsExactly(repeatedHash, repeatedHash);
    }

    @ParameterizedTest(name = "{0} rows")
    @CsvSource({"1024", "1025", "4096", "16384", "32767", "32768", "32769", "65536", "65537", "98305"})
    void repeats_whenAllDistinctAroundChunkEdges_findsNothingAndEveryHashIsWhereItWasPut(int size) {
        IdHashLog log = new IdHashLog();
        for (int row = 0; row < size; row++) {
            log.add(distinct(row));
        }

        assertThat(log.size()).isEqualTo(size);
        assertThat(log.repeats().isEmpty()).isTrue();
        assertThat(log.repeats().size()).isZero();
        for (int row : new int[] {0, size / 2, CHUNK - 1, CHUNK, 2 * CHUNK - 1, 2 * CHUNK, size - 1}) {
            if (row < size) {
                assertThat(log.hashAt(row)).as("row %d", row).isEqualTo(distinct(row));
            }
        }
    }

    @Test
    void repeats_whenCheckedAfterEachChunkFills_reportsADuplicateAddedLater() {
        IdHashLog log = new IdHashLog();
        for (int row = 0; row < CHUNK; row++) {
            log.add(distinct(row));
        }
        assertThat(log.repeats().isEmpty()).isTrue(); // remembered as clean up to here
        log.add(distinct(CHUNK - 1)); // the first row of the second chunk repeats the last of the first

        IdHashLog.Repeats repeats = log.repeats();
        assertThat(rows(repeats)).containsExactly(CHUNK - 1, CHUNK);
        assertThat(hashes(repeats)).containsExactly(distinct(CHUNK - 1), distinct(CHUNK - 1));
    }
}
