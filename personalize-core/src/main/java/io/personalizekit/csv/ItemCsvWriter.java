package io.personalizekit.csv;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.exception.CsvWriteException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@link Item} records as a Items dataset CSV, in the column order of a
 * {@link DatasetSchema} of type {@link DatasetType#ITEMS}. ITEM_ID and CREATION_TIMESTAMP come from the record's
 * accessors, every other column from its metadata by field name.
 *
 * <pre>{@code
 * try (ItemCsvWriter w = ItemCsvWriter.builder().schema(itemsSchema).path(Path.of("items.csv")).build()) {
 *     w.write(Item.builder()
 *             .itemId("1")
 *             .putMetadata("LABELS", List.of("SPORTS", "SCIENCE", "INTERNATIONAL"))
 *             .creationTime(Instant.ofEpochSecond(1570003267))
 *             .build());
 *     w.commit(); // publishes items.csv; an exception before it leaves no file
 * }
 * }</pre>
 *
 * <p>Output, checks, failure handling and profile are those of {@link DatasetCsvWriter}, which this class
 * wraps. A record whose metadata names a field the schema does not have is rejected (rule {@code
 * unknown-field}). Not thread-safe.
 */
public final class ItemCsvWriter extends TypedCsvWriter<Item> implements AutoCloseable {
    private ItemCsvWriter(DatasetCsvWriter delegate) {
        super(delegate, ItemCsvWriter::sourceOf);
    }

    private static int sourceOf(String field) {
        switch (field) {
            case "ITEM_ID":
                return 1;
            case "CREATION_TIMESTAMP":
                return 2;
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
     * @param item the record
     * @throws CsvValidationException when a value breaks a rule (see {@link DatasetCsvWriter}; a record without an
     *     ITEM_ID breaks {@code required}) or the metadata names a field the schema does not have; nothing of the
     *     record is written and the writer is failed
     * @throws IllegalStateException when the writer is closed or failed
     * @throws CsvWriteException when writing fails
     */
    public void write(Item item) {
        writeRecord(item, item.metadata());
    }

    @Override
    @Nullable
    Object column(Item item, int source) {
        switch (source) {
            case 1:
                return item.itemId();
            case 2:
                return item.creationTimeOrNull();
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
    public void writeAll(Iterable<? extends Item> records) {
        for (Item r : records) {
            write(r);
        }
    }

    /**
     * The profile of the records written so far.
     *
     * @return a snapshot of the profile
     * @throws CsvValidationException when the records written so far repeat an ITEM_ID (checked over all id
     *     hashes, as {@link DatasetCsvWriter#profile()})
     */
    public DatasetProfile profile() {
        return delegate.profile();
    }

    /**
     * Publishes the output and closes the writer, as {@link DatasetCsvWriter#commit()}: this is where a repeated
     * ITEM_ID is detected. Without it, {@link #close()} discards the records written.
     *
     * @throws CsvValidationException when two records have the same ITEM_ID; nothing is published (a file target is
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

    /** Builds an {@link ItemCsvWriter}; every option is described on it. Not thread-safe. */
    public static final class Builder extends TypedCsvWriter.TypedBuilder<Builder, ItemCsvWriter> {
        private Builder() {
            super(DatasetType.ITEMS, "ItemCsvWriter", ItemCsvWriter::new);
        }

        @Override
        Builder self() {
            return this;
        }
    }
}
