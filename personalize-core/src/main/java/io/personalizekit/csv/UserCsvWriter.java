package io.personalizekit.csv;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.exception.CsvWriteException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@link User} records as a Users dataset CSV, in the column order of a
 * {@link DatasetSchema} of type {@link DatasetType#USERS}. USER_ID comes from the record's accessor, every other
 * column from its metadata by field name.
 *
 * <pre>{@code
 * try (UserCsvWriter w = UserCsvWriter.builder().schema(usersSchema).path(Path.of("users.csv")).build()) {
 *     w.write(User.builder().userId("35").putMetadata("MEMBERSHIP", "gold").build());
 *     w.commit(); // publishes users.csv; an exception before it leaves no file
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
     * Publishes the output and closes the writer, as {@link DatasetCsvWriter#commit()}: this is where a repeated
     * USER_ID is detected. Without it, {@link #close()} discards the records written.
     *
     * @throws CsvValidationException when two records have the same USER_ID; nothing is published (a file target is
     *     not created)
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

    /** Builds an {@link UserCsvWriter}; every option is described on it. Not thread-safe. */
    public static final class Builder extends TypedCsvWriter.TypedBuilder<Builder, UserCsvWriter> {
        private Builder() {
            super(DatasetType.USERS, "UserCsvWriter", UserCsvWriter::new);
        }

        @Override
        Builder self() {
            return this;
        }
    }
}
