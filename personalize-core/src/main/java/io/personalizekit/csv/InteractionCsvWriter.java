package io.personalizekit.csv;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.exception.CsvWriteException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@link Interaction} records as a Interactions dataset CSV, in the column order of a
 * {@link DatasetSchema} of type {@link DatasetType#INTERACTIONS}. USER_ID, ITEM_ID, TIMESTAMP, EVENT_TYPE and EVENT_VALUE
 * come from the record's accessors, every other column from its metadata by field name.
 *
 * <pre>{@code
 * try (InteractionCsvWriter w = InteractionCsvWriter.builder().schema(interactionsSchema)
 *         .path(Path.of("interactions.csv")).build()) {
 *     w.write(Interaction.builder().userId("35").itemId("2").timestamp(Instant.ofEpochSecond(1586731606)).build());
 *     w.commit(); // publishes interactions.csv; an exception before it leaves no file
 * }
 * }</pre>
 *
 * <p>Output, checks, failure handling and profile are those of {@link DatasetCsvWriter}, which this class
 * wraps. A record whose metadata names a field the schema does not have is rejected (rule {@code
 * unknown-field}). Not thread-safe.
 */
public final class InteractionCsvWriter extends TypedCsvWriter<Interaction> implements AutoCloseable {
    private InteractionCsvWriter(DatasetCsvWriter delegate) {
        super(delegate, InteractionCsvWriter::sourceOf);
    }

    private static int sourceOf(String field) {
        switch (field) {
            case "USER_ID":
                return 1;
            case "ITEM_ID":
                return 2;
            case "TIMESTAMP":
                return 3;
            case "EVENT_TYPE":
                return 4;
            case "EVENT_VALUE":
                return 5;
            default:
                return METADATA;
        }
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
     * Checks and writes one record.
     *
     * @param interaction the record
     * @throws CsvValidationException when a value breaks a rule (see {@link DatasetCsvWriter}) or the metadata
     *     names a field the schema does not have; nothing of the record is written and the writer is failed
     * @throws IllegalStateException when the writer is closed or failed
     * @throws CsvWriteException when writing fails
     */
    public void write(Interaction interaction) {
        writeRecord(interaction, interaction.metadata());
    }

    @Override
    @Nullable
    Object column(Interaction interaction, int source) {
        switch (source) {
            case 1:
                return interaction.userId();
            case 2:
                return interaction.itemId();
            case 3:
                return interaction.timestamp();
            case 4:
                return interaction.eventTypeOrNull();
            case 5:
                return interaction.eventValueOrNull();
            default:
                throw new AssertionError(source);
        }
    }

    /**
     * Checks and writes records in order; stops at the first rejected record.
     *
     * @param records the records
     * @throws CsvValidationException when a record is rejected, as {@link #write}
     * @throws IllegalStateException when the writer is closed or failed
     * @throws CsvWriteException when writing fails
     */
    public void writeAll(Iterable<? extends Interaction> records) {
        for (Interaction r : records) {
            write(r);
        }
    }

    /**
     * The profile of the records written so far.
     *
     * @return a snapshot of the profile
     */
    public DatasetProfile profile() {
        return delegate.profile();
    }

    /**
     * Publishes the output and closes the writer, as {@link DatasetCsvWriter#commit()}. Without it, {@link
     * #close()} discards the records written.
     *
     * @throws CsvWriteException when flushing, closing or moving fails; a file target is then not created
     * @throws IllegalStateException when the writer is failed (a record was rejected), aborted, closed or already
     *     committed
     */
    public void commit() {
        delegate.commit();
    }

    /**
     * Closes the writer, as {@link DatasetCsvWriter#close()}: unless {@link #commit()} succeeded, the output is
     * discarded (a file target is not created).
     *
     * @throws CsvWriteException when deleting the temporary file fails
     */
    @Override
    public void close() {
        delegate.close();
    }

    /** Builds an {@link InteractionCsvWriter}; every option is described on it. Not thread-safe. */
    public static final class Builder extends TypedCsvWriter.TypedBuilder<Builder, InteractionCsvWriter> {
        private Builder() {
            super(DatasetType.INTERACTIONS, "InteractionCsvWriter", InteractionCsvWriter::new);
        }

        @Override
        Builder self() {
            return this;
        }
    }
}
