package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.internal.csv.IdHashLog;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The value sink behind both writers, driven as the writers and the bound schemas' getters drive it: exact
 * encodings at every digit and buffer boundary, the ids and time it remembers, and the errors for values of the
 * wrong kind (which a bound schema's typed getters never produce, but a sink must still reject).
 */
@Timeout(30)
class RowEncoderTest {
    /** USER_ID, ITEM_ID, TIMESTAMP, COUNT (int), SCORE (float), FLAG (boolean), TAGS (categorical), NOTE, SEEN. */
    private static final DatasetSchema SCHEMA = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .intField("COUNT", f -> f.nullable())
            .floatField("SCORE", f -> f.nullable())
            .booleanField("FLAG", f -> f.nullable())
            .stringField("TAGS", f -> f.categorical().nullable())
            .build();

    private static final long MAX_TS = 1_800_000_000L;

    private static RowEncoder encoder(int bufferSize) {
        return new RowEncoder(SCHEMA, "enc.csv", MAX_TS, 0, 1, 2, bufferSize);
    }

    /** The text one column's value encodes to. */
    private static String cell(int column, Consumer<RowEncoder> value) {
        RowEncoder e = encoder(64);
        e.startRow(1);
        e.column(column);
        int start = e.n;
        value.accept(e);
        return new String(e.buf, start, e.n - start);
    }

    private static CsvValidationException failure(int column, Consumer<RowEncoder> value) {
        RowEncoder e = encoder(64);
        e.startRow(6);
        e.column(column);
        try {
            value.accept(e);
        } catch (CsvValidationException x) {
            return x;
        }
        throw new AssertionError("no error");
    }

    @Test
    void header_isTheFieldNamesUnquoted() {
        RowEncoder e = new RowEncoder(SCHEMA, "enc.csv", MAX_TS, 0, 1, 2, 16);
        e.header();
        assertThat(new String(e.buf, 0, e.n)).isEqualTo("USER_ID,ITEM_ID,TIMESTAMP,COUNT,SCORE,FLAG,TAGS\n");
        assertThat(e.buf.length).as("grown from 16 chars").isGreaterThanOrEqualTo(47);
    }

    @Test
    void onLong_writesEveryDigitCountExactly() {
        long[] values = {
            0,
            1,
            9,
            10,
            11,
            99,
            100,
            101,
            999,
            1000,
            9999,
            10000,
            99999,
            100000,
            999999,
            1000000,
            9999999,
            10000000,
            99999999,
            100000000,
            999999999,
            1000000000,
            1234567890,
            2147483646,
            2147483647,
            2147483648L,
            9999999999L,
            -1,
            -10,
            -2147483648L,
            Long.MAX_VALUE,
            Long.MIN_VALUE
        };
        for (long v : values) {
            assertThat(cell(4, e -> e.onLong(v))).as("%d", v).isEqualTo(Long.toString(v)); // SCORE takes longs
        }
        for (int v = 0; v < 1000; v++) {
            int x = v;
            assertThat(cell(4, e -> e.onLong(x))).isEqualTo(Integer.toString(x));
        }
    }

    @Test
    void onInt_acceptsTheThirtyTwoBitRangeAndRejectsBeyondIt() {
        assertThat(cell(3, e -> e.onInt(Integer.MAX_VALUE))).isEqualTo("2147483647");
        assertThat(cell(3, e -> e.onInt(Integer.MIN_VALUE))).isEqualTo("-2147483648");
        assertThat(failure(3, e -> e.onLong(2147483648L)))
                .hasMessage("enc.csv line 7 (record 6), field COUNT, value '2147483648': does not fit the field's Avro"
                        + " type int (32 bits) [type]");
        assertThat(failure(3, e -> e.onLong(-2147483649L))).hasMessageEndingWith("(32 bits) [type]");
    }

    @Test
    void onLong_forTheTimestamp_acceptsUpToTheLimitsAndRemembersTheTime() {
        RowEncoder e = encoder(64);
        e.startRow(1);
        assertThat(e.rowHasTime).isFalse();
        e.column(2);
        e.onLong(MAX_TS);
        assertThat(e.rowHasTime).isTrue();
        assertThat(e.rowTime).isEqualTo(MAX_TS);
        e.startRow(2);
        assertThat(e.rowHasTime).as("a new row forgets the time").isFalse();
        assertThat(failure(2, x -> x.onLong(MAX_TS + 1)))
                .hasMessage("enc.csv line 7 (record 6), field TIMESTAMP, value '1800000001': is 2027-01-15T08:00:01Z,"
                        + " in the future; the latest accepted is 2027-01-15T08:00:00Z (now plus the future tolerance)"
                        + " [timestamp-future]");
        RowEncoder wide = new RowEncoder(SCHEMA, "enc.csv", Long.MAX_VALUE, 0, 1, 2, 64);
        wide.startRow(1);
        wide.column(2);
        wide.onLong(100_000_000_000L);
        assertThat(wide.rowTime).isEqualTo(100_000_000_000L);
        wide.column(2);
        assertThatThrownBy(() -> wide.onLong(100_000_000_001L))
                .hasMessageEndingWith("Amazon Personalize expects epoch seconds [timestamp-millis]");
    }

    @Test
    void onString_forTheIds_remembersTheirHashesAndANewRowClearsThem() {
        RowEncoder e = encoder(64);
        e.startRow(1);
        e.column(0);
        e.onString("u1");
        e.column(1);
        e.onString("item-1");
        char[] u = "u1".toCharArray();
        char[] i = "item-1".toCharArray();
        assertThat(e.rowUserHash).isEqualTo(IdHashLog.hash(u, 0, u.length));
        assertThat(e.rowItemHash).isEqualTo(IdHashLog.hash(i, 0, i.length));
        assertThat(new String(e.buf, 0, e.n)).isEqualTo("u1,item-1");
        e.endRow();
        e.startRow(2);
        assertThat(e.rowUserHash).isZero();
        assertThat(e.rowItemHash).isZero();
        e.column(0);
        e.onString("u2");
        e.rollback();
        assertThat(new String(e.buf, 0, e.n)).as("the second row is dropped").isEqualTo("u1,item-1\n");
    }

    @Test
    void onString_forAnIdAtTheLimit_isKeptAndOneMoreIsRejected() {
        assertThat(cell(0, e -> e.onString("x".repeat(256)))).isEqualTo("x".repeat(256));
        assertThat(failure(1, e -> e.onString("y".repeat(257))))
                .hasMessageEndingWith(": is 257 characters; ids are limited to 256 [id-length]");
        assertThat(failure(0, e -> e.onString("")))
                .hasMessage("enc.csv line 7 (record 6), field USER_ID: is required (its Avro type does not include"
                        + " null) but the value is missing or empty [required]");
        assertThat(cell(0, e -> e.onString("a,b"))).isEqualTo("\"a,b\"");
    }

    @Test
    void onStrings_whenTheFastPathCannotTakeTheList_writesTheSameCellThroughTheCheckedPath() {
        assertThat(cell(6, e -> e.onStrings(List.of("a", "b", "c")))).isEqualTo("a|b|c");
        assertThat(cell(6, e -> e.onStrings(new ArrayList<>(List.of("a", "b")))))
                .isEqualTo("a|b");
        assertThat(cell(6, e -> e.onStrings(Arrays.asList("x", "y")))).isEqualTo("x|y");
        assertThat(cell(6, e -> e.onStrings(new LinkedList<>(List.of("a", "b")))))
                .isEqualTo("a|b");
        assertThat(cell(6, e -> e.onStrings(new TreeSet<>(Set.of("b", "a"))))).isEqualTo("a|b");
        assertThat(cell(6, e -> e.onStrings(List.of("a, x", "b")))).isEqualTo("\"a, x|b\"");
        assertThat(cell(6, e -> e.onStrings(List.of("say \"hi\"")))).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(cell(6, e -> e.onStrings(List.of("a\\b")))).isEqualTo("\"a\\\\b\"");
        assertThat(cell(6, e -> e.onStrings(List.of())))
                .as("an empty list is null")
                .isEmpty();
        assertThat(cell(6, e -> e.onStrings(List.of("g".repeat(500), "h".repeat(499)))))
                .hasSize(1000);
    }

    @Test
    void onStrings_whenAPartBreaksARule_namesThePartOrTheWholeCell() {
        assertThat(failure(6, e -> e.onStrings(List.of("a", "b|c"))))
                .hasMessage("enc.csv line 7 (record 6), field TAGS, value 'b|c': contains '|', the separator of"
                        + " categorical values; no single value may contain '|' [categorical-separator]");
        assertThat(failure(6, e -> e.onStrings(List.of("a", "b\nc"))))
                .hasMessageEndingWith("value 'b\\nc': contains a line break; Amazon Personalize needs each record on"
                        + " a single line [newline]");
        assertThat(failure(6, e -> e.onStrings(Arrays.asList("a", "", "c"))))
                .hasMessage("enc.csv line 7 (record 6), field TAGS, value 'a||c': holds an empty categorical value"
                        + " (value 2); every value between '|' separators must be non-empty [categorical-empty]");
        assertThat(failure(6, e -> e.onStrings(Arrays.asList("a", "b", null))))
                .hasMessageContaining("value 'a|b|': holds an empty categorical value (value 3)");
        assertThat(failure(6, e -> e.onStrings(List.of("g".repeat(500), "h".repeat(500)))))
                .hasMessage("enc.csv line 7 (record 6), field TAGS, value '" + "g".repeat(60) + "...(500 chars)':"
                        + " the categorical cell is 1001 characters including '|' separators; the limit is 1000"
                        + " [categorical-length]");
        // A value with a comma and another with '|': the separator is still found.
        assertThat(failure(6, e -> e.onStrings(List.of("a, b", "c|d"))))
                .hasMessageEndingWith("[categorical-separator]");
    }

    @Test
    void onString_forACategoricalCell_checksEachJoinedValue() {
        assertThat(cell(6, e -> e.onString("a|b"))).isEqualTo("a|b");
        assertThat(cell(6, e -> e.onString(""))).isEmpty();
        assertThat(cell(6, e -> e.onString("a, b|c"))).isEqualTo("\"a, b|c\"");
        assertThat(failure(6, e -> e.onString("a|b|"))).hasMessageContaining("(value 3)");
        assertThat(failure(6, e -> e.onString("|a"))).hasMessageContaining("(value 1)");
        assertThat(failure(6, e -> e.onString("x".repeat(1001))))
                .hasMessageEndingWith("the categorical cell is 1001 characters including '|' separators; the limit is"
                        + " 1000 [categorical-length]");
        assertThat(cell(6, e -> e.onString("x".repeat(1000)))).hasSize(1000);
    }

    @Test
    void values_whenTheBufferMustGrow_areWrittenWhole() {
        RowEncoder e = encoder(16);
        e.startRow(1);
        e.column(0);
        e.onString("u".repeat(200));
        e.column(1);
        e.onString("i,\"" + "j".repeat(100));
        e.column(6);
        e.onStrings(List.of("k".repeat(300), "l".repeat(300)));
        e.endRow();
        assertThat(new String(e.buf, 0, e.n))
                .isEqualTo("u".repeat(200) + ",\"i,\\\"" + "j".repeat(100) + "\"," + "k".repeat(300) + "|"
                        + "l".repeat(300) + "\n");
    }

    @Test
    void onFloatAndOnDouble_writeJavaDecimalsAndRejectNonFiniteValues() {
        assertThat(cell(4, e -> e.onFloat(1.5f))).isEqualTo("1.5");
        assertThat(cell(4, e -> e.onDouble(0.1))).isEqualTo("0.1");
        assertThat(cell(4, e -> e.onDouble(-1e20))).isEqualTo("-1.0E20");
        assertThat(failure(4, e -> e.onFloat(Float.NEGATIVE_INFINITY)))
                .hasMessage("enc.csv line 7 (record 6), field SCORE, value '-Infinity': is not a finite number"
                        + " [not-finite]");
        assertThat(failure(4, e -> e.onDouble(Double.NaN)))
                .hasMessageEndingWith("'NaN': is not a finite number [not-finite]");
    }

    @Test
    void onBoolean_writesLowerCase() {
        assertThat(cell(5, e -> e.onBoolean(true))).isEqualTo("true");
        assertThat(cell(5, e -> e.onBoolean(false))).isEqualTo("false");
    }

    @Test
    void onNull_isEmptyForANullableFieldAndAnErrorForARequiredOne() {
        assertThat(cell(3, RowEncoder::onNull)).isEmpty();
        assertThat(failure(2, RowEncoder::onNull))
                .hasMessageEndingWith("field TIMESTAMP: is required (its Avro type"
                        + " does not include null) but the value is missing or empty [required]");
    }

    @Test
    void values_ofTheWrongKind_areRejectedNamingTheFieldsAvroType() {
        String prefix = "enc.csv line 7 (record 6), field ";
        assertThat(failure(3, e -> e.onString("7")))
                .hasMessage(prefix + "COUNT, value '7': was given a string, but the field's Avro type is int [type]");
        assertThat(failure(0, e -> e.onStrings(List.of("a"))))
                .hasMessage(prefix + "USER_ID, value '[a]': was given a collection of categorical values, but the"
                        + " field's Avro type is string [type]");
        assertThat(failure(0, e -> e.onLong(5)))
                .hasMessage(prefix + "USER_ID, value '5': was given a whole number, but the field's Avro type is"
                        + " string [type]");
        assertThat(failure(5, e -> e.onInt(1)))
                .hasMessage(prefix + "FLAG, value '1': was given a whole number, but the field's Avro type is"
                        + " boolean [type]");
        assertThat(failure(3, e -> e.onFloat(1.5f)))
                .hasMessage(prefix + "COUNT, value '1.5': was given a float, but the field's Avro type is int [type]");
        assertThat(failure(2, e -> e.onDouble(2.5)))
                .hasMessage(prefix + "TIMESTAMP, value '2.5': was given a double, but the field's Avro type is long"
                        + " [type]");
        assertThat(failure(4, e -> e.onBoolean(true)))
                .hasMessage(prefix + "SCORE, value 'true': was given a boolean, but the field's Avro type is float"
                        + " [type]");
    }
}
