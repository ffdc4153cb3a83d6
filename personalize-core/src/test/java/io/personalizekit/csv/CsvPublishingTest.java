package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data files are never half-written: a file target is published only by {@code commit()}, so an exception anywhere
 * in the writing block (ours or the caller's) publishes nothing, and a record without a required id is a {@link
 * CsvValidationException} with the rule {@code required} at write time, like every other bad value.
 */
@Timeout(60)
class CsvPublishingTest {
    private static final Instant T = Instant.ofEpochSecond(1_700_000_000L);

    @TempDir
    Path dir;

    record Article(
            @Nullable String id,
            List<String> labels,
            @Nullable Instant created) {}

    record Reading(
            @Nullable String user,
            @Nullable String item,
            @Nullable Instant at) {}

    record Member(@Nullable String id, @Nullable String tier) {}

    static final BoundSchema<Article> ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .bind(Article.class)
            .stringField("ITEM_ID", Article::id)
            .categoricalField("LABELS", Article::labels, f -> f.nullable())
            .timestampField("CREATION_TIMESTAMP", Article::created)
            .build();

    private ItemCsvWriter<Article> items(Path target) {
        return ItemCsvWriter.builder(ITEMS).path(target).clock(Fixtures.CLOCK).build();
    }

    private static Article item(int i) {
        return new Article(Integer.toString(i), List.of("L" + (i % 7)), T);
    }

    @Test
    void path_whenTheCallersCodeThrowsInTheBlock_publishesNothingAndKeepsTheOldFile() throws Exception {
        Path target = dir.resolve("items.csv");
        Files.writeString(target, "old content");

        Throwable thrown = catchThrowable(() -> {
            try (ItemCsvWriter<Article> w = items(target)) {
                for (int i = 0; i < 50_000; i++) { // well past the first buffer flush
                    w.write(item(i));
                }
                throw new IllegalStateException("the catalogue query failed half-way");
            }
        });

        assertThat(thrown).hasMessage("the catalogue query failed half-way");
        assertThat(Files.readString(target)).isEqualTo("old content");
        assertThat(filesIn(dir)).as("no temporary file left").containsExactly(target);
    }

    @Test
    void path_whenCommitted_publishesTheWholeFile() throws Exception {
        Path target = dir.resolve("items.csv");
        try (ItemCsvWriter<Article> w = items(target)) {
            w.write(item(1));
            w.write(item(2));
            assertThat(target).doesNotExist();
            w.commit();
            assertThatThrownBy(w::commit)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already committed");
        }
        assertThat(Files.readString(target))
                .isEqualTo("ITEM_ID,LABELS,CREATION_TIMESTAMP\n1,L1,1700000000\n2,L2,1700000000\n");
        assertThat(filesIn(dir)).containsExactly(target);
    }

    @Test
    void item_whenIdIsNull_isRejectedAtWriteAsRequired_andNothingIsPublished() throws Exception {
        Path target = dir.resolve("items.csv");
        Article noId = new Article(null, List.of(), T);

        Throwable thrown = catchThrowable(() -> {
            try (ItemCsvWriter<Article> w = items(target)) {
                w.write(item(1));
                w.write(noId);
                w.commit();
            }
        });

        assertThat(thrown)
                .isInstanceOf(CsvValidationException.class)
                .hasMessage("items.csv line 3 (record 2), field ITEM_ID: is required (its Avro type does not include"
                        + " null) but the value is missing or empty [required]");
        CsvValidationException e = (CsvValidationException) thrown;
        assertThat(e.rule()).isEqualTo("required");
        assertThat(e.field()).contains("ITEM_ID");
        assertThat(e.record()).isEqualTo(2);
        assertThat(e.line()).isEqualTo(3);
        assertThat(filesIn(dir)).isEmpty();
    }

