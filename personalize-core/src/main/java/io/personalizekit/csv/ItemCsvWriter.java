package io.personalizekit.csv;

import io.personalizekit.exception.CsvWriteException;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import java.io.IOException;
import java.util.Objects;

/**
 * Writes the catalogue: an Items dataset CSV from records of your own type, bound by an Items {@link BoundSchema}.
 * It is {@link DatasetCsvWriter} (every check, the duplicate-ITEM_ID check, {@code commit()} and the profile are
 * described there) for a schema of type {@link DatasetType#ITEMS}, checked when the builder is made.
 *
 * <pre>{@code
 * record Article(String id, List<String> labels, Instant published) {}
 *
 * BoundSchema<Article> items = SchemaBuilder.forType(DatasetType.ITEMS)
 *         .bind(Article.class)
 *         .stringField("ITEM_ID", Article::id)
 *         .categoricalField("LABELS", Article::labels, f -> f.nullable())
 *         .timestampField("CREATION_TIMESTAMP", Article::published)
 *         .build();
 * try (ItemCsvWriter<Article> w = ItemCsvWriter.builder(items).path(Path.of("items.csv")).build()) {
 *     w.writeAll(articles);
 *     w.commit(); // checks the ITEM_IDs for duplicates, then publishes items.csv; an exception before it leaves no file
 * }
 * }</pre>
 *
 * <p>Not thread-safe.
 *
 * @param <T> the record type
 */
public final class ItemCsvWriter<T> extends AbstractCsvWriter<T> {
    private ItemCsvWriter(Builder<T> b) throws IOException {
        super(b);
    }

    /**
     * A builder; then set exactly one of {@link Builder#path}, {@link Builder#writer} or {@link
     * Builder#outputStream}.
     *
     * @param <T> the record type
     * @param items the bound Items schema
     * @return a new builder
     * @throws IllegalArgumentException when the schema is not of type ITEMS
     */
    public static <T> Builder<T> builder(BoundSchema<T> items) {
        Objects.requireNonNull(items, "items");
        if (items.datasetType() != DatasetType.ITEMS) {
            throw new IllegalArgumentException("ItemCsvWriter needs a schema of type ITEMS, but it is "
                    + items.datasetType() + "; use DatasetCsvWriter.builder(schema) for other dataset types");
        }
        return new Builder<>(items);
    }

    /**
     * Builds an {@link ItemCsvWriter}; every option is that of {@link DatasetCsvWriter.Builder}. Not thread-safe.
     *
     * @param <T> the record type
     */
    public static final class Builder<T> extends AbstractCsvWriter.BaseBuilder<T, Builder<T>> {
        private Builder(BoundSchema<T> items) {
            super(items.schema(), items);
        }

        @Override
        Builder<T> self() {
            return this;
        }

        /**
         * Opens the output and writes the header.
         *
         * @return the writer
         * @throws IllegalStateException when not exactly one of path, writer and outputStream is set
         * @throws CsvWriteException when the output cannot be opened
         */
        public ItemCsvWriter<T> build() {
            String name = checkSinks();
            try {
                return new ItemCsvWriter<>(this);
            } catch (IOException e) {
                throw cannotOpen(name, e);
            }
        }
    }
}
