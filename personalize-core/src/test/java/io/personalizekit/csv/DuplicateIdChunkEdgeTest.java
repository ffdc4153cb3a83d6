package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Duplicate ids at the edges of the duplicate log's 32,768-row chunks (and of its growing first array), through the
 * public writer: the duplicate is reported at {@link DatasetCsvWriter#commit()} with the record that repeats the id
 * and the record it repeats, and nothing is published. The log itself at the same edges:
 * {@code io.personalizekit.internal.csv.DuplicateIdChunkEdgeTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DuplicateIdChunkEdgeTest {
    private static final int CHUNK = 32_768;

    private static final DatasetSchema ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("GENRES", f -> f.categorical())
            .build();

    /** Records are 1-based here, as the writer reports them; record r is on line r + 1, after the header. */
    @ParameterizedTest(name = "record {1} repeats record {0}, {2} records")
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
    void commit_whenADuplicateIdSitsAtAChunkEdge_rejectsNamingBothRecords(long first, long second, int records) {
        StringWriter sink = new StringWriter();
        DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(ITEMS)
                .writer(sink)
                .sourceName("items.csv")
                .clock(Fixtures.CLOCK)
                .build();
        for (long r = 1; r <= records; r++) {
            w.writeRow("item-" + (r == second ? first : r), "news");
        }

        assertThatThrownBy(w::commit)
                .isInstanceOfSatisfying(CsvValidationException.class, e -> {
                    assertThat(e.rule()).isEqualTo("duplicate-id");
                    assertThat(e.record()).isEqualTo(second);
                    assertThat(e.line()).isEqualTo(second + 1);
                    assertThat(e.field()).contains("ITEM_ID");
                    assertThat(e.value()).isEmpty(); // a Writer target is not read back
                })
                .hasMessage("items.csv line " + (second + 1) + " (record " + second + "), field ITEM_ID: ITEM_ID must"
                        + " be unique in a Items dataset, but this value already appears in record " + first
                        + " (line " + (first + 1) + ") (compared by 64-bit hash; a Writer or OutputStream target is"
                        + " not read back) [duplicate-id]");
        // a borrowed Writer keeps the whole rows handed over before the commit, never all of them
        assertThat(sink.toString())
                .satisfiesAnyOf(s -> assertThat(s).isEmpty(), s -> assertThat(s).endsWith("\n"));
        assertThat(sink.toString().lines().count()).isLessThan(records + 1L);
        assertThatThrownBy(() -> w.writeRow("item-x", "news")).isInstanceOf(IllegalStateException.class);
        w.close(); // already closed by the failed commit: does nothing
    }

    @Test
    void commit_whenTheDuplicateIsRecord32768OfAFile_readsItBackAndPublishesNothing(@TempDir Path dir)
            throws IOException {
        Path out = dir.resolve("items.csv");
        try (DatasetCsvWriter<Object[]> w =
                DatasetCsvWriter.builder(ITEMS).path(out).clock(Fixtures.CLOCK).build()) {
            for (int r = 1; r <= 40_000; r++) {
                w.writeRow("item-" + (r == CHUNK ? 7 : r), "news");
            }

            assertThatThrownBy(w::commit)
                    .isInstanceOfSatisfying(CsvValidationException.class, e -> {
                        assertThat(e.rule()).isEqualTo("duplicate-id");
                        assertThat(e.record()).isEqualTo(CHUNK);
                        assertThat(e.line()).isEqualTo(CHUNK + 1);
                        assertThat(e.field()).contains("ITEM_ID");
                        assertThat(e.value()).contains("item-7");
                    })
                    .hasMessage("items.csv line 32769 (record 32768), field ITEM_ID, value 'item-7': ITEM_ID must be"
                            + " unique in a Items dataset, but this value already appears in record 7 (line 8)"
                            + " [duplicate-id]");
        }
        assertThat(out).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty(); // no temporary file left either
        }
    }

    @Test
    void commit_whenNoDuplicateAcrossSeveralChunks_writesEveryRecord() {
        StringWriter sink = new StringWriter();
        try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(ITEMS)
                .writer(sink)
                .clock(Fixtures.CLOCK)
                .build()) {
            for (int r = 1; r <= 3 * CHUNK + 1; r++) {
                w.writeRow("item-" + r, "news");
            }
            assertThat(w.profile().uniqueItems()).isEqualTo(3 * CHUNK + 1);
            w.commit();
        }
        assertThat(sink.toString().lines()).hasSize(3 * CHUNK + 2);
        assertThat(sink.toString().lines().skip(1).toList())
                .startsWith("item-1,news", "item-2,news")
                .contains("item-32768,news", "item-32769,news", "item-65536,news", "item-65537,news")
                .endsWith("item-98305,news");
    }
}