    static Stream<Arguments> recordsMissingARequiredValue() {
        return Stream.of(
                Arguments.of("USER_ID", (Consumer<Path>) p -> writeUsers(p, new Member(null, "gold"))),
                Arguments.of("USER_ID", (Consumer<Path>) p -> writeInteractions(p, new Reading(null, "i1", T))),
                Arguments.of("ITEM_ID", (Consumer<Path>) p -> writeInteractions(p, new Reading("u1", null, T))),
                Arguments.of("TIMESTAMP", (Consumer<Path>) p -> writeInteractions(p, new Reading("u1", "i1", null))),
                Arguments.of("CREATION_TIMESTAMP", (Consumer<Path>) p -> {
                    try (ItemCsvWriter<Article> w =
                            ItemCsvWriter.builder(ITEMS).path(p).build()) {
                        w.write(new Article("1", List.of(), null));
                        w.commit();
                    }
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordsMissingARequiredValue")
    void boundRecords_whenAGetterReturnsNullForARequiredField_areRejectedAtWriteAsRequired(
            String field, Consumer<Path> write) {
        Path target = dir.resolve("data.csv");

        assertThatThrownBy(() -> write.accept(target))
                .isInstanceOf(CsvValidationException.class)
                .hasMessageStartingWith("data.csv line 2 (record 1), field " + field + ": is required")
                .satisfies(e -> assertThat(((CsvValidationException) e).rule()).isEqualTo("required"));
        assertThat(target).doesNotExist();
    }

    private static void writeUsers(Path target, Member member) {
        BoundSchema<Member> users = SchemaBuilder.forType(DatasetType.USERS)
                .bind(Member.class)
                .stringField("USER_ID", Member::id)
                .stringField("MEMBERSHIP", Member::tier, f -> f.categorical().nullable())
                .build();
        try (DatasetCsvWriter<Member> w =
                DatasetCsvWriter.builder(users).path(target).build()) {
            w.write(member);
            w.commit();
        }
    }

    private static void writeInteractions(Path target, Reading reading) {
        BoundSchema<Reading> interactions = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .bind(Reading.class)
                .stringField("USER_ID", Reading::user)
                .stringField("ITEM_ID", Reading::item)
                .timestampField("TIMESTAMP", Reading::at)
                .build();
        try (DatasetCsvWriter<Reading> w = DatasetCsvWriter.builder(interactions)
                .path(target)
                .clock(Fixtures.CLOCK)
                .build()) {
            w.write(reading);
            w.commit();
        }
    }

    @Test
    void writeRow_whenAValueThrowsWhileWritten_failsTheWriterAndPublishesNothing() throws Exception {
        Path target = dir.resolve("items.csv");
        CharSequence broken = new CharSequence() {
            @Override
            public int length() {
                return 3;
            }

            @Override
            public char charAt(int index) {
                return 'x';
            }

            @Override
            public CharSequence subSequence(int start, int end) {
                return this;
            }

            @Override
            public String toString() {
                throw new UnsupportedOperationException("lazy value failed to load");
            }
        };
        DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.articleItems())
                .path(target)
                .clock(Fixtures.CLOCK)
                .build();
        w.writeRow("1", List.of("A"), T);

        assertThatThrownBy(() -> w.writeRow("2", broken, T)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> w.writeRow("3", List.of("C"), T))
                .as("the writer is failed, so no row follows a half-written one")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("failed");
        w.close();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void writerTarget_getsTheLastRowsOnlyOnCommit() {
        StringWriter committed = new StringWriter();
        try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.articleItems())
                .writer(committed)
                .clock(Fixtures.CLOCK)
                .build()) {
            w.writeRow("1", List.of("A"), T);
            w.commit();
        }
        assertThat(committed.toString()).isEqualTo("ITEM_ID,LABELS,CREATION_TIMESTAMP\n1,A,1700000000\n");

        StringWriter abandoned = new StringWriter();
        Throwable thrown = catchThrowable(() -> {
            try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.articleItems())
                    .writer(abandoned)
                    .clock(Fixtures.CLOCK)
                    .build()) {
                w.writeRow("1", List.of("A"), T);
                throw new IllegalStateException("boom");
            }
        });
        assertThat(thrown).hasMessage("boom");
        assertThat(abandoned.toString())
                .as("buffered rows are dropped, not flushed")
                .isEmpty();
    }

    @Test
    void close_withoutCommit_warnsThatRowsWereDiscarded_butNotAfterAbortOrARejectedRow() throws Exception {
        String forgotten = stderrOf(() -> {
            try (ItemCsvWriter<Article> w = items(dir.resolve("items.csv"))) {
                w.write(item(1));
            }
        });
        assertThat(forgotten)
                .contains("WARN")
                .contains("items.csv: closed without commit(), so 1 written rows were discarded")
                .contains("call commit()");

        String aborted = stderrOf(() -> {
            try (ItemCsvWriter<Article> w = items(dir.resolve("items.csv"))) {
                w.write(item(1));
                w.abort();
            }
        });
        String rejected = stderrOf(() -> {
            try (ItemCsvWriter<Article> w = items(dir.resolve("items.csv"))) {
                w.write(item(1));
                w.write(new Article(null, List.of(), null));
            } catch (CsvValidationException expected) {
                // the caller sees the exception; a warning would say it twice
            }
        });
        assertThat(aborted).doesNotContain("closed without commit()");
        assertThat(rejected).doesNotContain("closed without commit()");
        assertThat(filesIn(dir)).isEmpty();
    }

    /** What slf4j-simple (which prints to the current {@code System.err}) logs while {@code body} runs. */
    private static String stderrOf(Runnable body) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static List<Path> filesIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
