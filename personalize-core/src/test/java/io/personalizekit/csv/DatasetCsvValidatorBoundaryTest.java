package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The validator at each rule's limit: the last accepted value and the first rejected one, with the exact message;
 * and the profile it computes from the valid rows.
 */
@Timeout(30)
class DatasetCsvValidatorBoundaryTest {
    /** {@link Fixtures#NOW} in epoch seconds. */
    private static final long NOW = 1_795_824_000L;

    private static final String RICH_HEADER =
            "ITEM_ID,GENRES,TITLE,DESCRIPTION,YEAR,PRICE,SCORE,IN_STOCK,CREATION_TIMESTAMP\n";

    private static ValidationReport validate(DatasetSchema schema, String csv) {
        return DatasetCsvValidator.builder()
                .schema(schema)
                .clock(Fixtures.CLOCK)
                .build()
                .validate(new StringReader(csv), "b.csv");
    }

    private static List<String> messages(ValidationReport r) {
        return r.errors().stream().map(CsvValidationException::getMessage).collect(Collectors.toList());
    }

    /** One rich-items row with the given cell replaced; 0 ITEM_ID ... 8 CREATION_TIMESTAMP. */
    private static String rich(int column, String value) {
        String[] cells = {"i1", "a", "t", "d", "1", "1", "1", "true", "1700000000"};
        cells[column] = value;
        return String.join(",", cells) + "\n";
    }

    private static List<String> richErrors(int column, String value) {
        return messages(validate(Fixtures.richItems(), RICH_HEADER + rich(column, value)));
    }

    @Test
    void idLength_whenAtTheLimit_isAcceptedAndOneMoreIsRejected() {
        assertThat(richErrors(0, "x".repeat(256))).isEmpty();
        assertThat(richErrors(0, "x".repeat(257)))
                .containsExactly("b.csv line 2 (record 1), field ITEM_ID, value '" + "x".repeat(60)
                        + "...(257 chars)': is 257 characters; ids are limited to 256 [id-length]");
    }

    @Test
    void stringAndCategoricalLength_whenAtTheLimit_areAcceptedAndOneMoreIsRejected() {
        assertThat(richErrors(2, "s".repeat(1000))).isEmpty();
        assertThat(richErrors(1, "g".repeat(500) + "|" + "h".repeat(499))).isEmpty();
        assertThat(richErrors(2, "s".repeat(1001)))
                .singleElement()
                .asString()
                .endsWith(": is 1001 characters; string values are limited to 1000 [string-length]");
        assertThat(richErrors(1, "g".repeat(500) + "|" + "h".repeat(500)))
                .singleElement()
                .asString()
                .endsWith(": is 1001 characters; categorical cells (including '|' separators) are limited to 1000"
                        + " [categorical-length]");
        assertThat(richErrors(3, "d".repeat(5000)))
                .as("textual fields have no length limit")
                .isEmpty();
    }

    @Test
    void categoricalEmpty_namesThePositionOfTheEmptyValue() {
        String tail = " of the '|'-separated list); remove the stray '|' [categorical-empty]";
        assertThat(richErrors(1, "|a")).singleElement().asString().endsWith("(value 1" + tail);
        assertThat(richErrors(1, "a|")).singleElement().asString().endsWith("(value 2" + tail);
        assertThat(richErrors(1, "a|b||c")).singleElement().asString().endsWith("(value 3" + tail);
        assertThat(richErrors(1, "a|b|c")).isEmpty();
        assertThat(richErrors(1, "a")).isEmpty();
    }

