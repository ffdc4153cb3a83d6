package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.internal.cache.CatalogCsv;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared corpus of dialect cases ({@code /csv-dialect/corpus.json}) against every reader and writer of
 * personalize-core: {@link DatasetCsvReader} from bytes, a file and characters, {@link DatasetCsvValidator}, the
 * fetcher's catalogue reader ({@link CatalogCsv}), and the writer, unbound ({@link DatasetCsvWriter}) and bound
 * ({@link ItemCsvWriter}). personalize-local's importer runs the same corpus in its own tests.
 */
@Timeout(60)
class CsvDialectCorpusTest {
    /** One case of the corpus. */
    record Case(
            String name,
            byte[] bytes,
            String text,
            boolean utf8,
            @Nullable List<List<@Nullable String>> rows,
            boolean canonical,
            @Nullable String writerRule,
            @Nullable String validatorRule,
            @Nullable String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Row(String id, @Nullable String text) {}

    static final BoundSchema<Row> ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .bind(Row.class)
            .stringField("ITEM_ID", Row::id)
            .stringField("TEXT", Row::text, f -> f.nullable())
            .build();

    private static final Pattern REPEAT = Pattern.compile("\\{\\{(.+?)\\*(\\d+)}}");

    static String expand(String s) {
        Matcher m = REPEAT.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static Stream<Case> cases() {
        JsonNode root;
        try (InputStream in = Objects.requireNonNull(
                CsvDialectCorpusTest.class.getResourceAsStream("/csv-dialect/corpus.json"), "corpus.json")) {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String text = expand(c.get("csv").asText());
            Charset charset =
                    c.has("charset") ? Charset.forName(c.get("charset").asText()) : StandardCharsets.UTF_8;
            List<List<@Nullable String>> rows = null;
            if (c.has("rows")) {
                rows = new ArrayList<>();
                for (JsonNode r : c.get("rows")) {
                    List<@Nullable String> row = new ArrayList<>();
                    r.forEach(v -> row.add(v.isNull() ? null : expand(v.asText())));
                    rows.add(row);
                }
            }
            cases.add(new Case(
                    c.get("name").asText(),
                    text.getBytes(charset),
                    text,
                    charset.equals(StandardCharsets.UTF_8),
                    rows,
                    c.path("canonical").asBoolean(false),
                    c.hasNonNull("writerRule") ? c.get("writerRule").asText() : null,
                    c.hasNonNull("validatorRule") ? c.get("validatorRule").asText() : null,
                    c.hasNonNull("error") ? c.get("error").asText() : null));
        }
        return cases.stream();
    }

    /** Reads every record; an empty cell reads as null. */
    private static List<List<@Nullable String>> readAll(DatasetCsvReader r) {
        assertThat(r.header()).containsExactly("ITEM_ID", "TEXT");
        List<List<@Nullable String>> rows = new ArrayList<>();
        for (CsvRecord rec : r) {
            List<@Nullable String> row = new ArrayList<>();
            rec.values().forEach(v -> row.add(v.isEmpty() ? null : v));
            rows.add(row);
        }
        return rows;
    }

    private static void expectRowsOrError(Case c, Supplier<DatasetCsvReader> open) {
        if (c.error() != null) {
            assertThatThrownBy(() -> {
                        try (DatasetCsvReader r = open.get()) {
                            readAll(r);
                        }
                    })
                    .isInstanceOfSatisfying(
                            CsvValidationException.class,
                            e -> assertThat(e.rule()).isEqualTo(c.error()));
            return;
        }
        try (DatasetCsvReader r = open.get()) {
            assertThat(readAll(r)).isEqualTo(c.rows());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reader_whenBytesOrAFile_readsTheCorpusRowsOrTheCorpusError(Case c, @TempDir Path dir) throws IOException {
        expectRowsOrError(
                c,
                () -> DatasetCsvReader.builder()
                        .inputStream(new ByteArrayInputStream(c.bytes()))
                        .bufferSize(16) // records and escapes straddle the buffer
                        .build());
        Path file = Files.write(dir.resolve("items.csv"), c.bytes());
        expectRowsOrError(c, () -> DatasetCsvReader.open(file));
    }

    /** The UTF-8 cases: a Reader gets characters, already decoded. */
    static Stream<Case> utf8Cases() {
        return cases().filter(Case::utf8);
    }

    /** The cases with rows: a file no reader accepts has no rows to write. */
    static Stream<Case> casesWithRows() {
        return cases().filter(c -> c.rows() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("utf8Cases")
    void reader_whenCharacters_readsTheCorpusRowsOrTheCorpusError(Case c) {
        expectRowsOrError(
                c,
                () -> DatasetCsvReader.builder()
                        .reader(new StringReader(c.text()))
                        .bufferSize(16)
                        .build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validator_whenCorpusCase_findsOnlyTheCorpusRule(Case c) {
        ValidationReport report = DatasetCsvValidator.builder()
                .schema(ITEMS.schema())
                .clock(Fixtures.CLOCK)
                .build()
                .validate(new ByteArrayInputStream(c.bytes()), "items.csv");
        String rule = c.error() != null ? c.error() : c.validatorRule();
        if (rule == null) {
            assertThat(report.errors()).as(report.toString()).isEmpty();
            assertThat(report.profile().rows())
                    .isEqualTo(Objects.requireNonNull(c.rows()).size());
        } else {
            assertThat(report.errors())
                    .as(report.toString())
                    .extracting(CsvValidationException::rule)
                    .containsExactly(rule);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void catalogueReader_whenCorpusCase_readsTheCorpusIds(Case c, @TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("items.csv"), c.bytes());
        if (c.error() != null) {
            assertThatThrownBy(() -> CatalogCsv.itemIds(file, "ITEM_ID"))
                    .isInstanceOfSatisfying(
                            CsvValidationException.class,
                            e -> assertThat(e.rule()).isEqualTo(c.error()));
            return;
        }
        List<String> ids = new ArrayList<>();
        Objects.requireNonNull(c.rows()).forEach(r -> ids.add(r.get(0)));
        assertThat(CatalogCsv.itemIds(file, "ITEM_ID")).isEqualTo(ids);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithRows")
    void writer_whenCorpusRows_writesTheCanonicalFileAndReadsItBack(Case c) {
        List<List<@Nullable String>> rows = Objects.requireNonNull(c.rows());
        StringWriter unbound = new StringWriter();
        StringWriter bound = new StringWriter();
        try (DatasetCsvWriter<Object[]> w =
                        DatasetCsvWriter.builder(ITEMS.schema()).writer(unbound).build();
                ItemCsvWriter<Row> b =
                        ItemCsvWriter.builder(ITEMS).writer(bound).build()) {
            if (c.writerRule() != null) {
                assertThatThrownBy(() -> rows.forEach(r -> w.writeRow(r.toArray())))
                        .isInstanceOfSatisfying(
                                CsvValidationException.class,
                                e -> assertThat(e.rule()).isEqualTo(c.writerRule()));
                assertThatThrownBy(() ->
                                rows.forEach(r -> b.write(new Row(Objects.requireNonNull(r.get(0)), r.get(1)))))
                        .isInstanceOfSatisfying(
                                CsvValidationException.class,
                                e -> assertThat(e.rule()).isEqualTo(c.writerRule()));
                return;
            }
            for (List<@Nullable String> r : rows) {
                w.writeRow(r.toArray());
                b.write(new Row(Objects.requireNonNull(r.get(0)), r.get(1)));
            }
            w.commit();
            b.commit();
        }
        assertThat(bound.toString()).isEqualTo(unbound.toString());
        if (c.canonical()) {
            assertThat(unbound.toString()).isEqualTo(c.text());
        }
        try (DatasetCsvReader r = DatasetCsvReader.builder()
                .reader(new StringReader(unbound.toString()))
                .build()) {
            assertThat(readAll(r)).isEqualTo(rows);
        }
    }
}
