package io.personalizekit.benchmarks.csv;

import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.personalizekit.internal.csv.IdHashLog;
import io.personalizekit.schema.BoundField;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.FieldType;
import io.personalizekit.schema.SchemaField;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.util.Collection;
import java.util.List;

/**
 * The measured alternative to personalize-kit's hand-written encoder: the same bound records and the same checks as
 * {@code DatasetCsvWriter} (required values, id length, categorical values: empty, {@code |}, length; string length;
 * line breaks; millisecond and future timestamps; finite numbers; duplicate ids through the same {@link IdHashLog};
 * the time range of the profile), but the output encoded by Jackson's streaming {@link CsvGenerator} with the
 * service's backslash escape ({@code setEscapeChar('\\')} plus {@code ESCAPE_QUOTE_CHAR_WITH_ESCAPE_CHAR}) and
 * {@code STRICT_CHECK_FOR_QUOTING} (else Jackson quotes every string longer than 24 characters). A generator cannot
 * take back half a row, so a record is checked whole into typed slots before it is handed over; each string is
 * therefore scanned twice, once by the checks and once by Jackson's quoting decision. Covers the field kinds the
 * benchmark's Items schema uses (string ids and strings, categorical collections, longs and timestamps). Not thread-safe.
 *
 * @param <T> the record type
 */
final class JacksonCheckedCsvWriter<T> implements BoundField.ValueSink {
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private final BoundField<T>[] fields;
    private final boolean[] nullable;
    private final boolean[] id;
    private final boolean[] timestamp;
    private final CsvGenerator g;
    private final long maxTimestamp;
    private final int uniqueColumn;
    private final IdHashLog ids = new IdHashLog();
    private final String[] strings;
    private final long[] longs;
    private final byte[] kinds; // 0 null, 1 string, 2 long, 3 joined chars
    private final char[][] joined;
    private final int[] joinedLength;
    private char[] scratch = new char[256];
    private int col;
    private long record;
    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;

    @SuppressWarnings("unchecked")
    JacksonCheckedCsvWriter(BoundSchema<T> schema, CsvFactory factory, Writer sink, Clock clock) {
        List<BoundField<T>> list = schema.fields();
        int n = list.size();
        this.fields = list.toArray(new BoundField[0]);
        this.nullable = new boolean[n];
        this.id = new boolean[n];
        this.timestamp = new boolean[n];
        this.strings = new String[n];
        this.longs = new long[n];
        this.kinds = new byte[n];
        this.joined = new char[n][64];
        this.joinedLength = new int[n];
        CsvSchema.Builder cs = CsvSchema.builder();
        for (int i = 0; i < n; i++) {
            SchemaField f = list.get(i).field();
            nullable[i] = f.nullable();
            id[i] = f.name().equals("ITEM_ID")
                    || f.name().equals("USER_ID")
                    || f.name().equals("ACTION_ID");
            timestamp[i] = f.name().endsWith("TIMESTAMP");
            cs.addColumn(
                    f.name(), f.type() == FieldType.STRING ? CsvSchema.ColumnType.STRING : CsvSchema.ColumnType.NUMBER);
        }
        this.uniqueColumn = schema.schema().indexOf("ITEM_ID");
        this.maxTimestamp = clock.instant().getEpochSecond() + 86_400;
        try {
            this.g = factory.createGenerator(sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        g.setSchema(
                cs.setUseHeader(true).setEscapeChar('\\').setLineSeparator("\n").build());
        g.enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
        g.enable(CsvGenerator.Feature.ESCAPE_QUOTE_CHAR_WITH_ESCAPE_CHAR);
    }

    /** Checks one record whole, then hands it to the generator. */
    void write(T r) {
        record++;
        for (int i = 0; i < fields.length; i++) {
            col = i;
            fields[i].accept(r, this);
        }
        try {
            g.writeStartArray();
            for (int i = 0; i < fields.length; i++) {
                switch (kinds[i]) {
                    case 1:
                        g.writeString(strings[i]);
                        break;
                    case 2:
                        g.writeNumber(longs[i]);
                        break;
                    case 3:
                        g.writeString(joined[i], 0, joinedLength[i]);
                        break;
                    default:
                        g.writeNull();
                }
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks the ids for duplicates, as {@code commit()} does, and flushes. */
    void commit() {
        if (!ids.repeats().isEmpty()) {
            throw new IllegalStateException("duplicate id");
        }
        try {
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long timeRange() {
        return maxTime - minTime;
    }

    private IllegalArgumentException fail(String rule) {
        return new IllegalArgumentException("record " + record + ", column " + col + ": " + rule);
    }

    @Override
    public void onNull() {
        if (!nullable[col]) {
            throw fail("required");
        }
        kinds[col] = 0;
    }

    @Override
    public void onString(CharSequence value) {
        String s = value.toString();
        int len = s.length();
        if (len == 0) {
            onNull();
            return;
        }
        if (len > (id[col] ? 256 : 1000)) {
            throw fail(id[col] ? "id-length" : "string-length");
        }
        if (scratch.length < len) {
            scratch = new char[Math.max(len, scratch.length * 2)];
        }
        char[] b = scratch;
        s.getChars(0, len, b, 0);
        for (int k = 0; k < len; k++) {
            char c = b[k];
            if (c == '\n' || c == '\r') {
                throw fail("newline");
            }
        }
        if (col == uniqueColumn) {
            ids.add(IdHashLog.hash(b, 0, len));
        }
        strings[col] = s;
        kinds[col] = 1;
    }

    @Override
    public void onStrings(Collection<String> values) {
        if (values.isEmpty()) {
            onNull();
            return;
        }
        char[] out = joined[col];
        int n = 0;
        boolean first = true;
        for (String s : values) {
            int len = s.length();
            if (len == 0) {
                throw fail("categorical-empty");
            }
            if (out.length < n + len + 1) {
                out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, n + len + 1));
                joined[col] = out;
            }
            if (!first) {
                out[n++] = '|';
            }
            first = false;
            s.getChars(0, len, out, n);
            for (int k = n, end = n + len; k < end; k++) {
                char c = out[k];
                if (c == '|' || c == '\n' || c == '\r') {
                    throw fail(c == '|' ? "categorical-separator" : "newline");
                }
            }
            n += len;
        }
        if (n > 1000) {
            throw fail("categorical-length");
        }
        joinedLength[col] = n;
        kinds[col] = 3;
    }

    @Override
    public void onInt(int value) {
        onLong(value);
    }

    @Override
    public void onLong(long value) {
        if (timestamp[col]) {
            if (value > MILLIS_THRESHOLD) {
                throw fail("timestamp-millis");
            }
            if (value > maxTimestamp) {
                throw fail("timestamp-future");
            }
            if (value < minTime) {
                minTime = value;
            }
            if (value > maxTime) {
                maxTime = value;
            }
        }
        longs[col] = value;
        kinds[col] = 2;
    }

    @Override
    public void onFloat(float value) {
        throw new UnsupportedOperationException("not used by the benchmark's schema");
    }

    @Override
    public void onDouble(double value) {
        throw new UnsupportedOperationException("not used by the benchmark's schema");
    }

    @Override
    public void onBoolean(boolean value) {
        throw new UnsupportedOperationException("not used by the benchmark's schema");
    }
}
