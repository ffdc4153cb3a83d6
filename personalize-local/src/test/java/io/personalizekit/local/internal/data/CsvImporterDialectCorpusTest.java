package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * personalize-core's CSV dialect corpus ({@code csv-dialect/corpus.json}, shared through this module's test
 * resources) against the emulator's importer, which stays an independent implementation of the service: a second
 * opinion on the dialect. A case the emulator is known to read differently says so in its {@code emulator} entry,
 * and this test checks that the difference is still the one recorded.
 */
@Timeout(60)
class CsvImporterDialectCorpusTest {
    static final DatasetSchema ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("TEXT", f -> f.nullable())
            .build();

    private static final Pattern REPEAT = Pattern.compile("\\{\\{(.+?)\\*(\\d+)}}");

    record Case(
            String name,
            byte[] bytes,
            @Nullable List<List<@Nullable String>> rows,
            boolean fails,
            @Nullable String knownDifference) {
        @Override
        public String toString() {
            return name;
        }
    }

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
                CsvImporterDialectCorpusTest.class.getResourceAsStream("/csv-dialect/corpus.json"),
                "csv-dialect/corpus.json (personalize-core's test resources)")) {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
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
                    expand(c.get("csv").asText()).getBytes(charset),
                    rows,
                    c.hasNonNull("error"),
                    c.hasNonNull("emulator") ? c.get("emulator").asText() : null));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void importCsv_whenCorpusCase_importsTheCorpusRowsOrFails(Case c) {
        ImportOutcome out = CsvImporter.create().importCsv(ITEMS, List.of(c.bytes()));
        if (c.knownDifference() != null) {
            assertThat(out.isOk())
                    .as("recorded difference: %s; if the importer changed, update the corpus", c.knownDifference())
                    .isEqualTo(c.knownDifference().startsWith("accepts"));
            return;
        }
        if (c.fails()) {
            assertThat(out.isOk()).as("%s", out).isFalse();
            return;
        }
        assertThat(out.isOk()).as("%s", out).isTrue();
        DatasetData data = out.data();
        Map<String, @Nullable String> expected = new LinkedHashMap<>();
        for (List<@Nullable String> r : Objects.requireNonNull(c.rows())) {
            expected.put(r.get(0), r.get(1));
        }
        Map<String, @Nullable String> imported = new LinkedHashMap<>();
        for (String id : data.recordIds()) {
            imported.put(id, Objects.requireNonNull(data.record(id)).get("TEXT"));
        }
        assertThat(imported).isEqualTo(expected);
    }
}
