package io.personalizekit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personalizekit.exception.SchemaValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared schema corpus ({@code src/test/resources/schema-corpus/schema-cases.json}) against core's rules: each
 * case's documented verdict must be core's verdict, with the rule id and the field, unless the case records a known
 * disagreement of core ({@code "core"}), in which case core must still give that recorded verdict (so a change
 * either way is noticed). personalize-local runs the same file against its own validator through {@code
 * CreateSchema}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchemaCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<JsonNode> cases() {
        try (InputStream in = Objects.requireNonNull(
                SchemaCorpusTest.class.getResourceAsStream("/schema-corpus/schema-cases.json"),
                "missing /schema-corpus/schema-cases.json")) {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(in).get("cases").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> corpus() {
        return cases().stream().map(c -> Arguments.of(c.get("id").asText(), c));
    }

    static String schemaText(JsonNode c) {
        return c.has("schemaText")
                ? c.get("schemaText").asText()
                : c.get("schema").toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void parse_givesTheCorpusVerdict(String id, JsonNode c) {
        JsonNode known = c.get("core");
        boolean valid =
                known != null ? known.get("valid").asBoolean() : c.get("valid").asBoolean();

        Throwable thrown = catchThrowable(() -> DatasetSchema.parse(schemaText(c)));

        if (valid) {
            assertThat(thrown).as("%s: %s", id, c.get("doc").asText()).isNull();
            DatasetSchema parsed = DatasetSchema.parse(schemaText(c));
            // the same schema through the builder and back through the renderer
            DatasetSchema rebuilt = parsed.toBuilder().build();
            assertThat(rebuilt).isEqualTo(parsed);
            assertThat(DatasetSchema.parse(rebuilt.toAvroJson()).sameDefinitionAs(parsed))
                    .isTrue();
            assertThat(parsed.fieldNames())
                    .hasSize(c.get("schema").get("fields").size());
        } else {
            assertThat(thrown)
                    .as("%s: %s", id, c.get("doc").asText())
                    .isInstanceOfSatisfying(SchemaValidationException.class, e -> {
                        assertThat(e.rule()).isEqualTo(c.get("coreRule").asText());
                        if (c.has("field")) {
                            assertThat(e.field()).contains(c.get("field").asText());
                        }
                    });
        }
    }

    @Test
    void corpus_coversEveryDatasetTypeBothWaysAndEveryCoreRule() {
        List<JsonNode> all = cases();
        assertThat(all).hasSizeGreaterThan(50);
        for (DatasetType t : DatasetType.values()) {
            assertThat(all.stream()
                            .filter(c -> c.get("valid").asBoolean())
                            .map(c -> DatasetSchema.parse(schemaText(c)).datasetType()))
                    .as("a valid case of %s", t)
                    .contains(t);
        }
        assertThat(all.stream()
                        .filter(c -> !c.get("valid").asBoolean())
                        .map(c -> c.get("coreRule").asText())
                        .distinct())
                .containsExactlyInAnyOrder(
                        "json",
                        "record-type",
                        "record-name",
                        "fields",
                        "field-name",
                        "duplicate-field",
                        "field-type",
                        "field-attribute",
                        "attribute-type",
                        "field-nullable",
                        "field-categorical",
                        "textual-placement",
                        "textual-count",
                        "item-name-placement",
                        "required-field",
                        "metadata-count");
    }
}
