package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.CsvValidationException;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatasetCsvValidatorTest {
    private static final String HEADER =
            "ITEM_ID,GENRES,TITLE,DESCRIPTION,YEAR,PRICE,SCORE,IN_STOCK,CREATION_TIMESTAMP\n";
    private static final String GOOD = "i1,a|b,t,\"d, \\\"q\\\"\",2020,1.5,2.5,true,1700000000\n";

    private static ValidationReport validate(String csv) {
        return DatasetCsvValidator.builder()
                .schema(Fixtures.richItems())
                .clock(Fixtures.CLOCK)
                .build()
                .validate(new StringReader(csv), "rich.csv");
    }

    @Test
    void validate_whenWellFormed_isValid() {
        ValidationReport r = validate(HEADER + GOOD + "i2,,,,,,,,1700000001\n");
        assertThat(r.errors()).isEmpty();
        assertThat(r.valid()).isTrue();
        assertThat(r.records()).isEqualTo(2);
        assertThat(r.profile().rows()).isEqualTo(2);
        assertThat(r.profile().uniqueItems()).isEqualTo(2);
    }

    static Stream<Arguments> badRows() {
        return Stream.of(
                Arguments.of(",a,t,d,1,1,1,true,1700000000", "ITEM_ID", "required"),
                Arguments.of("i2,a,t,d,1,1,1,true,", "CREATION_TIMESTAMP", "required"),
                Arguments.of("x".repeat(257) + ",a,t,d,1,1,1,true,1700000000", "ITEM_ID", "id-length"),
                Arguments.of("i2," + "g".repeat(1001) + ",t,d,1,1,1,true,1700000000", "GENRES", "categorical-length"),
                Arguments.of("i2,a||b,t,d,1,1,1,true,1700000000", "GENRES", "categorical-empty"),
                Arguments.of("i2,a,\"" + "s".repeat(1001) + "\",d,1,1,1,true,1700000000", "TITLE", "string-length"),
                Arguments.of("i2,a,t,\"two\nlines\",1,1,1,true,1700000000", "DESCRIPTION", "newline"),
                Arguments.of("i2,a,t,d,1.5,1,1,true,1700000000", "YEAR", "type"),
                Arguments.of("i2,a,t,d,3000000000,1,1,true,1700000000", "YEAR", "type"),
                Arguments.of("i2,a,t,d,1,abc,1,true,1700000000", "PRICE", "type"),
                Arguments.of("i2,a,t,d,1,NaN,1,true,1700000000", "PRICE", "not-finite"),
                Arguments.of("i2,a,t,d,1,1,Infinity,true,1700000000", "SCORE", "not-finite"),
                Arguments.of("i2,a,t,d,1,1,1,True,1700000000", "IN_STOCK", "boolean"),
                Arguments.of("i2,a,t,d,1,1,1,true,1700000000000", "CREATION_TIMESTAMP", "timestamp-millis"),
                Arguments.of("i2,a,t,d,1,1,1,true,1900000000", "CREATION_TIMESTAMP", "timestamp-future"),
                Arguments.of("i2,a,t,d,1,1,1,true,17e8", "CREATION_TIMESTAMP", "type"),
                Arguments.of("i1,a,t,d,1,1,1,true,1700000000", "ITEM_ID", "duplicate-id"));
    }

    @ParameterizedTest(name = "{3}: {2}")
    @MethodSource("badRows")
    void validate_whenRuleBroken_reportsLineRecordFieldAndRule(String line, String field, String rule) {
        ValidationReport r = validate(HEADER + GOOD + line + "\n" + "i9,a,t,d,1,1,1,true,1700000000\n");
        assertThat(r.valid()).isFalse();
        assertThat(r.errorCount()).as(r.toString()).isEqualTo(1);
        CsvValidationException e = r.errors().get(0);
        assertThat(e.rule()).isEqualTo(rule);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.record()).isEqualTo(2);
        assertThat(e.field()).contains(field);
        assertThat(e.getMessage()).startsWith("rich.csv line 3 (record 2), field " + field);
        assertThat(r.profile().rows()).isEqualTo(2);
    }

    @Test
    void validate_whenHeaderAddsAColumnAndLeavesNullableOnesOut_reportsOnlyTheUnknownOne() {
        ValidationReport r = validate("ITEM_ID,COLOR,CREATION_TIMESTAMP\ni1,red,1700000000\n");
        assertThat(r.errors())
                .extracting(CsvValidationException::getMessage)
                .containsExactly("rich.csv line 1 (header), value 'COLOR': the header names a column that is not in"
                        + " the schema; schema fields: ITEM_ID,GENRES,TITLE,DESCRIPTION,YEAR,PRICE,SCORE,"
                        + "IN_STOCK,CREATION_TIMESTAMP [header]");
        assertThat(r.profile().rows()).isEqualTo(1);
    }

    @Test
    void validate_whenARequiredColumnIsMissing_reportsItAsTheServiceDoes() {
        ValidationReport r = validate("ITEM_ID,GENRES\ni1,a\n");
        assertThat(r.errors())
                .extracting(CsvValidationException::getMessage)
                .containsExactly("rich.csv line 1 (header): Input CSV is missing the following columns:"
                        + "[CREATION_TIMESTAMP] (the schema's fields are ITEM_ID,GENRES,TITLE,DESCRIPTION,YEAR,PRICE,"
                        + "SCORE,IN_STOCK,CREATION_TIMESTAMP; only nullable ones may be left out) [header]");
    }

    @Test
    void validate_whenHeaderOutOfOrderOrQuoted_reportsIt() {
        ValidationReport r = DatasetCsvValidator.builder()
                .schema(Fixtures.articleItems())
                .clock(Fixtures.CLOCK)
                .build()
                .validate(new StringReader("LABELS,\"ITEM_ID\",CREATION_TIMESTAMP\nA,1,1700000000\n"), "h.csv");
        assertThat(r.errors()).extracting(CsvValidationException::rule).containsExactly("header", "header-quoted");
        assertThat(r.errors().get(0).getMessage()).contains("not in the schema's field order");
        assertThat(r.errors().get(1).getMessage()).startsWith("h.csv line 1 (header), field ITEM_ID");
        assertThat(r.profile().uniqueItems()).isEqualTo(1);
    }

    @Test
    void validate_whenColumnCountOrQuotingWrong_reportsLine() {
        ValidationReport r = validate(HEADER + "i1,a\n" + "i2,a,t,\"d\"x,1,1,1,true,1700000000\n" + GOOD);
        assertThat(r.errors()).extracting(CsvValidationException::rule).containsExactly("column-count", "malformed");
        assertThat(r.errors().get(0).getMessage())
                .isEqualTo("rich.csv line 2 (record 1): the record has 2 values but the header has 9 columns"
                        + " [column-count]");
        assertThat(r.errors().get(1).getMessage()).startsWith("rich.csv line 3 (record 2): unexpected character 'x'");
        assertThat(r.profile().rows()).isEqualTo(1);
    }

    @Test
    void validate_whenMoreErrorsThanCap_keepsFirstAndCountsTheRest() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 250; i++) {
            csv.append("i").append(i).append(",a,t,d,1,1,1,TRUE,1700000000\n");
        }
        ValidationReport r = DatasetCsvValidator.builder()
                .schema(Fixtures.richItems())
                .clock(Fixtures.CLOCK)
                .maxErrors(10)
                .build()
                .validate(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), "many.csv");
        assertThat(r.errors()).hasSize(10);
        assertThat(r.errorCount()).isEqualTo(250);
        assertThat(r.omittedErrorCount()).isEqualTo(240);
        assertThat(r.errors().get(9).line()).isEqualTo(11);
        assertThat(r.errors().get(9).record()).isEqualTo(10);
        assertThat(r.toString()).contains("... and 240 more");
        assertThatThrownBy(r::throwIfInvalid).hasMessageStartingWith("many.csv line 2 (record 1), field IN_STOCK");
    }

    @Test
    void validate_whenBlankLinesAndAMultiLineValue_namesPhysicalLineAndRecordApart() {
        ValidationReport r = validate(
                HEADER + "\n" + "i2,a,t,\"two\nlines\",1,1,1,true,1700000000\n" + "i3,a,t,d,1,1,1,TRUE,1700000000\n");
        assertThat(r.errors()).extracting(CsvValidationException::rule).containsExactly("newline", "boolean");
        assertThat(r.errors()).extracting(CsvValidationException::line).containsExactly(3L, 5L);
        assertThat(r.errors()).extracting(CsvValidationException::record).containsExactly(1L, 2L);
        assertThat(r.errors().get(1).getMessage()).startsWith("rich.csv line 5 (record 2), field IN_STOCK");
    }

    @Test
    void validate_whenNotUtf8_reportsOneEncodingErrorWithTheByteOffset() {
        byte[] head = (HEADER + GOOD).getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "i2,caf\u00e9,t,d,1,1,1,true,1700000000\ni3,\u00e9t\u00e9,t,d,1,1,1,true,1700000000\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + latin1.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(latin1, 0, all, head.length, latin1.length);

        ValidationReport r = DatasetCsvValidator.builder()
                .schema(Fixtures.richItems())
                .clock(Fixtures.CLOCK)
                .build()
                .validate(new ByteArrayInputStream(all), "latin1.csv");

        assertThat(r.errorCount()).as(r.toString()).isEqualTo(1);
        CsvValidationException e = r.errors().get(0);
        assertThat(e.rule()).isEqualTo("encoding");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage())
                .startsWith("latin1.csv line 3 (record 2): not UTF-8 text at byte " + (head.length + 6) + " (0xE9)")
                .contains("save the file as UTF-8");
        assertThat(r.profile().rows())
                .as("the record before the bad byte counts")
                .isEqualTo(1);
    }

    @Test
    void validate_whenUtf16Text_reportsOneEncodingErrorInsteadOfColumnErrors() {
        byte[] utf16 = (HEADER + GOOD).getBytes(StandardCharsets.UTF_16LE); // no byte-order mark: NUL bytes
        ValidationReport r = DatasetCsvValidator.builder()
                .schema(Fixtures.richItems())
                .clock(Fixtures.CLOCK)
                .build()
                .validate(new ByteArrayInputStream(utf16), "utf16.csv");
        assertThat(r.errorCount()).as(r.toString()).isEqualTo(1);
        assertThat(r.errors().get(0).getMessage())
                .isEqualTo("utf16.csv line 1 (header): not UTF-8 text at byte 1 (0x00): a NUL byte (binary data, or"
                        + " UTF-16 text?); Amazon Personalize reads UTF-8 only [encoding]");
        byte[] withBom = (HEADER + GOOD).getBytes(StandardCharsets.UTF_16); // big-endian, with a byte-order mark
        ValidationReport bom = DatasetCsvValidator.builder()
                .schema(Fixtures.richItems())
                .clock(Fixtures.CLOCK)
                .build()
                .validate(new ByteArrayInputStream(withBom), "bom.csv");
        assertThat(bom.errors())
                .singleElement()
                .satisfies(e -> assertThat(e.getMessage())
                        .contains("not UTF-8 text at byte 0 (0xFE); it starts with a UTF-16 byte-order mark"));
    }

    @Test
    void validate_whenEmptyInput_reportsMissingHeader() {
        ValidationReport r = validate("");
        assertThat(r.errors()).extracting(CsvValidationException::rule).containsExactly("header-missing");
    }

    @Test
    void builder_whenNoSchemaOrNegativeCap_failsAtTheEdge() {
        assertThatThrownBy(() -> DatasetCsvValidator.builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("schema");
        assertThatThrownBy(() -> DatasetCsvValidator.builder().maxErrors(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void parseLong_handlesSignsOverflowAndGarbage() {
        assertThat(DatasetCsvValidator.parseLong("1586731606")).isEqualTo(1586731606L);
        assertThat(DatasetCsvValidator.parseLong("-12")).isEqualTo(-12L);
        assertThat(DatasetCsvValidator.parseLong("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(DatasetCsvValidator.parseLong("9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(DatasetCsvValidator.parseLong("12a")).isEqualTo(Long.MIN_VALUE);
        assertThat(DatasetCsvValidator.parseLong("-")).isEqualTo(Long.MIN_VALUE);
    }
}
