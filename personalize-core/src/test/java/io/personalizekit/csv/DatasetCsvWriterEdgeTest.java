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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's edges through its public API: every accepted Java type per field kind and the exact cell it
 * becomes, the exact messages of misuse (closed, failed, aborted, committed), duplicate ids on a stream target,
 * the profile of items, users and actions, and buffer flushes.
 */
@Timeout(60)
class DatasetCsvWriterEdgeTest {
    private static final long T = 1_700_000_000L;

    private static final String HEADER =
            "ITEM_ID,GENRES,TITLE,DESCRIPTION,YEAR,PRICE,SCORE,IN_STOCK,CREATION_TIMESTAMP\n";

    private enum Color {
        RED
    }

    private static DatasetCsvWriter<Object[]> rich(Writer sink) {
        return DatasetCsvWriter.builder(Fixtures.richItems())
                .writer(sink)
                .sourceName("rich.csv")
                .clock(Fixtures.CLOCK)
                .build();
    }

    /** The data line one rich-items row becomes. */
    private static String line(Object... values) {
        StringWriter sink = new StringWriter();
        try (DatasetCsvWriter<Object[]> w = rich(sink)) {
            w.writeRow(values);
            w.commit();
        }
        assertThat(sink.toString()).startsWith(HEADER);
        return sink.toString().substring(HEADER.length());
    }

    private static CsvValidationException rejected(Object... values) {
        DatasetCsvWriter<Object[]> w = rich(new StringWriter());
        try {
            w.writeRow(values);
        } catch (CsvValidationException e) {
            return e;
        }
        throw new AssertionError("accepted");
    }

    @Test
    void writeRow_acceptsEveryDocumentedJavaTypePerKindAndWritesItsCell() {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(line(id, null, Color.RED, 'c', (short) 7, (byte) 2, 3L, null, Instant.ofEpochSecond(T)))
                .isEqualTo(id + ",,RED,\"c\",7,2,3,,1700000000\n");
        assertThat(line(42, null, 1.5, null, 8L, (short) -3, (byte) 9, false, (int) T))
                .isEqualTo("42,,1.5,,8,-3,9,false,1700000000\n");
        assertThat(line(
                        new StringBuilder("sb"),
                        new StringBuilder("x|y"),
                        null,
                        null,
                        (byte) 1,
                        2.5f,
                        0.25,
                        true,
                        (short) 5))
                .isEqualTo("sb,x|y,,,1,2.5,0.25,true,5\n");
        assertThat(line("i", Set.of("only"), null, null, null, new BigDecimal("1.25"), 7, null, (byte) 1))
                .isEqualTo("i,only,,,,1.25,7,,1\n");
    }

    @Test
    void writeRow_whenCategoricalPartsAreNotStrings_writesTheirTextAndKeepsTheirOrder() {
        assertThat(line("i", List.of(3, 1, 2), null, null, null, null, null, null, T))
                .isEqualTo("i,3|1|2,,,,,,,1700000000\n");
        assertThat(line("i", new Object[] {"a", 5, Color.RED}, null, null, null, null, null, null, T))
                .isEqualTo("i,a|5|RED,,,,,,,1700000000\n");
        assertThat(line("i", new TreeSet<>(Set.of("b", "a")), null, null, null, null, null, null, T))
                .isEqualTo("i,a|b,,,,,,,1700000000\n");
        assertThat(line("i", new ArrayList<>(List.of("q, r", "s")), null, null, null, null, null, null, T))
                .isEqualTo("i,\"q, r|s\",,,,,,,1700000000\n");
        assertThat(rejected("i", Arrays.asList("a", null, 4), null, null, null, null, null, null, T))
                .hasMessage("rich.csv line 2 (record 1), field GENRES, value 'a||4': holds an empty categorical value"
                        + " (value 2); every value between '|' separators must be non-empty [categorical-empty]");
    }

