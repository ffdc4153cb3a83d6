package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.CsvValidationException;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCsvReaderTest {

    private static DatasetCsvReader reader(String text, int bufferSize) {
        return DatasetCsvReader.builder()
                .reader(new StringReader(text))
                .sourceName("t.csv")
                .bufferSize(bufferSize)
                .build();
    }

    private static List<CsvRecord> all(DatasetCsvReader r) {
        List<CsvRecord> out = new ArrayList<>();
        r.forEach(out::add);
        return out;
    }

    @Test
    void next_whenArticleInteractions_returnsRowsWithLineNumbers() {
        String csv = "USER_ID,ITEM_ID,TIMESTAMP\n35,2,1586731606\n54,3,1586735164\n";
        try (DatasetCsvReader r = reader(csv, 1 << 16)) {
            assertThat(r.header()).containsExactly("USER_ID", "ITEM_ID", "TIMESTAMP");
            List<CsvRecord> rows = all(r);
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).values()).containsExactly("35", "2", "1586731606");
            assertThat(rows.get(0).line()).isEqualTo(2);
            assertThat(rows.get(1).line()).isEqualTo(3);
            assertThat(r.recordsRead()).isEqualTo(2);
        }
    }

    @Test
    void next_whenQuotedWithBackslashEscapes_unescapes() {
        String csv = "A,B,C\r\n1,\"say \\\"hi\\\", a \\\\ b\",\"\"\r\n2,,x\n3,\"a\"\"b\",\"c\\d\"";
        for (int size : new int[] {16, 17, 19, 23, 64, 4096}) {
            try (DatasetCsvReader r = reader(csv, size)) {
                List<CsvRecord> rows = all(r);
                assertThat(rows).as("buffer %d", size).hasSize(3);
                assertThat(rows.get(0).values()).containsExactly("1", "say \"hi\", a \\ b", "");
                assertThat(rows.get(0).isQuoted(1)).isTrue();
                assertThat(rows.get(0).isQuoted(2)).isTrue();
                assertThat(rows.get(0).isQuoted(0)).isFalse();
                assertThat(rows.get(1).values()).containsExactly("2", "", "x");
                assertThat(rows.get(1).isQuoted(1)).isFalse();
                assertThat(rows.get(2).values()).containsExactly("3", "a\"b", "c\\d");
                assertThat(rows.get(2).line()).isEqualTo(4);
            }
        }
    }

    @Test
    void next_whenQuotedValueSpansLines_reportsStartLineAndCountsLines() {
        String csv = "A,B\n1,\"x\ny\"\n2,z\n";
        try (DatasetCsvReader r = reader(csv, 16)) {
            List<CsvRecord> rows = all(r);
            assertThat(rows.get(0).get(1)).isEqualTo("x\ny");
            assertThat(rows.get(0).line()).isEqualTo(2);
            assertThat(rows.get(1).line()).isEqualTo(4);
            assertThat(rows).extracting(CsvRecord::record).containsExactly(1L, 2L);
            assertThat(r.recordsRead()).isEqualTo(2);
        }
    }

    @Test
    void next_whenTextAfterClosingQuote_throwsMalformedAndContinues() {
        String csv = "A,B\n1,\"x\"y\n2,z\n";
        try (DatasetCsvReader r = reader(csv, 1 << 16)) {
            assertThatThrownBy(r::next)
                    .isInstanceOf(CsvValidationException.class)
                    .hasMessageContaining("t.csv line 2 (record 1)")
                    .hasMessageContaining("after the closing quote")
                    .extracting(e -> ((CsvValidationException) e).rule())
                    .isEqualTo("malformed");
            CsvRecord next = r.next();
            assertThat(next).isNotNull();
            assertThat(next.values()).containsExactly("2", "z");
            assertThat(next.line()).isEqualTo(3);
            assertThat(next.record())
                    .as("the malformed record keeps its number")
                    .isEqualTo(2);
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void next_whenQuoteNeverClosed_throwsMalformed() {
        try (DatasetCsvReader r = reader("A,B\n1,\"abc\n2,z\n", 1 << 16)) {
            assertThatThrownBy(r::next)
                    .isInstanceOf(CsvValidationException.class)
                    .hasMessageContaining("line 2")
                    .hasMessageContaining("never closed");
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void next_whenValueTooLong_throwsMalformed() {
        try (DatasetCsvReader r = DatasetCsvReader.builder()
                .reader(new StringReader("A,B\n1,\"" + "x".repeat(100) + "\"\n2,y\n"))
                .maxValueLength(50)
                .bufferSize(16)
                .build()) {
            assertThatThrownBy(r::next).hasMessageContaining("longer than 50");
            assertThat(r.next().values()).containsExactly("2", "y");
        }
    }

    @Test
    void build_whenEmpty_throwsHeaderMissing() {
        assertThatThrownBy(() -> reader("", 64))
                .isInstanceOf(CsvValidationException.class)
                .hasMessageContaining("t.csv")
                .hasMessageContaining("header");
    }

    @Test
    void open_whenFileWithBomAndUnicode_readsUtf8(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("items.csv");
        Files.write(f, "\uFEFFITEM_ID,NAME\nä1,\"Zürich, 東京\"\n".getBytes(StandardCharsets.UTF_8));
        try (DatasetCsvReader r = DatasetCsvReader.open(f)) {
            assertThat(r.sourceName()).isEqualTo("items.csv");
            assertThat(r.header()).containsExactly("ITEM_ID", "NAME");
            assertThat(r.next().values()).containsExactly("ä1", "Zürich, 東京");
        }
    }

    @Test
    void inputStream_whenBlankLinesAndNoTrailingNewline_skipsBlankLines() {
        byte[] bytes = "A,B\n\n1,2\r\n\r\n3,4".getBytes(StandardCharsets.UTF_8);
        try (DatasetCsvReader r = DatasetCsvReader.builder()
                .inputStream(new ByteArrayInputStream(bytes))
                .build()) {
            List<CsvRecord> rows = all(r);
            assertThat(rows).extracting(CsvRecord::line).containsExactly(3L, 5L);
            assertThat(rows.get(1).values()).containsExactly("3", "4");
        }
    }

    @Test
    void inputStream_whenMultiByteCharactersStraddleTheBuffer_decodesThemWhole() {
        StringBuilder csv = new StringBuilder("ID,TEXT\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i).append(",\"é東京😀, ü\"\n");
        }
        try (DatasetCsvReader r = DatasetCsvReader.builder()
                .inputStream(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)))
                .bufferSize(17)
                .build()) {
            List<CsvRecord> rows = all(r);
            assertThat(rows)
                    .hasSize(200)
                    .allSatisfy(rec -> assertThat(rec.get(1)).isEqualTo("é東京😀, ü"));
        }
    }

    @Test
    void next_whenBytesAreNotUtf8_throwsOneEncodingErrorThenEnds() {
        byte[] bytes = "A,B\n1,ok\n2,caf\u00e9\n3,more\n".getBytes(StandardCharsets.ISO_8859_1);
        try (DatasetCsvReader r = DatasetCsvReader.builder()
                .inputStream(new ByteArrayInputStream(bytes))
                .sourceName("latin1.csv")
                .build()) {
            assertThat(r.next().values()).containsExactly("1", "ok");
            assertThatThrownBy(r::next)
                    .isInstanceOfSatisfying(CsvValidationException.class, e -> {
                        assertThat(e.rule()).isEqualTo(DatasetCsvReader.RULE_ENCODING);
                        assertThat(e.line()).isEqualTo(3);
                        assertThat(e.record()).isEqualTo(2);
                    })
                    .hasMessageStartingWith("latin1.csv line 3 (record 2): not UTF-8 text at byte 14 (0xE9)");
            assertThat(r.next()).as("the input ends at the bad byte").isNull();
        }
    }

    @Test
    void next_whenReaderHoldsANulCharacter_reportsItByCharacterOffset() {
        try (DatasetCsvReader r = reader("A,B\n1,x\u0000y\n", 64)) {
            assertThatThrownBy(r::next)
                    .hasMessage("t.csv line 2 (record 1): not UTF-8 text at character 7: a NUL character (binary data,"
                            + " or UTF-16 text?) [encoding]");
        }
    }

    @Test
    void build_whenNoSource_throwsIllegalState() {
        assertThatThrownBy(() -> DatasetCsvReader.builder().build()).isInstanceOf(IllegalStateException.class);
    }
}
