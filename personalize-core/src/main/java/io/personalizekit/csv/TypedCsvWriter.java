package io.personalizekit.csv;

import io.personalizekit.exception.CsvWriteException;
import io.personalizekit.schema.DatasetSchema;
import java.util.List;
import java.util.Map;
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
     * Discards the output, as {@link DatasetCsvWriter#abort()}.
     *
     * @throws CsvWriteException when deleting the temporary file fails
     */
    public void abort() {
        delegate.abort();
    }
}
