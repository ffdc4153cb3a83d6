package io.personalizekit.internal.cache;

import io.personalizekit.csv.CsvRecord;
import io.personalizekit.csv.DatasetCsvReader;
import io.personalizekit.exception.CsvReadException;
import io.personalizekit.exception.CsvValidationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the item ids column of a catalogue (Items dataset) CSV with {@link DatasetCsvReader}, so in Personalize's
 * dialect (backslash escapes), the dialect every reader and writer of the toolkit shares.
 */
public final class CatalogCsv {
    private CatalogCsv() {}

    /**
     * Reads the ids, in file order; empty cells are skipped.
     *
     * @param csv the file, with a header row
     * @param column the id column's name (case-insensitive, surrounding blanks ignored)
     * @return the ids in file order
     * @throws CsvReadException when the file cannot be read
     * @throws CsvValidationException when the header has no such column (rule {@code id-column}), a record is
     *     malformed, or the file is not UTF-8 text
     */
    public static List<String> itemIds(Path csv, String column) {
        try (DatasetCsvReader reader = DatasetCsvReader.open(csv)) {
            List<String> header = reader.header();
            int index = -1;
            for (int i = 0; i < header.size() && index < 0; i++) {
                if (header.get(i).strip().toUpperCase(Locale.ROOT).equals(column.toUpperCase(Locale.ROOT))) {
                    index = i;
                }
            }
            if (index < 0) {
                throw new CsvValidationException(
                        reader.sourceName(),
                        1,
                        0,
                        column,
                        null,
                        "id-column",
                        reader.sourceName() + " line 1 (header): no column " + column + " in the header " + header
                                + "; name the id column [id-column]");
            }
            List<String> ids = new ArrayList<>();
            for (CsvRecord r : reader) {
                if (index < r.size() && !r.get(index).isEmpty()) {
                    ids.add(r.get(index));
                }
            }
            return ids;
        }
    }
}
