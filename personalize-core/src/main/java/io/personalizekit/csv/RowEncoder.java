package io.personalizekit.csv;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.internal.csv.CsvDialect;
import io.personalizekit.internal.csv.IdHashLog;
import io.personalizekit.schema.BoundField;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.SchemaField;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * Checks and encodes the values of one row into a growable char buffer, in the dialect of {@link CsvDialect}: the
 * value sink that {@link BoundField#accept} hands each value to. The writer starts a row, moves column by column
 * ({@link #column(int)}), and ends or rolls back the row; a value that breaks a rule throws {@link
 * CsvValidationException} and leaves the row for the writer to roll back. It also remembers what the writer needs
 * of a row for the duplicate check and the profile: the hashes of USER_ID and ITEM_ID (or ACTION_ID) and the
 * TIMESTAMP (or CREATION_TIMESTAMP). Not thread-safe.
 */
final class RowEncoder implements BoundField.ValueSink {
    private static final char[] TENS = new char[100];
    private static final char[] ONES = new char[100];

    static {
        for (int d = 0; d < 100; d++) {
            TENS[d] = (char) ('0' + d / 10);
            ONES[d] = (char) ('0' + d % 10);
        }
    }

    private final DatasetSchema schema;
    private final String source;
    final ColumnKind[] kinds;
    final String[] names;
    private final boolean[] nullable;
    private final long maxTimestamp;
    private final int userIndex;
    private final int itemIndex;
    private final int timeIndex;

    char[] buf;
    int n;
    private int col;
    private long record;
    private int rowStart;

    long rowUserHash;
    long rowItemHash;
    long rowTime;
    boolean rowHasTime;

    private @Nullable Class<?> randomAccessList;
    private @Nullable Class<?> randomAccessList2;

    RowEncoder(
            DatasetSchema schema,
            String source,
            long maxTimestamp,
            int userIndex,
            int itemIndex,
            int timeIndex,
            int bufferSize) {
        this.schema = schema;
        this.source = source;
        this.maxTimestamp = maxTimestamp;
        this.userIndex = userIndex;
        this.itemIndex = itemIndex;
        this.timeIndex = timeIndex;
        List<SchemaField> fields = schema.fields();
        int columns = fields.size();
        this.kinds = new ColumnKind[columns];
        this.names = new String[columns];
        this.nullable = new boolean[columns];
        for (int i = 0; i < columns; i++) {
            SchemaField f = fields.get(i);
            names[i] = f.name();
            nullable[i] = f.nullable();
            kinds[i] = ColumnKind.of(f);
        }
        this.buf = new char[bufferSize];
    }

    /** Appends the header row: the field names, unquoted. */
    void header() {
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                append(CsvDialect.SEPARATOR);
            }
            appendAscii(names[i]);
        }
        append(CsvDialect.RECORD_END);
    }

    /** Starts data record {@code record} (1-based). */
    void startRow(long record) {
        this.record = record;
        this.rowStart = n;
        rowUserHash = 0;
        rowItemHash = 0;
        rowHasTime = false;
    }

    /** Moves to column {@code i}, writing the separator before every column but the first. */
    void column(int i) {
        col = i;
        if (i > 0) {
            append(CsvDialect.SEPARATOR);
        }
    }

    void endRow() {
        append(CsvDialect.RECORD_END);
    }

    /** Drops what was written of the current row. */
    void rollback() {
        n = rowStart;
    }

    // ---- the sink: one call per column

    @Override
    public void onNull() {
        if (!nullable[col]) {
            throw required();
        }
    }

    @Override
    public void onString(CharSequence value) {
        String s = value.toString();
        switch (kinds[col]) {
            case ID:
                writeId(s);
                return;
            case STRING:
            case TEXTUAL: {
                if (s.isEmpty()) {
                    onNull();
                    return;
                }
                boolean textual = kinds[col] == ColumnKind.TEXTUAL;
                if (!textual && s.length() > Rules.MAX_STRING_LENGTH) {
                    throw fail(
                            s,
                            Rules.RULE_STRING_LENGTH,
                            "is " + s.length() + " characters; string values are limited to "
                                    + Rules.MAX_STRING_LENGTH);
                }
                writeString(s, textual, false);
                return;
            }
            case CATEGORICAL:
                writeJoinedCategorical(s);
                return;
            default:
                throw mismatch(s, "a string");
        }
    }

    @Override
    public void onStrings(Collection<String> values) {
        if (kinds[col] != ColumnKind.CATEGORICAL) {
            throw mismatch(values, "a collection of categorical values");
        }
        Class<?> c = values.getClass();
        if (c == randomAccessList || c == randomAccessList2 || isRandomAccessList(c)) {
            if (writeCategoricalFast((List<?>) values)) {
                return;
            }
        }
        writeCategoricalChecked(values);
    }

    @Override
    public void onInt(int value) {
        onLong(value);
    }

    @Override
    public void onLong(long x) {
        ColumnKind kind = kinds[col];
        switch (kind) {
            case INT:
                if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                    throw fail(x, Rules.RULE_TYPE, "does not fit the field's Avro type int (32 bits)");
                }
                break;
            case TIMESTAMP:
                if (x > Rules.MILLIS_THRESHOLD) {
                    throw fail(
                            x,
                            Rules.RULE_TIMESTAMP_MILLIS,
                            "looks like epoch milliseconds (above 10^11); Amazon Personalize expects epoch seconds");
                }
                if (x > maxTimestamp) {
                    throw fail(
                            x,
                            Rules.RULE_TIMESTAMP_FUTURE,
                            "is " + Instant.ofEpochSecond(x) + ", in the future; the latest accepted is "
                                    + Instant.ofEpochSecond(maxTimestamp) + " (now plus the future tolerance)");
                }
                if (col == timeIndex) {
                    rowTime = x;
                    rowHasTime = true;
                }
                break;
            case LONG:
            case FLOAT:
            case DOUBLE:
                break;
            default:
                throw mismatch(x, "a whole number");
        }
        appendLong(x);
    }

    @Override
    public void onFloat(float value) {
        if (kinds[col] != ColumnKind.FLOAT && kinds[col] != ColumnKind.DOUBLE) {
            throw mismatch(value, "a float");
        }
        if (!Float.isFinite(value)) {
            throw fail(value, Rules.RULE_NOT_FINITE, "is not a finite number");
        }
        appendAscii(Float.toString(value));
    }

    @Override
    public void onDouble(double value) {
        if (kinds[col] != ColumnKind.FLOAT && kinds[col] != ColumnKind.DOUBLE) {
            throw mismatch(value, "a double");
        }
        if (!Double.isFinite(value)) {
            throw fail(value, Rules.RULE_NOT_FINITE, "is not a finite number");
        }
        appendAscii(Double.toString(value));
    }

    @Override
    public void onBoolean(boolean value) {
        if (kinds[col] != ColumnKind.BOOLEAN) {
            throw mismatch(value, "a boolean");
        }
        appendAscii(value ? "true" : "false");
    }

    // ---- encoding

    private void writeId(String s) {
        int len = s.length();
        if (len == 0) {
            throw required();
        }
        if (len > Rules.MAX_ID_LENGTH) {
            throw fail(s, Rules.RULE_ID_LENGTH, "is " + len + " characters; ids are limited to " + Rules.MAX_ID_LENGTH);
        }
        ensure(len);
        int start = n;
        s.getChars(0, len, buf, start);
        long h = IdHashLog.hash(buf, start, len);
        if (col == userIndex) {
            rowUserHash = h;
        } else if (col == itemIndex) {
            rowItemHash = h;
        }
        scanCopied(s, start, len, false, false);
    }

    /**
     * Appends {@code s} (already length-checked); rejects line breaks and, for a categorical part, {@code |}. Quotes
     * when {@code alwaysQuote} or when the value holds a comma, quote or backslash.
     */
    private void writeString(String s, boolean alwaysQuote, boolean categoricalPart) {
        int len = s.length();
        ensure(len);
        int start = n;
        s.getChars(0, len, buf, start);
        scanCopied(s, start, len, alwaysQuote, categoricalPart);
    }

    /** Scans {@code s}, just copied to {@code buf[start..start+len)}, and keeps it, quotes it or rejects it. */
    private void scanCopied(String s, int start, int len, boolean alwaysQuote, boolean categoricalPart) {
        char[] b = buf;
        boolean needsQuote = alwaysQuote;
        for (int p = start, end = start + len; p < end; p++) {
            char c = b[p];
            if (CsvDialect.isSpecial(c)) {
                if (CsvDialect.forcesQuotes(c)) {
                    needsQuote = true;
                } else if (CsvDialect.isLineBreak(c)) {
                    throw fail(
                            s,
                            Rules.RULE_NEWLINE,
                            "contains a line break; Amazon Personalize needs each record on a single line");
                } else if (categoricalPart) {
                    throw fail(
                            s,
                            Rules.RULE_CATEGORICAL_SEPARATOR,
                            "contains '|', the separator of categorical values; pass several values as a"
                                    + " collection, and no single value may contain '|'");
                }
            }
        }
        if (!needsQuote) {
            n = start + len;
            return;
        }
        ensure(2 * len + 2);
        n = CsvDialect.appendQuoted(s, buf, start);
    }

    /** A categorical cell given as one string: its values joined with {@code |}. */
    private void writeJoinedCategorical(String s) {
        if (s.isEmpty()) {
            onNull();
            return;
        }
        checkCategoricalLength(s, s.length());
        int from = 0;
        int k = 0;
        while (true) {
            int bar = s.indexOf(CsvDialect.MULTI_VALUE_SEPARATOR, from);
            int end = bar < 0 ? s.length() : bar;
            if (end == from) {
                throw emptyCategory(s, k + 1);
            }
            if (bar < 0) {
                break;
            }
            from = bar + 1;
            k++;
        }
        writeString(s, false, false);
    }

    /** Remembers up to two list classes, so the interface checks run once per class, not once per value. */
    private boolean isRandomAccessList(Class<?> c) {
        if (!List.class.isAssignableFrom(c) || !RandomAccess.class.isAssignableFrom(c)) {
            return false;
        }
        if (randomAccessList == null) {
            randomAccessList = c;
        } else if (randomAccessList2 == null) {
            randomAccessList2 = c;
        }
        return true;
    }

    /**
     * The common case: a random-access list of plain strings, written straight into the buffer in one pass.
     * Returns false, leaving the buffer as it was, when a value needs quoting or breaks a rule (the checked path
     * then handles it).
     */
    private boolean writeCategoricalFast(List<?> list) {
        int size = list.size();
        if (size == 0) {
            return false;
        }
        int cellStart = n;
        for (int k = 0; k < size; k++) {
            Object part = list.get(k);
            if (!(part instanceof String)) {
                n = cellStart;
                return false;
            }
            String s = (String) part;
            int len = s.length();
            if (len == 0) {
                n = cellStart;
                return false;
            }
            ensure(len + 1);
            char[] b = buf;
            int p = n;
            if (k > 0) {
                b[p++] = CsvDialect.MULTI_VALUE_SEPARATOR;
            }
            s.getChars(0, len, b, p);
            int end = p + len;
            for (int q = p; q < end; q++) {
                if (CsvDialect.isSpecial(b[q])) {
                    n = cellStart;
                    return false;
                }
            }
            n = end;
        }
        if (n - cellStart > Rules.MAX_STRING_LENGTH) {
            n = cellStart;
            return false;
        }
        return true;
    }

    private void writeCategoricalChecked(Collection<?> values) {
        Object[] parts = values.toArray();
        if (parts.length == 0) {
            onNull();
            return;
        }
        int total = parts.length - 1;
        for (int k = 0; k < parts.length; k++) {
            Object part = parts[k];
            if (part == null || part.toString().isEmpty()) {
                throw emptyCategory(joinForDisplay(parts), k + 1);
            }
            total += part.toString().length();
        }
        checkCategoricalLength(joinForDisplay(parts), total);
        // One value with a comma or quote makes the whole cell quoted: encode into a scratch string first.
        boolean plain = true;
        for (Object part : parts) {
            String s = part.toString();
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                if (CsvDialect.forcesQuotes(c)) {
                    plain = false;
                } else if (c == CsvDialect.MULTI_VALUE_SEPARATOR) {
                    throw fail(
                            s,
                            Rules.RULE_CATEGORICAL_SEPARATOR,
                            "contains '|', the separator of categorical values; no single value may contain '|'");
                } else if (CsvDialect.isLineBreak(c)) {
                    throw fail(
                            s,
                            Rules.RULE_NEWLINE,
                            "contains a line break; Amazon Personalize needs each record on a single line");
                }
            }
        }
        if (plain) {
            for (int k = 0; k < parts.length; k++) {
                if (k > 0) {
                    append(CsvDialect.MULTI_VALUE_SEPARATOR);
                }
                writeString(parts[k].toString(), false, true);
            }
            return;
        }
        StringBuilder joined = new StringBuilder(total);
        for (int k = 0; k < parts.length; k++) {
            if (k > 0) {
                joined.append(CsvDialect.MULTI_VALUE_SEPARATOR);
            }
            joined.append(parts[k]);
        }
        writeString(joined.toString(), true, false);
    }

    private CsvValidationException emptyCategory(Object shown, int position) {
        return fail(
                shown,
                Rules.RULE_CATEGORICAL_EMPTY,
                "holds an empty categorical value (value " + position + "); every value between '|' separators must"
                        + " be non-empty");
    }

    private void checkCategoricalLength(Object shown, int length) {
        if (length > Rules.MAX_STRING_LENGTH) {
            throw fail(
                    shown,
                    Rules.RULE_CATEGORICAL_LENGTH,
                    "the categorical cell is " + length + " characters including '|' separators; the limit is "
                            + Rules.MAX_STRING_LENGTH);
        }
    }

    private static String joinForDisplay(Object[] parts) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < parts.length && sb.length() < Rules.DISPLAY_LIMIT + 1; k++) {
            if (k > 0) {
                sb.append(CsvDialect.MULTI_VALUE_SEPARATOR);
            }
            sb.append(parts[k] == null ? "" : parts[k]);
        }
        return sb.toString();
    }

    private void append(char c) {
        ensure(1);
        buf[n++] = c;
    }

    private void appendAscii(String s) {
        ensure(s.length());
        s.getChars(0, s.length(), buf, n);
        n += s.length();
    }

    private void appendLong(long x) {
        ensure(20);
        if (x < 0 || x > Integer.MAX_VALUE) {
            appendAscii(Long.toString(x));
            return;
        }
        int v = (int) x;
        int digits = 1;
        for (int bound = 10; digits < 10 && v >= bound; bound *= 10) {
            digits++;
        }
        char[] b = buf;
        int p = n + digits;
        n = p;
        while (v >= 100) {
            int q = v / 100;
            int r = v - q * 100;
            b[--p] = ONES[r];
            b[--p] = TENS[r];
            v = q;
        }
        if (v >= 10) {
            b[--p] = ONES[v];
            b[--p] = TENS[v];
        } else {
            b[--p] = (char) ('0' + v);
        }
    }

    private void ensure(int more) {
        if (n + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
        }
    }

    // ---- errors

    private CsvValidationException required() {
        return fail(
                null,
                Rules.RULE_REQUIRED,
                "is required (its Avro type does not include null) but the value is missing or empty");
    }

    private CsvValidationException mismatch(Object value, String given) {
        return fail(
                value,
                Rules.RULE_TYPE,
                "was given " + given + ", but the field's Avro type is "
                        + schema.fields().get(col).type().avroName());
    }

    /** An error of the current column. */
    CsvValidationException fail(@Nullable Object value, String rule, String what) {
        return Rules.error(source, record + 1, record, names[col], value, rule, what);
    }
}
