package io.personalizekit.csv;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An item (one row of an Items dataset) for {@link ItemCsvWriter}: ITEM_ID, CREATION_TIMESTAMP and the values of
 * the other schema fields.
 *
 * <pre>{@code
 * Item article = Item.builder()
 *         .itemId("1")
 *         .putMetadata("LABELS", List.of("SPORTS", "SCIENCE", "INTERNATIONAL"))
 *         .creationTime(Instant.ofEpochSecond(1570003267))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Item {
    private final @Nullable String itemId;
    private final @Nullable Instant creationTime;
    private final Map<String, Object> metadata;

    private Item(Builder b) {
        this.itemId = b.itemId;
        this.creationTime = b.creationTime;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised with this record's values.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.itemId = itemId;
        b.creationTime = creationTime;
        b.metadata.putAll(metadata);
        return b;
    }

    /**
     * The ITEM_ID.
     *
     * @return the value, or null when the builder was given none (a writer rejects such a record: rule {@code
     *     required})
     */
    public @Nullable String itemId() {
        return itemId;
    }

    /**
     * The CREATION_TIMESTAMP (written as epoch seconds).
     *
     * @return the value, or empty when not set
     */
    public Optional<Instant> creationTime() {
        return Optional.ofNullable(creationTime);
    }

    @Nullable
    Instant creationTimeOrNull() {
        return creationTime;
    }

    /**
     * Values of the other schema fields, by field name (for example {@code "LABELS" -> List.of("SPORTS")}); see
     * {@link DatasetCsvWriter} for the accepted value types.
     *
     * @return an unmodifiable map, in insertion order
     */
    public Map<String, Object> metadata() {
        return metadata;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Item)) {
            return false;
        }
        Item r = (Item) o;
        return Objects.equals(itemId, r.itemId)
                && Objects.equals(creationTime, r.creationTime)
                && metadata.equals(r.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(itemId, creationTime, metadata);
    }

    @Override
    public String toString() {
        return "Item{" + "itemId=" + itemId + ", " + "creationTime=" + creationTime + ", metadata=" + metadata + "}";
    }

    /** Builds a {@link Item}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String itemId;
        private @Nullable Instant creationTime;
        private final Map<String, Object> metadata = new LinkedHashMap<>();

        private Builder() {}

        /**
         * The ITEM_ID; required: a record without one is rejected when it is written, like one with an
         * empty value (rule {@code required}, a {@link io.personalizekit.exception.CsvValidationException} that fails
         * the writer).
         *
         * @param itemId the value, or {@code null} to unset
         * @return this builder
         */
        public Builder itemId(@Nullable String itemId) {
            this.itemId = itemId;
            return this;
        }

        /**
         * The CREATION_TIMESTAMP, written as epoch seconds.
         *
         * @param creationTime the value, or {@code null} to unset
         * @return this builder
         */
        public Builder creationTime(@Nullable Instant creationTime) {
            this.creationTime = creationTime;
            return this;
        }

        /**
         * Sets the value of another schema field; {@code null} removes it (an empty cell).
         *
         * @param field the schema field name, for example {@code "LABELS"}
         * @param value the value, or {@code null}
         * @return this builder
         */
        public Builder putMetadata(String field, @Nullable Object value) {
            Objects.requireNonNull(field, "field");
            if (value == null) {
                metadata.remove(field);
            } else {
                metadata.put(field, value);
            }
            return this;
        }

        /**
         * Replaces all metadata values.
         *
         * @param metadata values by schema field name; null values are skipped
         * @return this builder
         */
        public Builder metadata(Map<String, ?> metadata) {
            this.metadata.clear();
            metadata.forEach(this::putMetadata);
            return this;
        }

        /**
         * Builds the record.
         *
         * @return the record; required values are checked when it is written
         */
        public Item build() {
            return new Item(this);
        }
    }
}
