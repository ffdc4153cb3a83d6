package io.personalizekit.local.internal.data;

import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.FieldType;
import io.personalizekit.schema.SchemaField;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Imports dataset CSV files in Amazon Personalize's dialect into {@link DatasetData}.
 *
 * <p>The dialect: a header row naming schema fields (every non-nullable schema field must be present; nullable
 * ones may be left out; columns not in the schema are ignored), comma-separated values, values optionally wrapped
 * in double quotes, with {@code \"} and {@code \\} as escapes inside quotes ({@code ""} is accepted too), an empty
 * value means null (allowed only for nullable fields), {@code |} separates the values of a multi-value
 * categorical, booleans are lower-case {@code true}/{@code false} and timestamps are epoch seconds. A UTF-8 byte
 * order mark and CRLF line ends are accepted. All files of one import must have the same header.
 *
 * <p>Failures are reported as {@link ImportOutcome#failed} with a reason worded like the service's
 * {@code failureReason}, for example {@code Input CSV is missing the following columns:[TIMESTAMP].}; an
 * interactions import must hold at least {@value #MIN_INTERACTIONS_PER_IMPORT} records.
 *
 * <p>The parser works on bytes and interns ids straight from the byte buffer, so an interactions import does
 * not create a {@code String} per row. (It could be replaced by personalize-core's {@code DatasetCsvReader} once
 * that reader offers the same speed.) Stateless and thread-safe.
 */
public final class CsvImporter {
    /** The minimum number of records an interactions import job must contain. */
    public static final int MIN_INTERACTIONS_PER_IMPORT = 1000;

    static final int MAX_ID_LENGTH = 256;
    static final int MAX_CATEGORICAL_LENGTH = 1000;
    static final int MAX_STRING_LENGTH = 1000;
    static final int MAX_TEXTUAL_LENGTH = 20_000;

    /** Creates an importer; prefer {@link #create()}. */
    public CsvImporter() {}

    /**
     * Creates an importer.
     *
     * @return the importer
     */
    public static CsvImporter create() {
        return new CsvImporter();
    }

    /**
     * Imports CSV files.
     *
     * @param schema the dataset's schema
     * @param csvFiles the content of each CSV file at the data location, in order
     * @return the data, or the failure reason
     */
    public ImportOutcome importCsv(DatasetSchema schema, List<byte[]> csvFiles) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(csvFiles, "csvFiles");
        if (csvFiles.isEmpty()) {
            return ImportOutcome.failed("No CSV files were found at the data location.");
        }
        try {
            return schema.datasetType() == DatasetType.INTERACTIONS
                    ? importInteractions(schema, csvFiles)
                    : importRecords(schema, csvFiles);
        } catch (ImportFailure f) {
            return ImportOutcome.failed(f.getMessage());
        }
    }

    // --------------------------------------------------------------------------------------- interactions

    private ImportOutcome importInteractions(DatasetSchema schema, List<byte[]> files) {
        ByteInterner userIds = new ByteInterner();
        ByteInterner itemIds = new ByteInterner();
        ByteInterner eventTypeIds = new ByteInterner();
        boolean hasEventType = schema.indexOf("EVENT_TYPE") >= 0;
        boolean hasEventValue = schema.indexOf("EVENT_VALUE") >= 0;
        ByteInterner impressionIds = new ByteInterner();
        boolean hasImpression = schema.indexOf("IMPRESSION") >= 0;
        int estimate = 1024;
        for (byte[] f : files) {
            estimate += f.length / 24;
        }
        int[] users = new int[estimate];
        int[] items = new int[estimate];
        long[] timestamps = new long[estimate];
        int @Nullable [] eventTypes = hasEventType ? new int[estimate] : null;
        float @Nullable [] eventValues = hasEventValue ? new float[estimate] : null;
        int @Nullable [] impressions = hasImpression ? new int[estimate] : null;
        int n = 0;
        @Nullable List<String> firstHeader = null;
        for (int fileNo = 0; fileNo < files.size(); fileNo++) {
            CsvCursor c = new CsvCursor(files.get(fileNo), files.size() > 1 ? fileNo + 1 : 0);
            Header h = readHeader(c, schema);
            firstHeader = checkSameHeader(firstHeader, h.names, c);
            int userCol = h.columnOf("USER_ID");
            int itemCol = h.columnOf("ITEM_ID");
            int tsCol = h.columnOf("TIMESTAMP");
            int etCol = h.columnOf("EVENT_TYPE");
            int evCol = h.columnOf("EVENT_VALUE");
            int imCol = h.columnOf("IMPRESSION");
            while (c.next()) {
                if (c.isBlankLine()) {
                    continue;
                }
                h.checkWidth(c);
                if (n == users.length) {
                    int cap = users.length * 2;
                    users = Arrays.copyOf(users, cap);
                    items = Arrays.copyOf(items, cap);
                    timestamps = Arrays.copyOf(timestamps, cap);
                    if (eventTypes != null) {
                        eventTypes = Arrays.copyOf(eventTypes, cap);
                    }
                    if (eventValues != null) {
                        eventValues = Arrays.copyOf(eventValues, cap);
                    }
                    if (impressions != null) {
                        impressions = Arrays.copyOf(impressions, cap);
                    }
                }
                users[n] = internId(c, userCol, "USER_ID", userIds);
                items[n] = internId(c, itemCol, "ITEM_ID", itemIds);
                timestamps[n] = parseLong(c, tsCol, "TIMESTAMP");
                if (eventTypes != null) {
                    if (etCol < 0 || c.length(etCol) == 0) {
                        requireNullable(h, c, etCol, "EVENT_TYPE");
                        eventTypes[n] = -1;
                    } else {
                        checkLength(c, etCol, "EVENT_TYPE", MAX_STRING_LENGTH);
                        eventTypes[n] = eventTypeIds.intern(c.bytes(etCol), c.start(etCol), c.end(etCol));
                    }
                }
                if (eventValues != null) {
                    if (evCol < 0 || c.length(evCol) == 0) {
                        requireNullable(h, c, evCol, "EVENT_VALUE");
                        eventValues[n] = Float.NaN;
                    } else {
                        eventValues[n] = (float) parseDouble(c, evCol, "EVENT_VALUE");
                    }
                }
                for (int col : h.otherColumns) {
                    validate(h, c, col);
                }
                if (impressions != null) {
                    impressions[n] = imCol < 0 || c.length(imCol) == 0
                            ? -1
                            : impressionIds.intern(c.bytes(imCol), c.start(imCol), c.end(imCol));
                }
                n++;
            }
        }
        if (n < MIN_INTERACTIONS_PER_IMPORT) {
            return ImportOutcome.failed("The interactions data contains " + n + " records, fewer than the minimum of "
                    + MIN_INTERACTIONS_PER_IMPORT + ". Import at least " + MIN_INTERACTIONS_PER_IMPORT
                    + " interactions records in a dataset import job.");
        }
        DatasetData data = DatasetData.ofInteractions(
                schema,
                userIds.strings(),
                itemIds.strings(),
                hasEventType ? eventTypeIds.strings() : null,
                users,
                items,
                timestamps,
                eventTypes,
                eventValues,
                n);
        if (impressions != null) {
            data.adoptImpressions(impressionIds.strings(), impressions);
        }
        return ImportOutcome.ok(data);
    }

    private static int internId(CsvCursor c, int col, String name, ByteInterner ids) {
        int len = c.length(col);
        if (len == 0) {
            throw c.fail("Invalid value at " + c.where() + " for column " + name
                    + ": the value is empty, but the column is not nullable.");
        }
        if (len > MAX_ID_LENGTH) {
            checkLength(c, col, name, MAX_ID_LENGTH);
        }
        return ids.intern(c.bytes(col), c.start(col), c.end(col));
    }

    // ------------------------------------------------------------------------------------- items and users

    private ImportOutcome importRecords(DatasetSchema schema, List<byte[]> files) {
        String idField = schema.datasetType() == DatasetType.ITEMS
                ? "ITEM_ID"
                : schema.datasetType() == DatasetType.USERS ? "USER_ID" : "ACTION_ID";
        LinkedHashMap<String, Map<String, String>> records = new LinkedHashMap<>();
        @Nullable List<String> firstHeader = null;
        for (int fileNo = 0; fileNo < files.size(); fileNo++) {
            CsvCursor c = new CsvCursor(files.get(fileNo), files.size() > 1 ? fileNo + 1 : 0);
            Header h = readHeader(c, schema);
            firstHeader = checkSameHeader(firstHeader, h.names, c);
            int idCol = h.columnOf(idField);
            while (c.next()) {
                if (c.isBlankLine()) {
                    continue;
                }
                h.checkWidth(c);
                String id = c.string(idCol);
                if (id.isEmpty()) {
                    throw c.fail("Invalid value at " + c.where() + " for column " + idField
                            + ": the value is empty, but the column is not nullable.");
                }
                checkLength(c, idCol, idField, MAX_ID_LENGTH);
                Map<String, String> record = new LinkedHashMap<>();
                for (int col = 0; col < h.fields.length; col++) {
                    SchemaField f = h.fields[col];
                    if (f == null) {
                        continue;
                    }
                    if (col != idCol) {
                        validate(h, c, col);
                    }
                    if (c.length(col) > 0) {
                        String v = c.string(col);
                        if (f.textual() && v.length() > MAX_TEXTUAL_LENGTH) {
                            v = v.substring(0, MAX_TEXTUAL_LENGTH); // the service truncates, not rejects
                        }
                        record.put(f.name(), v);
                    }
                }
                records.put(id, java.util.Collections.unmodifiableMap(record));
            }
        }
        return ImportOutcome.ok(DatasetData.ofRecords(schema, records));
    }

    // ------------------------------------------------------------------------------------------ validation

    private static Header readHeader(CsvCursor c, DatasetSchema schema) {
        c.skipBom();
        if (!c.next() || c.isBlankLine()) {
            throw c.fail("Input CSV is empty: the first row must be a header with the column names.");
        }
        int width = c.count();
        List<String> names = new ArrayList<>(width);
        @Nullable SchemaField[] fields = new SchemaField[width];
        for (int i = 0; i < width; i++) {
            String name = c.string(i).trim();
            if (names.contains(name)) {
                throw c.fail("Input CSV has a duplicate column: " + name + ".");
            }
            names.add(name);
            fields[i] = schema.field(name).orElse(null);
        }
        List<String> missing = new ArrayList<>();
        for (SchemaField f : schema.fields()) {
            if (!f.nullable() && !names.contains(f.name())) {
                missing.add(f.name());
            }
        }
        if (!missing.isEmpty()) {
            throw c.fail("Input CSV is missing the following columns:" + missing + ".");
        }
        return new Header(names, fields);
    }

    private static List<String> checkSameHeader(@Nullable List<String> first, List<String> names, CsvCursor c) {
        if (first == null) {
            return names;
        }
        if (!first.equals(names)) {
            throw c.fail("All CSV files in the data location must have the same header. Expected " + first
                    + " but file " + c.fileNo + " has " + names + ".");
        }
        return first;
    }

    private static void requireNullable(Header h, CsvCursor c, int col, String name) {
        if (col >= 0 && h.fields[col] != null && !h.fields[col].nullable()) {
            throw c.fail("Invalid value at " + c.where() + " for column " + name
                    + ": the value is empty, but the column is not nullable.");
        }
    }

    private static void validate(Header h, CsvCursor c, int col) {
        SchemaField f = h.fields[col];
        if (f == null) {
            return;
        }
        if (c.length(col) == 0) {
            requireNullable(h, c, col, f.name());
            return;
        }
        switch (f.type()) {
            case INT -> {
                long v = parseLong(c, col, f.name());
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw badType(c, col, f);
                }
            }
            case LONG -> parseLong(c, col, f.name());
            case FLOAT, DOUBLE -> parseDouble(c, col, f.name());
            case BOOLEAN -> {
                String v = c.string(col);
                if (!v.equals("true") && !v.equals("false")) {
                    throw c.fail("Invalid value '" + shorten(v) + "' at " + c.where() + " for column " + f.name()
                            + ": expected a boolean (lower-case true or false).");
                }
            }
            case STRING -> {
                if (f.textual()) {
                    return;
                }
                checkLength(c, col, f.name(), f.categorical() ? MAX_CATEGORICAL_LENGTH : MAX_STRING_LENGTH);
            }
        }
    }

    private static void checkLength(CsvCursor c, int col, String name, int max) {
        if (c.length(col) <= max) {
            return; // UTF-8 never has fewer bytes than characters
        }
        if (c.string(col).length() > max) {
            throw c.fail(
                    "Length cannot be more than " + max + " characters for " + name + ". Check " + c.where() + ".");
        }
    }

    private static long parseLong(CsvCursor c, int col, String name) {
        byte[] b = c.bytes(col);
        int s = c.start(col);
        int e = c.end(col);
        if (s == e) {
            throw c.fail("Invalid value at " + c.where() + " for column " + name
                    + ": the value is empty, but the column is not nullable.");
        }
        boolean neg = b[s] == '-';
        int i = neg ? s + 1 : s;
        if (i == e || e - i > 18) {
            return slowParseLong(c, col, name);
        }
        long v = 0;
        for (; i < e; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return slowParseLong(c, col, name);
            }
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }

    private static long slowParseLong(CsvCursor c, int col, String name) {
        String v = c.string(col).trim();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException ex) {
            throw c.fail("Invalid value '" + shorten(v) + "' at " + c.where() + " for column " + name
                    + ": expected a long" + (name.contains("TIMESTAMP") ? " (epoch seconds)" : "") + ".");
        }
    }

    private static double parseDouble(CsvCursor c, int col, String name) {
        String v = c.string(col).trim();
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d)
                    || Double.isInfinite(d)
                    || v.endsWith("d")
                    || v.endsWith("f")
                    || v.endsWith("D")
                    || v.endsWith("F")) {
                throw new NumberFormatException(v);
            }
            return d;
        } catch (NumberFormatException ex) {
            throw c.fail("Invalid value '" + shorten(v) + "' at " + c.where() + " for column " + name
                    + ": expected a number.");
        }
    }

    private static ImportFailure badType(CsvCursor c, int col, SchemaField f) {
        return c.fail("Invalid value '" + shorten(c.string(col)) + "' at " + c.where() + " for column " + f.name()
                + ": expected "
                + (f.type() == FieldType.INT ? "an int" : "a " + f.type().avroName()) + ".");
    }

    private static String shorten(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "..." : v;
    }

    // ----------------------------------------------------------------------------------------------- parts

    /** The header of one file: column names and the schema field of each column (null when not in the schema). */
    private static final class Header {
        final List<String> names;
        final @Nullable SchemaField[] fields;
        final int[] otherColumns;

        Header(List<String> names, @Nullable SchemaField[] fields) {
            this.names = names;
            this.fields = fields;
            List<Integer> others = new ArrayList<>();
            for (int i = 0; i < fields.length; i++) {
                if (fields[i] != null
                        && !List.of("USER_ID", "ITEM_ID", "TIMESTAMP", "EVENT_TYPE", "EVENT_VALUE")
                                .contains(fields[i].name())) {
                    others.add(i);
                }
            }
            this.otherColumns = others.stream().mapToInt(Integer::intValue).toArray();
        }

        int columnOf(String name) {
            return names.indexOf(name);
        }

        void checkWidth(CsvCursor c) {
            if (c.count() != fields.length) {
                throw c.fail("Failed to parse " + c.where() + " of the input CSV: it has " + c.count()
                        + " values, but the header has " + fields.length + " columns.");
            }
        }
    }

    /** Thrown inside the importer to stop at the first bad record; turned into a failed outcome. */
    static final class ImportFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ImportFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A cursor over the records of one CSV file. Each field is a byte range either in the file buffer (plain
     * values) or in a scratch buffer (quoted values, unescaped).
     */
    static final class CsvCursor {
        private final byte[] buf;
        final int fileNo;
        private int pos;
        private int line;
        private int count;
        private byte @Nullable [][] src = new byte[8][];
        private int[] starts = new int[8];
        private int[] ends = new int[8];
        private byte[] scratch = new byte[256];
        private int scratchLen;

        CsvCursor(byte[] buf, int fileNo) {
            this.buf = buf;
            this.fileNo = fileNo;
        }

        void skipBom() {
            if (buf.length >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
                pos = 3;
            }
        }

        /** Reads the next record; false at the end of the file. */
        boolean next() {
            if (pos >= buf.length) {
                return false;
            }
            line++;
            count = 0;
            scratchLen = 0;
            final byte[] b = buf;
            final int len = b.length;
            while (true) {
                if (count == starts.length) {
                    grow();
                }
                if (pos < len && b[pos] == '"') {
                    int startLine = line;
                    pos++;
                    int s = scratchLen;
                    while (true) {
                        if (pos >= len) {
                            line = startLine;
                            throw fail("Failed to parse " + where() + " of the input CSV: a quoted value is not"
                                    + " closed.");
                        }
                        byte x = b[pos];
                        if (x == '\\' && pos + 1 < len && (b[pos + 1] == '"' || b[pos + 1] == '\\')) {
                            append(b[pos + 1]);
                            pos += 2;
                        } else if (x == '"') {
                            if (pos + 1 < len && b[pos + 1] == '"') {
                                append((byte) '"');
                                pos += 2;
                            } else {
                                pos++;
                                break;
                            }
                        } else {
                            if (x == '\n') {
                                line++;
                            }
                            append(x);
                            pos++;
                        }
                    }
                    if (pos < len && b[pos] != ',' && b[pos] != '\n' && b[pos] != '\r') {
                        throw fail("Failed to parse " + where() + " of the input CSV: unexpected character after a"
                                + " closing quote (escape quotes inside values as \\\").");
                    }
                    src[count] = null; // scratch; resolved in bytes()
                    starts[count] = s;
                    ends[count] = scratchLen;
                } else {
                    int s = pos;
                    while (pos < len) {
                        byte x = b[pos];
                        if (x == ',' || x == '\n' || x == '\r') {
                            break;
                        }
                        pos++;
                    }
                    src[count] = b;
                    starts[count] = s;
                    ends[count] = pos;
                }
                count++;
                if (pos >= len) {
                    return true;
                }
                byte x = b[pos];
                if (x == ',') {
                    pos++;
                    continue;
                }
                if (x == '\r') {
                    pos++;
                }
                if (pos < len && b[pos] == '\n') {
                    pos++;
                }
                return true;
            }
        }

        private void append(byte x) {
            if (scratchLen == scratch.length) {
                scratch = Arrays.copyOf(scratch, scratch.length * 2);
            }
            scratch[scratchLen++] = x;
        }

        private void grow() {
            int n = starts.length * 2;
            src = Arrays.copyOf(src, n);
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
        }

        boolean isBlankLine() {
            return count == 1 && src[0] != null && starts[0] == ends[0];
        }

        int count() {
            return count;
        }

        byte[] bytes(int i) {
            byte[] s = src[i];
            return s == null ? scratch : s;
        }

        int start(int i) {
            return starts[i];
        }

        int end(int i) {
            return ends[i];
        }

        int length(int i) {
            return i < 0 || i >= count ? 0 : ends[i] - starts[i];
        }

        String string(int i) {
            if (i < 0 || i >= count) {
                return "";
            }
            return new String(bytes(i), starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
        }

        String where() {
            return fileNo > 0 ? "line " + line + " of file " + fileNo : "line " + line;
        }

        ImportFailure fail(String message) {
            return new ImportFailure(message);
        }
    }

    /** Interns byte ranges to dense int ids without creating a String per lookup. */
    static final class ByteInterner {
        private int[] table = new int[1 << 12];
        private byte[] pool = new byte[1 << 14];
        private int poolLen;
        private int[] offsets = new int[1 << 10];
        private int[] lengths = new int[1 << 10];
        private int[] hashes = new int[1 << 10];
        private int count;

        int intern(byte[] b, int s, int e) {
            int h = 1;
            for (int i = s; i < e; i++) {
                h = 31 * h + b[i];
            }
            h ^= h >>> 16;
            h *= 0x9E3779B9;
            int mask = table.length - 1;
            int slot = h & mask;
            int len = e - s;
            while (true) {
                int v = table[slot];
                if (v == 0) {
                    return insert(b, s, len, h, slot);
                }
                int idx = v - 1;
                if (hashes[idx] == h
                        && lengths[idx] == len
                        && Arrays.equals(pool, offsets[idx], offsets[idx] + len, b, s, e)) {
                    return idx;
                }
                slot = (slot + 1) & mask;
            }
        }

        private int insert(byte[] b, int s, int len, int h, int slot) {
            int idx = count++;
            if (idx == offsets.length) {
                int n = offsets.length * 2;
                offsets = Arrays.copyOf(offsets, n);
                lengths = Arrays.copyOf(lengths, n);
                hashes = Arrays.copyOf(hashes, n);
            }
            if (poolLen + len > pool.length) {
                pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolLen + len));
            }
            System.arraycopy(b, s, pool, poolLen, len);
            offsets[idx] = poolLen;
            lengths[idx] = len;
            hashes[idx] = h;
            poolLen += len;
            table[slot] = idx + 1;
            if (count * 2 > table.length) {
                rehash();
            }
            return idx;
        }

        private void rehash() {
            int[] t = new int[table.length * 2];
            int mask = t.length - 1;
            for (int i = 0; i < count; i++) {
                int slot = hashes[i] & mask;
                while (t[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                t[slot] = i + 1;
            }
            table = t;
        }

        int size() {
            return count;
        }

        String[] strings() {
            String[] out = new String[count];
            for (int i = 0; i < count; i++) {
                out[i] = new String(pool, offsets[i], lengths[i], StandardCharsets.UTF_8);
            }
            return out;
        }
    }
}
