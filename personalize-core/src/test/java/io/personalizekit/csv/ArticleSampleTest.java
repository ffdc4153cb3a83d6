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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference article's schemas and sample rows as test data. */
class ArticleSampleTest {

    /** The news team's own article record. */
    record Article(String id, List<String> labels, Instant created) {}

    /** One user reading one article. */
    record Reading(String user, String article, Instant at) {}

    /** The article's Items schema, bound to {@link Article}. */
    static final BoundSchema<Article> ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .bind(Article.class)
            .recordName("ITEMS")
            .namespace("com.seeeff.personalize.schema")
            .stringField("ITEM_ID", Article::id)
            .categoricalField("LABELS", Article::labels, f -> f.nullable())
            .timestampField("CREATION_TIMESTAMP", Article::created)
            .build();

    /** The article's Interactions schema, bound to {@link Reading}. */
    static final BoundSchema<Reading> INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .bind(Reading.class)
            .stringField("USER_ID", Reading::user)
            .stringField("ITEM_ID", Reading::article)
            .timestampField("TIMESTAMP", Reading::at)
            .build();

    private static Article item(String id, List<String> labels, long created) {
        return new Article(id, labels, Instant.ofEpochSecond(created));
    }

    @Test
    void boundSchemas_renderTheArticlesOwnSchemas() {
        assertThat(ITEMS.schema()).isEqualTo(Fixtures.articleItems());
        assertThat(INTERACTIONS.schema().sameDefinitionAs(Fixtures.articleInteractions()))
                .isTrue();
    }

    @Test
    void articleSchemas_parse_withArticleFieldOrder() {
        assertThat(Fixtures.articleItems().datasetType()).isEqualTo(DatasetType.ITEMS);
        assertThat(Fixtures.articleItems().fieldNames()).containsExactly("ITEM_ID", "LABELS", "CREATION_TIMESTAMP");
        assertThat(Fixtures.articleInteractions().fieldNames()).containsExactly("USER_ID", "ITEM_ID", "TIMESTAMP");
    }