    @Test
    void newline_isAnErrorOnlyInsideAQuotedValueWhereverItSits() {
        assertThat(richErrors(2, "\"ab\r\""))
                .singleElement()
                .asString()
                .isEqualTo("b.csv line 2 (record 1), field TITLE, value 'ab\\r': contains a line break; Amazon"
                        + " Personalize needs each record on a single line [newline]");
        assertThat(richErrors(0, "\"\nid\"")).singleElement().asString().endsWith("[newline]");
        assertThat(richErrors(1, "\"a|b\nc\"")).singleElement().asString().endsWith("[newline]");
        assertThat(richErrors(3, "\"two\r\nlines\"")).singleElement().asString().endsWith("[newline]");
        assertThat(richErrors(2, "\"quoted, fine\"")).isEmpty();
        // One error per value, not one per line break.
        assertThat(richErrors(2, "\"a\nb\nc\"")).hasSize(1);
    }

    @Test
    void int_whenAtTheThirtyTwoBitLimits_isAcceptedAndOneBeyondIsRejected() {
        assertThat(richErrors(4, "2147483647")).isEmpty();
        assertThat(richErrors(4, "-2147483648")).isEmpty();
        assertThat(richErrors(4, "+7")).isEmpty();
        assertThat(richErrors(4, "2147483648"))
                .containsExactly("b.csv line 2 (record 1), field YEAR, value '2147483648': does not fit the field's"
                        + " Avro type int (32 bits) [type]");
        assertThat(richErrors(4, "-2147483649")).singleElement().asString().endsWith("(32 bits) [type]");
        assertThat(richErrors(4, "-9223372036854775808"))
                .singleElement()
                .asString()
                .endsWith("(32 bits) [type]");
        assertThat(richErrors(4, "1.0"))
                .containsExactly("b.csv line 2 (record 1), field YEAR, value '1.0': is not an integer; the field's"
                        + " Avro type is int [type]");
    }

    @Test
    void long_whenTheExtremeValues_isAcceptedAndGarbageIsNamed() {
        DatasetSchema users = SchemaBuilder.forType(DatasetType.USERS)
                .stringField("USER_ID")
                .longField("POINTS", f -> f.nullable())
                .build();
        String header = "USER_ID,POINTS\n";
        assertThat(messages(validate(users, header + "u1,-9223372036854775808\nu2,9223372036854775807\nu3,\n")))
                .isEmpty();
        assertThat(messages(validate(users, header + "u1,9223372036854775808\nu2,-\nu3,12x\n")))
                .containsExactly(
                        "b.csv line 2 (record 1), field POINTS, value '9223372036854775808': is not an integer; the"
                                + " field's Avro type is long [type]",
                        "b.csv line 3 (record 2), field POINTS, value '-': is not an integer; the field's Avro type"
                                + " is long [type]",
                        "b.csv line 4 (record 3), field POINTS, value '12x': is not an integer; the field's Avro"
                                + " type is long [type]");
    }

    @Test
    void timestamp_whenAtTheMillisecondsThreshold_isSecondsAndOneAboveIsMilliseconds() {
        ValidationReport r = DatasetCsvValidator.builder()
                .schema(Fixtures.richItems())
                .clock(Fixtures.CLOCK)
                .futureTolerance(Duration.ofSeconds(Long.MAX_VALUE)) // now + tolerance saturates: no future limit
                .build()
                .validate(
                        new StringReader(RICH_HEADER
                                + rich(8, "100000000000")
                                + rich(8, "100000000001").replace("i1", "i2")),
                        "b.csv");
        assertThat(messages(r))
                .containsExactly("b.csv line 3 (record 2), field CREATION_TIMESTAMP, value '100000000001': looks like"
                        + " epoch milliseconds (above 10^11); Amazon Personalize expects epoch seconds"
                        + " [timestamp-millis]");
        assertThat(r.profile().latest()).contains(Instant.ofEpochSecond(100_000_000_000L));
    }

