package io.personalizekit.local.internal.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes CSV in Amazon Personalize's dialect by column name, for the jobs that need more than the
 * importer keeps: the columns of an interactions import a metric attribution reports on, a data deletion job's
 * list of users, and a dataset export's files. Reading uses the importer's parser (same escapes, byte order mark,
 * line ends); writing quotes a value only when it must. Stateless and thread-safe.
 */
public final class CsvRows {
    private CsvRows() {}

    /** One record of a file, read by column name. */
    public interface Row {
        /**
         * A value of this record.
         *
         * @param column a header column name
         * @return the value, or null when the file has no such column or the value is empty
         */
        @Nullable
        String value(String column);

        /**
         * Where the record is, for messages: {@code line 3} or {@code line 3 of file 2}.
         *
         * @return the position
         */
        String where();
    }

    /**
     * The header of a file: its first record.
     *
     * @param file the CSV content
     * @return the column names, trimmed; empty for an empty file
     */
    public static List<String> header(byte[] file) {
        CsvImporter.CsvCursor c = new CsvImporter.CsvCursor(file, 0);
        c.skipBom();
        if (!c.next() || c.isBlankLine()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(c.count());
        for (int i = 0; i < c.count(); i++) {
            names.add(c.string(i).trim());
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * Calls {@code visitor} for each record after the header, skipping blank lines.
     *
     * @param file the CSV content
     * @param fileNo the file's number among several (for messages), or 0 for a single file
     * @param visitor receives each record; the row is only valid during the call
     * @throws IllegalArgumentException when the file cannot be parsed, with a message naming the line
     */
    public static void forEach(byte[] file, int fileNo, Consumer<Row> visitor) {
        Objects.requireNonNull(visitor, "visitor");
        CsvImporter.CsvCursor c = new CsvImporter.CsvCursor(file, fileNo);
        c.skipBom();
        try {
            if (!c.next() || c.isBlankLine()) {
                return;
            }
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < c.count(); i++) {
                columns.putIfAbsent(c.string(i).trim(), i);
            }
            Row row = new Row() {
                @Override
                public @Nullable String value(String column) {
                    Integer i = columns.get(column);
                    if (i == null || c.length(i) == 0) {
                        return null;
                    }
                    return c.string(i);
                }

                @Override
                public String where() {
                    return c.where();
                }
            };
            while (c.next()) {
                if (!c.isBlankLine()) {
                    visitor.accept(row);
                }
            }
        } catch (CsvImporter.ImportFailure f) {
            throw new IllegalArgumentException(f.getMessage(), f);
        }
    }

    /**
     * One value as a CSV field: as it is, or in double quotes with {@code "} and {@code \} escaped by a backslash
     * when it holds a comma, a quote, a backslash or a line break; null is the empty field.
     *
     * @param value the value, or null
     * @return the field
     */
    public static String field(@Nullable String value) {
        if (value == null) {
            return "";
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char ch = value.charAt(i);
            quote = ch == ',' || ch == '"' || ch == '\\' || ch == '\n' || ch == '\r';
        }
        if (!quote) {
            return value;
        }
        StringBuilder b = new StringBuilder(value.length() + 8).append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"' || ch == '\\') {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.append('"').toString();
    }
}
