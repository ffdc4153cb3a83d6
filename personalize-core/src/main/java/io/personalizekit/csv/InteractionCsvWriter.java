package io.personalizekit.csv;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.exception.CsvWriteException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
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
     * Finishes the output, as {@link DatasetCsvWriter#close()}.
     *
     * @throws CsvWriteException when flushing, closing or moving fails
     */
    @Override
    public void close() {
        delegate.close();
    }

    /** Builds an {@link InteractionCsvWriter}. Not thread-safe. */
    public static final class Builder {
        private final DatasetCsvWriter.Builder delegate = DatasetCsvWriter.builder();
        private @Nullable DatasetSchema schema;

        private Builder() {}

        /**
         * The schema; required, of type {@link DatasetType#INTERACTIONS}.
         *
         * @param schema the dataset schema
         * @return this builder
         * @throws IllegalArgumentException when the schema is of another dataset type
         */
        public Builder schema(DatasetSchema schema) {
            Objects.requireNonNull(schema, "schema");
            if (schema.datasetType() != DatasetType.INTERACTIONS) {
                throw new IllegalArgumentException(
                        "InteractionCsvWriter needs a schema of type INTERACTIONS, got " + schema.datasetType());
            }
            this.schema = schema;
            delegate.schema(schema);
            return this;
        }

        /**
         * Writes to a file atomically, as {@link DatasetCsvWriter.Builder#path(Path)}.
         *
         * @param path the target file
         * @return this builder
         */
        public Builder path(Path path) {
            delegate.path(path);
            return this;
        }

        /**
         * Writes to a borrowed {@link Writer} (flushed, never closed).
         *
         * @param writer the character sink
         * @return this builder
         */
        public Builder writer(Writer writer) {
            delegate.writer(writer);
            return this;
        }

        /**
         * Writes UTF-8 to a borrowed {@link OutputStream} (flushed, never closed).
         *
         * @param outputStream the byte sink
         * @return this builder
         */
        public Builder outputStream(OutputStream outputStream) {
            delegate.outputStream(outputStream);
            return this;
        }

        /**
         * The name used in messages.
         *
         * @param sourceName the name
         * @return this builder
         */
        public Builder sourceName(String sourceName) {
            delegate.sourceName(sourceName);
            return this;
        }

        /**
         * The clock for the future-timestamp check, read once at build time.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            delegate.clock(clock);
            return this;
        }

        /**
         * How far in the future a timestamp may lie (default 1 day).
         *
         * @param futureTolerance a non-negative duration
         * @return this builder
         * @throws IllegalArgumentException when the duration is negative
         */
        public Builder futureTolerance(Duration futureTolerance) {
            delegate.futureTolerance(futureTolerance);
            return this;
        }

        /**
         * Whether to reject a record whose id appeared before, as {@link
         * DatasetCsvWriter.Builder#checkDuplicateIds(boolean)} (default true).
         *
         * @param checkDuplicateIds false to skip the check
         * @return this builder
         */
        public Builder checkDuplicateIds(boolean checkDuplicateIds) {
            delegate.checkDuplicateIds(checkDuplicateIds);
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
        public InteractionCsvWriter build() {
            Objects.requireNonNull(schema, "schema is required");
            return new InteractionCsvWriter(delegate.build());
        }
    }
}
