package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvImporterTest {
    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .stringField("EVENT_TYPE")
            .floatField("EVENT_VALUE", o -> o.nullable())
            .build();
    static final DatasetSchema ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("GENRES", o -> o.nullable().categorical())
            .longField("CREATION_TIMESTAMP")
            .stringField("DESCRIPTION", o -> o.nullable().textual())
            .intField("PRICE_CENTS", o -> o.nullable())
            .booleanField("IN_STOCK", o -> o.nullable())
            .build();

    private final CsvImporter importer = CsvImporter.create();

    static byte[] interactionsCsv(int rows, int offset) {
        StringBuilder sb = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\r\n");
        for (int i = 0; i < rows; i++) {
            int r = i + offset;
            sb.append("u")
                    .append(r % 50)
                    .append(",i")
                    .append(r % 97)
                    .append(',')
                    .append(1_700_000_000L + r)
                    .append(r % 3 == 0 ? ",click," : ",view,0.5")
                    .append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String failure(DatasetSchema schema, String... files) {
        ImportOutcome out = importer.importCsv(
                schema,
                java.util.Arrays.stream(files).map(CsvImporterTest::bytes).toList());
        assertThat(out.isOk()).as("expected a failure, got %s", out).isFalse();
        return out.failureReason().orElseThrow();
    }

    @Test
    void importCsv_interactions_buildsColumns() {
        ImportOutcome out = importer.importCsv(INTERACTIONS, List.of(interactionsCsv(1200, 0)));
        assertThat(out.isOk()).isTrue();
        DatasetData d = out.data();
        assertThat(d.size()).isEqualTo(1200);
        assertThat(d.userCount()).isEqualTo(50);
        assertThat(d.itemCount()).isEqualTo(97);
        assertThat(d.userId(d.userColumn()[51])).isEqualTo("u1");
        assertThat(d.itemId(d.itemColumn()[98])).isEqualTo("i1");
        assertThat(d.timestampColumn()[7]).isEqualTo(1_700_000_007L);
        assertThat(d.eventTypeAt(0)).isEqualTo("click");
        assertThat(d.eventValueAt(0)).isNull();
        assertThat(d.eventValueAt(1)).isEqualTo(0.5f);
        assertThat(d.itemsInteractedBy("u1", null)).contains("i1", "i51");
        java.util.Set<String> clicked = new java.util.HashSet<>();
        for (int r = 0; r < 1200; r += 50) {
            if (r % 3 == 0) {
                clicked.add("i" + (r % 97));
            }
        }
        assertThat(d.itemsInteractedBy("u0", java.util.Set.of("click"))).isEqualTo(clicked);
        assertThat(d.itemsInteractedBy("u0", java.util.Set.of("*"))).hasSize(24);
        assertThat(d.itemsInteractedBy("nobody", null)).isEmpty();
    }

    @Test
    void importCsv_multipleFiles_concatenates_andNullableColumnMayBeMissing() {
        byte[] withoutEventValue = bytes("USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nx,y,5,buy\n");
        ImportOutcome out = importer.importCsv(INTERACTIONS, List.of(interactionsCsv(1000, 0)));
        assertThat(out.isOk()).isTrue();
        String mismatch = failure(
                INTERACTIONS,
                new String(interactionsCsv(1000, 0), StandardCharsets.UTF_8),
                new String(withoutEventValue, StandardCharsets.UTF_8));
        assertThat(mismatch).startsWith("All CSV files in the data location must have the same header");

        ImportOutcome two =
                importer.importCsv(INTERACTIONS, List.of(interactionsCsv(600, 0), interactionsCsv(600, 600)));
        assertThat(two.data().size()).isEqualTo(1200);
    }

    @Test
    void importCsv_missingColumns_failsWithServiceWording() {
        assertThat(failure(INTERACTIONS, "USER_ID,ITEM_ID,EVENT_TYPE\nu,i,click\n"))
                .isEqualTo("Input CSV is missing the following columns:[TIMESTAMP].");
        assertThat(failure(INTERACTIONS, "USER_ID,EVENT_TYPE\nu,click\n"))
                .isEqualTo("Input CSV is missing the following columns:[ITEM_ID, TIMESTAMP].");
    }

    @Test
    void importCsv_fewerThan1000Interactions_fails() {
        String csv = new String(interactionsCsv(999, 0), StandardCharsets.UTF_8);
        assertThat(failure(INTERACTIONS, csv))
                .contains("999 records, fewer than the minimum of 1000")
                .contains("Import at least 1000");
    }

    @Test
    void importCsv_badValues_failWithLineAndColumn() {
        String header = "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n";
        assertThat(failure(INTERACTIONS, header + "u1,i1,1700000000,click,\nu2,i2,yesterday,click,\n"))
                .isEqualTo("Invalid value 'yesterday' at line 3 for column TIMESTAMP: expected a long (epoch"
                        + " seconds).");
        assertThat(failure(INTERACTIONS, header + "u1,,1700000000,click,\n"))
                .isEqualTo("Invalid value at line 2 for column ITEM_ID: the value is empty, but the column is not"
                        + " nullable.");
        assertThat(failure(INTERACTIONS, header + "u1,i1,1700000000,,\n"))
                .contains("column EVENT_TYPE: the value is empty, but the column is not nullable.");
        assertThat(failure(INTERACTIONS, header + "u1,i1,1700000000,click,lots\n"))
                .isEqualTo("Invalid value 'lots' at line 2 for column EVENT_VALUE: expected a number.");
        assertThat(failure(INTERACTIONS, header + "u1,i1,1700000000,click\n"))
                .isEqualTo(
                        "Failed to parse line 2 of the input CSV: it has 4 values, but the header has 5" + " columns.");
        assertThat(failure(INTERACTIONS, header + "u" + "x".repeat(300) + ",i1,1,click,\n"))
                .isEqualTo("Length cannot be more than 256 characters for USER_ID. Check line 2.");
        assertThat(failure(INTERACTIONS, header + "\"u1,i1,1,click,\n"))
                .isEqualTo("Failed to parse line 2 of the input CSV: a quoted value is not closed.");
        assertThat(failure(INTERACTIONS, "")).startsWith("Input CSV is empty");
        assertThat(failure(ITEMS, "ITEM_ID,GENRES,CREATION_TIMESTAMP,IN_STOCK\ni1,a,1,True\n"))
                .isEqualTo("Invalid value 'True' at line 2 for column IN_STOCK: expected a boolean (lower-case true"
                        + " or false).");
        assertThat(failure(ITEMS, "ITEM_ID,CREATION_TIMESTAMP,PRICE_CENTS\ni1,1,9999999999\n"))
                .isEqualTo("Invalid value '9999999999' at line 2 for column PRICE_CENTS: expected an int.");
        assertThat(failure(ITEMS, "ITEM_ID,CREATION_TIMESTAMP,GENRES\ni1,1," + "g".repeat(1001) + "\n"))
                .startsWith("Length cannot be more than 1000 characters for GENRES.");
    }

    @Test
    void importCsv_items_parsesQuotesEscapesAndNulls() {
        String csv = "\uFEFFITEM_ID,GENRES,CREATION_TIMESTAMP,DESCRIPTION,IN_STOCK\n"
                + "1,Adventure|Animation,1570003267,\"An animated movie: action, comedy, \\\"fantasy\\\" \\\\ more.\","
                + "true\n"
                + "2,,1570003268,,false\n"
                + "\n"
                + "\"3\",Drama,1570003269,\"He said \"\"hi\"\"\",\n";
        ImportOutcome out = importer.importCsv(ITEMS, List.of(bytes(csv)));
        assertThat(out.failureReason()).isEmpty();
        DatasetData d = out.data();
        assertThat(d.recordIds()).containsExactly("1", "2", "3");
        assertThat(d.record("1"))
                .containsEntry("GENRES", "Adventure|Animation")
                .containsEntry("DESCRIPTION", "An animated movie: action, comedy, \"fantasy\" \\ more.")
                .containsEntry("IN_STOCK", "true")
                .containsEntry("ITEM_ID", "1");
        assertThat(d.record("2")).doesNotContainKey("GENRES").containsEntry("CREATION_TIMESTAMP", "1570003268");
        assertThat(d.record("3")).containsEntry("DESCRIPTION", "He said \"hi\"");
    }

    @Test
    void merge_fullReplaces_incrementalUpsertsAndAppends() {
        DatasetData first = importer.importCsv(
                        ITEMS, List.of(bytes("ITEM_ID,GENRES,CREATION_TIMESTAMP\na,x,1\nb,y,2\n")))
                .data();
        DatasetData second = importer.importCsv(
                        ITEMS, List.of(bytes("ITEM_ID,GENRES,CREATION_TIMESTAMP\nb,z,3\nc,w,4\n")))
                .data();
        DatasetData full = DatasetData.merge(first, second, false);
        assertThat(full.recordIds()).containsExactly("b", "c");
        DatasetData incremental = DatasetData.merge(first, second, true);
        assertThat(incremental.recordIds()).containsExactly("a", "b", "c");
        assertThat(incremental.record("b")).containsEntry("GENRES", "z");
        assertThat(first.recordIds()).containsExactly("a", "b"); // inputs are not modified
        assertThat(DatasetData.merge(null, second, true).recordIds()).containsExactly("b", "c");

        DatasetData i1 = importer.importCsv(INTERACTIONS, List.of(interactionsCsv(1000, 0)))
                .data();
        DatasetData i2 = importer.importCsv(INTERACTIONS, List.of(interactionsCsv(1000, 5000)))
                .data();
        DatasetData appended = DatasetData.merge(i1, i2, true);
        assertThat(appended.size()).isEqualTo(2000);
        assertThat(appended.timestampColumn()[1999]).isEqualTo(1_700_000_000L + 5999);
        assertThat(appended.itemId(appended.itemColumn()[1999])).isEqualTo("i" + (5999 % 97));
        assertThat(DatasetData.merge(i1, i2, false).size()).isEqualTo(1000);
    }

    @Test
    void merge_incremental_remapsIdsAndFillsMissingEventColumns() {
        DatasetData bare = DatasetData.merge(
                null,
                importer.importCsv(
                                SchemaBuilder.forType(DatasetType.INTERACTIONS)
                                        .stringField("USER_ID")
                                        .stringField("ITEM_ID")
                                        .longField("TIMESTAMP")
                                        .build(),
                                List.of(bytes("USER_ID,ITEM_ID,TIMESTAMP\n" + "zz,i5,1\n".repeat(1000))))
                        .data(),
                true);
        DatasetData typed = importer.importCsv(INTERACTIONS, List.of(interactionsCsv(1000, 0)))
                .data();
        DatasetData merged = DatasetData.merge(bare, typed, true);
        assertThat(merged.size()).isEqualTo(2000);
        assertThat(merged.eventTypeAt(0)).isNull();
        assertThat(merged.eventTypeAt(1000)).isEqualTo("click");
        assertThat(merged.eventValueAt(1001)).isEqualTo(0.5f);
        assertThat(merged.itemId(merged.itemColumn()[1005])).isEqualTo("i5");
        assertThat(merged.itemIndex("i5")).isEqualTo(merged.itemColumn()[0]);
        assertThat(merged.userCount()).isEqualTo(51);
        assertThat(DatasetData.merge(typed, bare, true).eventTypeAt(1500)).isNull();
    }

    @Test
    void upsertItem_andAppendInteraction_updateInPlace() {
        DatasetData items = DatasetData.empty(ITEMS);
        items.upsertItem("n1", Map.of("genres", "a|b", "creationTimestamp", "5"));
        assertThat(items.record("n1"))
                .containsEntry("GENRES", "a|b")
                .containsEntry("CREATION_TIMESTAMP", "5")
                .containsEntry("ITEM_ID", "n1");
        items.upsertItem("n1", Map.of("GENRES", "c"));
        assertThat(items.record("n1")).containsEntry("GENRES", "c").doesNotContainKey("CREATION_TIMESTAMP");

        DatasetData events = importer.importCsv(INTERACTIONS, List.of(interactionsCsv(1000, 0)))
                .data();
        events.appendInteraction("new-user", "new-item", 1_800_000_000L, "purchase", 9.5f);
        assertThat(events.size()).isEqualTo(1001);
        assertThat(events.eventTypeAt(1000)).isEqualTo("purchase");
        assertThat(events.itemsInteractedBy("new-user", java.util.Set.of("purchase")))
                .containsExactly("new-item");
        assertThat(events.itemsInteractedBy("new-user", java.util.Set.of("click")))
                .isEmpty();
    }
}
