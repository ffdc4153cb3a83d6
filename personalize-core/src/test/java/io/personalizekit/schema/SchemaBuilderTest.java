package io.personalizekit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personalizekit.exception.SchemaValidationException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The article's Items schema, exactly as it appears there (record name ITEMS, its own namespace). */
    static final String ARTICLE_ITEMS = "{\n"
            + "  \"type\": \"record\",\n"
            + "  \"name\": \"ITEMS\",\n"
            + "  \"namespace\": \"com.seeeff.personalize.schema\",\n"
            + "  \"fields\": [\n"
            + "    {\"name\": \"ITEM_ID\", \"type\": \"string\"},\n"
            + "    {\"name\": \"LABELS\", \"type\": [\"null\", \"string\"], \"categorical\": true},\n"
            + "    {\"name\": \"CREATION_TIMESTAMP\", \"type\": \"long\"}\n"
            + "  ],\n"
            + "  \"version\": \"1.0\"\n"
            + "}";

    static final String ARTICLE_INTERACTIONS = "{\"type\": \"record\", \"name\": \"Interactions\","
            + " \"namespace\": \"com.amazonaws.personalize.schema\", \"fields\": ["
            + " {\"name\": \"USER_ID\", \"type\": \"string\"},"
            + " {\"name\": \"ITEM_ID\", \"type\": \"string\"},"
            + " {\"name\": \"TIMESTAMP\", \"type\": \"long\"}], \"version\": \"1.0\"}";

    static DatasetSchema articleItems() {
        return SchemaBuilder.forType(DatasetType.ITEMS)
                .stringField("ITEM_ID")
                .stringField("LABELS", f -> f.categorical().nullable())
                .longField("CREATION_TIMESTAMP")
                .build();
    }

    static DatasetSchema articleInteractions() {
        return SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .stringField("USER_ID")
                .stringField("ITEM_ID")
                .longField("TIMESTAMP")
                .build();
    }

    @Test
    void build_whenArticleItems_rendersTheAvroJsonCreateSchemaTakes() throws Exception {
        JsonNode json = JSON.readTree(articleItems().toAvroJson());

        assertThat(json.get("type").asText()).isEqualTo("record");
        assertThat(json.get("name").asText()).isEqualTo("Items");
        assertThat(json.get("namespace").asText()).isEqualTo("com.amazonaws.personalize.schema");
        assertThat(json.get("version").asText()).isEqualTo("1.0");
        assertThat(json.get("fields")).hasSize(3);
        assertThat(json.get("fields").get(1).toString())
                .isEqualTo("{\"name\":\"LABELS\",\"type\":[\"null\",\"string\"],\"categorical\":true}");
        assertThat(json.get("fields").get(2).toString())
                .isEqualTo("{\"name\":\"CREATION_TIMESTAMP\",\"type\":\"long\"}");
    }

    @Test
    void parse_whenArticleDocuments_equalsTheBuiltSchemas() {
        DatasetSchema items = DatasetSchema.parse(ARTICLE_ITEMS);
        DatasetSchema interactions = DatasetSchema.parse(ARTICLE_INTERACTIONS);

        assertThat(items.datasetType()).isEqualTo(DatasetType.ITEMS);
        assertThat(items.recordName()).isEqualTo("ITEMS");
        assertThat(items.namespace()).isEqualTo("com.seeeff.personalize.schema");
        assertThat(items.sameDefinitionAs(articleItems())).isTrue();
        assertThat(items.fieldNames()).containsExactly("ITEM_ID", "LABELS", "CREATION_TIMESTAMP");
        assertThat(interactions).isEqualTo(articleInteractions());
    }

    @ParameterizedTest
    @MethodSource("schemas")
    void parse_whenRendered_roundTripsToAnEqualSchema(DatasetSchema schema) {
        DatasetSchema back = DatasetSchema.parse(schema.toAvroJson());

        assertThat(back).isEqualTo(schema);
        assertThat(back.hashCode()).isEqualTo(schema.hashCode());
        assertThat(back.toAvroJson()).isEqualTo(schema.toAvroJson());
        assertThat(DatasetSchema.parse(schema.datasetType(), schema.toAvroJson()))
                .isEqualTo(schema);
    }

    static Stream<DatasetSchema> schemas() {
        return Stream.of(
                articleItems(),
                articleInteractions(),
                SchemaBuilder.forType(DatasetType.ITEMS)
                        .stringField("ITEM_ID")
                        .stringField("GENRES", f -> f.categorical().nullable())
                        .longField("CREATION_TIMESTAMP")
                        .stringField("DESCRIPTION", f -> f.textual().nullable())
                        .stringField("TITLE", f -> f.itemName())
                        .floatField("PRICE", f -> f.nullable())
                        .doubleField("RATING")
                        .intField("PAGES")
                        .booleanField("PREMIUM", f -> f.nullable())
                        .build(),
                SchemaBuilder.forType(DatasetType.INTERACTIONS)
                        .stringField("USER_ID")
                        .stringField("ITEM_ID")
                        .longField("TIMESTAMP")
                        .stringField("EVENT_TYPE")
                        .floatField("EVENT_VALUE", f -> f.nullable())
                        .stringField("IMPRESSION", f -> f.nullable())
                        .stringField("DEVICE", f -> f.categorical().nullable())
                        .build(),
                SchemaBuilder.forType(DatasetType.USERS)
                        .stringField("USER_ID")
                        .stringField("MEMBERSHIP", f -> f.categorical())
                        .intField("AGE", f -> f.nullable())
                        .build(),
                SchemaBuilder.forType(DatasetType.ACTIONS)
                        .stringField("ACTION_ID")
                        .longField("VALUE", f -> f.nullable())
                        .stringField("CATEGORY", f -> f.categorical())
                        .build(),
                SchemaBuilder.forType(DatasetType.ACTION_INTERACTIONS)
                        .stringField("USER_ID")
                        .stringField("ACTION_ID")
                        .stringField("EVENT_TYPE")
                        .longField("TIMESTAMP")
                        .build());
    }

    @ParameterizedTest
    @EnumSource(DatasetType.class)
    void fromApiName_acceptsTheServiceNameAndTheConstantName(DatasetType type) {
        assertThat(DatasetType.fromApiName(type.apiName())).isEqualTo(type);
        assertThat(DatasetType.fromApiName(type.name())).isEqualTo(type);
    }

    @Test
    void parse_whenTheServiceDocsActionInteractionsRecordName_isAnActionInteractionsSchema() {
        // the record name the service's own schema examples use, without the underscore of "Action_Interactions"
        String json = "{\"type\":\"record\",\"name\":\"ActionInteractions\","
                + "\"namespace\":\"com.amazonaws.personalize.schema\",\"fields\":["
                + "{\"name\":\"USER_ID\",\"type\":\"string\"},{\"name\":\"ACTION_ID\",\"type\":\"string\"},"
                + "{\"name\":\"EVENT_TYPE\",\"type\":\"string\"},{\"name\":\"TIMESTAMP\",\"type\":\"long\"}],"
                + "\"version\":\"1.0\"}";

        DatasetSchema schema = DatasetSchema.parse(json);

        assertThat(schema.datasetType()).isEqualTo(DatasetType.ACTION_INTERACTIONS);
        assertThat(DatasetSchema.parse(DatasetType.ACTION_INTERACTIONS, json).recordName())
                .isEqualTo("ActionInteractions");
    }

    @Test
    void fromApiName_whenUnknown_namesTheValue() {
        assertThatThrownBy(() -> DatasetType.fromApiName("Things"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Things'");
    }

    @Test
    void toBuilder_derivesAChangedSchema() {
        DatasetSchema changed = articleItems().toBuilder()
                .stringField("AUTHOR", f -> f.categorical())
                .build();

        assertThat(changed.fieldNames()).containsExactly("ITEM_ID", "LABELS", "CREATION_TIMESTAMP", "AUTHOR");
        assertThat(changed.sameDefinitionAs(articleItems())).isFalse();
        assertThat(changed.indexOf("AUTHOR")).isEqualTo(3);
        assertThat(changed.indexOf("NOPE")).isEqualTo(-1);
        assertThat(changed.field("LABELS"))
                .get()
                .extracting(SchemaField::categorical)
                .isEqualTo(true);
    }

    /** One case per rule: the builder (or the parser) that breaks it, the field and the rule it must name. */
    static Stream<Arguments> violations() {
        return Stream.of(
                bad(
                        "required-field",
                        "TIMESTAMP",
                        b(
                                DatasetType.INTERACTIONS,
                                s -> s.stringField("USER_ID").stringField("ITEM_ID"))),
                bad(
                        "field-type",
                        "TIMESTAMP",
                        b(
                                DatasetType.INTERACTIONS,
                                s -> s.stringField("USER_ID")
                                        .stringField("ITEM_ID")
                                        .intField("TIMESTAMP"))),
                bad(
                        "field-nullable",
                        "USER_ID",
                        b(
                                DatasetType.INTERACTIONS,
                                s -> s.stringField("USER_ID", f -> f.nullable())
                                        .stringField("ITEM_ID")
                                        .longField("TIMESTAMP"))),
                bad(
                        "field-categorical",
                        "ITEM_ID",
                        b(
                                DatasetType.ITEMS,
                                s -> s.stringField("ITEM_ID", f -> f.categorical())
                                        .stringField("LABELS", f -> f.categorical()))),
                bad(
                        "field-categorical",
                        "EVENT_TYPE",
                        b(
                                DatasetType.INTERACTIONS,
                                s -> s.stringField("USER_ID")
                                        .stringField("ITEM_ID")
                                        .longField("TIMESTAMP")
                                        .stringField("EVENT_TYPE", f -> f.categorical()))),
                bad(
                        "field-type",
                        "CREATION_TIMESTAMP",
                        b(DatasetType.ITEMS, s -> s.stringField("ITEM_ID").stringField("CREATION_TIMESTAMP"))),
                bad(
                        "field-type",
                        "EVENT_VALUE",
                        b(
                                DatasetType.INTERACTIONS,
                                s -> s.stringField("USER_ID")
                                        .stringField("ITEM_ID")
                                        .longField("TIMESTAMP")
                                        .stringField("EVENT_VALUE"))),
                bad(
                        "textual-placement",
                        "NOTE",
                        b(DatasetType.USERS, s -> s.stringField("USER_ID").stringField("NOTE", f -> f.textual()))),
                bad(
                        "textual-count",
                        "SUMMARY",
                        b(
                                DatasetType.ITEMS,
                                s -> s.stringField("ITEM_ID")
                                        .stringField("DESCRIPTION", f -> f.textual())
                                        .stringField("SUMMARY", f -> f.textual()))),
                bad(
                        "item-name-placement",
                        "NAME",
                        b(DatasetType.USERS, s -> s.stringField("USER_ID").stringField("NAME", f -> f.itemName()))),
                bad("metadata-count", null, b(DatasetType.ITEMS, s -> s.stringField("ITEM_ID"))),
                bad("metadata-count", null, b(DatasetType.INTERACTIONS, s -> {
                    s.stringField("USER_ID").stringField("ITEM_ID").longField("TIMESTAMP");
                    for (int i = 0; i < 6; i++) {
                        s.stringField("META" + i, f -> f.categorical());
                    }
                })),
                bad("metadata-count", null, b(DatasetType.USERS, s -> {
                    s.stringField("USER_ID");
                    for (int i = 0; i < 26; i++) {
                        s.intField("M" + i);
                    }
                })),
                bad(
                        "duplicate-field",
                        "GENRESFIELD1",
                        b(
                                DatasetType.ITEMS,
                                s -> s.stringField("ITEM_ID")
                                        .stringField("GENRES_FIELD_1", f -> f.categorical())
                                        .stringField("GENRESFIELD1", f -> f.categorical()))),
                bad(
                        "field-name",
                        "2FAST",
                        b(DatasetType.ITEMS, s -> s.stringField("ITEM_ID").intField("2FAST"))),
                bad(
                        "record-name",
                        null,
                        b(
                                DatasetType.ITEMS,
                                s -> s.recordName("Users")
                                        .stringField("ITEM_ID")
                                        .intField("PAGES"))),
                bad("schema-size", null, b(DatasetType.ITEMS, s -> {
                    s.stringField("ITEM_ID");
                    for (int i = 0; i < 100; i++) {
                        s.stringField("F" + i + "_" + "X".repeat(200), f -> f.categorical());
                    }
                })));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("violations")
    void build_whenARuleIsBroken_namesTheFieldAndTheRule(String rule, String field, SchemaBuilder builder) {
        assertThatThrownBy(builder::build).isInstanceOfSatisfying(SchemaValidationException.class, e -> {
            assertThat(e.rule()).isEqualTo(rule);
            assertThat(e.field().orElse(null)).isEqualTo(field);
            if (field != null) {
                assertThat(e.getMessage()).contains(field);
            }
        });
    }

    @Test
    void stringOnlyAttributes_onANumber_areRejected() {
        assertThatThrownBy(() -> SchemaField.of("PRICE", FieldType.FLOAT, false, true, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PRICE")
                .hasMessageContaining("only allowed on string fields");
    }

    static Stream<Arguments> badDocuments() {
        String head = "{\"type\":\"record\",\"name\":\"Items\",\"fields\":[{\"name\":\"ITEM_ID\",\"type\":\"string\"},";
        return Stream.of(
                Arguments.of("not json", "json", null),
                Arguments.of("[]", "json", null),
                Arguments.of("{\"type\":\"enum\",\"name\":\"Items\"}", "record-type", null),
                Arguments.of("{\"type\":\"record\",\"name\":\"Things\",\"fields\":[]}", "record-name", null),
                Arguments.of("{\"type\":\"record\",\"name\":\"Items\"}", "fields", null),
                Arguments.of(
                        head + "{\"name\":\"TAGS\",\"type\":{\"type\":\"array\",\"items\":\"string\"}}]}",
                        "field-type",
                        "TAGS"),
                Arguments.of(
                        head + "{\"name\":\"TAGS\",\"type\":[\"null\",\"string\",\"int\"]}]}", "field-type", "TAGS"),
                Arguments.of(head + "{\"name\":\"TAGS\",\"type\":\"bytes\"}]}", "field-type", "TAGS"),
                Arguments.of(
                        head + "{\"name\":\"PRICE\",\"type\":\"float\",\"categorical\":true}]}",
                        "attribute-type",
                        "PRICE"),
                Arguments.of(
                        head + "{\"name\":\"TAGS\",\"type\":\"string\",\"categorical\":\"yes\"}]}",
                        "field-attribute",
                        "TAGS"),
                Arguments.of(
                        head + "{\"name\":\"TAGS\",\"type\":\"string\",\"order\":\"ascending\"}]}",
                        "field-attribute",
                        "TAGS"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badDocuments")
    void parse_whenTheDocumentIsNotAcceptable_namesTheRule(String json, String rule, String field) {
        assertThatThrownBy(() -> DatasetSchema.parse(json))
                .isInstanceOfSatisfying(SchemaValidationException.class, e -> {
                    assertThat(e.rule()).isEqualTo(rule);
                    assertThat(e.field().orElse(null)).isEqualTo(field);
                });
    }

    @Test
    void parse_acceptsTheNullUnionInEitherOrder() {
        String json = "{\"type\":\"record\",\"name\":\"Items\",\"fields\":[{\"name\":\"ITEM_ID\",\"type\":\"string\"},"
                + "{\"name\":\"GENRE\",\"type\":[\"string\",\"null\"],\"categorical\":true}],\"version\":\"1.0\"}";

        DatasetSchema s = DatasetSchema.parse(json);

        assertThat(s.field("GENRE")).get().satisfies(f -> {
            assertThat(f.nullable()).isTrue();
            assertThat(f.categorical()).isTrue();
        });
    }

    private static Arguments bad(String rule, String field, SchemaBuilder builder) {
        return Arguments.of(rule, field, builder);
    }

    private static SchemaBuilder b(DatasetType type, Consumer<SchemaBuilder> fields) {
        SchemaBuilder b = SchemaBuilder.forType(type);
        fields.accept(b);
        return b;
    }
}
