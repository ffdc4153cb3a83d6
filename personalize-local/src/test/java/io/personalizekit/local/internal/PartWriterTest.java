package io.personalizekit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A dataset export's CSV parts: each with the header, at most N rows, duplicates written once. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PartWriterTest {
    private final Map<String, String> parts = new LinkedHashMap<>();

    private DataJobs.PartWriter writer(int rowsPerPart) {
        return new DataJobs.PartWriter(
                "A,B\n", rowsPerPart, (name, bytes) -> parts.put(name, new String(bytes, StandardCharsets.UTF_8)));
    }

    @Test
    void rows_areSplitIntoPartsWithTheHeader_andExactDuplicatesAreWrittenOnce() {
        DataJobs.PartWriter w = writer(2);
        for (String row : new String[] {"1,x\n", "2,y\n", "1,x\n", "3,\"a,b\"\n", "2,y\n", "4,z\n", "5,w\n"}) {
            w.row(row);
        }
        w.close();

        assertThat(parts)
                .containsExactly(
                        Map.entry("part-00000.csv", "A,B\n1,x\n2,y\n"),
                        Map.entry("part-00001.csv", "A,B\n3,\"a,b\"\n4,z\n"),
                        Map.entry("part-00002.csv", "A,B\n5,w\n"));
    }

    @Test
    void noRows_writeOnePartWithTheHeaderAlone() {
        writer(2).close();

        assertThat(parts).containsExactly(Map.entry("part-00000.csv", "A,B\n"));
    }

    @Test
    void line_quotesOnlyWhatMustBeQuoted() {
        assertThat(DataJobs.line(new String[] {"a", null, "b,c", "say \"hi\"", "back\\slash", "two\nlines"}))
                .isEqualTo("a,,\"b,c\",\"say \\\"hi\\\"\",\"back\\\\slash\",\"two\nlines\"\n");
    }
}
