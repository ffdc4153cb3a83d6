package io.personalizekit.csv;

import io.personalizekit.exception.CsvWriteException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * The shared part of the typed writers ({@link ItemCsvWriter}, {@link InteractionCsvWriter}, {@link
 * UserCsvWriter}): maps each schema column to a source once at build time (an accessor of the record, or
 * {@link #METADATA}), fills one reused value array per record and hands it to the wrapped {@link DatasetCsvWriter};
 * a record whose metadata names a field that is not a metadata column of the schema is rejected (rule {@code
 * unknown-field}). Not thread-safe.
 *
 * @param <R> the record type
 */
abstract class TypedCsvWriter<R> {
    /** The source of a column filled from the record's metadata by field name. */
    static final int METADATA = 0;

    final DatasetCsvWriter delegate;
    private final int[] sources;
    private final String[] names;
    private final @Nullable Object[] scratch;

    /**
     * @param delegate the wrapped writer
     * @param sourceOf maps a field name to its column source: {@link #METADATA} or a positive accessor number
     *     understood by {@link #column}
     */
    TypedCsvWriter(DatasetCsvWriter delegate, ToIntFunction<String> sourceOf) {
        this.delegate = delegate;
        List<String> fields = delegate.schema().fieldNames();
        this.names = fields.toArray(new String[0]);
        this.sources = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            sources[i] = sourceOf.applyAsInt(names[i]);
        }
        this.scratch = new Object[names.length];
    }

    /**
     * The value of an accessor column of a record.
     *
     * @param record the record
     * @param source the column source, a positive number returned by the {@code sourceOf} function
     * @return the value, null when the record has none
     */
    abstract @Nullable Object column(R record, int source);

    /**
     * Fills the columns of one record and writes them; the public {@code write} of each subclass calls this, so
     * the hook {@link #column} is resolved against the final subclass once this is inlined there.
     */
    final void writeRecord(R record, Map<String, Object> metadata) {
        int used = 0;
        for (int i = 0; i < names.length; i++) {
            int source = sources[i];
            if (source == METADATA) {
                Object v = metadata.get(names[i]);
                if (v != null) {
                    used++;
                }
                scratch[i] = v;
            } else {
                scratch[i] = column(record, source);
            }
        }
        if (used != metadata.size()) {
            rejectUnknownField(metadata);
        }
        delegate.writeValues(scratch);
    }

    private void rejectUnknownField(Map<String, Object> metadata) {
        for (Map.Entry<String, Object> e : metadata.entrySet()) {
            int index = delegate.schema().indexOf(e.getKey());
            if (index < 0 || sources[index] != METADATA) {
                throw delegate.reject(
                        e.getKey(),
                        e.getValue(),
                        "unknown-field",
                        "is set in the record's metadata but the schema has no such metadata field; schema"
                                + " fields: " + String.join(",", names));
            }
        }
    }

    /**
     * The schema that drives the header and column order.
     *
     * @return the schema
     */
    public DatasetSchema schema() {
        return delegate.schema();
    }

    /**
     * The number of records written so far.
     *
     * @return the row count
     */
    public long rowsWritten() {
        return delegate.rowsWritten();
    }

    /**
     * Discards the output and closes the writer, as {@link DatasetCsvWriter#abort()} (a {@code close()} without
     * {@code commit()} that logs nothing).
     *
     * @throws CsvWriteException when deleting the temporary file fails
     */
    public void abort() {
        delegate.abort();
    }

    /**
     * The shared builder of the typed writers: every option but the schema's dataset type passes straight to a
     * {@link DatasetCsvWriter.Builder}. Not thread-safe.
     *
     * @param <B> the public builder type, returned by every option
     * @param <W> the writer type it builds
     */
    abstract static class TypedBuilder<B extends TypedBuilder<B, W>, W> {
        private final DatasetCsvWriter.Builder delegate = DatasetCsvWriter.builder();
        private final DatasetType type;
        private final String writerName;
        private final Function<DatasetCsvWriter, W> factory;
        private @Nullable DatasetSchema schema;

        TypedBuilder(DatasetType type, String writerName, Function<DatasetCsvWriter, W> factory) {
            this.type = type;
            this.writerName = writerName;
            this.factory = factory;
        }

        /** @return this builder as its public type */
        abstract B self();

        /**
         * The schema; required, of the dataset type the writer is for ({@code ITEMS} for {@link ItemCsvWriter},
         * {@code INTERACTIONS} for {@link InteractionCsvWriter}, {@code USERS} for {@link UserCsvWriter}).
         *
         * @param schema the dataset schema
         * @return this builder
         * @throws IllegalArgumentException when the schema is of another dataset type
         */
        public B schema(DatasetSchema schema) {
            Objects.requireNonNull(schema, "schema");
            if (schema.datasetType() != type) {
                throw new IllegalArgumentException(
                        writerName + " needs a schema of type " + type + ", got " + schema.datasetType());
            }
            this.schema = schema;
            delegate.schema(schema);
            return self();
        }

        /**
         * Writes to a file atomically, as {@link DatasetCsvWriter.Builder#path(Path)}.
         *
         * @param path the target file
         * @return this builder
         */
        public B path(Path path) {
            delegate.path(path);
            return self();
        }

        /**
         * Writes to a borrowed {@link Writer} (flushed, never closed).
         *
         * @param writer the character sink
         * @return this builder
         */
        public B writer(Writer writer) {
            delegate.writer(writer);
            return self();
        }

        /**
         * Writes UTF-8 to a borrowed {@link OutputStream} (flushed, never closed).
         *
         * @param outputStream the byte sink
         * @return this builder
         */
        public B outputStream(OutputStream outputStream) {
            delegate.outputStream(outputStream);
            return self();
        }

        /**
         * The name used in messages.
         *
         * @param sourceName the name
         * @return this builder
         */
        public B sourceName(String sourceName) {
            delegate.sourceName(sourceName);
            return self();
        }

        /**
         * The clock for the future-timestamp check, read once at build time.
         *
         * @param clock the clock
         * @return this builder
         */
        public B clock(Clock clock) {
            delegate.clock(clock);
            return self();
        }

        /**
         * How far in the future a timestamp may lie (default 1 day).
         *
         * @param futureTolerance a non-negative duration
         * @return this builder
         * @throws IllegalArgumentException when the duration is negative
         */
        public B futureTolerance(Duration futureTolerance) {
            delegate.futureTolerance(futureTolerance);
            return self();
        }

        /**
         * Whether to reject a record whose id appeared before, as {@link
         * DatasetCsvWriter.Builder#checkDuplicateIds(boolean)} (default true).
         *
         * @param checkDuplicateIds false to skip the check
         * @return this builder
         */
        public B checkDuplicateIds(boolean checkDuplicateIds) {
            delegate.checkDuplicateIds(checkDuplicateIds);
            return self();
        }

        /**
         * Opens the output and writes the header.
         *
         * @return the writer
         * @throws NullPointerException when the schema is not set
         * @throws IllegalStateException when not exactly one of path, writer and outputStream is set
         * @throws CsvWriteException when the output cannot be opened
         */
        public W build() {
            Objects.requireNonNull(schema, "schema is required");
            return factory.apply(delegate.build());
        }
    }
}
