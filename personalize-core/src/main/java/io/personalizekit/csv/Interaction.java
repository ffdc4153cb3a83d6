package io.personalizekit.csv;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An interaction (one row of an Interactions dataset) for {@link InteractionCsvWriter}: USER_ID, ITEM_ID,
 * TIMESTAMP, the optional EVENT_TYPE and EVENT_VALUE, and the values of other schema fields.
 *
 * <pre>{@code
 * Interaction view = Interaction.builder()
 *         .userId("35")
 *         .itemId("2")
 *         .timestamp(Instant.ofEpochSecond(1586731606))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Interaction {
    private final @Nullable String userId;
    private final @Nullable String itemId;
    private final @Nullable Instant timestamp;
    private final @Nullable String eventType;
    private final @Nullable Double eventValue;
    private final Map<String, Object> metadata;

    private Interaction(Builder b) {
        this.userId = b.userId;
        this.itemId = b.itemId;
        this.timestamp = b.timestamp;
        this.eventType = b.eventType;
        this.eventValue = b.eventValue;
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
        b.userId = userId;
        b.itemId = itemId;
        b.timestamp = timestamp;
        b.eventType = eventType;
        b.eventValue = eventValue;
        b.metadata.putAll(metadata);
        return b;
    }

    /**
     * The USER_ID.
     *
     * @return the value, or null when the builder was given none (a writer rejects such a record: rule {@code
     *     required})
     */
    public @Nullable String userId() {
        return userId;
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
     * The TIMESTAMP (written as epoch seconds).
     *
     * @return the value, or null when the builder was given none (a writer rejects such a record: rule {@code
     *     required})
     */
    public @Nullable Instant timestamp() {
        return timestamp;
    }

    /**
     * The EVENT_TYPE.
     *
     * @return the value, or empty when not set
     */
    public Optional<String> eventType() {
        return Optional.ofNullable(eventType);
    }

    @Nullable
    String eventTypeOrNull() {
        return eventType;
    }

    /**
     * The EVENT_VALUE.
     *
     * @return the value, or empty when not set
     */
    public Optional<Double> eventValue() {
        return Optional.ofNullable(eventValue);
    }

    @Nullable
    Double eventValueOrNull() {
        return eventValue;
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
        if (!(o instanceof Interaction)) {
            return false;
        }
        Interaction r = (Interaction) o;
        return Objects.equals(userId, r.userId)
                && Objects.equals(itemId, r.itemId)
                && Objects.equals(timestamp, r.timestamp)
                && Objects.equals(eventType, r.eventType)
                && Objects.equals(eventValue, r.eventValue)
                && metadata.equals(r.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, itemId, timestamp, eventType, eventValue, metadata);
    }

    @Override
    public String toString() {
        return "Interaction{" + "userId=" + userId + ", " + "itemId=" + itemId + ", " + "timestamp=" + timestamp + ", "
                + "eventType=" + eventType + ", " + "eventValue=" + eventValue + ", metadata=" + metadata + "}";
    }

    /** Builds a {@link Interaction}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String userId;
        private @Nullable String itemId;
        private @Nullable Instant timestamp;
        private @Nullable String eventType;
        private @Nullable Double eventValue;
        private final Map<String, Object> metadata = new LinkedHashMap<>();

        private Builder() {}

        /**
         * The USER_ID; required: a record without one is rejected when it is written, like one with an
         * empty value (rule {@code required}, a {@link io.personalizekit.exception.CsvValidationException} that fails
         * the writer).
         *
         * @param userId the value, or {@code null} to unset
         * @return this builder
         */
        public Builder userId(@Nullable String userId) {
            this.userId = userId;
            return this;
        }

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
         * The TIMESTAMP, written as epoch seconds; required: a record without one is rejected when it is written
         * (rule {@code required}, a {@link io.personalizekit.exception.CsvValidationException} that fails the
         * writer).
         *
         * @param timestamp the value, or {@code null} to unset
         * @return this builder
         */
        public Builder timestamp(@Nullable Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /**
         * The EVENT_TYPE (written only when the schema has that field).
         *
         * @param eventType the value, or {@code null} to unset
         * @return this builder
         */
        public Builder eventType(@Nullable String eventType) {
            this.eventType = eventType;
            return this;
        }

        /**
         * The EVENT_VALUE (written only when the schema has that field).
         *
         * @param eventValue the value, or {@code null} to unset
         * @return this builder
         */
        public Builder eventValue(@Nullable Double eventValue) {
            this.eventValue = eventValue;
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
        public Interaction build() {
            return new Interaction(this);
        }
    }
}