    @Test
    void timestamp_whenAtNowPlusTheTolerance_isAcceptedAndOneSecondLaterIsInTheFuture() {
        ValidationReport r = validate(
                Fixtures.richItems(),
                RICH_HEADER
                        + rich(8, Long.toString(NOW + 86_400))
                        + rich(8, Long.toString(NOW + 86_401)).replace("i1", "i2"));
        assertThat(messages(r))
                .containsExactly("b.csv line 3 (record 2), field CREATION_TIMESTAMP, value '1795910401': is"
                        + " 2026-11-29T00:00:01Z, in the future; the latest accepted is 2026-11-29T00:00:00Z (now plus"
                        + " the future tolerance) [timestamp-future]");
        ValidationReport zero = DatasetCsvValidator.builder()
                .schema(Fixtures.richItems())
                .clock(Fixtures.CLOCK)
                .futureTolerance(Duration.ZERO)
                .build()
                .validate(
                        new StringReader(RICH_HEADER
                                + rich(8, Long.toString(NOW))
                                + rich(8, "1795824001").replace("i1", "i2")),
                        "b.csv");
        assertThat(zero.errors()).extracting(CsvValidationException::record).containsExactly(2L);
        assertThat(zero.profile().latest()).contains(Fixtures.NOW);
        assertThatThrownBy(() -> DatasetCsvValidator.builder().futureTolerance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("futureTolerance must not be negative, was PT-1S");
    }

    @Test
    void floating_acceptsDecimalAndExponentFormsAndNamesEveryOtherForm() {
        for (String ok : List.of("0", "9", "0.5", "9.75", "-1.5", "+2.5", "1e5", "2E-3", ".5", "1.")) {
            assertThat(richErrors(5, ok)).as(ok).isEmpty();
            assertThat(richErrors(6, ok)).as(ok).isEmpty();
        }
        String prefix = "b.csv line 2 (record 1), field PRICE, value '";
        assertThat(richErrors(5, "1/2")).containsExactly(prefix + "1/2': is not a decimal number [type]");
        assertThat(richErrors(5, "1:2")).containsExactly(prefix + "1:2': is not a decimal number [type]");
        assertThat(richErrors(5, "1.2.3")).containsExactly(prefix + "1.2.3': is not a decimal number [type]");
        assertThat(richErrors(5, "e")).containsExactly(prefix + "e': is not a decimal number [type]");
        assertThat(richErrors(5, "0x1p3")).containsExactly(prefix + "0x1p3': is not a decimal number [type]");
        assertThat(richErrors(5, "NaN")).containsExactly(prefix + "NaN': is not a finite number [not-finite]");
        assertThat(richErrors(5, "-Infinity"))
                .containsExactly(prefix + "-Infinity': is not a finite number [not-finite]");
        assertThat(richErrors(5, "1e400"))
                .containsExactly(prefix + "1e400': is not a finite number (overflow) [not-finite]");
        assertThat(richErrors(6, "-1e400")).singleElement().asString().endsWith("(overflow) [not-finite]");
    }

    @Test
    void boolean_acceptsOnlyLowerCaseTrueAndFalse() {
        assertThat(richErrors(7, "false")).isEmpty();
        assertThat(richErrors(7, "true")).isEmpty();
        assertThat(richErrors(7, "1"))
                .containsExactly("b.csv line 2 (record 1), field IN_STOCK, value '1': booleans must be lower-case"
                        + " true or false [boolean]");
    }

    @Test
    void required_whenNullableCellsAreEmpty_acceptsThemAndNamesEachEmptyRequiredCell() {
        ValidationReport r = validate(Fixtures.richItems(), RICH_HEADER + "i1,,,,,,,,1700000000\n,,,,,,,,\n");
        assertThat(messages(r))
                .containsExactly(
                        "b.csv line 3 (record 2), field ITEM_ID: is required (its Avro type does not include null)"
                                + " but the cell is empty [required]",
                        "b.csv line 3 (record 2), field CREATION_TIMESTAMP: is required (its Avro type does not"
                                + " include null) but the cell is empty [required]");
        assertThat(r.profile().rows()).isEqualTo(1);
        assertThat(r.errorCount()).isEqualTo(2);
    }

    @Test
    void duplicateIds_ofUsersAndActions_nameTheFieldAndTheFirstRecord() {
        DatasetSchema users = SchemaBuilder.forType(DatasetType.USERS)
                .stringField("USER_ID")
                .stringField("TIER", f -> f.categorical().nullable())
                .build();
        ValidationReport u = validate(users, "USER_ID,TIER\nu1,a\nu2,b\nu3,c\nu2,d\nu2,e\n");
        assertThat(messages(u))
                .containsExactly(
                        "b.csv line 5 (record 4), field USER_ID, value 'u2': USER_ID must be unique in a Users"
                                + " dataset, but this value already appears in record 2 [duplicate-id]",
                        "b.csv line 6 (record 5), field USER_ID, value 'u2': USER_ID must be unique in a Users"
                                + " dataset, but this value already appears in record 2 [duplicate-id]");
        assertThat(u.profile().rows()).isEqualTo(3);
        assertThat(u.profile().uniqueUsers()).isEqualTo(3);
        assertThat(u.profile().uniqueItems()).isZero();
        assertThat(u.profile().checks()).isEmpty();

        DatasetSchema actions = SchemaBuilder.forType(DatasetType.ACTIONS)
                .stringField("ACTION_ID")
                .longField("CREATION_TIMESTAMP", f -> f.nullable())
                .longField("EXPIRATION_TIMESTAMP", f -> f.nullable())
                .stringField("KIND", f -> f.categorical().nullable())
                .build();
        ValidationReport a = validate(
                actions,
                "ACTION_ID,CREATION_TIMESTAMP,EXPIRATION_TIMESTAMP,KIND\n"
                        + "a1,1600000000,1790000000,x\n"
                        + "a2,1600000100,1500000000,y\n"
                        + "a1,1500000000,1700000000,z\n"
                        + "a3,,,w\n");
        assertThat(messages(a))
                .containsExactly("b.csv line 4 (record 3), field ACTION_ID, value 'a1': ACTION_ID must be unique in a"
                        + " Actions dataset, but this value already appears in record 1 [duplicate-id]");
        DatasetProfile p = a.profile();
        assertThat(p.rows()).isEqualTo(3);
        assertThat(p.uniqueItems()).isEqualTo(3);
        assertThat(p.uniqueUsers()).isZero();
        assertThat(p.earliest())
                .as("CREATION_TIMESTAMP only, of valid rows")
                .contains(Instant.ofEpochSecond(1_600_000_000L));
        assertThat(p.latest()).contains(Instant.ofEpochSecond(1_600_000_100L));
    }

    @Test
    void duplicateId_whenTheFirstRowHadAnError_isNotADuplicate() {
        ValidationReport r = validate(
                Fixtures.articleItems(),
                "ITEM_ID,LABELS,CREATION_TIMESTAMP\ni1,|a,1600000000\ni1,a,1600000000\ni1,b,1600000000\n");
        assertThat(r.errors())
                .extracting(CsvValidationException::rule)
                .containsExactly("categorical-empty", "duplicate-id");
        assertThat(r.errors().get(1).getMessage()).contains("already appears in record 2");
        assertThat(r.profile().rows()).isEqualTo(1);
    }

    @Test
    void interactions_whenMoreRowsThanOneStagingBlock_countsUsersItemsRepeatersAndTimeRangeExactly() {
        StringBuilder csv = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        int rows = 10_000;
        for (int i = 0; i < rows; i++) {
            // 3000 users: user k appears for i = k, k + 3000, k + 6000 and (k < 1000) k + 9000
            csv.append("u")
                    .append(i % 3000)
                    .append(",it")
                    .append(i % 700)
                    .append(',')
                    .append(1_600_000_000L + (i * 7919L) % 10_000)
                    .append('\n');
        }
        csv.append("u1,it1,\n"); // a row with an error is not counted
        ValidationReport r = validate(Fixtures.articleInteractions(), csv.toString());
        assertThat(r.errorCount()).isEqualTo(1);
        assertThat(r.records()).isEqualTo(rows + 1);
        DatasetProfile p = r.profile();
        assertThat(p.rows()).isEqualTo(rows);
        assertThat(p.uniqueUsers()).isEqualTo(3000);
        assertThat(p.uniqueItems()).isEqualTo(700);
        assertThat(p.usersWithAtLeastTwoInteractions()).isEqualTo(3000);
        assertThat(p.earliest()).contains(Instant.ofEpochSecond(1_600_000_000L));
        assertThat(p.latest()).contains(Instant.ofEpochSecond(1_600_009_999L));
        assertThat(p.meetsMinimums()).isTrue();
    }

    @Test
    void interactions_whenUsersHaveOneTwoOrThreeRows_countsThoseWithAtLeastTwoOnce() {
        ValidationReport r = validate(
                Fixtures.articleInteractions(),
                "USER_ID,ITEM_ID,TIMESTAMP\n"
                        + "a,i1,1600000005\nb,i1,1600000003\nb,i2,1600000009\nc,i1,1600000001\nc,i2,1600000002\n"
                        + "c,i3,1600000004\nc,i3,1600000004\n");
        DatasetProfile p = r.profile();
        assertThat(r.valid()).isTrue();
        assertThat(p.rows()).isEqualTo(7);
        assertThat(p.uniqueUsers()).isEqualTo(3);
        assertThat(p.uniqueItems()).isEqualTo(3);
        assertThat(p.usersWithAtLeastTwoInteractions()).isEqualTo(2);
        assertThat(p.earliest()).contains(Instant.ofEpochSecond(1_600_000_001L));
        assertThat(p.latest()).contains(Instant.ofEpochSecond(1_600_000_009L));
    }

    @Test
    void actionInteractions_countsUsersAndActions() {
        DatasetSchema schema = SchemaBuilder.forType(DatasetType.ACTION_INTERACTIONS)
                .stringField("USER_ID")
                .stringField("ACTION_ID")
                .stringField("EVENT_TYPE")
                .longField("TIMESTAMP")
                .build();
        ValidationReport r = validate(
                schema,
                "USER_ID,ACTION_ID,EVENT_TYPE,TIMESTAMP\nu1,a1,TAKEN,1600000002\nu1,a2,TAKEN,1600000001\n"
                        + "u2,a1,VIEWED,1600000003\n");
        DatasetProfile p = r.profile();
        assertThat(r.valid()).as(r.toString()).isTrue();
        assertThat(p.datasetType()).isEqualTo(DatasetType.ACTION_INTERACTIONS);
        assertThat(p.uniqueUsers()).isEqualTo(2);
        assertThat(p.uniqueItems()).isEqualTo(2);
        assertThat(p.usersWithAtLeastTwoInteractions()).isEqualTo(1);
        assertThat(p.earliest()).contains(Instant.ofEpochSecond(1_600_000_001L));
        assertThat(p.latest()).contains(Instant.ofEpochSecond(1_600_000_003L));
        assertThat(p.checks()).isEmpty();
    }

    @Test
    void header_whenAColumnRepeats_reportsItOnceAndIgnoresTheRepeat() {
        ValidationReport r =
                validate(Fixtures.articleItems(), "ITEM_ID,LABELS,LABELS,CREATION_TIMESTAMP\ni1,a,|||,1600000000\n");
        assertThat(messages(r))
                .containsExactly("b.csv line 1 (header), field LABELS, value 'LABELS': the column appears more than"
                        + " once in the header [header]");
        assertThat(r.profile().rows()).isEqualTo(1);
    }

    @Test
    void header_whenAnUnknownColumnSitsBetweenOrderedOnes_reportsOnlyTheUnknownColumnAndSkipsItsValues() {
        ValidationReport r = validate(
                Fixtures.articleItems(), "ITEM_ID,COLOR,LABELS,CREATION_TIMESTAMP\ni1,not checked,a,1600000000\n");
        assertThat(r.errors()).extracting(CsvValidationException::rule).containsExactly("header");
        assertThat(r.errors().get(0).value()).contains("COLOR");
        assertThat(r.profile().rows()).isEqualTo(1);
    }

    @Test
    void header_whenTwoColumnsSwap_reportsTheOrderWithTheWholeHeader() {
        ValidationReport r = validate(Fixtures.articleItems(), "ITEM_ID,CREATION_TIMESTAMP,LABELS\ni1,1600000000,a\n");
        assertThat(messages(r))
                .containsExactly("b.csv line 1 (header), value 'ITEM_ID,CREATION_TIMESTAMP,LABELS': the columns are not"
                        + " in the schema's field order ITEM_ID,LABELS,CREATION_TIMESTAMP [header]");
        assertThat(r.profile().earliest()).contains(Instant.ofEpochSecond(1_600_000_000L));
    }

    @Test
    void header_whenEveryCellIsQuoted_reportsEachQuotedName() {
        ValidationReport r =
                validate(Fixtures.articleItems(), "\"ITEM_ID\",LABELS,\"CREATION_TIMESTAMP\"\ni1,a,1600000000\n");
        assertThat(messages(r))
                .containsExactly(
                        "b.csv line 1 (header), field ITEM_ID, value 'ITEM_ID': header names must not be quoted"
                                + " [header-quoted]",
                        "b.csv line 1 (header), field CREATION_TIMESTAMP, value 'CREATION_TIMESTAMP': header names"
                                + " must not be quoted [header-quoted]");
    }

    @Test
    void columnCount_whenARecordHasOneValueTooMany_isReportedAndNotCounted() {
        ValidationReport r = validate(
                Fixtures.articleItems(), "ITEM_ID,LABELS,CREATION_TIMESTAMP\ni1,a,1600000000,x\ni2,a,1600000000\n");
        assertThat(messages(r))
                .containsExactly("b.csv line 2 (record 1): the record has 4 values but the header has 3 columns"
                        + " [column-count]");
        assertThat(r.profile().rows()).isEqualTo(1);
        assertThat(r.records()).isEqualTo(2);
    }

    @Test
    void parseLong_atEveryLengthAndSignBoundary() {
        assertThat(DatasetCsvValidator.parseLong("0")).isZero();
        assertThat(DatasetCsvValidator.parseLong("+0")).isZero();
        assertThat(DatasetCsvValidator.parseLong("-0")).isZero();
        assertThat(DatasetCsvValidator.parseLong("+42")).isEqualTo(42);
        assertThat(DatasetCsvValidator.parseLong("09")).isEqualTo(9);
        assertThat(DatasetCsvValidator.parseLong("")).isEqualTo(Long.MIN_VALUE);
        assertThat(DatasetCsvValidator.parseLong("+")).isEqualTo(Long.MIN_VALUE);
        assertThat(DatasetCsvValidator.parseLong("1/")).isEqualTo(Long.MIN_VALUE);
        assertThat(DatasetCsvValidator.parseLong("1:")).isEqualTo(Long.MIN_VALUE);
        assertThat(DatasetCsvValidator.parseLong("-9223372036854775807")).isEqualTo(-Long.MAX_VALUE);
        assertThat(DatasetCsvValidator.parseLong("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(DatasetCsvValidator.parseLong("1000000000000000000")).isEqualTo(1_000_000_000_000_000_000L);
        assertThat(DatasetCsvValidator.parseLong("-1000000000000000000")).isEqualTo(-1_000_000_000_000_000_000L);
        // 20 digits: only the slow path can tell a long with leading zeros from an overflow
        assertThat(DatasetCsvValidator.parseLong("00000000000000000042")).isEqualTo(42);
        assertThat(DatasetCsvValidator.parseLong("+00000000000000000042")).isEqualTo(42);
        assertThat(DatasetCsvValidator.parseLong("10000000000000000000")).isEqualTo(Long.MIN_VALUE);
        assertThat(DatasetCsvValidator.parseLong("99999999999999999999")).isEqualTo(Long.MIN_VALUE);
        assertThat(DatasetCsvValidator.parseLong("-00000000000000000007")).isEqualTo(-7);
    }
}
