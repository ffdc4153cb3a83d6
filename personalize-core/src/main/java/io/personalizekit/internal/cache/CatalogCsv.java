package io.personalizekit.internal.cache;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Reads the item ids column of a catalog (Items dataset) CSV, RFC 4180 quoting included. */
public final class CatalogCsv {
    private CatalogCsv() {}

    /**
     * Reads the ids.
     *
     * @param csv the file, with a header row
     * @param column the id column's name (case-insensitive)
     * @return the ids in file order
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when the header has no such column
     */
    public static List<String> itemIds(Path csv, String column) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<String> header = record(r);
            if (header == null) {
                return List.of();
            }
            int index = -1;
            for (int i = 0; i < header.size(); i++) {
                String h = header.get(i).strip();
                if (i == 0 && h.startsWith("\uFEFF")) {
                    h = h.substring(1);
                }
                if (h.toUpperCase(Locale.ROOT).equals(column.toUpperCase(Locale.ROOT))) {
                    index = i;
                }
            }
            if (index < 0) {
                throw new IllegalArgumentException(
                        "No column " + column + " in the header " + header + " of " + csv + "; name the id column");
            }
            List<String> ids = new ArrayList<>();
            List<String> rec;
            while ((rec = record(r)) != null) {
                if (rec.size() == 1 && rec.get(0).isEmpty()) {
                    continue;
                }
                if (index < rec.size() && !rec.get(index).isEmpty()) {
                    ids.add(rec.get(index));
                }
            }
            return ids;
        }
    }

    private static @Nullable List<String> record(BufferedReader r) throws IOException {
        int c = r.read();
        if (c < 0) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        while (true) {
            if (quoted) {
                if (c < 0) {
                    throw new IOException("Unterminated quoted field at end of file");
                }
                if (c == '"') {
                    r.mark(1);
                    int n = r.read();
                    if (n == '"') {
                        f.append('"');
                    } else {
                        quoted = false;
                        c = n;
                        continue;
                    }
                } else {
                    f.append((char) c);
                }
            } else if (c < 0 || c == '\n') {
                fields.add(f.toString());
                return fields;
            } else if (c == '\r') {
                // swallowed; \n ends the record
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else if (c == '"' && f.length() == 0) {
                quoted = true;
            } else {
                f.append((char) c);
            }
            c = r.read();
        }
    }
}
