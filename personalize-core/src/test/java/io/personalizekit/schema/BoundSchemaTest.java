package io.personalizekit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.SchemaValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Schemas bound to the caller's own record type. */
@Timeout(30)
class BoundSchemaTest {
    record Article(
            String id,
            List<String> labels,
            Instant published,
            int views,
            @Nullable Long shares,
            float rating,
            double score,
            boolean live,
            @Nullable String text) {}

    static final Article A = new Article(
            "a-1",
            List.of("X", "Y"),
            Instant.ofEpochSecond(1_700_000_000L, 999_000_000),
            7,
            null,
            0.5f,
            2.25,
            true,
            "body");

    static BoundSchema<Article> full() {
        return SchemaBuilder.forType(DatasetType.ITEMS)
                .bind(Article.class)
                .stringField("ITEM_ID", Article::id)
                .categoricalField("LABELS", Article::labels, f -> f.nullable())
                .timestampField("CREATION_TIMESTAMP", Article::published)
                .intField("VIEWS", Article::views)
                .nullableLongField("SHARES", Article::shares)
                .floatField("RATING", Article::rating)
                .doubleField("SCORE", Article::score)
                .booleanField("LIVE", Article::live)
                .stringField("TEXT", Article::text, f -> f.textual().nullable())
                .build();
    }

    @Test
    void build_rendersTheSameSchemaAsTheUnboundBuilder() {
        DatasetSchema unbound = SchemaBuilder.forType(DatasetType.ITEMS)
                .stringField("ITEM_ID")
                .stringField("LABELS", f -> f.categorical().nullable())
                .longField("CREATION_TIMESTAMP")
                .intField("VIEWS")
                .longField("SHARES", f -> f.nullable())
                .floatField("RATING")
                .doubleField("SCORE")
                .booleanField("LIVE")
                .stringField("TEXT", f -> f.textual().nullable())
                .build();
        BoundSchema<Article> bound = full();
        assertThat(bound.schema()).isEqualTo(unbound);
        assertThat(bound.schema().toAvroJson()).isEqualTo(unbound.toAvroJson());
        assertThat(bound.datasetType()).isEqualTo(DatasetType.ITEMS);
        assertThat(bound.recordType()).isEqualTo(Article.class);
        assertThat(bound.fields()).extracting(BoundField::name).isEqualTo(unbound.fieldNames());
        assertThat(bound.toString()).startsWith("BoundSchema<Article>Items[ITEM_ID:string");
    }

    @Test
    void value_boxesEachGettersValueAndTimestampsAreEpochSeconds() {
        BoundSchema<Article> bound = full();
        List<@Nullable Object> values = new ArrayList<>();
        bound.fields().forEach(f -> values.add(f.value(A)));
        assertThat(values).containsExactly("a-1", List.of("X", "Y"), 1_700_000_000L, 7, null, 0.5f, 2.25, true, "body");
        assertThat(bound.field("SCORE").orElseThrow().field().type()).isEqualTo(FieldType.DOUBLE);
        assertThat(bound.field("NOPE")).isEmpty();
    }

    @Test
    void accept_handsEachValueToTheSinkMethodOfItsType() {
        List<String> calls = new ArrayList<>();
        BoundField.ValueSink sink = new BoundField.ValueSink() {
            @Override
            public void onNull() {
                calls.add("null");
            }

            @Override
            public void onString(CharSequence value) {
                calls.add("string " + value);
            }

            @Override
            public void onStrings(Collection<String> values) {
                calls.add("strings " + values);
            }

            @Override
            public void onInt(int value) {
                calls.add("int " + value);
            }

            @Override
            public void onLong(long value) {
                calls.add("long " + value);
            }

            @Override
            public void onFloat(float value) {
                calls.add("float " + value);
            }

            @Override
            public void onDouble(double value) {
                calls.add("double " + value);
            }

            @Override
            public void onBoolean(boolean value) {
                calls.add("boolean " + value);
            }
        };
        full().fields().forEach(f -> f.accept(A, sink));
        assertThat(calls)
                .containsExactly(
                        "string a-1",
                        "strings [X, Y]",
                        "long 1700000000",
                        "int 7",
                        "null",
                        "float 0.5",
                        "double 2.25",
                        "boolean true",
                        "string body");
    }

    @Test
    void build_whenARequiredFieldHasNoGetter_namesTheField() {
        assertThatThrownBy(() -> SchemaBuilder.forType(DatasetType.ITEMS)
                        .bind(Article.class)
                        .categoricalField("LABELS", Article::labels)
                        .build())
                .isInstanceOfSatisfying(
                        SchemaValidationException.class,
                        e -> assertThat(e.field()).contains("ITEM_ID"))
                .hasMessageContaining("requires field ITEM_ID");
        assertThatThrownBy(() -> SchemaBuilder.forType(DatasetType.INTERACTIONS)
                        .bind(Article.class)
                        .stringField("USER_ID", Article::id)
                        .stringField("ITEM_ID", Article::id)
                        .build())
                .hasMessageContaining("requires field TIMESTAMP");
    }

    @Test
    void build_whenAReservedFieldIsBoundWithTheWrongType_namesIt() {
        assertThatThrownBy(() -> SchemaBuilder.forType(DatasetType.ITEMS)
                        .bind(Article.class)
                        .stringField("ITEM_ID", Article::id)
                        .stringField("CREATION_TIMESTAMP", a -> a.published().toString())
                        .build())
                .isInstanceOf(SchemaValidationException.class)
                .hasMessageContaining("CREATION_TIMESTAMP")
                .hasMessageContaining("long");
    }

    @Test
    void bind_afterUnboundFields_isAnError() {
        SchemaBuilder b = SchemaBuilder.forType(DatasetType.ITEMS).stringField("ITEM_ID");
        assertThatThrownBy(() -> b.bind(Article.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must come before the fields");
    }

    @Test
    void bind_keepsRecordNameAndNamespace() {
        BoundSchema<Article> bound = SchemaBuilder.forType(DatasetType.ITEMS)
                .recordName("ITEMS")
                .namespace("com.example")
                .bind(Article.class)
                .stringField("ITEM_ID", Article::id)
                .categoricalField("LABELS", Article::labels)
                .build();
        assertThat(bound.schema().recordName()).isEqualTo("ITEMS");
        assertThat(bound.schema().namespace()).isEqualTo("com.example");
    }
}
