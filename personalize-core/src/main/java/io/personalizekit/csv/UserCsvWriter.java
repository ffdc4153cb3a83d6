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
 * Writes {@link User} records as a Users dataset CSV, in the column order of a
 * {@link DatasetSchema} of type {@link DatasetType#USERS}. USER_ID comes from the record's accessor, every other
 * column from its metadata by field name.
 *
 * <pre>{@code
 * try (UserCsvWriter w = UserCsvWriter.builder().schema(usersSchema).path(Path.of("users.csv")).build()) {
 *     w.write(User.builder().userId("35").putMetadata("MEMBERSHIP", "gold").build());
 * }
 * }</pre>
 *
 * <p>Output, checks, failure handling and profile are those of {@link DatasetCsvWriter}, which this class
 * wraps. A record whose metadata names a field the schema does not have is rejected (rule {@code
 * unknown-field}). Not thread-safe.
 */
public final class UserCsvWriter extends TypedCsvWriter<User> implements AutoCloseable {
    private UserCsvWriter(DatasetCsvWriter delegate) {
        super(delegate, UserCsvWriter::sourceOf);
    }

    private static int sourceOf(String field) {
        switch (field) {
            case "USER_ID":
                return 1;
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
     * @param user the record
     * @throws CsvValidationException when a value breaks a rule (see {@link DatasetCsvWriter}) or the metadata
     *     names a field the schema does not have; nothing of the record is written and the writer is failed
     * @throws IllegalStateException when the writer is closed or failed
     * @throws CsvWriteException when writing fails
     */
    public void write(User user) {
        writeRecord(user, user.metadata());
    }

    @Override
    @Nullable
    Object column(User user, int source) {
        switch (source) {
            case 1:
                return user.userId();
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
    public void writeAll(Iterable<? extends User> records) {
        for (User r : records) {
            write(r);
        }
    }

    /**
     * The profile of the records written so far.
     *
     * @return a snapshot of the profile
     * @throws CsvValidationException when the records written so far repeat a USER_ID (checked over all id
     *     hashes, as {@link DatasetCsvWriter#profile()})
     */
    public DatasetProfile profile() {
        return delegate.profile();
    }

    /**
     * Finishes the output, as {@link DatasetCsvWriter#close()}: this is where a repeated USER_ID is detected.
     *
     * @throws CsvValidationException when two records have the same USER_ID; a file target is then not created
     * @throws CsvWriteException when flushing, closing or moving fails
     */
    @Override
    public void close() {
        delegate.close();
    }

    /** Builds an {@link UserCsvWriter}. Not thread-safe. */
    public static final class Builder {
        private final DatasetCsvWriter.Builder delegate = DatasetCsvWriter.builder();
        private @Nullable DatasetSchema schema;

        private Builder() {}

        /**
         * The schema; required, of type {@link DatasetType#USERS}.
         *
         * @param schema the dataset schema
         * @return this builder
         * @throws IllegalArgumentException when the schema is of another dataset type
         */
        public Builder schema(DatasetSchema schema) {
            Objects.requireNonNull(schema, "schema");
            if (schema.datasetType() != DatasetType.USERS) {
                throw new IllegalArgumentException(
                        "UserCsvWriter needs a schema of type USERS, got " + schema.datasetType());
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
        public UserCsvWriter build() {
            Objects.requireNonNull(schema, "schema is required");
            return new UserCsvWriter(delegate.build());
        }
    }
}
