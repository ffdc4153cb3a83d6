package io.personalizekit.csv;

import io.personalizekit.exception.CsvReadException;
import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.exception.CsvWriteException;
import io.personalizekit.internal.csv.IdHashLog;
import io.personalizekit.schema.BoundField;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
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
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer behind {@link DatasetCsvWriter} and {@link ItemCsvWriter}; see {@link DatasetCsvWriter} for what it
 * does. Not thread-safe.
 *
 * @param <T> the record type
 */
abstract class AbstractCsvWriter<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatasetCsvWriter.class);
    private static final int BUFFER = 1 << 16;
    private static final int FLUSH_AT = BUFFER - 4096;
    private static final int MAX_STAGED = 4096;

    private final DatasetSchema schema;
    private final @Nullable BoundSchema<T> bound;
    private final BoundField<T>[] getters;
    private final String source;
    private final int columns;
    private final RowEncoder enc;
    private final Writer out;
    private final boolean ownsOut;
    private final @Nullable Path target;
    private final @Nullable Path temp;
    private final ProfileAccumulator profile;
    private final @Nullable String uniqueField;
    private final int userIndex;
    private final int itemIndex;
    /** Items, users and actions: records are counted directly, not staged. */
    private final boolean countOnly;
    /** Whether the unique id is USER_ID (else ITEM_ID or ACTION_ID). */
    private final boolean uniqueUser;
    /** The hashes of the unique ids, checked for duplicates by {@link #checkDuplicates()}; null when off. */
    private final @Nullable IdHashLog idLog;

    private long row;
    private long rowsWritten;
    private boolean failed;
    private boolean ioFailed;
    private boolean aborted;
    private boolean closed;
    private boolean committed;

    @SuppressWarnings("unchecked")
    AbstractCsvWriter(BaseBuilder<T, ?> b) throws IOException {
        this.schema = b.schema;
        this.bound = b.bound;
        this.columns = schema.fields().size();
        this.getters = b.bound == null ? new BoundField[0] : b.bound.fields().toArray(new BoundField[0]);
        long maxTimestamp = satAdd(b.clock.instant().getEpochSecond(), b.futureTolerance.getSeconds());
        this.profile = new ProfileAccumulator(schema, b.checkDuplicateIds, true);
        this.uniqueField = profile.uniqueField();
        this.userIndex = profile.userIndex;
        this.itemIndex = profile.itemIndex;
        this.countOnly = profile.countsRowsOnly();
        this.uniqueUser = schema.datasetType() == DatasetType.USERS;
        this.idLog = b.checkDuplicateIds && uniqueField != null ? new IdHashLog() : null;
        String sourceName;
        if (b.path != null) {
            Path abs = b.path.toAbsolutePath();
            Path dir = Objects.requireNonNull(abs.getParent(), "path has no parent directory");
            Path name = Objects.requireNonNull(abs.getFileName(), "path has no file name");
            this.target = abs;
            this.temp = Files.createTempFile(dir, "." + name + ".", ".tmp");
            sourceName = b.sourceName != null ? b.sourceName : name.toString();
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
            sourceName = b.sourceName != null ? b.sourceName : "<stream>";
            this.out = new OutputStreamWriter(b.outputStream, StandardCharsets.UTF_8);
            this.ownsOut = false;
        } else {
            this.target = null;
            this.temp = null;
            sourceName = b.sourceName != null ? b.sourceName : "<writer>";
            this.out = Objects.requireNonNull(b.writer);
            this.ownsOut = false;
        }
        this.source = sourceName;
        this.enc = new RowEncoder(schema, source, maxTimestamp, userIndex, itemIndex, profile.timeIndex, BUFFER);
        enc.header();
    }

    private static long satAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /**
     * The schema that drives the header, the column order and the checks.
     *
     * @return the schema
     */
    public DatasetSchema schema() {
        return schema;
    }

    /**
     * The number of records written so far (the header not included; rejected records not included).
     *
     * @return the record count
     */
    public long rowsWritten() {
        return rowsWritten;
    }

    /**
     * The profile of the records written so far.
     *
     * @return a snapshot of the profile
     * @throws CsvValidationException when the records written so far hold a duplicate id (checked here as on {@link
     *     #commit()}, by grouping a copy of all id hashes: linear in the records written, so do not call this per
     *     record); the writer is then failed
     */
    public DatasetProfile profile() {
        if (!closed && !aborted && !ioFailed) { // a commit() checked them already
            drainStaged();
            checkDuplicates();
        }
        return profile.snapshot();
    }

    /**
     * Checks and writes one record, read through the bound schema's getters; a writer built from a plain {@link
     * DatasetSchema} takes an {@code Object[]} of values in field order, as {@link #writeRow(Object...)}.
     *
     * @param record the record
     * @throws CsvValidationException when a value breaks a rule; nothing of the record is written and the writer is
     *     failed
     * @throws IllegalStateException when the writer is closed or failed
     * @throws CsvWriteException when writing fails
     */
    public void write(T record) {
        Objects.requireNonNull(record, "record");
        BoundField<T>[] g = getters;
        if (bound == null) {
            writeValues((Object[]) record);
            return;
        }
        startRow();
        RowEncoder e = enc;
        try {
            for (int i = 0; i < g.length; i++) {
                e.column(i);
                g[i].accept(record, e);
            }
            e.endRow();
        } catch (RuntimeException | Error x) { // a rejected value, or a getter that threw
            e.rollback();
            failed = true;
            throw x;
        }
        endRow();
    }

    /**
     * Checks and writes records in order; stops at the first rejected record.
     *
     * @param records the records
     * @throws CsvValidationException when a record is rejected, as {@link #write}
     * @throws IllegalStateException when the writer is closed or failed
     * @throws CsvWriteException when writing fails
     */
    public void writeAll(Iterable<? extends T> records) {
        for (T r : records) {
            write(r);
        }
    }

    /**
     * Checks and writes one row of values in the schema's field order, on any writer (see the class javadoc for the
     * accepted Java types).
     *
     * @param values one value per schema field
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
     * Checks and writes one row of values in the schema's field order, as {@link #writeRow(Object...)}.
     *
     * @param values one value per schema field
     * @throws CsvValidationException when a value breaks a rule; nothing of the row is written and the writer is
     *     failed
     * @throws IllegalArgumentException when the number of values differs from the number of schema fields
     * @throws IllegalStateException when the writer is closed or failed
     * @throws CsvWriteException when writing fails
     */
    public void writeRow(List<?> values) {
        writeValues(values.toArray());
    }

    private void writeValues(@Nullable Object[] values) {
        if (values.length != columns) {
            checkOpen();
            throw new IllegalArgumentException(
                    "Expected " + columns + " values (" + String.join(",", enc.names) + ") but got " + values.length);
        }
        startRow();
        RowEncoder e = enc;
        try {
            for (int i = 0; i < columns; i++) {
                e.column(i);
                dispatch(e, i, values[i]);
            }
            e.endRow();
        } catch (RuntimeException | Error x) { // a rejected value, or a value whose toString() threw
            e.rollback();
            failed = true;
            throw x;
        }
        endRow();
    }

    /** Hands a value of unknown Java type to the encoder by the method of its type, or reports a type error. */
    private static void dispatch(RowEncoder e, int i, @Nullable Object v) {
        if (v == null) {
            e.onNull();
            return;
        }
        switch (e.kinds[i]) {
            case ID:
            case STRING:
            case TEXTUAL:
                if (v instanceof CharSequence
                        || v instanceof Number
                        || v instanceof UUID
                        || v instanceof Enum
                        || v instanceof Character) {
                    e.onString(v instanceof CharSequence ? (CharSequence) v : v.toString());
                    return;
                }
                throw typeError(e, v, "a CharSequence");
            case CATEGORICAL:
                if (v instanceof CharSequence) {
                    e.onString((CharSequence) v);
                } else if (v instanceof Collection) {
                    e.onStrings(strings((Collection<?>) v));
                } else if (v instanceof Object[]) {
                    e.onStrings(strings(Arrays.asList((Object[]) v)));
                } else {
                    throw typeError(e, v, "a CharSequence, a Collection or an array");
                }
                return;
            case INT:
                if (v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof Long) {
                    e.onLong(((Number) v).longValue());
                    return;
                }
                throw typeError(e, v, "an Integer");
            case LONG:
            case TIMESTAMP:
                if (v instanceof Instant) {
                    e.onLong(((Instant) v).getEpochSecond());
                } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                    e.onLong(((Number) v).longValue());
                } else {
                    throw typeError(e, v, "a Long, an Integer or an Instant");
                }
                return;
            case FLOAT:
            case DOUBLE:
                if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                    e.onLong(((Number) v).longValue());
                } else if (v instanceof Float) {
                    e.onFloat((Float) v);
                } else if (v instanceof Number) {
                    e.onDouble(((Number) v).doubleValue());
                } else {
                    throw typeError(e, v, "a Number");
                }
                return;
            case BOOLEAN:
                if (v instanceof Boolean) {
                    e.onBoolean((Boolean) v);
                    return;
                }
                throw typeError(e, v, "a Boolean");
            default:
                throw new IllegalStateException(e.kinds[i].toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static Collection<String> strings(Collection<?> parts) {
        for (Object p : parts) {
            if (p != null && !(p instanceof String)) {
                List<@Nullable String> copy = new java.util.ArrayList<>(parts.size());
                for (Object q : parts) {
                    copy.add(q == null ? null : q.toString());
                }
                return (Collection<String>) (Collection<?>) copy;
            }
        }
        return (Collection<String>) parts;
    }

    private static CsvValidationException typeError(RowEncoder e, Object v, String expected) {
        return e.fail(
                v, Rules.RULE_TYPE, "has Java type " + v.getClass().getName() + " but the field takes " + expected);
    }

    private void checkOpen() {
        if (closed || failed) {
            throw new IllegalStateException(
                    source + ": the writer is "
                            + (closed
                                    ? "closed"
                                    : "failed (an earlier record was rejected or writing failed); nothing more can be written"));
        }
    }

    private void startRow() {
        checkOpen();
        row++;
        enc.startRow(row);
    }

    /** Accounts for a record the encoder accepted; flushes the buffer when full. */
    private void endRow() {
        RowEncoder e = enc;
        if (countOnly) {
            IdHashLog log = idLog;
            if (log != null) {
                log.add(uniqueUser ? e.rowUserHash : e.rowItemHash);
            }
            profile.countRow(e.rowHasTime, e.rowTime);
            rowsWritten++;
            if (e.n >= FLUSH_AT) {
                flushBuffer();
            }
            return;
        }
        profile.stageHashed(e.rowUserHash, e.rowItemHash, e.rowHasTime, e.rowTime, row);
        rowsWritten++;
        if (e.n >= FLUSH_AT || profile.stagedCount() >= MAX_STAGED) {
            drainStaged();
            if (e.n >= FLUSH_AT) {
                flushBuffer();
            }
        }
    }

    /**
     * Looks for a repeated unique id among the rows written so far ({@link IdHashLog#repeats()}). Only when two hashes
     * match (a duplicate, or a hash collision with probability about n&sup2;/2<sup>65</sup>) does it look closer: for a
     * {@link Path} target it flushes the rows and reads the temporary file back to compare the actual ids, so a
     * collision is never reported and the message shows the value; a {@link Writer} or {@link OutputStream} target
     * cannot be read back, so a hash match is reported as a duplicate without the value. On a duplicate the writer is
     * failed and the exception names the first record that repeats an earlier id.
     */
    private void checkDuplicates() {
        IdHashLog log = idLog;
        if (log == null || failed) {
            return;
        }
        IdHashLog.Repeats repeats = log.repeats();
        if (repeats.isEmpty()) {
            return;
        }
        Map<Object, Integer> firstSeen = new HashMap<>();
        if (temp != null) {
            flushBuffer();
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
                ioFailed = true;
                throw new CsvWriteException(
                        source, row, source + " " + Rules.position(row + 1, row) + ": writing failed: " + e, e);
            }
            int column = uniqueUser ? userIndex : itemIndex;
            try (DatasetCsvReader reader = DatasetCsvReader.builder()
                    .path(temp)
                    .sourceName(source)
                    .maxValueLength(Integer.MAX_VALUE)
                    .build()) {
                long next = 0; // the index of the next record to read
                for (int k = 0; k < repeats.size(); k++) {
                    int c = repeats.row(k);
                    CsvRecord r = null;
                    while (next <= c) {
                        r = reader.next();
                        next++;
                    }
                    String id = Objects.requireNonNull(r, "a written record is missing from the file")
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
        for (int k = 0; k < repeats.size(); k++) {
            int c = repeats.row(k);
            Integer prev = firstSeen.putIfAbsent(repeats.hash(k), c);
            if (prev != null) {
                throw duplicate(c, prev, null);
            }
        }
    }

    private CsvValidationException duplicate(int index, int firstIndex, @Nullable String id) {
        failed = true;
        long dupRecord = index + 1L;
        long firstRecord = firstIndex + 1L;
        String f = Objects.requireNonNull(uniqueField);
        return Rules.error(
                source,
                dupRecord + 1,
                dupRecord,
                f,
                id,
                Rules.RULE_DUPLICATE_ID,
                f + " must be unique in a " + schema.datasetType().apiName() + " dataset, but this value already"
                        + " appears in record " + firstRecord + " (line " + (firstRecord + 1) + ")"
                        + (id == null
                                ? " (compared by 64-bit hash; a Writer or OutputStream target is not read back)"
                                : ""));
    }

    /**
     * Counts the staged records of an interactions dataset (see {@link ProfileAccumulator#drain()}); they have no
     * unique id, so this never finds a duplicate.
     */
    private void drainStaged() {
        if (profile.stagedCount() != 0) {
            profile.drain();
        }
    }

    private void flushBuffer() {
        try {
            out.write(enc.buf, 0, enc.n);
            enc.n = 0;
        } catch (IOException e) {
            failed = true;
            ioFailed = true;
            throw new CsvWriteException(
                    source, row, source + " " + Rules.position(row + 1, row) + ": writing failed: " + e, e);
        }
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
                            : aborted ? "aborted" : closed ? "closed" : "failed (a row was rejected or writing failed)")
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
            out.write(enc.buf, 0, enc.n);
            enc.n = 0;
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
        enc.n = 0;
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

    /**
     * The options of both writers' builders. Not thread-safe.
     *
     * @param <T> the record type
     * @param <B> the public builder type, returned by every option
     */
    abstract static class BaseBuilder<T, B extends BaseBuilder<T, B>> {
        final DatasetSchema schema;
        final @Nullable BoundSchema<T> bound;

        @Nullable
        Path path;

        @Nullable
        Writer writer;

        @Nullable
        OutputStream outputStream;

        @Nullable
        String sourceName;

        Clock clock = Clock.systemUTC();
        Duration futureTolerance = Duration.ofDays(1);
        boolean checkDuplicateIds = true;

        BaseBuilder(DatasetSchema schema, @Nullable BoundSchema<T> bound) {
            this.schema = schema;
            this.bound = bound;
        }

        abstract B self();

        /**
         * Whether to reject a record whose ITEM_ID (items), USER_ID (users) or ACTION_ID (actions) appeared before
         * (default true). The check appends a 64-bit hash of every id to an array (8 bytes per record) and checks a
         * copy of it on {@code commit()}, which then reports a duplicate (see {@link DatasetCsvWriter}); turn it
         * off only when the ids are unique by construction, for example primary keys ({@link DatasetCsvValidator}
         * still catches duplicates). With the check off, the profile's distinct count of these ids is 0.
         *
         * @param checkDuplicateIds false to skip the check
         * @return this builder
         */
        public B checkDuplicateIds(boolean checkDuplicateIds) {
            this.checkDuplicateIds = checkDuplicateIds;
            return self();
        }

        /**
         * Writes to a file, atomically: a temporary sibling is moved onto {@code path} by a successful {@code
         * commit()}; without one, {@code close()} deletes it.
         *
         * @param path the target file; its directory must exist
         * @return this builder
         */
        public B path(Path path) {
            this.path = Objects.requireNonNull(path, "path");
            return self();
        }

        /**
         * Writes to a {@link Writer}, which is borrowed: flushed by {@code commit()}, never closed.
         *
         * @param writer the character sink
         * @return this builder
         */
        public B writer(Writer writer) {
            this.writer = Objects.requireNonNull(writer, "writer");
            return self();
        }

        /**
         * Writes UTF-8 to an {@link OutputStream}, which is borrowed: flushed by {@code commit()}, never closed.
         *
         * @param outputStream the byte sink
         * @return this builder
         */
        public B outputStream(OutputStream outputStream) {
            this.outputStream = Objects.requireNonNull(outputStream, "outputStream");
            return self();
        }

        /**
         * The name used in messages (default: the file name, or {@code <stream>} / {@code <writer>}).
         *
         * @param sourceName the name
         * @return this builder
         */
        public B sourceName(String sourceName) {
            this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
            return self();
        }

        /**
         * The clock that defines "now" for the future-timestamp check, read once when the writer is built
         * (default: the system UTC clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public B clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return self();
        }

        /**
         * How far in the future a timestamp may lie before it is rejected (default 1 day).
         *
         * @param futureTolerance a non-negative duration
         * @return this builder
         * @throws IllegalArgumentException when the duration is negative
         */
        public B futureTolerance(Duration futureTolerance) {
            Objects.requireNonNull(futureTolerance, "futureTolerance");
            if (futureTolerance.isNegative()) {
                throw new IllegalArgumentException("futureTolerance must not be negative, was " + futureTolerance);
            }
            this.futureTolerance = futureTolerance;
            return self();
        }

        /** Checks the sink settings; returns the name for messages when the output cannot be opened. */
        String checkSinks() {
            int sinks = (path != null ? 1 : 0) + (writer != null ? 1 : 0) + (outputStream != null ? 1 : 0);
            if (sinks != 1) {
                throw new IllegalStateException(
                        "Set exactly one of path, writer and outputStream; " + sinks + " were set");
            }
            return sourceName != null ? sourceName : String.valueOf(path);
        }

        static CsvWriteException cannotOpen(String name, IOException e) {
            return new CsvWriteException(name, 0, name + ": cannot open for writing: " + e, e);
        }
    }
}