    @Test
    void writeRow_whenAValueHasTheWrongJavaType_namesTheTypeAndWhatTheFieldTakes() {
        String prefix = "rich.csv line 2 (record 1), field ";
        assertThat(rejected(new Object(), null, null, null, null, null, null, null, T))
                .hasMessageStartingWith(prefix + "ITEM_ID, value 'java.lang.Object@")
                .hasMessageEndingWith("has Java type java.lang.Object but the field takes a CharSequence [type]");
        assertThat(rejected("i", 5, null, null, null, null, null, null, T))
                .hasMessage(prefix + "GENRES, value '5': has Java type java.lang.Integer but the field takes a"
                        + " CharSequence, a Collection or an array [type]");
        assertThat(rejected("i", null, null, null, 1.0, null, null, null, T))
                .hasMessage(prefix + "YEAR, value '1.0': has Java type java.lang.Double but the field takes an Integer"
                        + " [type]");
        assertThat(rejected("i", null, null, null, null, "1.5", null, null, T))
                .hasMessage(prefix + "PRICE, value '1.5': has Java type java.lang.String but the field takes a Number"
                        + " [type]");
        assertThat(rejected("i", null, null, null, null, null, null, "true", T))
                .hasMessage(prefix + "IN_STOCK, value 'true': has Java type java.lang.String but the field takes a"
                        + " Boolean [type]");
        assertThat(rejected("i", null, null, null, null, null, null, null, "1700000000"))
                .hasMessage(prefix + "CREATION_TIMESTAMP, value '1700000000': has Java type java.lang.String but the"
                        + " field takes a Long, an Integer or an Instant [type]");
        assertThat(rejected("i", null, null, null, null, null, null, null, new BigDecimal(T)))
                .hasMessageEndingWith("has Java type java.math.BigDecimal but the field takes a Long, an Integer or an"
                        + " Instant [type]");
        assertThat(rejected("i", null, null, null, 5.0f, null, null, null, T))
                .hasMessageContaining("java.lang.Float but the field takes an Integer");
    }

    @Test
    void writeRow_whenAnInstantHasMillis_writesWholeSeconds() {
        Instant at = Instant.ofEpochSecond(T).plus(999, ChronoUnit.MILLIS);
        assertThat(line("i", null, null, null, null, null, null, null, at)).isEqualTo("i,,,,,,,,1700000000\n");
    }

