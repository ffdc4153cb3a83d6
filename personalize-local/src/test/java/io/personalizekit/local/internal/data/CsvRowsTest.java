package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reading by column name and writing fields in Personalize's dialect, round trip. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CsvRowsTest {
    @Test
    void fieldsWritten_areReadBackAsTheyWere() {
        List<String> values = List.of("plain", "a,b", "say \"hi\"", "back\\slash", "two\nlines");
        StringBuilder csv = new StringBuilder("\uFEFFID,VALUE\r\n");
        for (int i = 0; i < values.size(); i++) {
            csv.append(i).append(',').append(CsvRows.field(values.get(i))).append("\r\n");
        }
        csv.append('\n').append("9,\n");
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
        List<String> read = new ArrayList<>();
        List<String> where = new ArrayList<>();

        CsvRows.forEach(file, 0, row -> {
            read.add(row.value("VALUE"));
            where.add(row.where());
        });

        List<String> expected = new ArrayList<>(values);
        expected.add(null);
        assertThat(read).isEqualTo(expected);
        assertThat(where.get(0)).isEqualTo("line 2");
        assertThat(CsvRows.header(file)).containsExactly("ID", "VALUE");
        assertThat(CsvRows.field(null)).isEmpty();
    }

    @Test
    void unknownColumns_readAsNull_andBadQuotingIsAnError() {
        CsvRows.forEach(
                "A\n1\n".getBytes(StandardCharsets.UTF_8),
                0,
                row -> assertThat(row.value("B")).isNull());

        assertThatThrownBy(() -> CsvRows.forEach("A\n\"open\n".getBytes(StandardCharsets.UTF_8), 2, row -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2 of file 2");
    }
}
