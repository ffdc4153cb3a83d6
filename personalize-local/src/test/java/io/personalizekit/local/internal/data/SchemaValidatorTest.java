package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** The shared schema corpus against the emulator's validator directly, and what it returns for a valid schema. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchemaValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> corpus() {
        try (InputStream in = Objects.requireNonNull(
                SchemaValidatorTest.class.getResourceAsStream("/schema-corpus/schema-cases.json"),
                "missing /schema-corpus/schema-cases.json (personalize-core's corpus, added by the POM)")) {
            List<Arguments> out = new ArrayList<>();
            JSON.readTree(in)
                    .get("cases")
                    .forEach(c -> out.add(Arguments.of(c.get("id").asText(), c)));
            return out.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void validate_givesTheDocumentedVerdict(String id, JsonNode c) {
        String text = c.has("schemaText")
                ? c.get("schemaText").asText()
                : c.get("schema").toString();

        Throwable thrown = catchThrowable(() -> SchemaValidator.validate(text));

        if (c.get("valid").asBoolean()) {
            assertThat(thrown).as("%s: %s", id, c.get("doc").asText()).isNull();
            SchemaValidator.Accepted accepted = SchemaValidator.validate(text);
            JsonNode fields = c.get("schema").get("fields");
            assertThat(accepted.fields()).hasSize(fields.size());
            assertThat(accepted.fields().get(0).name())
                    .isEqualTo(fields.get(0).get("name").asText());
            assertThat(accepted.datasetType().replace("_", ""))
                    .isEqualToIgnoringCase(c.get("schema").get("name").asText().replace("_", ""));
        } else {
            assertThat(thrown)
                    .as("%s: %s", id, c.get("doc").asText())
                    .isInstanceOf(SchemaValidator.InvalidSchemaException.class)
                    .hasMessageContaining(c.get("says").asText());
            if (c.has("field")) {
                assertThat(thrown).hasMessageContaining(c.get("field").asText());
            }
        }
    }

    @Test
    void validate_whenValid_returnsEachFieldWithItsTypeAndAttributes() {
        SchemaValidator.Accepted items = SchemaValidator.validate("{\"type\":\"record\",\"name\":\"ITEMS\","
                + "\"fields\":[{\"name\":\"ITEM_ID\",\"type\":\"string\"},"
                + "{\"name\":\"GENRES\",\"type\":[\"null\",\"string\"],\"categorical\":true},"
                + "{\"name\":\"TITLE\",\"type\":[\"string\",\"null\"],\"itemName\":true},"
                + "{\"name\":\"BODY\",\"type\":\"string\",\"textual\":true},"
                + "{\"name\":\"PRICE\",\"type\":\"double\",\"categorical\":false}]}");

        assertThat(items.datasetType()).isEqualTo("Items");
        assertThat(items.fields())
                .containsExactly(
                        new SchemaValidator.Field("ITEM_ID", "string", false, false, false, false),
                        new SchemaValidator.Field("GENRES", "string", true, true, false, false),
                        new SchemaValidator.Field("TITLE", "string", true, false, false, true),
                        new SchemaValidator.Field("BODY", "string", false, false, true, false),
                        new SchemaValidator.Field("PRICE", "double", false, false, false, false));
        assertThatThrownBy(() -> items.fields().add(items.fields().get(0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void validate_whenTrailingContentAfterTheRecord_rejectsTheDocument() {
        assertThatThrownBy(() -> SchemaValidator.validate("{\"type\":\"record\",\"name\":\"Users\",\"fields\":["
                        + "{\"name\":\"USER_ID\",\"type\":\"string\"},{\"name\":\"AGE\",\"type\":\"int\"}]} {}"))
                .isInstanceOf(SchemaValidator.InvalidSchemaException.class)
                .hasMessageStartingWith("The schema is not valid JSON");
    }

    @Test
    void validate_whenSeveralRulesBroken_reportsTheFirstInDocumentOrder() {
        assertThatThrownBy(() -> SchemaValidator.validate("{\"type\":\"record\",\"name\":\"Interactions\",\"fields\":["
                        + "{\"name\":\"USER_ID\",\"type\":\"int\"},{\"name\":\"9LIVES\",\"type\":\"int\"}]}"))
                .hasMessageContaining("9LIVES")
                .hasMessageContaining("not a valid Avro name");
        assertThatThrownBy(() -> SchemaValidator.validate("{\"type\":\"record\",\"name\":\"Interactions\",\"fields\":["
                        + "{\"name\":\"USER_ID\",\"type\":\"int\"},{\"name\":\"ITEM_ID\",\"type\":\"string\"}]}"))
                .hasMessage(
                        "Required field USER_ID of an Interactions schema must be of type string, but it is" + " int.");
        assertThatThrownBy(() -> SchemaValidator.validate("{\"type\":\"record\",\"name\":\"Interactions\",\"fields\":["
                        + "{\"name\":\"ITEM_ID\",\"type\":\"string\"}]}"))
                .hasMessage("An Interactions schema requires the fields USER_ID (string), ITEM_ID (string),"
                        + " TIMESTAMP (long), but USER_ID, TIMESTAMP are missing.");
    }
}
