package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.exception.CsvWriteException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.io.ByteArrayOutputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatasetCsvWriterTest {
    private static final long T = 1_700_000_000L;

    private static DatasetCsvWriter<Object[]> rich(Writer sink) {
        return DatasetCsvWriter.builder(Fixtures.richItems())
                .writer(sink)
                .sourceName("rich.csv")
                .clock(Fixtures.CLOCK)
                .build();
    }

    /** ITEM_ID, GENRES, TITLE, DESCRIPTION, YEAR, PRICE, SCORE, IN_STOCK, CREATION_TIMESTAMP. */
    private static Object[] row(Object... overrides) {
        Object[] r = {"i1", List.of("a"), "t", "d", 2020, 1.5f, 2.5d, true, T};
        for (int k = 0; k < overrides.length; k += 2) {
            r[(Integer) overrides[k]] = overrides[k + 1];
        }
        return r;
    }

    @Test
    void writeRow_whenAllKinds_writesPersonalizeDialect() {
        StringWriter sink = new StringWriter();
        try (DatasetCsvWriter<Object[]> w = rich(sink)) {
            w.writeRow(row());
            w.writeRow(
                    "i2",
                    List.of("x, y", "z"),
                    "a \"b\" c\\d",
                    "text, with comma",
                    null,
                    null,
                    1e20,
                    false,
                    Instant.ofEpochSecond(T + 1));
            w.writeRow("i3", null, "", null, -7, 3, Double.valueOf(0.1), null, T);
            w.writeRow(Arrays.asList("ü東京", "solo", "plain", "x", null, null, null, null, T));
            assertThat(w.rowsWritten()).isEqualTo(4);
            w.commit();
        }
        assertThat(sink.toString())
                .isEqualTo("ITEM_ID,GENRES,TITLE,DESCRIPTION,YEAR,PRICE,SCORE,IN_STOCK,CREATION_TIMESTAMP\n"
                        + "i1,a,t,\"d\",2020,1.5,2.5,true,1700000000\n"
                        + "i2,\"x, y|z\",\"a \\\"b\\\" c\\\\d\",\"text, with comma\",,,1.0E20,false,1700000001\n"
                        + "i3,,,,-7,3,0.1,,1700000000\n"
                        + "ü東京,solo,plain,\"x\",,,,,1700000000\n");
    }

    @Test
    void header_equalsSchemaFieldOrder() {
        StringWriter sink = new StringWriter();
        DatasetSchema schema = Fixtures.richItems();
        DatasetCsvWriter.builder(schema).writer(sink).build().commit();
        assertThat(sink.toString()).isEqualTo(String.join(",", schema.fieldNames()) + "\n");
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of(row(0, null), "ITEM_ID", "required", "is required"),
                Arguments.of(row(0, ""), "ITEM_ID", "required", "is required"),
                Arguments.of(row(8, null), "CREATION_TIMESTAMP", "required", "is required"),
                Arguments.of(row(0, "x".repeat(257)), "ITEM_ID", "id-length", "limited to 256"),
                Arguments.of(
                        row(1, List.of("a".repeat(600), "b".repeat(400))),
                        "GENRES",
                        "categorical-length",
                        "1001 characters including '|' separators; the limit is 1000"),
                Arguments.of(row(1, "a||b"), "GENRES", "categorical-empty", "value 2"),
                Arguments.of(row(1, List.of("a", "b|c")), "GENRES", "categorical-separator", "contains '|'"),
                Arguments.of(row(1, List.of("a", "")), "GENRES", "categorical-empty", "value 2"),
                Arguments.of(row(2, "x".repeat(1001)), "TITLE", "string-length", "limited to 1000"),
                Arguments.of(row(3, "line1\nline2"), "DESCRIPTION", "newline", "single line"),
                Arguments.of(row(0, "a\rb"), "ITEM_ID", "newline", "single line"),
                Arguments.of(
                        row(8, 1_700_000_000_000L),
                        "CREATION_TIMESTAMP",
                        "timestamp-millis",
                        "epoch milliseconds (above 10^11)"),
                Arguments.of(
                        row(8, Fixtures.NOW.plus(Duration.ofDays(2))),
                        "CREATION_TIMESTAMP",
                        "timestamp-future",
                        "latest accepted is 2026-11-29T00:00:00Z"),
                Arguments.of(row(5, Float.NaN), "PRICE", "not-finite", "not a finite number"),
                Arguments.of(row(6, Double.POSITIVE_INFINITY), "SCORE", "not-finite", "not a finite number"),
                Arguments.of(row(4, "2020"), "YEAR", "type", "takes an Integer"),
                Arguments.of(row(4, 3_000_000_000L), "YEAR", "type", "int (32 bits)"),
                Arguments.of(row(7, "TRUE"), "IN_STOCK", "type", "takes a Boolean"),
                Arguments.of(row(8, 1.5), "CREATION_TIMESTAMP", "type", "an Instant"),
                Arguments.of(row(2, List.of("x")), "TITLE", "type", "takes a CharSequence"));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("violations")
    void writeRow_whenRuleBroken_throwsNamingRowFieldAndLimitAndWritesNothingOfTheRow(
            Object[] bad, String field, String rule, String limitText) {
        StringWriter sink = new StringWriter();
        DatasetCsvWriter<Object[]> w = rich(sink);
        w.writeRow(row());
        assertThatThrownBy(() -> w.writeRow(bad))
                .isInstanceOf(CsvValidationException.class)
                .hasMessageStartingWith("rich.csv line 3 (record 2), field " + field)
                .hasMessageContaining(limitText)
                .hasMessageEndingWith("[" + rule + "]")
                .satisfies(e -> {
                    CsvValidationException c = (CsvValidationException) e;
                    assertThat(c.rule()).isEqualTo(rule);
                    assertThat(c.record()).isEqualTo(2);
                    assertThat(c.line()).isEqualTo(3);
                    assertThat(c.field()).contains(field);
                    assertThat(c.source()).contains("rich.csv");
                });
        assertThatThrownBy(() -> w.writeRow(row())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("failed");
        w.close();
        assertThat(sink.toString()).as("a failed writer publishes nothing").isEmpty();
    }

    @Test
    void writeRow_whenLongValueRejected_truncatesValueInMessage() {
        DatasetCsvWriter<Object[]> w = rich(new StringWriter());
        assertThatThrownBy(() -> w.writeRow(row(0, "y".repeat(300))))
                .hasMessageContaining("value '" + "y".repeat(60) + "...(300 chars)'")
                .satisfies(e ->
                        assertThat(((CsvValidationException) e).value()).contains("y".repeat(60) + "...(300 chars)"));
    }

    @Test
    void futureTolerance_whenWidened_acceptsTimestampWithinIt() {
        StringWriter sink = new StringWriter();
        try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.richItems())
                .writer(sink)
                .clock(Fixtures.CLOCK)
                .futureTolerance(Duration.ofDays(3))
                .build()) {
            w.writeRow(row(8, Fixtures.NOW.plus(Duration.ofDays(2))));
            w.commit();
        }
        assertThat(sink.toString())
                .contains(Long.toString(Fixtures.NOW.plus(Duration.ofDays(2)).getEpochSecond()));
    }

    @Test
    void writeRow_whenWrongValueCount_throwsIllegalArgument() {
        DatasetCsvWriter<Object[]> w = rich(new StringWriter());
        assertThatThrownBy(() -> w.writeRow("only-one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Expected 9 values");
    }

    @Test
    void path_whenCommitted_movesCompleteFileIntoPlaceAndLeavesNoTemp(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("items.csv");
        Files.writeString(target, "old content");
        try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.articleItems())
                .path(target)
                .clock(Fixtures.CLOCK)
                .build()) {
            w.writeRow("1", List.of("A"), T);
            assertThat(Files.readString(target)).isEqualTo("old content");
            w.commit();
        }
        assertThat(Files.readString(target)).isEqualTo("ITEM_ID,LABELS,CREATION_TIMESTAMP\n1,A,1700000000\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void path_whenRowRejectedMidFile_leavesNoTargetFileAndNoTemp(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("items.csv");
        CsvValidationException thrown = null;
        try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.articleItems())
                .path(target)
                .clock(Fixtures.CLOCK)
                .build()) {
            for (int i = 0; i < 50_000; i++) { // well past the first buffer flush
                w.writeRow(Integer.toString(i), List.of("L" + (i % 7)), i == 40_000 ? T * 1000 : T);
            }
        } catch (CsvValidationException e) {
            thrown = e;
        }
        assertThat(thrown).isNotNull();
        assertThat(thrown.record()).isEqualTo(40_001);
        assertThat(thrown.line()).isEqualTo(40_002);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void abort_whenCallerFailsBetweenRows_leavesNoTargetFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("items.csv");
        DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.articleItems())
                .path(target)
                .clock(Fixtures.CLOCK)
                .build();
        w.writeRow("1", List.of("A"), T);
        w.abort();
        w.close();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        assertThatThrownBy(() -> w.writeRow("2", List.of("B"), T)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writer_whenUnderlyingWriterFails_throwsCsvWriteExceptionWithRow() {
        Writer failing = new FilterWriter(new StringWriter()) {
            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.articleItems())
                .writer(failing)
                .sourceName("s3-staging")
                .clock(Fixtures.CLOCK)
                .build();
        assertThatThrownBy(() -> {
                    for (int i = 0; i < 100_000; i++) {
                        w.writeRow(Integer.toString(i), List.of("A"), T);
                    }
                })
                .isInstanceOf(CsvWriteException.class)
                .hasMessageMatching("s3-staging line \\d+ \\(record \\d+\\): writing failed: .*")
                .hasRootCauseMessage("disk full");
    }

    @Test
    void outputStream_isFlushedButNotClosed() {
        boolean[] closed = {false};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.articleItems())
                .outputStream(bytes)
                .clock(Fixtures.CLOCK)
                .build()) {
            w.writeRow("é", List.of("Ä"), T);
            w.commit();
        }
        assertThat(closed[0]).isFalse();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("ITEM_ID,LABELS,CREATION_TIMESTAMP\né,Ä,1700000000\n");
    }

    @Test
    void profile_whileWriting_countsUsersItemsAndTimeRange() {
        DatasetSchema schema = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .stringField("USER_ID")
                .stringField("ITEM_ID")
                .longField("TIMESTAMP")
                .stringField("EVENT_TYPE")
                .build();
        try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(schema)
                .writer(new StringWriter())
                .clock(Fixtures.CLOCK)
                .build()) {
            w.writeRow("u1", "i1", T, "click");
            w.writeRow("u1", "i2", T + 5, "click");
            w.writeRow("u2", "i1", T - 5, "view");
            DatasetProfile p = w.profile();
            assertThat(p.rows()).isEqualTo(3);
            assertThat(p.uniqueUsers()).isEqualTo(2);
            assertThat(p.uniqueItems()).isEqualTo(2);
            assertThat(p.usersWithAtLeastTwoInteractions()).isEqualTo(1);
            assertThat(p.shareOfUsersWithAtLeastTwoInteractions()).isEqualTo(0.5);
            assertThat(p.earliest()).contains(Instant.ofEpochSecond(T - 5));
            assertThat(p.latest()).contains(Instant.ofEpochSecond(T + 5));
            w.commit();
        }
    }

    @Test
    void builder_whenMisconfigured_failsAtTheEdge() {
        assertThatThrownBy(
                        () -> DatasetCsvWriter.builder(Fixtures.articleItems()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exactly one of path, writer and outputStream");
        assertThatThrownBy(
                        () -> DatasetCsvWriter.builder(Fixtures.articleItems()).futureTolerance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-1S");
    }
}
