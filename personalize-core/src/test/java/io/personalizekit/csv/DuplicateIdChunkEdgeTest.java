package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Duplicate ids at the edges of {@link IdHashLog}'s storage: its first array grows 1,024 -> 4,096 -> 16,384 ->
 * 32,768 hashes, then every further chunk holds 32,768. A row lost or double-counted at any of those edges (the
 * last row of a chunk, the first of the next) would hide a duplicate, so each case plants exactly one repeated id
 * at such a row and expects exactly that pair back: from the log itself, and through the public writer.
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

    /**
     * Rows are 0-based here. {@code first} holds an id that {@code second} repeats; the log has {@code size} rows.
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
    void repeated_whenOneDuplicateAtAChunkEdge_findsExactlyThatPair(int first, int second, int size) {
        IdHashLog log = new IdHashLog();
        long repeatedHash = distinct(first);
        for (int row = 0; row < size; row++) {
            log.add(row == second ? repeatedHash : distinct(row));
        }

        assertThat(log.size()).isEqualTo(size);
        assertThat(log.hashAt(second)).isEqualTo(repeatedHash);
        long[] repeated = log.repeated();
        assertThat(repeated).containsExactly(repeatedHash);
        assertThat(log.indicesOf(repeated)).containsExactly(first, second);
    }

    @ParameterizedTest(name = "{0} rows")
    @CsvSource({"1024", "1025", "4096", "16384", "32767", "32768", "32769", "65536", "65537", "98305"})
    void repeated_whenAllDistinctAroundChunkEdges_findsNothingAndEveryHashIsWhereItWasPut(int size) {
        IdHashLog log = new IdHashLog();
        for (int row = 0; row < size; row++) {
            log.add(distinct(row));
        }

        assertThat(log.repeated()).isEmpty();
        for (int row : new int[] {0, size / 2, CHUNK - 1, CHUNK, 2 * CHUNK - 1, 2 * CHUNK, size - 1}) {
            if (row < size) {
                assertThat(log.hashAt(row)).as("row %d", row).isEqualTo(distinct(row));
            }
        }
    }

    @Test
    void repeated_whenCheckedAfterEachChunkFills_reportsADuplicateAddedLater() {
        IdHashLog log = new IdHashLog();
        for (int row = 0; row < CHUNK; row++) {
            log.add(distinct(row));
        }
        assertThat(log.repeated()).isEmpty(); // remembered as clean up to here
        log.add(distinct(CHUNK - 1)); // the first row of the second chunk repeats the last of the first

        assertThat(log.repeated()).containsExactly(distinct(CHUNK - 1));
        assertThat(log.indicesOf(new long[] {distinct(CHUNK - 1)})).containsExactly(CHUNK - 1, CHUNK);
    }

    private static final DatasetSchema ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("GENRES", f -> f.categorical())
            .build();

    /** Rows are 1-based here, as the writer reports them. */
    @ParameterizedTest(name = "row {1} repeats row {0}, {2} rows")
    @CsvSource({
        "1, 32767, 70000",
        "1, 32768, 70000",
        "1, 32769, 70000",
        "32768, 32769, 70000",
        "32767, 32768, 70000",
        "2, 65536, 70000",
        "65536, 65537, 70000",
        "1, 32768, 32768",
        "1, 65536, 65536",
    })
    void close_whenADuplicateIdSitsAtAChunkEdge_rejectsNamingBothRows(long first, long second, int rows) {
        StringWriter sink = new StringWriter();
        DatasetCsvWriter w = DatasetCsvWriter.builder()
                .schema(ITEMS)
                .writer(sink)
                .sourceName("items.csv")
                .clock(Fixtures.CLOCK)
                .build();
        for (long row = 1; row <= rows; row++) {
            w.writeRow("item-" + (row == second ? first : row), "news");
        }

        assertThatThrownBy(w::close)
                .isInstanceOfSatisfying(CsvValidationException.class, e -> {
                    assertThat(e.rule()).isEqualTo("duplicate-id");
                    assertThat(e.row()).isEqualTo(second);
                    assertThat(e.field()).contains("ITEM_ID");
                })
                .hasMessageContaining("items.csv row " + second + ",")
                .hasMessageContaining("already appears in row " + first + " ");
    }

    @Test
    void close_whenTheDuplicateIsRow32768OfAFile_readsItBackAndRejectsWithTheValue(@TempDir Path dir) {
        Path out = dir.resolve("items.csv");
        DatasetCsvWriter w = DatasetCsvWriter.builder()
                .schema(ITEMS)
                .path(out)
                .clock(Fixtures.CLOCK)
                .build();
        for (int row = 1; row <= 40_000; row++) {
            w.writeRow("item-" + (row == CHUNK ? 7 : row), "news");
        }

        assertThatThrownBy(w::close)
                .isInstanceOf(CsvValidationException.class)
                .hasMessageStartingWith("items.csv row 32768, field ITEM_ID, value 'item-7'")
                .hasMessageContaining("already appears in row 7");
        assertThat(out).doesNotExist();
    }

    @Test
    void close_whenNoDuplicateAcrossSeveralChunks_writesEveryRow() {
        StringWriter sink = new StringWriter();
        try (DatasetCsvWriter w = DatasetCsvWriter.builder()
                .schema(ITEMS)
                .writer(sink)
                .clock(Fixtures.CLOCK)
                .build()) {
            for (int row = 1; row <= 3 * CHUNK + 1; row++) {
                w.writeRow("item-" + row, "news");
            }
            assertThat(w.profile().uniqueItems()).isEqualTo(3 * CHUNK + 1);
        }
        assertThat(sink.toString().lines()).hasSize(3 * CHUNK + 2);
    }
}
