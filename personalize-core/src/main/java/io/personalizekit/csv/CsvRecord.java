package io.personalizekit.csv;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One record of a dataset CSV as read by {@link DatasetCsvReader}: its values (escapes already resolved), the
 * 1-based physical line it starts on (the header is line 1) and its 1-based data record number (the header is
 * record 0). Immutable and thread-safe.
 *
 * <p>An empty cell ({@code ,,}) is the empty string; whether it was written quoted ({@code ,"",}) is available
 * through {@link #isQuoted(int)}. Personalize treats an unquoted empty cell as null.
 */
public final class CsvRecord {
    private final long line;
    private final long record;
    private final String[] values;
    private final boolean @Nullable [] quoted;

    CsvRecord(long line, long record, String[] values, boolean @Nullable [] quoted) {
        this.line = line;
        this.record = record;
        this.values = values;
        this.quoted = quoted;
    }

    /**
     * The 1-based physical line this record starts on; the header is line 1.
     *
     * @return the line number
     */
    public long line() {
        return line;
    }

    /**
     * The 1-based data record number: 1 for the first record after the header, 0 for the header itself. It differs
     * from {@link #line()} by more than one after blank lines or a quoted value spanning lines.
     *
     * @return the record number
     */
    public long record() {
        return record;
    }

    /**
     * The number of values (cells) in this record.
     *
     * @return the number of values
     */
    public int size() {
        return values.length;
    }

    /**
     * The value of a cell, with backslash escapes resolved and surrounding quotes removed.
     *
     * @param index the 0-based column index
     * @return the value, the empty string for an empty cell
     * @throws IndexOutOfBoundsException when the record has no such column
     */
    public String get(int index) {
        return values[index];
    }

    /**
     * Whether a cell was written in double quotes.
     *
     * @param index the 0-based column index
     * @return true when the cell was quoted
     * @throws IndexOutOfBoundsException when the record has no such column
     */
    public boolean isQuoted(int index) {
        if (index < 0 || index >= values.length) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + values.length);
        }
        return quoted != null && quoted[index];
    }

    /**
     * All values in column order.
     *
     * @return an unmodifiable list of the values
     */
    public List<String> values() {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CsvRecord)) {
            return false;
        }
        CsvRecord r = (CsvRecord) o;
        return line == r.line
                && record == r.record
                && Arrays.equals(values, r.values)
                && Arrays.equals(quotedOrEmpty(), r.quotedOrEmpty());
    }

    private boolean[] quotedOrEmpty() {
        return quoted == null ? new boolean[values.length] : quoted;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(line) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "CsvRecord{line=" + line + ", record=" + record + ", values=" + Arrays.toString(values) + "}";
    }
}
