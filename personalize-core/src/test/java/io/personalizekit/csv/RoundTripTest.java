package io.personalizekit.csv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated rows full of quotes, commas, backslashes, unicode (including surrogate pairs) and empty values: write,
 * then read back with our reader, our validator and Jackson's CSV parser (backslash escapes) as an independent
 * reference.
 */
class RoundTripTest {
    private static final String[] ALPHABET = {
        "a", "Z", "7", " ", ",", "\"", "\\", "'", ";", "é", "ß", "東", "京", "😀", "\t", "=", "-", "."
    };

    private static String text(Random rnd, int maxLen, boolean allowEmpty) {
        int len = rnd.nextInt(maxLen + 1);
        if (len == 0 && !allowEmpty) {
            len = 1;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(ALPHABET[rnd.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    @Test
    void writeThenReadAndValidate_whenGeneratedHostileValues_returnsSameValues(@TempDir Path dir) throws Exception {
        Random rnd = new Random(20261128L);
        Path file = dir.resolve("rich.csv");
        List<String[]> expected = new ArrayList<>();
        try (DatasetCsvWriter<Object[]> w = DatasetCsvWriter.builder(Fixtures.richItems())
                .path(file)
                .clock(Fixtures.CLOCK)
                .build()) {
            for (int i = 0; i < 2000; i++) {
                String id = "id" + i + text(rnd, 6, true);
                List<String> genres = new ArrayList<>();
                int n = rnd.nextInt(4);
                for (int k = 0; k < n; k++) {
                    genres.add(text(rnd, 8, false));
                }
                String title = rnd.nextInt(5) == 0 ? null : text(rnd, 20, true);
                String description = rnd.nextInt(5) == 0 ? null : text(rnd, 40, true);
                Integer year = rnd.nextBoolean() ? null : rnd.nextInt(3000) - 1000;
                Float price = rnd.nextBoolean() ? null : rnd.nextFloat() * 1000;
                Double score = rnd.nextBoolean() ? null : rnd.nextGaussian() * 1e6;
                Boolean inStock = rnd.nextBoolean() ? null : rnd.nextBoolean();
                long created = 1_500_000_000L + rnd.nextInt(100_000_000);
                w.writeRow(id, genres, title, description, year, price, score, inStock, created);
                expected.add(new String[] {
                    id,
                    String.join("|", genres),
                    title == null ? "" : title,
                    description == null ? "" : description,
                    year == null ? "" : year.toString(),
                    price == null ? "" : price.toString(),
                    score == null ? "" : score.toString(),
                    inStock == null ? "" : inStock.toString(),
                    Long.toString(created)
                });
            }
            w.commit();
        }

        List<String[]> ours = new ArrayList<>();
        try (DatasetCsvReader r =
                DatasetCsvReader.builder().path(file).bufferSize(61).build()) {
            assertThat(r.header()).isEqualTo(Fixtures.richItems().fieldNames());
            for (CsvRecord rec : r) {
                ours.add(rec.values().toArray(new String[0]));
            }
        }
        assertThat(ours).containsExactlyElementsOf(expected);

        List<String[]> jackson = new ArrayList<>();
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        CsvSchema schema = CsvSchema.emptySchema().withEscapeChar('\\').withSkipFirstDataRow(true);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                MappingIterator<String[]> it =
                        mapper.readerFor(String[].class).with(schema).readValues(in)) {
            while (it.hasNext()) {
                jackson.add(it.next());
            }
        }
        assertThat(jackson).containsExactlyElementsOf(expected);

        ValidationReport report = DatasetCsvValidator.builder()
                .schema(Fixtures.richItems())
                .clock(Fixtures.CLOCK)
                .build()
                .validate(file);
        assertThat(report.errors()).isEmpty();
        assertThat(report.profile().rows()).isEqualTo(2000);
        assertThat(report.profile().uniqueItems()).isEqualTo(2000);
    }
}
