package io.personalizekit.csv;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user (one row of a Users dataset) for {@link UserCsvWriter}: USER_ID and the values of the other schema
 * fields.
 *
 * <pre>{@code
 * User u = User.builder().userId("35").putMetadata("MEMBERSHIP", "gold").build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class User {
    private final @Nullable String userId;
    private final Map<String, Object> metadata;

    private User(Builder b) {
        this.userId = b.userId;
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
        if (!(o instanceof User)) {
            return false;
        }
        User r = (User) o;
        return Objects.equals(userId, r.userId) && metadata.equals(r.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, metadata);
    }

    @Override
    public String toString() {
        return "User{" + "userId=" + userId + ", metadata=" + metadata + "}";
    }

    /** Builds a {@link User}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String userId;
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
        public User build() {
            return new User(this);
        }
    }
}