    @Test
    void itemCsvWriter_whenArticleWellFormedItems_writesExactBytes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("items.csv");
        try (ItemCsvWriter<Article> w =
                ItemCsvWriter.builder(ITEMS).path(out).clock(Fixtures.CLOCK).build()) {
            w.write(item("1", List.of("SPORTS", "SCIENCE", "INTERNATIONAL"), 1570003267));
            w.write(item("3", List.of("COVID", "ECONOMICS", "SPORTS"), 1560515629));
            w.write(item("4", List.of("POLITICS", "EDUCATION", "TECHNOLOGY"), 1581670067));
            w.commit();
        }
        assertThat(Files.readAllBytes(out))
                .isEqualTo(("ITEM_ID,LABELS,CREATION_TIMESTAMP\n"
                                + "1,SPORTS|SCIENCE|INTERNATIONAL,1570003267\n"
                                + "3,COVID|ECONOMICS|SPORTS,1560515629\n"
                                + "4,POLITICS|EDUCATION|TECHNOLOGY,1581670067\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void interactionCsvWriter_whenArticleInteractions_writesTheSampleFileByteForByte() {
        StringWriter sink = new StringWriter();
        long[][] rows = {
            {35, 2, 1586731606}, {54, 3, 1586735164}, {9, 4, 1586735158}, {23, 1, 1586735697}, {27, 2, 1586735763}
        };
        try (DatasetCsvWriter<Reading> w = DatasetCsvWriter.builder(INTERACTIONS)
                .writer(sink)
                .clock(Fixtures.CLOCK)
                .build()) {
            for (long[] r : rows) {
                w.write(new Reading(Long.toString(r[0]), Long.toString(r[1]), Instant.ofEpochSecond(r[2])));
            }
            assertThat(w.profile().uniqueUsers()).isEqualTo(5);
            assertThat(w.profile().uniqueItems()).isEqualTo(4);
            w.commit();
        }
        assertThat(sink.toString()).isEqualTo(Fixtures.resource("article-interactions.csv"));
    }

    @Test
    void itemCsvWriter_whenArticleTrailingPipe_rejectsEmptyLabelNamingRowAndField() {
        StringWriter sink = new StringWriter();
        ItemCsvWriter<Article> w = ItemCsvWriter.builder(ITEMS)
                .writer(sink)
                .sourceName("items.csv")
                .clock(Fixtures.CLOCK)
                .build();
        w.write(item("1", List.of("SPORTS", "SCIENCE", "INTERNATIONAL"), 1570003267));
        // "2,ENTERTAINMENT|LIFESTYLE|,1571730101": the trailing '|' is an empty third label
        assertThatThrownBy(() -> w.write(item("2", List.of("ENTERTAINMENT", "LIFESTYLE", ""), 1571730101)))
                .isInstanceOf(CsvValidationException.class)
                .hasMessageContaining("items.csv line 3 (record 2), field LABELS")
                .hasMessageContaining("empty categorical value")
                .hasMessageContaining("ENTERTAINMENT|LIFESTYLE|");
        w.close();
        assertThat(sink.toString()).doesNotContain("ENTERTAINMENT");
    }

    @Test
    void itemCsvWriter_whenArticleDuplicateItemId_rejectsSecondFourAndLeavesNoFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("items.csv");
        ItemCsvWriter<Article> w =
                ItemCsvWriter.builder(ITEMS).path(out).clock(Fixtures.CLOCK).build();
        w.write(item("1", List.of("SPORTS", "SCIENCE", "INTERNATIONAL"), 1570003267));
        w.write(item("3", List.of("COVID", "ECONOMICS", "SPORTS"), 1560515629));
        w.write(item("4", List.of("POLITICS", "EDUCATION", "TECHNOLOGY"), 1581670067));
        w.write(item("4", List.of("USA", "GENERAL", "HEALTH"), 1581670067));
        // duplicate ids are detected when the writer commits
        assertThatThrownBy(w::commit)
                .isInstanceOf(CsvValidationException.class)
                .hasMessage("items.csv line 5 (record 4), field ITEM_ID, value '4': ITEM_ID must be unique in a Items"
                        + " dataset, but this value already appears in record 3 (line 4) [duplicate-id]")
                .satisfies(e -> assertThat(((CsvValidationException) e).rule()).isEqualTo("duplicate-id"));
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void itemCsvWriter_whenDuplicateFarBackInFile_closeNamesBothRowsAndValueAndLeavesNoFile(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("items.csv");
        ItemCsvWriter<Article> w =
                ItemCsvWriter.builder(ITEMS).path(out).clock(Fixtures.CLOCK).build();
        for (int i = 0; i < 20_000; i++) {
            w.write(item(i == 5000 ? "17" : Integer.toString(i), List.of("L"), 1570003267));
        }
        assertThat(w.rowsWritten()).isEqualTo(20_000);
        assertThatThrownBy(w::commit)
                .isInstanceOf(CsvValidationException.class)
                .hasMessage("items.csv line 5002 (record 5001), field ITEM_ID, value '17': ITEM_ID must be unique in a"
                        + " Items dataset, but this value already appears in record 18 (line 19) [duplicate-id]")
                .satisfies(e -> {
                    CsvValidationException c = (CsvValidationException) e;
                    assertThat(c.rule()).isEqualTo("duplicate-id");
                    assertThat(c.record()).isEqualTo(5001);
                    assertThat(c.line()).isEqualTo(5002);
                    assertThat(c.field()).contains("ITEM_ID");
                });
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void itemCsvWriter_whenDuplicateAcrossTheHashLogsChunkEdge_namesBothRecords(@TempDir Path dir) {
        Path out = dir.resolve("items.csv");
        ItemCsvWriter<Article> w =
                ItemCsvWriter.builder(ITEMS).path(out).clock(Fixtures.CLOCK).build();
        // rows 32,767 and 32,768 (0-based) are the last of the duplicate log's first 32,768-row chunk and the first
        // of the second; row 32,769 repeats row 32,767 again
        for (int i = 0; i < 40_000; i++) {
            String id = i == 32_768 || i == 32_769 ? "id-32767" : "id-" + i;
            w.write(item(id, List.of("L"), 1570003267));
        }
        assertThatThrownBy(w::commit)
                .isInstanceOf(CsvValidationException.class)
                .hasMessageStartingWith("items.csv line 32770 (record 32769), field ITEM_ID, value 'id-32767'")
                .hasMessageContaining("already appears in record 32768 (line 32769) [duplicate-id]");
        assertThat(out).doesNotExist();
    }

    @Test
    void itemCsvWriter_whenSeveralDuplicates_closeNamesTheFirstRowThatRepeatsAnId(@TempDir Path dir) {
        Path out = dir.resolve("items.csv");
        ItemCsvWriter<Article> w =
                ItemCsvWriter.builder(ITEMS).path(out).clock(Fixtures.CLOCK).build();
        // "b" repeats first (record 4), although "a" sorts first and repeats later (record 6)
        for (String id : List.of("a", "b", "c", "b", "d", "a", "b")) {
            w.write(item(id, List.of("L"), 1570003267));
        }
        assertThatThrownBy(w::commit)
                .hasMessageStartingWith("items.csv line 5 (record 4), field ITEM_ID, value 'b'")
                .hasMessageContaining("already appears in record 2 (line 3) [duplicate-id]");
        assertThat(out).doesNotExist();
    }

    @Test
    void itemCsvWriter_whenDuplicateIdNeedsQuoting_readsItBackAndShowsTheValue(@TempDir Path dir) {
        Path out = dir.resolve("items.csv");
        ItemCsvWriter<Article> w =
                ItemCsvWriter.builder(ITEMS).path(out).clock(Fixtures.CLOCK).build();
        w.write(item("x,\"y\"\\z", List.of("L"), 1570003267));
        w.write(item("x", List.of("L"), 1570003267));
        w.write(item("x,\"y\"\\z", List.of("L"), 1570003267));
        assertThatThrownBy(w::commit)
                .hasMessageStartingWith("items.csv line 4 (record 3), field ITEM_ID, value 'x,\"y\"\\z'")
                .hasMessageContaining("already appears in record 1 (line 2)");
        assertThat(out).doesNotExist();
    }

    @Test
    void itemCsvWriter_whenDuplicateFarBackInWriter_closeNamesBothRowsAfterWritingAllRows() {
        StringWriter sink = new StringWriter();
        ItemCsvWriter<Article> w = ItemCsvWriter.builder(ITEMS)
                .writer(sink)
                .sourceName("items.csv")
                .clock(Fixtures.CLOCK)
                .build();
        for (int i = 0; i < 20_000; i++) {
            w.write(item(i == 5000 ? "17" : Integer.toString(i), List.of("L"), 1570003267));
        }
        assertThatThrownBy(w::commit)
                .isInstanceOf(CsvValidationException.class)
                .hasMessage("items.csv line 5002 (record 5001), field ITEM_ID: ITEM_ID must be unique in a Items"
                        + " dataset, but this value already appears in record 18 (line 19) (compared by 64-bit hash; a"
                        + " Writer or OutputStream target is not read back) [duplicate-id]");
        // a borrowed Writer cannot be unwritten: it keeps the whole rows handed over before the commit, never the
        // rest; the exception tells the caller to drop it
        assertThat(sink.toString()).endsWith("\n");
        assertThat(sink.toString().lines().count()).isBetween(2L, 20_000L);
        assertThatThrownBy(() -> w.write(item("x", List.of("L"), 1570003267)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void itemCsvWriter_whenProfileBeforeClose_reportsDuplicateAndCloseLeavesNoFile(@TempDir Path dir) {
        Path out = dir.resolve("items.csv");
        ItemCsvWriter<Article> w =
                ItemCsvWriter.builder(ITEMS).path(out).clock(Fixtures.CLOCK).build();
        w.write(item("1", List.of("L"), 1570003267));
        w.write(item("2", List.of("L"), 1570003267));
        assertThat(w.profile().uniqueItems()).isEqualTo(2);
        w.write(item("1", List.of("L"), 1570003267));
        assertThatThrownBy(w::profile)
                .hasMessageStartingWith("items.csv line 4 (record 3), field ITEM_ID, value '1'")
                .hasMessageContaining("already appears in record 1 (line 2)");
        assertThatThrownBy(() -> w.write(item("3", List.of("L"), 1570003267)))
                .isInstanceOf(IllegalStateException.class);
        w.close();
        assertThat(out).doesNotExist();
    }

    @Test
    void itemCsvWriter_whenDuplicateCheckOff_writesDuplicatesAndCountsNoDistinctItems(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("items.csv");
        ItemCsvWriter<Article> w = ItemCsvWriter.builder(ITEMS)
                .path(out)
                .clock(Fixtures.CLOCK)
                .checkDuplicateIds(false)
                .build();
        w.write(item("1", List.of("L"), 1570003267));
        w.write(item("1", List.of("L"), 1570003268));
        w.commit();
        assertThat(w.profile().rows()).isEqualTo(2);
        assertThat(w.profile().uniqueItems()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(3);
    }

    @Test
    void itemCsvWriter_whenIdsUnique_closePublishesFileAndProfileCountsEveryItem(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("items.csv");
        ItemCsvWriter<Article> w =
                ItemCsvWriter.builder(ITEMS).path(out).clock(Fixtures.CLOCK).build();
        for (int i = 0; i < 10_000; i++) {
            w.write(item("item-" + i, List.of("L"), 1570003267));
        }
        w.commit();
        assertThat(w.profile().uniqueItems()).isEqualTo(10_000);
        assertThat(Files.readAllLines(out)).hasSize(10_001);
    }

    @Test
    void validator_whenArticleItemsFile_reportsBothDefectsWithLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = Fixtures.copyResource("article-items.csv", dir);
        ValidationReport report = DatasetCsvValidator.builder()
                .schema(Fixtures.articleItems())
                .clock(Fixtures.CLOCK)
                .build()
                .validate(file);
        assertThat(report.valid()).isFalse();
        assertThat(report.records()).isEqualTo(5);
        assertThat(report.errorCount()).isEqualTo(2);
        assertThat(report.errors())
                .extracting(CsvValidationException::getMessage)
                .containsExactly(
                        "article-items.csv line 3 (record 2), field LABELS, value 'ENTERTAINMENT|LIFESTYLE|': holds an"
                                + " empty categorical value (value 3 of the '|'-separated list); remove the stray"
                                + " '|' [categorical-empty]",
                        "article-items.csv line 6 (record 5), field ITEM_ID, value '4': ITEM_ID must be unique in a"
                                + " Items dataset, but this value already appears in record 4 [duplicate-id]");
        assertThat(report.errors()).extracting(CsvValidationException::line).containsExactly(3L, 6L);
        assertThat(report.errors()).extracting(CsvValidationException::record).containsExactly(2L, 5L);
        assertThat(report.profile().rows()).isEqualTo(3);
        assertThat(report.profile().uniqueItems()).isEqualTo(3);
    }

    @Test
    void validator_whenArticleInteractionsFile_isValidButFarBelowTrainingMinimums(@TempDir Path dir) throws Exception {
        Path file = Fixtures.copyResource("article-interactions.csv", dir);
        ValidationReport report = DatasetCsvValidator.builder()
                .schema(Fixtures.articleInteractions())
                .clock(Fixtures.CLOCK)
                .build()
                .validate(file);
        assertThat(report.valid()).isTrue();
        DatasetProfile p = report.profile();
        assertThat(p.rows()).isEqualTo(5);
        assertThat(p.uniqueUsers()).isEqualTo(5);
        assertThat(p.uniqueItems()).isEqualTo(4);
        assertThat(p.usersWithAtLeastTwoInteractions()).isZero();
        assertThat(p.earliest()).contains(Instant.ofEpochSecond(1586731606));
        assertThat(p.latest()).contains(Instant.ofEpochSecond(1586735763));
        assertThat(p.failedChecks())
                .extracting(PreflightCheck::message)
                .containsExactly(
                        "5 interactions; training needs at least 1000 interactions: 995 more interactions needed",
                        "0 users with at least 2 interactions; training needs at least 25 users with at least 2"
                                + " interactions each: 25 more users with at least 2 interactions needed",
                        "0.00 % of users (0 of 5) have at least 2 interactions; training needs at least 1 %: 1 more"
                                + " user(s) with at least 2 interactions",
                        "5 records; an interactions import job needs at least 1000 records: 995 more records"
                                + " needed");
    }
}
