package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypedCsvWriterTest {
    private static final Instant T = Instant.ofEpochSecond(1_700_000_000L);

    @Test
    void interactionCsvWriter_whenEventFields_writesThemInSchemaOrder() {
        DatasetSchema schema = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .stringField("ITEM_ID")
                .stringField("USER_ID")
                .stringField("EVENT_TYPE")
                .floatField("EVENT_VALUE", f -> f.nullable())
                .longField("TIMESTAMP")
                .stringField("DEVICE", f -> f.categorical().nullable())
                .build();
        StringWriter sink = new StringWriter();
        try (InteractionCsvWriter w = InteractionCsvWriter.builder()
                .schema(schema)
                .writer(sink)
                .clock(Fixtures.CLOCK)
                .build()) {
            w.writeAll(List.of(
                    Interaction.builder()
                            .userId("u1")
                            .itemId("i1")
                            .timestamp(T)
                            .eventType("click")
                            .eventValue(0.5)
                            .putMetadata("DEVICE", List.of("ios", "tablet"))
                            .build(),
                    Interaction.builder()
                            .userId("u2")
                            .itemId("i1")
                            .timestamp(T)
                            .eventType("view")
                            .build()));
            assertThat(w.rowsWritten()).isEqualTo(2);
            w.commit();
        }
        assertThat(sink.toString())
                .isEqualTo("ITEM_ID,USER_ID,EVENT_TYPE,EVENT_VALUE,TIMESTAMP,DEVICE\n"
                        + "i1,u1,click,0.5,1700000000,ios|tablet\n"
                        + "i1,u2,view,,1700000000,\n");
    }

    @Test
    void userCsvWriter_whenMetadataNamesUnknownField_rejectsNamingIt() {
        DatasetSchema schema = SchemaBuilder.forType(DatasetType.USERS)
                .stringField("USER_ID")
                .stringField("MEMBERSHIP", f -> f.categorical())
                .intField("AGE", f -> f.nullable())
                .build();
        StringWriter sink = new StringWriter();
        UserCsvWriter w = UserCsvWriter.builder()
                .schema(schema)
                .writer(sink)
                .sourceName("users.csv")
                .build();
        w.write(User.builder()
                .userId("35")
                .metadata(Map.of("MEMBERSHIP", "gold", "AGE", 41))
                .build());
        assertThatThrownBy(() -> w.write(User.builder()
                        .userId("36")
                        .putMetadata("MEMBERSHIP", "silver")
                        .putMetadata("GENDER", "x")
                        .build()))
                .isInstanceOf(CsvValidationException.class)
                .hasMessageStartingWith("users.csv row 2, field GENDER, value 'x'")
                .hasMessageContaining("schema fields: USER_ID,MEMBERSHIP,AGE");
        assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class);
        w.close();
        assertThat(sink.toString()).as("a failed writer publishes nothing").isEmpty();
    }

    @Test
    void userCsvWriter_whenDuplicateUserId_rejects(@TempDir Path dir) {
        DatasetSchema schema = SchemaBuilder.forType(DatasetType.USERS)
                .stringField("USER_ID")
                .stringField("MEMBERSHIP", f -> f.categorical())
                .build();
        Path out = dir.resolve("users.csv");
        UserCsvWriter w = UserCsvWriter.builder().schema(schema).path(out).build();
        w.write(User.builder().userId("35").putMetadata("MEMBERSHIP", "gold").build());
        w.write(User.builder().userId("35").putMetadata("MEMBERSHIP", "gold").build());
        assertThatThrownBy(w::commit)
                .hasMessageContaining("row 2, field USER_ID, value '35'")
                .hasMessageContaining("already appears in row 1");
        assertThat(out).doesNotExist();
    }

    @Test
    void itemCsvWriter_whenSchemaOfOtherType_throwsIllegalArgument() {
        assertThatThrownBy(() -> ItemCsvWriter.builder().schema(Fixtures.articleInteractions()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ITEMS")
                .hasMessageContaining("INTERACTIONS");
    }

    @Test
    void records_haveValueSemanticsAndToBuilder() {
        Item a = Item.builder()
                .itemId("1")
                .creationTime(T)
                .putMetadata("LABELS", List.of("A"))
                .build();
        Item b = a.toBuilder().build();
        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(b.toString()).contains("itemId=1").contains("LABELS=[A]");
        assertThat(a.toBuilder().putMetadata("LABELS", null).build().metadata()).isEmpty();
        assertThat(a.creationTime()).contains(T);
        assertThat(Item.builder().build().itemId())
                .as("checked when written, rule required")
                .isNull();
        Interaction i =
                Interaction.builder().userId("u").itemId("i").timestamp(T).build();
        assertThat(i.eventType()).isEmpty();
        assertThat(i.toBuilder().eventValue(1.0).build()).isNotEqualTo(i);
    }
}