    @Test
    void futureTolerance_whenHuge_saturatesInsteadOfOverflowing() {
        StringWriter sink = new StringWriter();
        try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.richItems())
                .writer(sink)
                .clock(Fixtures.CLOCK)
                .futureTolerance(Duration.ofSeconds(Long.MAX_VALUE))
                .build()) {
            w.writeRow("i", null, null, null, null, null, null, null, 100_000_000_000L);
            w.commit();
        }
        assertThat(sink.toString()).endsWith("\ni,,,,,,,,100000000000\n");
        try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.richItems())
                .writer(new StringWriter())
                .clock(Fixtures.CLOCK)
                .futureTolerance(Duration.ZERO)
                .build()) {
            w.writeRow("i", null, null, null, null, null, null, null, Fixtures.NOW);
            assertThatThrownBy(() ->
                            w.writeRow("j", null, null, null, null, null, null, null, Fixtures.NOW.plusSeconds(1)))
                    .hasMessageContaining("the latest accepted is 2026-11-28T00:00:00Z");
        }
    }

    @Test
    void misuse_namesWhyTheWriterCannotGoOn() {
        DatasetCsvWriter<Object[]> committed = rich(new StringWriter());
        committed.commit();
        assertThatThrownBy(committed::commit)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("rich.csv: cannot commit, the writer is already committed; nothing more is published");
        assertThatThrownBy(() -> committed.writeRow("i", null, null, null, null, null, null, null, T))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("rich.csv: the writer is closed");
        assertThatThrownBy(() -> committed.writeRow("too few"))
                .as("a closed writer says so before counting the values")
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("rich.csv: the writer is closed");

        DatasetCsvWriter<Object[]> closed = rich(new StringWriter());
        closed.close();
        assertThatThrownBy(closed::commit)
                .hasMessage("rich.csv: cannot commit, the writer is closed; nothing more is published");

        DatasetCsvWriter<Object[]> aborted = rich(new StringWriter());
        aborted.abort();
        aborted.abort();
        assertThatThrownBy(aborted::commit)
                .hasMessage("rich.csv: cannot commit, the writer is aborted; nothing more is published");

        DatasetCsvWriter<Object[]> failed = rich(new StringWriter());
        assertThatThrownBy(() -> failed.writeRow("", null, null, null, null, null, null, null, T))
                .isInstanceOf(CsvValidationException.class);
        assertThatThrownBy(failed::commit)
                .hasMessage("rich.csv: cannot commit, the writer is failed (a row was rejected or writing failed);"
                        + " nothing more is published");
        assertThatThrownBy(() -> failed.writeRow("i", null, null, null, null, null, null, null, T))
                .hasMessage("rich.csv: the writer is failed (an earlier record was rejected or writing failed);"
                        + " nothing more can be written");
        assertThatThrownBy(() -> failed.writeRow("too", "few")).isInstanceOf(IllegalStateException.class);

        DatasetCsvWriter<Object[]> open = rich(new StringWriter());
        assertThatThrownBy(() -> open.writeRow(List.of("too", "few")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Expected 9 values (ITEM_ID,GENRES,TITLE,DESCRIPTION,YEAR,PRICE,SCORE,IN_STOCK,"
                        + "CREATION_TIMESTAMP) but got 2");
        open.writeRow("i", null, null, null, null, null, null, null, T);
        assertThat(open.rowsWritten())
                .as("a wrong count does not fail the writer")
                .isEqualTo(1);
        open.abort();
    }

    @Test
    void rowsWritten_countsOnlyAcceptedRows() {
        DatasetCsvWriter<Object[]> w = rich(new StringWriter());
        assertThat(w.rowsWritten()).isZero();
        w.writeRow("a", null, null, null, null, null, null, null, T);
        w.writeRow("b", null, null, null, null, null, null, null, T);
        assertThat(w.rowsWritten()).isEqualTo(2);
        assertThatThrownBy(() -> w.writeRow("c", null, null, null, null, null, null, null, null));
        assertThat(w.rowsWritten()).isEqualTo(2);
        assertThat(w.schema().fieldNames()).first().isEqualTo("ITEM_ID");
        w.close();
    }

    @Test
    void commit_whenAWriterTargetHoldsADuplicateId_namesBothRecordsByHashAndPublishesNothing() {
        StringWriter sink = new StringWriter();
        DatasetCsvWriter<Object[]> w = rich(sink);
        w.writeRow("a", null, null, null, null, null, null, null, T);
        w.writeRow("b", null, null, null, null, null, null, null, T);
        w.writeRow("c", null, null, null, null, null, null, null, T);
        w.writeRow("b", null, null, null, null, null, null, null, T);
        w.writeRow("a", null, null, null, null, null, null, null, T);
        assertThatThrownBy(w::commit)
                .isInstanceOfSatisfying(CsvValidationException.class, e -> {
                    assertThat(e.record()).isEqualTo(4);
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.value()).isEmpty();
                    assertThat(e.rule()).isEqualTo("duplicate-id");
                })
                .hasMessage("rich.csv line 5 (record 4), field ITEM_ID: ITEM_ID must be unique in a Items dataset, but"
                        + " this value already appears in record 2 (line 3) (compared by 64-bit hash; a Writer or"
                        + " OutputStream target is not read back) [duplicate-id]");
        assertThat(sink.toString()).isEmpty();
        assertThatThrownBy(w::commit).hasMessageContaining("the writer is closed");
    }

    @Test
    void profile_whenUsersAndActionsAreWritten_countsRowsDistinctIdsAndCreationTimes(@TempDir Path dir) {
        DatasetSchema users = SchemaBuilder.forType(DatasetType.USERS)
                .stringField("USER_ID")
                .stringField("TIER", f -> f.categorical())
                .build();
        try (DatasetCsvWriter<Object[]> w =
                DatasetCsvWriter.builder(users).path(dir.resolve("users.csv")).build()) {
            w.writeRow("u1", "gold");
            w.writeRow("u2", "silver");
            DatasetProfile p = w.profile();
            assertThat(p.rows()).isEqualTo(2);
            assertThat(p.uniqueUsers()).isEqualTo(2);
            assertThat(p.uniqueItems()).isZero();
            assertThat(p.earliest()).isEmpty();
            w.writeRow("u1", "bronze");
            assertThatThrownBy(w::profile)
                    .isInstanceOf(CsvValidationException.class)
                    .hasMessage("users.csv line 4 (record 3), field USER_ID, value 'u1': USER_ID must be unique in a"
                            + " Users dataset, but this value already appears in record 1 (line 2) [duplicate-id]");
            assertThatThrownBy(() -> w.writeRow("u3", "x")).isInstanceOf(IllegalStateException.class);
        }
        assertThat(dir.resolve("users.csv")).doesNotExist();

        DatasetSchema actions = SchemaBuilder.forType(DatasetType.ACTIONS)
                .stringField("ACTION_ID")
                .longField("CREATION_TIMESTAMP", f -> f.nullable())
                .longField("EXPIRATION_TIMESTAMP", f -> f.nullable())
                .stringField("KIND", f -> f.categorical().nullable())
                .build();
        StringWriter sink = new StringWriter();
        try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(actions)
                .writer(sink)
                .clock(Fixtures.CLOCK)
                .build()) {
            w.writeRow("a1", T + 10, T - 500, "x");
            w.writeRow("a2", T - 10, T + 500, null);
            w.writeRow("a3", null, null, null);
            w.commit();
            DatasetProfile p = w.profile();
            assertThat(p.rows()).isEqualTo(3);
            assertThat(p.uniqueItems()).isEqualTo(3);
            assertThat(p.uniqueUsers()).isZero();
            assertThat(p.earliest()).contains(Instant.ofEpochSecond(T - 10));
            assertThat(p.latest()).contains(Instant.ofEpochSecond(T + 10));
        }
        assertThat(sink.toString())
                .isEqualTo("ACTION_ID,CREATION_TIMESTAMP,EXPIRATION_TIMESTAMP,KIND\n"
                        + "a1,1700000010,1699999500,x\na2,1699999990,1700000500,\na3,,,\n");
    }

    @Test
    void profile_whenTheDuplicateCheckIsOff_countsRowsButNoDistinctIds() {
        DatasetSchema users = SchemaBuilder.forType(DatasetType.USERS)
                .stringField("USER_ID")
                .stringField("TIER", f -> f.categorical())
                .build();
        StringWriter sink = new StringWriter();
        try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(users)
                .writer(sink)
                .checkDuplicateIds(false)
                .build()) {
            w.writeRow("u1", "gold");
            w.writeRow("u1", "gold");
            w.commit();
            assertThat(w.profile().rows()).isEqualTo(2);
            assertThat(w.profile().uniqueUsers()).isZero();
        }
        assertThat(sink.toString()).isEqualTo("USER_ID,TIER\nu1,gold\nu1,gold\n");
    }

    @Test
    void profile_ofInteractions_countsEveryRowAcrossStagingBlocksAndBufferFlushes() {
        DatasetSchema schema = Fixtures.articleInteractions();
        int[] flushes = {0};
        StringWriter target = new StringWriter();
        Writer counting = new FilterWriter(target) {
            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                flushes[0]++;
                super.write(cbuf, off, len);
            }
        };
        int rows = 10_000;
        try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(schema)
                .writer(counting)
                .clock(Fixtures.CLOCK)
                .build()) {
            for (int i = 0; i < rows; i++) {
                w.writeRow("user-" + (i % 2500), "item-" + (i % 300), T + i);
                if (i == 99) {
                    assertThat(flushes[0])
                            .as("nothing written before the buffer fills")
                            .isZero();
                }
            }
            assertThat(flushes[0]).as("the buffer was flushed while writing").isPositive();
            DatasetProfile p = w.profile();
            assertThat(p.rows()).isEqualTo(rows);
            assertThat(p.uniqueUsers()).isEqualTo(2500);
            assertThat(p.uniqueItems()).isEqualTo(300);
            assertThat(p.usersWithAtLeastTwoInteractions()).isEqualTo(2500);
            assertThat(p.earliest()).contains(Instant.ofEpochSecond(T));
            assertThat(p.latest()).contains(Instant.ofEpochSecond(T + rows - 1));
            w.commit();
        }
        String[] lines = target.toString().split("\n");
        assertThat(lines).hasSize(rows + 1);
        assertThat(lines[rows]).isEqualTo("user-2499,item-99," + (T + rows - 1));
        for (int i = 0; i < rows; i += 997) {
            assertThat(lines[i + 1]).isEqualTo("user-" + (i % 2500) + ",item-" + (i % 300) + "," + (T + i));
        }
    }

    @Test
    void path_whenNoRowIsWritten_publishesTheHeaderOnly(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("empty.csv");
        try (DatasetCsvWriter<Object[]> w =
                DatasetCsvWriter.builder(Fixtures.articleItems()).path(target).build()) {
            assertThat(w.profile().rows()).isZero();
            w.commit();
        }
        assertThat(Files.readString(target)).isEqualTo("ITEM_ID,LABELS,CREATION_TIMESTAMP\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void path_whenTheDirectoryIsMissing_cannotOpenAndNamesThePath(@TempDir Path dir) {
        Path target = dir.resolve("no-such-dir").resolve("items.csv");
        assertThatThrownBy(() -> DatasetCsvWriter.builder(Fixtures.articleItems())
                        .path(target)
                        .build())
                .isInstanceOf(CsvWriteException.class)
                .hasMessageStartingWith(target + ": cannot open for writing: java.nio.file.NoSuchFileException");
        assertThatThrownBy(() -> DatasetCsvWriter.builder(Fixtures.articleItems())
                        .path(target)
                        .sourceName("shown.csv")
                        .build())
                .hasMessageStartingWith("shown.csv: cannot open for writing: ");
    }

    @Test
    void builder_whenTwoOrThreeSinksAreSet_namesTheCount(@TempDir Path dir) {
        assertThatThrownBy(() -> DatasetCsvWriter.builder(Fixtures.articleItems())
                        .writer(new StringWriter())
                        .outputStream(new ByteArrayOutputStream())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Set exactly one of path, writer and outputStream; 2 were set");
        assertThatThrownBy(() -> DatasetCsvWriter.builder(Fixtures.articleItems())
                        .path(dir.resolve("x.csv"))
                        .writer(new StringWriter())
                        .outputStream(new ByteArrayOutputStream())
                        .build())
                .hasMessage("Set exactly one of path, writer and outputStream; 3 were set");
        assertThatThrownBy(
                        () -> DatasetCsvWriter.builder(Fixtures.articleItems()).build())
                .hasMessage("Set exactly one of path, writer and outputStream; 0 were set");
    }

    @Test
    void sourceName_defaultsNameTheSinkInMessages() {
        DatasetCsvWriter<Object[]> toWriter = DatasetCsvWriter.builder(Fixtures.articleItems())
                .writer(new StringWriter())
                .build();
        assertThatThrownBy(() -> toWriter.writeRow(null, null, T)).hasMessageStartingWith("<writer> line 2 (record 1)");
        DatasetCsvWriter<Object[]> toStream = DatasetCsvWriter.builder(Fixtures.articleItems())
                .outputStream(new ByteArrayOutputStream())
                .build();
        assertThatThrownBy(() -> toStream.writeRow(null, null, T)).hasMessageStartingWith("<stream> line 2 (record 1)");
    }

    @Test
    void outputStream_getsUtf8OnCommitOnly() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.articleItems())
                .outputStream(bytes)
                .build()) {
            w.writeRow("ö", null, T);
            assertThat(bytes.size()).isZero();
            w.commit();
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("ITEM_ID,LABELS,CREATION_TIMESTAMP\nö,,1700000000\n");
    }

    @Test
    void commit_whenTheSinkFailsToFlush_throwsCsvWriteExceptionAndFailsTheWriter() {
        Writer failingFlush = new FilterWriter(new StringWriter()) {
            @Override
            public void flush() throws IOException {
                throw new IOException("flush refused");
            }
        };
        DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.articleItems())
                .writer(failingFlush)
                .sourceName("f.csv")
                .clock(Fixtures.CLOCK)
                .build();
        w.writeRow("1", null, T);
        assertThatThrownBy(w::commit)
                .isInstanceOf(CsvWriteException.class)
                .hasMessage("f.csv: finishing the file failed: java.io.IOException: flush refused");
        assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void close_withoutRowsOrAfterCommit_warnsAboutNothing(@TempDir Path dir) {
        String log = stderrOf(() -> {
            try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.articleItems())
                    .path(dir.resolve("none.csv"))
                    .build()) {
                assertThat(w.rowsWritten()).isZero();
            }
            try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.articleItems())
                    .writer(new StringWriter())
                    .build()) {
                w.writeRow("1", null, T);
                w.commit();
            }
        });
        assertThat(log).doesNotContain("closed without commit()");
        String forgotten = stderrOf(() -> {
            try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.articleItems())
                    .writer(new StringWriter())
                    .sourceName("w.csv")
                    .build()) {
                w.writeRow("1", null, T);
                w.writeRow("2", null, T);
            }
        });
        assertThat(forgotten)
                .contains("w.csv: closed without commit(), so 2 written rows were discarded; call commit() when the"
                        + " rows are complete");
    }

    @Test
    void itemCsvWriter_whenTheBoundSchemaIsNotItems_namesBothTypes() {
        assertThatThrownBy(() -> ItemCsvWriter.builder(BoundCsvWriterTest.MEMBERS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ItemCsvWriter needs a schema of type ITEMS, but it is USERS; use"
                        + " DatasetCsvWriter.builder(schema) for other dataset types");
    }

    /** What slf4j-simple (which prints to the current {@code System.err}) logs while {@code body} runs. */
    private static String stderrOf(Runnable body) {
        java.io.PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
