package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The one writer, driven by schemas bound to the caller's own record types. */
@Timeout(30)
class BoundCsvWriterTest {
    private static final Instant T = Instant.ofEpochSecond(1_700_000_000L);

    record Click(
            String item,
            String user,
            @Nullable String type,
            @Nullable Float value,
            Instant at,
            List<String> devices) {}

    record Member(
            @Nullable String id, String tier, @Nullable Integer age) {}

    record Article(String id, List<String> labels, Instant published) {}

    static final BoundSchema<Click> CLICKS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .bind(Click.class)
            .stringField("ITEM_ID", Click::item)
            .stringField("USER_ID", Click::user)
            .stringField("EVENT_TYPE", Click::type)
            .nullableFloatField("EVENT_VALUE", Click::value)
            .timestampField("TIMESTAMP", Click::at)
            .categoricalField("DEVICE", Click::devices, f -> f.nullable())
            .build();

    static final BoundSchema<Member> MEMBERS = SchemaBuilder.forType(DatasetType.USERS)
            .bind(Member.class)
            .stringField("USER_ID", Member::id)
            .stringField("MEMBERSHIP", Member::tier, f -> f.categorical())
            .nullableIntField("AGE", Member::age)
            .build();

    static final BoundSchema<Article> ARTICLES = SchemaBuilder.forType(DatasetType.ITEMS)
            .bind(Article.class)
            .stringField("ITEM_ID", Article::id)
            .categoricalField("LABELS", Article::labels, f -> f.nullable())
            .timestampField("CREATION_TIMESTAMP", Article::published)
            .build();

    @Test
    void write_whenInteractionsBound_writesEveryGetterInSchemaOrder() {
        StringWriter sink = new StringWriter();
        try (DatasetCsvWriter<Click> w = DatasetCsvWriter.builder(CLICKS)
                .writer(sink)
                .clock(Fixtures.CLOCK)
                .build()) {
            w.writeAll(List.of(
                    new Click("i1", "u1", "click", 0.5f, T, List.of("ios", "tablet")),
                    new Click("i1", "u2", "view", null, T.plusMillis(1500), List.of())));
            assertThat(w.rowsWritten()).isEqualTo(2);
            assertThat(w.profile().uniqueUsers()).isEqualTo(2);
            w.commit();
        }
        assertThat(sink.toString())
                .isEqualTo("ITEM_ID,USER_ID,EVENT_TYPE,EVENT_VALUE,TIMESTAMP,DEVICE\n"
                        + "i1,u1,click,0.5,1700000000,ios|tablet\n"
                        + "i1,u2,view,,1700000001,\n");
    }

    @Test
    void write_whenGetterReturnsNullForRequiredField_rejectsNamingLineRecordAndField() {
        StringWriter sink = new StringWriter();
        DatasetCsvWriter<Member> w = DatasetCsvWriter.builder(MEMBERS)
                .writer(sink)
                .sourceName("users.csv")
                .build();
        w.write(new Member("35", "gold", 41));
        assertThatThrownBy(() -> w.write(new Member(null, "silver", null)))
                .isInstanceOfSatisfying(CsvValidationException.class, e -> {
                    assertThat(e.rule()).isEqualTo("required");
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.record()).isEqualTo(2);
                    assertThat(e.field()).contains("USER_ID");
                })
                .hasMessageStartingWith("users.csv line 3 (record 2), field USER_ID: is required");
        assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class);
        w.close();
        assertThat(sink.toString()).as("a failed writer publishes nothing").isEmpty();
    }

    @Test
    void commit_whenDuplicateUserId_rejectsNamingBothRecords(@TempDir Path dir) {
        Path out = dir.resolve("users.csv");
        DatasetCsvWriter<Member> w = DatasetCsvWriter.builder(MEMBERS).path(out).build();
        w.write(new Member("35", "gold", null));
        w.write(new Member("35", "gold", null));
        assertThatThrownBy(w::commit)
                .hasMessageContaining("users.csv line 3 (record 2), field USER_ID, value '35'")
                .hasMessageContaining("already appears in record 1 (line 2)");
        assertThat(out).doesNotExist();
    }

    @Test
    void itemCsvWriter_writesTheCatalogueAndRejectsOtherSchemaTypes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("items.csv");
        try (ItemCsvWriter<Article> w =
                ItemCsvWriter.builder(ARTICLES).path(out).clock(Fixtures.CLOCK).build()) {
            w.write(new Article("a\\b", List.of("SPORTS", "SCIENCE"), T));
            w.write(new Article("say \"hi\"", List.of(), T));
            w.commit();
        }
        assertThat(Files.readString(out))
                .isEqualTo("ITEM_ID,LABELS,CREATION_TIMESTAMP\n"
                        + "\"a\\\\b\",SPORTS|SCIENCE,1700000000\n"
                        + "\"say \\\"hi\\\"\",,1700000000\n");
        assertThatThrownBy(() -> ItemCsvWriter.builder(CLICKS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ITEMS")
                .hasMessageContaining("INTERACTIONS");
    }

    @Test
    void write_whenGetterThrows_failsTheWriterAndPublishesNothing(@TempDir Path dir) {
        BoundSchema<Article> throwing = SchemaBuilder.forType(DatasetType.ITEMS)
                .bind(Article.class)
                .stringField("ITEM_ID", Article::id)
                .categoricalField("LABELS", a -> {
                    throw new IllegalStateException("no labels for " + a.id());
                })
                .build();
        Path out = dir.resolve("items.csv");
        DatasetCsvWriter<Article> w =
                DatasetCsvWriter.builder(throwing).path(out).build();
        assertThatThrownBy(() -> w.write(new Article("1", List.of(), T)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no labels for 1");
        assertThatThrownBy(() -> w.write(new Article("2", List.of(), T))).hasMessageContaining("failed");
        w.close();
        assertThat(out).doesNotExist();
    }

    @Test
    void write_whenCategoricalCollectionBreaksRules_namesTheRule() {
        DatasetCsvWriter<Article> w =
                DatasetCsvWriter.builder(ARTICLES).writer(new StringWriter()).build();
        assertThatThrownBy(() -> w.write(new Article("1", List.of("A|B"), T)))
                .isInstanceOfSatisfying(
                        CsvValidationException.class, e -> assertThat(e.rule()).isEqualTo("categorical-separator"));
        DatasetCsvWriter<Article> w2 =
                DatasetCsvWriter.builder(ARTICLES).writer(new StringWriter()).build();
        assertThatThrownBy(() -> w2.write(new Article("1", List.of("A", ""), T)))
                .isInstanceOfSatisfying(
                        CsvValidationException.class, e -> assertThat(e.rule()).isEqualTo("categorical-empty"));
        DatasetCsvWriter<Article> w3 =
                DatasetCsvWriter.builder(ARTICLES).writer(new StringWriter()).build();
        assertThatThrownBy(() -> w3.write(new Article("1", List.of("A,\nB"), T)))
                .isInstanceOfSatisfying(
                        CsvValidationException.class, e -> assertThat(e.rule()).isEqualTo("newline"));
    }

    @Test
    void writeRow_onABoundWriter_takesValuesInFieldOrder() {
        StringWriter sink = new StringWriter();
        try (DatasetCsvWriter<Article> w =
                DatasetCsvWriter.builder(ARTICLES).writer(sink).build()) {
            w.write(new Article("1", List.of("A"), T));
            w.writeRow("2", "B|C", T);
            w.commit();
        }
        assertThat(sink.toString()).endsWith("1,A,1700000000\n2,B|C,1700000000\n");
    }
}
