package io.personalizekit.csv;

import io.personalizekit.exception.CsvReadException;
import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.exception.CsvWriteException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaField;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a dataset CSV in Amazon Personalize's bulk-import dialect, driven by a {@link DatasetSchema}: the header is
 * the schema's field names and every row is given in the schema's field order, so schema and file cannot drift.
 *
 * <pre>{@code
 * try (DatasetCsvWriter w = DatasetCsvWriter.builder().schema(interactions).path(Path.of("interactions.csv")).build()) {
 *     w.writeRow("35", "2", Instant.ofEpochSecond(1586731606));
 *     w.commit(); // publishes interactions.csv; without it, close() discards the rows
 * }
 * }</pre>
 *
 * <p><b>Values by field type</b> ({@code null} writes an empty cell, which the service reads as null):
 *
 * <ul>
 *   <li>string: a {@link CharSequence} (or a number, {@link UUID}, enum or character, written with {@code
 *       toString()}); an empty string is an empty cell, like null. Textual fields are always written in double
 *       quotes, other strings only when they hold {@code ,}, {@code "} or {@code \}; inside quotes {@code "} and
 *       {@code \} are escaped with a backslash.
 *   <li>categorical string: one value as a {@link CharSequence}, or several as a {@link Collection} or array,
 *       joined with {@code |}.
 *   <li>int, long: {@link Integer}, {@link Long}, {@link Short} or {@link Byte}; a long field also takes an
 *       {@link Instant}, written as epoch seconds.
 *   <li>float, double: any {@link Number}; boolean: {@link Boolean}, written {@code true}/{@code false}.
 * </ul>
 *
 * <p><b>Checks on every row</b>; a failing row throws {@link CsvValidationException} naming the source, row,
 * field, value (truncated to 60 characters) and the limit, and nothing of that row is written:
 *
 * <ul>
 *   <li>{@code required}: a non-nullable field has a value;
 *   <li>{@code id-length}: USER_ID, ITEM_ID and ACTION_ID at most 256 characters;
 *   <li>{@code categorical-length}: a categorical cell at most 1000 characters including the {@code |}
 *       separators; {@code categorical-separator}: no {@code |} inside one value; {@code categorical-empty}: no
 *       empty value in a list (an empty cell is written for an empty list);
 *   <li>{@code string-length}: other non-textual strings at most 1000 characters (textual values are truncated by
 *       the service, not rejected);
 *   <li>{@code newline}: no line break in any value (one record per line);
 *   <li>{@code timestamp-millis}: TIMESTAMP, CREATION_TIMESTAMP and EXPIRATION_TIMESTAMP above 10<sup>11</sup>
 *       look like epoch milliseconds (every millisecond value after 1973 is above it; as seconds it would be the
 *       year 5138); {@code timestamp-future}: later than now plus {@link Builder#futureTolerance(Duration)}
 *       (default 1 day), with "now" read once from the {@link Builder#clock(Clock)} when the writer is built;
 *   <li>{@code not-finite}: float and double values are finite; {@code type}: the Java type fits the field;
 * </ul>
 *
 * <p><b>Duplicate ids</b> ({@code duplicate-id}): ITEM_ID (items), USER_ID (users) and ACTION_ID (actions) must be
 * unique within the file (see {@link Builder#checkDuplicateIds(boolean)}, on by default). For speed this check runs
 * when the writer commits, not per row: each row only appends the 64-bit hash of its id to an array, and {@link
 * #commit()} (or {@link #profile()}) groups a copy of the hashes by their top bits and checks each group in a small
 * set that fits the CPU cache (two sequential passes and in-cache lookups; with hashing, 15-35 ns per row in ItemWriteBenchmark). So {@code writeRow}
 * never reports a duplicate; {@link #commit()} throws {@link CsvValidationException} naming the source, the first
 * row that repeats an earlier id, the field, the row of the earlier occurrence and the rule, and publishes nothing.
 * For a {@link Path} target the file is then not created (its temporary file is deleted); two equal hashes are
 * confirmed by reading the temporary file back, so a hash collision is never reported and the message shows the
 * value. A {@link Writer} or {@link OutputStream} target cannot be read back: the message then omits the value, and
 * two distinct ids sharing a 64-bit hash (probability about n&sup2;/2<sup>65</sup> for n rows, 3&times;10<sup>-8</sup>
 * for a million) would be reported as a duplicate.
 *
 * <p><b>Output and failure: nothing is published without {@link #commit()}</b>. To a {@link Path} the rows go to a
 * temporary sibling file that {@code commit()} moves into place, so the target appears complete or not at all. A
 * {@link #close()} without a successful {@code commit()} (an exception in the writing code, a rejected row, a
 * forgotten {@code commit()}) deletes the temporary file, so a try-with-resources block publishes the file only when
 * it reached its {@code commit()}; when rows were written and the writer had not failed, {@code close()} logs a
 * warning that they were discarded. After a row is rejected or an I/O error occurs the writer is failed: further
 * writes and {@code commit()} throw {@link IllegalStateException}. A {@link Writer} or {@link OutputStream} given to
 * the builder is borrowed, never closed: {@code commit()} writes the last rows and flushes it; rows are handed to it
 * in 60 KiB pieces as they are written, so without {@code commit()} it holds the pieces handed over so far (never the
 * rest), and it is the caller's to discard.
 *
 * <p>Memory: one growable row buffer; for the duplicate check 8 bytes per row (the id hashes, kept in 256 KiB chunks,
 * so growing copies nothing; 16 bytes per row while {@code commit()} groups its copy); for an interactions
 * dataset's {@link DatasetProfile}, 8 bytes per table slot of distinct users and items (see {@link
 * DatasetProfile}). A million items thus take 8 MiB of hashes. Not thread-safe.
 */
public final class DatasetCsvWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatasetCsvWriter.class);
    private static final int BUFFER = 1 << 16;
    private static final int FLUSH_AT = BUFFER - 4096;
    private static final int MAX_STAGED = 4096;
    /** Characters that need a closer look in a value: quoting triggers, line breaks and the '|' separator. */
    private static final boolean[] SPECIAL = new boolean['|' + 1];

    private static final char[] TENS = new char[100];
    private static final char[] ONES = new char[100];

    static {
        for (char c : new char[] {',', '"', '\\', '|', '\n', '\r'}) {
            SPECIAL[c] = true;
        }
        for (int d = 0; d < 100; d++) {
            TENS[d] = (char) ('0' + d / 10);
            ONES[d] = (char) ('0' + d % 10);
        }
    }

    private final DatasetSchema schema;
    private final String source;
    private final ColumnKind[] kinds;
    private final String[] names;
    private final boolean[] nullable;
    private final int columns;
    private final long maxTimestamp;
    private final Writer out;
    private final boolean ownsOut;
    private final @Nullable Path target;
    private final @Nullable Path temp;
    private final ProfileAccumulator profile;
    private final @Nullable String uniqueField;
    private final int userIndex;
    private final int itemIndex;
    private final int timeIndex;
    /** Items, users and actions: rows are counted directly, not staged. */
    private final boolean countOnly;
    /** Whether the unique id is USER_ID (else ITEM_ID or ACTION_ID). */
    private final boolean uniqueUser;
    /** The hashes of the unique ids, checked for duplicates by {@link #checkDuplicates()}; null when off. */
    private final @Nullable IdHashLog idLog;

    private char[] buf = new char[BUFFER];
    private int n;
    private long row;
    private long rowsWritten;
    private boolean failed;
    private boolean ioFailed;
    private boolean aborted;
    private boolean closed;
    private boolean committed;
    private @Nullable String rowUser;
    private @Nullable String rowItem;
    private long rowTime;
    private boolean rowHasTime;
    private @Nullable Class<?> randomAccessList;
    private @Nullable Class<?> randomAccessList2;

    private DatasetCsvWriter(Builder b, DatasetSchema schema) throws IOException {
        this.schema = schema;
        List<SchemaField> fields = schema.fields();
        this.columns = fields.size();
        this.kinds = new ColumnKind[columns];
        this.names = new String[columns];
        this.nullable = new boolean[columns];
        for (int i = 0; i < columns; i++) {
            SchemaField f = fields.get(i);
            names[i] = f.name();
            nullable[i] = f.nullable();
            kinds[i] = ColumnKind.of(f);
        }
        Clock clock = b.clock;
        this.maxTimestamp = satAdd(clock.instant().getEpochSecond(), b.futureTolerance.getSeconds());
        this.profile = new ProfileAccumulator(schema, b.checkDuplicateIds, true);
        this.uniqueField = profile.uniqueField();
        this.userIndex = profile.userIndex;
        this.itemIndex = profile.itemIndex;
        this.timeIndex = profile.timeIndex;
        this.countOnly = profile.countsRowsOnly();
        this.uniqueUser = schema.datasetType() == DatasetType.USERS;
        this.idLog = b.checkDuplicateIds && uniqueField != null ? new IdHashLog() : null;
        if (b.path != null) {
            Path abs = b.path.toAbsolutePath();
            Path dir = Objects.requireNonNull(abs.getParent(), "path has no parent directory");
            Path name = Objects.requireNonNull(abs.getFileName(), "path has no file name");
            this.target = abs;
            this.temp = Files.createTempFile(dir, "." + name + ".", ".tmp");
            this.source = b.sourceName != null ? b.sourceName : name.toString();
            OutputStream os;
            try {
                os = Files.newOutputStream(temp);
            } catch (IOException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            this.out = new OutputStreamWriter(os, StandardCharsets.UTF_8);
            this.ownsOut = true;
        } else if (b.outputStream != null) {
            this.target = null;
            this.temp = null;
            this.source = b.sourceName != null ? b.sourceName : "<stream>";
            this.out = new OutputStreamWriter(b.outputStream, StandardCharsets.UTF_8);
            this.ownsOut = false;
        } else {
            this.target = null;
            this.temp = null;
            this.source = b.sourceName != null ? b.sourceName : "<writer>";
            this.out = Objects.requireNonNull(b.writer);
            this.ownsOut = false;
        }
        for (int i = 0; i < columns; i++) {
            if (i > 0) {
                buf[n++] = ',';
            }
            String h = names[i];
            ensure(h.length() + 2);
            h.getChars(0, h.length(), buf, n);
            n += h.length();
        }
        buf[n++] = '\n';
    }

    private static long satAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /**
     * A builder; set {@link Builder#schema} and exactly one of {@link Builder#path}, {@link Builder#writer} or
     * {@link Builder#outputStream}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The schema that drives the header and column order.
     *
     * @return the schema
     */
    public DatasetSchema schema() {
        return schema;
    }

    /**
     * The number of rows written so far (the header not included; rejected rows not included).
     *
     * @return the row count
     */
    public long rowsWritten() {
        return rowsWritten;
    }

    /**
     * The profile of the rows written so far.
     *
     * @return a snapshot of the profile
     * @throws CsvValidationException when the rows written so far hold a duplicate id (checked here as on {@link
     *     #commit()}, by grouping a copy of all id hashes: linear in the rows written, so do not call this per row); the
     *     writer is then failed
     */
    public DatasetProfile profile() {
        if (!closed && !aborted && !ioFailed) { // a commit() checked them already
            drainStaged();
            checkDuplicates();
        }
        return profile.snapshot();
    }

    /**
     * Checks and writes one row, values in the schema's field order.
     *
     * @param values one value per schema field; see the class javadoc for the accepted types
     * @throws CsvValidationException when a value breaks a rule; nothing of the row is written and the writer is
     *     failed
     * @throws IllegalArgumentException when the number of values differs from the number of schema fields
     * @throws IllegalStateException when the writer is closed or failed
     * @throws CsvWriteException when writing fails
     */
    public void writeRow(@Nullable Object... values) {
        writeValues(values);
    }

    /**
     * Checks and writes one row, values in the schema's field order.
     *
     * @param values one value per schema field; see the class javadoc for the accepted types
     * @throws CsvValidationException when a value breaks a rule; nothing of the row is written and the writer is
     *     failed
     * @throws IllegalArgumentException when the number of values differs from the number of schema fields
     * @throws IllegalStateException when the writer is closed or failed
     * @throws CsvWriteException when writing fails
     */
    public void writeRow(List<?> values) {
        writeValues(values.toArray());
    }

    /** The hot path: encodes the row into the buffer, rolls back on a rule violation. */
    void writeValues(@Nullable Object[] values) {
        if (closed || failed) {
            throw new IllegalStateException(source + ": the writer is "
                    + (closed
                            ? "closed"
                            : "failed (an earlier row was rejected"
                                    + " or writing failed); nothing more can be written"));
        }
        if (values.length != columns) {
            throw new IllegalArgumentException(
                    "Expected " + columns + " values (" + String.join(",", names) + ") but got " + values.length);
        }
        row++;
        int rowStart = n;
        rowUser = null;
        rowItem = null;
        rowHasTime = false;
        try {
            for (int i = 0; i < columns; i++) {
                if (i > 0) {
                    ensure(1);
                    buf[n++] = ',';
                }
                writeValue(i, values[i]);
            }
            ensure(1);
            buf[n++] = '\n';
        } catch (RuntimeException | Error e) { // a rejected value, or a value whose toString() threw
            n = rowStart;
            failed = true;
            throw e;
        }
        if (countOnly) {
            IdHashLog log = idLog;
            if (log != null) {
                log.add(IdHashLog.hash(uniqueUser ? rowUser : rowItem));
            }
            profile.countRow(rowHasTime, rowTime);
            rowsWritten++;
            if (n >= FLUSH_AT) {
                flushBuffer();
            }
            return;
        }
        profile.stage(rowUser, rowItem, rowHasTime, rowTime, row);
        rowsWritten++;
        if (n >= FLUSH_AT || profile.stagedCount() >= MAX_STAGED) {
            drainStaged();
            if (n >= FLUSH_AT) {
                flushBuffer();
            }
        }
    }

    /**
     * Looks for a repeated unique id among the rows written so far ({@link IdHashLog#repeated()}). Only when two hashes
     * match (a duplicate, or a hash collision with probability about n&sup2;/2<sup>65</sup>) does it look closer: for a
     * {@link Path} target it flushes the rows and reads the temporary file back to compare the actual ids, so a
     * collision is never reported and the message shows the value; a {@link Writer} or {@link OutputStream} target
     * cannot be read back, so a hash match is reported as a duplicate without the value. On a duplicate the writer is
     * failed and the exception names the first row that repeats an earlier id.
     */
    private void checkDuplicates() {
        IdHashLog log = idLog;
        if (log == null || failed) {
            return;
        }
        long[] repeated = log.repeated();
        if (repeated.length == 0) {
            return;
        }
        int[] candidates = log.indicesOf(repeated);
        Map<Object, Integer> firstSeen = new HashMap<>();
        if (temp != null) {
            flushBuffer();
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
                ioFailed = true;
                throw new CsvWriteException(source, row, source + ": writing row " + row + " failed: " + e, e);
            }
            int column = uniqueUser ? userIndex : itemIndex;
            try (DatasetCsvReader reader = DatasetCsvReader.builder()
                    .path(temp)
                    .sourceName(source)
                    .maxValueLength(Integer.MAX_VALUE)
                    .build()) {
                long next = 0; // the index of the next record to read
                for (int c : candidates) {
                    CsvRecord r = null;
                    while (next <= c) {
                        r = reader.next();
                        next++;
                    }
                    String id = Objects.requireNonNull(r, "a written row is missing from the file")
                            .get(column);
                    Integer prev = firstSeen.putIfAbsent(id, c);
                    if (prev != null) {
                        throw duplicate(c, prev, id);
                    }
                }
            } catch (CsvReadException e) {
                failed = true;
                ioFailed = true;
                throw new CsvWriteException(
                        source, row, source + ": reading the file back to confirm a duplicate id failed: " + e, e);
            }
            return; // every hash match was a collision of distinct ids
        }
        for (int c : candidates) {
            Integer prev = firstSeen.putIfAbsent(log.hashAt(c), c);
            if (prev != null) {
                throw duplicate(c, prev, null);
            }
        }
    }

    private CsvValidationException duplicate(int index, int firstIndex, @Nullable String id) {
        failed = true;
        long dupRow = index + 1L;
        String f = Objects.requireNonNull(uniqueField);
        return Rules.error(
                source,
                dupRow,
                "row " + dupRow,
                f,
                id,
                Rules.RULE_DUPLICATE_ID,
                f + " must be unique in a " + schema.datasetType().apiName() + " dataset, but this value already"
                        + " appears in row " + (firstIndex + 1L)
                        + (id == null
                                ? " (compared by 64-bit hash; a Writer or OutputStream target is not read back)"
                                : ""));
    }

    /**
     * Counts the staged rows of an interactions dataset (see {@link ProfileAccumulator#drain()}); they have no
     * unique id, so this never finds a duplicate.
     */
    private void drainStaged() {
        if (profile.stagedCount() != 0) {
            profile.drain();
        }
    }

    private void writeValue(int i, @Nullable Object v) {
        if (v == null) {
            if (!nullable[i]) {
                throw required(i);
            }
            return;
        }
        switch (kinds[i]) {
            case ID: {
                String s = asString(i, v);
                if (s.isEmpty()) {
                    throw required(i);
                }
                if (s.length() > Rules.MAX_ID_LENGTH) {
                    throw fail(
                            i,
                            s,
                            Rules.RULE_ID_LENGTH,
                            "is " + s.length() + " characters; ids are limited to " + Rules.MAX_ID_LENGTH);
                }
                if (i == userIndex) {
                    rowUser = s;
                } else if (i == itemIndex) {
                    rowItem = s;
                }
                writeString(i, s, false, false);
                return;
            }
            case STRING:
            case TEXTUAL: {
                String s = asString(i, v);
                if (s.isEmpty()) {
                    if (!nullable[i]) {
                        throw required(i);
                    }
                    return;
                }
                boolean textual = kinds[i] == ColumnKind.TEXTUAL;
                if (!textual && s.length() > Rules.MAX_STRING_LENGTH) {
                    throw fail(
                            i,
                            s,
                            Rules.RULE_STRING_LENGTH,
                            "is " + s.length() + " characters; string values are limited to "
                                    + Rules.MAX_STRING_LENGTH);
                }
                writeString(i, s, textual, false);
                return;
            }
            case CATEGORICAL:
                writeCategorical(i, v);
                return;
            case INT:
            case LONG:
            case TIMESTAMP:
                writeIntegral(i, v);
                return;
            case FLOAT:
            case DOUBLE:
                writeFloating(i, v);
                return;
            case BOOLEAN:
                if (!(v instanceof Boolean)) {
                    throw typeError(i, v, "a Boolean");
                }
                appendAscii((Boolean) v ? "true" : "false");
                return;
            default:
                throw new IllegalStateException(kinds[i].toString());
        }
    }

    private String asString(int i, Object v) {
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof CharSequence
                || v instanceof Number
                || v instanceof UUID
                || v instanceof Enum
                || v instanceof Character) {
            return v.toString();
        }
        throw typeError(i, v, "a CharSequence");
    }

    /**
     * Appends {@code s} (already length-checked); rejects line breaks and, for a categorical part, {@code |}.
     * Quotes when textual or when the value holds a comma, quote or backslash.
     */
    private void writeString(int i, String s, boolean alwaysQuote, boolean categoricalPart) {
        int len = s.length();
        ensure(len);
        char[] b = buf;
        int start = n;
        s.getChars(0, len, b, start);
        boolean needsQuote = alwaysQuote;
        for (int p = start, end = start + len; p < end; p++) {
            char c = b[p];
            if (c <= '|' && SPECIAL[c]) {
                if (c == ',' || c == '"' || c == '\\') {
                    needsQuote = true;
                } else if (c == '\n' || c == '\r') {
                    throw fail(
                            i,
                            s,
                            Rules.RULE_NEWLINE,
                            "contains a line break; Amazon Personalize needs each record on a single line");
                } else if (c == '|' && categoricalPart) {
                    throw fail(
                            i,
                            s,
                            Rules.RULE_CATEGORICAL_SEPARATOR,
                            "contains '|', the separator of categorical values; pass several values as a"
                                    + " list, and no single value may contain '|'");
                }
            }
        }
        if (!needsQuote) {
            n = start + len;
            return;
        }
        ensure(2 * len + 2);
        b = buf;
        int p = start;
        b[p++] = '"';
        for (int k = 0; k < len; k++) {
            char c = s.charAt(k);
            if (c == '"' || c == '\\') {
                b[p++] = '\\';
            }
            b[p++] = c;
        }
        b[p++] = '"';
        n = p;
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

    private void writeCategorical(int i, Object v) {
        Class<?> c = v.getClass();
        if (c == randomAccessList || c == randomAccessList2 || isRandomAccessList(c)) {
            if (writeCategoricalFast(i, (List<?>) v)) {
                return;
            }
        }
        writeCategoricalChecked(i, v);
    }

    /**
     * The common case: a random-access list of plain strings, written straight into the buffer in one pass.
     * Returns false, leaving the buffer as it was, when a value needs quoting or breaks a rule (the checked path
     * then handles it).
     */
    private boolean writeCategoricalFast(int i, List<?> list) {
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
                b[p++] = '|';
            }
            s.getChars(0, len, b, p);
            int end = p + len;
            for (int q = p; q < end; q++) {
                char c = b[q];
                if (c <= '|' && SPECIAL[c]) {
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

    private void writeCategoricalChecked(int i, Object v) {
        if (v instanceof CharSequence) {
            String s = v.toString();
            if (s.isEmpty()) {
                if (!nullable[i]) {
                    throw required(i);
                }
                return;
            }
            checkCategoricalLength(i, s, s.length());
            writeString(i, s, false, true);
            return;
        }
        Object[] parts;
        if (v instanceof Collection) {
            parts = ((Collection<?>) v).toArray();
        } else if (v instanceof Object[]) {
            parts = (Object[]) v;
        } else {
            throw typeError(i, v, "a CharSequence, a Collection or an array");
        }
        if (parts.length == 0) {
            if (!nullable[i]) {
                throw required(i);
            }
            return;
        }
        int total = parts.length - 1;
        for (int k = 0; k < parts.length; k++) {
            Object part = parts[k];
            if (part == null || part.toString().isEmpty()) {
                throw fail(
                        i,
                        joinForDisplay(v),
                        Rules.RULE_CATEGORICAL_EMPTY,
                        "holds an empty categorical value (value " + (k + 1) + " of " + parts.length
                                + "); every value between '|' separators must be non-empty");
            }
            total += part.toString().length();
        }
        checkCategoricalLength(i, v, total);
        // One value with a comma or quote makes the whole cell quoted: encode into a scratch string first.
        boolean plain = true;
        for (Object part : parts) {
            String s = part.toString();
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                if (c == ',' || c == '"' || c == '\\') {
                    plain = false;
                } else if (c == '|') {
                    throw fail(
                            i,
                            s,
                            Rules.RULE_CATEGORICAL_SEPARATOR,
                            "contains '|', the separator of categorical values; no single value may contain '|'");
                }
            }
        }
        if (plain) {
            for (int k = 0; k < parts.length; k++) {
                if (k > 0) {
                    ensure(1);
                    buf[n++] = '|';
                }
                writeString(i, parts[k].toString(), false, true);
            }
            return;
        }
        StringBuilder joined = new StringBuilder(total);
        for (int k = 0; k < parts.length; k++) {
            if (k > 0) {
                joined.append('|');
            }
            joined.append(parts[k]);
        }
        writeString(i, joined.toString(), true, false);
    }

    private void checkCategoricalLength(int i, Object v, int length) {
        if (length > Rules.MAX_STRING_LENGTH) {
            throw fail(
                    i,
                    v instanceof CharSequence ? v : joinForDisplay(v),
                    Rules.RULE_CATEGORICAL_LENGTH,
                    "the categorical cell is " + length + " characters including '|' separators; the limit is "
                            + Rules.MAX_STRING_LENGTH);
        }
    }

    private static String joinForDisplay(Object v) {
        Object[] parts = v instanceof Collection ? ((Collection<?>) v).toArray() : (Object[]) v;
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < parts.length && sb.length() < Rules.DISPLAY_LIMIT + 1; k++) {
            if (k > 0) {
                sb.append('|');
            }
            sb.append(parts[k] == null ? "" : parts[k]);
        }
        return sb.toString();
    }

    private void writeIntegral(int i, Object v) {
        long x;
        if (v instanceof Instant && kinds[i] != ColumnKind.INT) {
            x = ((Instant) v).getEpochSecond();
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            x = ((Number) v).longValue();
        } else {
            throw typeError(i, v, kinds[i] == ColumnKind.INT ? "an Integer" : "a Long, an Integer or an Instant");
        }
        if (kinds[i] == ColumnKind.INT && (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE)) {
            throw fail(i, v, Rules.RULE_TYPE, "does not fit the field's Avro type int (32 bits)");
        }
        if (kinds[i] == ColumnKind.TIMESTAMP) {
            if (x > Rules.MILLIS_THRESHOLD) {
                throw fail(
                        i,
                        v,
                        Rules.RULE_TIMESTAMP_MILLIS,
                        "looks like epoch milliseconds (above 10^11); Amazon Personalize expects epoch seconds");
            }
            if (x > maxTimestamp) {
                throw fail(
                        i,
                        v,
                        Rules.RULE_TIMESTAMP_FUTURE,
                        "is " + Instant.ofEpochSecond(x) + ", in the future; the latest accepted is "
                                + Instant.ofEpochSecond(maxTimestamp) + " (now plus the future tolerance)");
            }
            if (i == timeIndex) {
                rowTime = x;
                rowHasTime = true;
            }
        }
        appendLong(x);
    }

    private void writeFloating(int i, Object v) {
        if (!(v instanceof Number)) {
            throw typeError(i, v, "a Number");
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            appendLong(((Number) v).longValue());
            return;
        }
        double d = ((Number) v).doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw fail(i, v, Rules.RULE_NOT_FINITE, "is not a finite number");
        }
        appendAscii(v instanceof Float ? Float.toString((Float) v) : Double.toString(d));
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

    private void flushBuffer() {
        try {
            out.write(buf, 0, n);
            n = 0;
        } catch (IOException e) {
            failed = true;
            ioFailed = true;
            throw new CsvWriteException(source, row, source + ": writing row " + row + " failed: " + e, e);
        }
    }

    /** Rejects the next row before any of it is written (used by the typed writers); marks the writer failed. */
    CsvValidationException reject(@Nullable String field, @Nullable Object value, String rule, String what) {
        if (closed || failed) {
            throw new IllegalStateException(source + ": the writer is " + (closed ? "closed" : "failed"));
        }
        failed = true;
        return Rules.error(source, row + 1, "row " + (row + 1), field, value, rule, what);
    }

    private CsvValidationException required(int i) {
        return fail(
                i,
                null,
                Rules.RULE_REQUIRED,
                "is required (its Avro type does not include null) but the value is " + "missing or empty");
    }

    private CsvValidationException typeError(int i, Object v, String expected) {
        return fail(
                i,
                v,
                Rules.RULE_TYPE,
                "has Java type " + v.getClass().getName() + " but field type "
                        + schema.fields().get(i).type().avroName() + " takes " + expected);
    }

    private CsvValidationException fail(int i, @Nullable Object value, String rule, String what) {
        return Rules.error(source, row, "row " + row, names[i], value, rule, what);
    }

    /**
     * Marks the output as unwanted and closes the writer: a file target is never created and its temporary file is
     * deleted; rows still buffered for a {@link Writer} or {@link OutputStream} are dropped. Further writes throw
     * {@link IllegalStateException}. The same as {@link #close()} without {@link #commit()}, but logs nothing.
     * Idempotent.
     *
     * @throws CsvWriteException when deleting the temporary file fails
     */
    public void abort() {
        failed = true;
        aborted = true;
        if (!closed) {
            close();
        }
    }

    /**
     * Publishes the output and closes the writer: checks the ids for duplicates (see the class javadoc), writes the
     * buffered rows, and for a file target closes the temporary file and moves it onto the target path (replacing an
     * existing file; atomically where the file system can); a borrowed {@link Writer} or {@link OutputStream} is
     * flushed, not closed. {@link #close()} afterwards does nothing. Call it as the last statement of the block that
     * writes, so that an exception before it publishes nothing.
     *
     * @throws CsvValidationException when the rows hold a duplicate id; nothing is published (a file target is not
     *     created) and the writer is closed
     * @throws CsvWriteException when flushing, closing or moving fails; a file target is then not created
     * @throws IllegalStateException when the writer is failed (a row was rejected or writing failed), aborted, closed
     *     or already committed; nothing is published
     */
    public void commit() {
        if (closed || failed) {
            throw new IllegalStateException(source + ": cannot commit, the writer is "
                    + (committed
                            ? "already committed"
                            : closed ? "closed" : aborted ? "aborted" : "failed (a row was rejected or writing failed)")
                    + "; nothing more is published");
        }
        try {
            drainStaged();
            checkDuplicates();
        } catch (CsvValidationException | CsvWriteException e) {
            closed = true;
            discard(null);
            throw e;
        }
        closed = true;
        try {
            out.write(buf, 0, n);
            n = 0;
            out.flush();
            if (ownsOut) {
                out.close();
            }
            if (temp != null && target != null) {
                try {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            failed = true;
            discard(e);
            throw new CsvWriteException(source, row, source + ": finishing the file failed: " + e, e);
        }
        committed = true;
    }

    /**
     * Closes the writer. Unless {@link #commit()} succeeded, the output is discarded: a file target's temporary file
     * is deleted (no target appears, an existing file stays as it was) and rows still buffered for a {@link Writer}
     * or {@link OutputStream} are dropped; if rows had been written and the writer had neither failed nor been
     * aborted (the writing code threw, or forgot {@code commit()}), a warning says so. After a successful
     * {@code commit()} it does nothing. Idempotent.
     *
     * @throws CsvWriteException when deleting the temporary file fails
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        n = 0;
        discard(null);
        if (!failed && rowsWritten > 0) {
            log.warn(
                    "{}: closed without commit(), so {} written rows were discarded{}; call commit() when the rows"
                            + " are complete",
                    source,
                    rowsWritten,
                    target != null ? " and " + target + " was not written" : "");
        }
        failed = true;
    }

    private void discard(@Nullable IOException primary) {
        if (temp == null) {
            return;
        }
        try {
            if (ownsOut) {
                out.close();
            }
        } catch (IOException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            }
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            } else {
                throw new CsvWriteException(
                        source, row, source + ": deleting the temporary file " + temp + " failed: " + e, e);
            }
        }
    }

    /** Builds a {@link DatasetCsvWriter}. Not thread-safe. */
    public static final class Builder {
        private @Nullable DatasetSchema schema;
        private @Nullable Path path;
        private @Nullable Writer writer;
        private @Nullable OutputStream outputStream;
        private @Nullable String sourceName;
        private Clock clock = Clock.systemUTC();
        private Duration futureTolerance = Duration.ofDays(1);
        private boolean checkDuplicateIds = true;

        Builder() {}

        /**
         * Whether to reject a row whose ITEM_ID (items), USER_ID (users) or ACTION_ID (actions) appeared before
         * (default true). The check appends a 64-bit hash of every id to an array (8 bytes per row) and checks a copy
         * of it on {@link DatasetCsvWriter#commit()}, which then reports a duplicate (see the class javadoc); turn it
         * off only when the ids are unique by construction, for example primary keys ({@link DatasetCsvValidator}
         * still catches duplicates). With the check off, the profile's distinct count of these ids is 0.
         *
         * @param checkDuplicateIds false to skip the check
         * @return this builder
         */
        public Builder checkDuplicateIds(boolean checkDuplicateIds) {
            this.checkDuplicateIds = checkDuplicateIds;
            return this;
        }

        /**
         * The schema; required. Its field order is the column order.
         *
         * @param schema the dataset schema
         * @return this builder
         */
        public Builder schema(DatasetSchema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /**
         * Writes to a file, atomically: a temporary sibling is moved onto {@code path} by a successful {@link
         * DatasetCsvWriter#commit()}; without one, {@link DatasetCsvWriter#close()} deletes it.
         *
         * @param path the target file; its directory must exist
         * @return this builder
         */
        public Builder path(Path path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /**
         * Writes to a {@link Writer}, which is borrowed: flushed by {@link DatasetCsvWriter#commit()}, never closed.
         *
         * @param writer the character sink
         * @return this builder
         */
        public Builder writer(Writer writer) {
            this.writer = Objects.requireNonNull(writer, "writer");
            return this;
        }

        /**
         * Writes UTF-8 to an {@link OutputStream}, which is borrowed: flushed by {@link DatasetCsvWriter#commit()},
         * never closed.
         *
         * @param outputStream the byte sink
         * @return this builder
         */
        public Builder outputStream(OutputStream outputStream) {
            this.outputStream = Objects.requireNonNull(outputStream, "outputStream");
            return this;
        }

        /**
         * The name used in messages (default: the file name, or {@code <stream>} / {@code <writer>}).
         *
         * @param sourceName the name
         * @return this builder
         */
        public Builder sourceName(String sourceName) {
            this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
            return this;
        }

        /**
         * The clock that defines "now" for the future-timestamp check, read once when the writer is built
         * (default: the system UTC clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How far in the future a timestamp may lie before it is rejected (default 1 day).
         *
         * @param futureTolerance a non-negative duration
         * @return this builder
         * @throws IllegalArgumentException when the duration is negative
         */
        public Builder futureTolerance(Duration futureTolerance) {
            Objects.requireNonNull(futureTolerance, "futureTolerance");
            if (futureTolerance.isNegative()) {
                throw new IllegalArgumentException("futureTolerance must not be negative, was " + futureTolerance);
            }
            this.futureTolerance = futureTolerance;
            return this;
        }

        /**
         * Opens the output and writes the header.
         *
         * @return the writer
         * @throws NullPointerException when the schema is not set
         * @throws IllegalStateException when not exactly one of path, writer and outputStream is set
         * @throws CsvWriteException when the output cannot be opened
         */
        public DatasetCsvWriter build() {
            DatasetSchema s = Objects.requireNonNull(schema, "schema is required");
            int sinks = (path != null ? 1 : 0) + (writer != null ? 1 : 0) + (outputStream != null ? 1 : 0);
            if (sinks != 1) {
                throw new IllegalStateException(
                        "Set exactly one of path, writer and outputStream; " + sinks + " were set");
            }
            try {
                return new DatasetCsvWriter(this, s);
            } catch (IOException e) {
                String name = sourceName != null ? sourceName : String.valueOf(path);
                throw new CsvWriteException(name, 0, name + ": cannot open for writing: " + e, e);
            }
        }
    }
}
