package io.personalizekit.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One item to push with {@link ItemSeeder}: its id and its field values keyed by the Items schema's field names
 * ({@code "LABELS"}, {@code "CREATION_TIMESTAMP"}), as they appear in the schema and the CSV header. Immutable and
 * thread-safe; values are whatever objects the caller put (strings, numbers, booleans, a collection of strings for
 * a categorical field, an {@link java.time.Instant} for a timestamp).
 *
 * <pre>{@code
 * CatalogItem.builder().itemId("a-1001").put("LABELS", List.of("SPORTS", "FOOTBALL"))
 *         .put("CREATION_TIMESTAMP", Instant.now()).build();
 * }</pre>
 */
public final class CatalogItem {
    private final String itemId;
    private final Map<String, @Nullable Object> fields;

    private CatalogItem(Builder b) {
        this.itemId = Objects.requireNonNull(b.itemId, "itemId");
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(b.fields));
    }

    /**
     * Creates an item.
     *
     * @param itemId the item id
     * @param fields schema field name to value
     * @return the item
     */
    public static CatalogItem of(String itemId, Map<String, ? extends @Nullable Object> fields) {
        return builder().itemId(itemId).fields(fields).build();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder initialised with this item's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().itemId(itemId).fields(fields);
    }

    /**
     * The item id.
     *
     * @return the id
     */
    public String itemId() {
        return itemId;
    }

    /**
     * The field values by schema field name; a {@code null} value means "no value".
     *
     * @return an unmodifiable map, in insertion order
     */
    public Map<String, @Nullable Object> fields() {
        return fields;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CatalogItem)) {
            return false;
        }
        CatalogItem c = (CatalogItem) o;
        return itemId.equals(c.itemId) && fields.equals(c.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(itemId, fields);
    }

    /**
     * The id and the field names; values are not printed (they may be user data).
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "CatalogItem{" + itemId + ", fields=" + fields.keySet() + "}";
    }

    /** Builder of {@link CatalogItem}; not thread-safe. */
    public static final class Builder {
        private @Nullable String itemId;
        private final Map<String, @Nullable Object> fields = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Sets the item id (required). Its length is checked by the seeder, which reports it per item.
         *
         * @param itemId the id
         * @return this builder
         */
        public Builder itemId(String itemId) {
            this.itemId = Objects.requireNonNull(itemId, "itemId");
            return this;
        }

        /**
         * Sets one field.
         *
         * @param field the schema field name, for example {@code "LABELS"}
         * @param value the value, or {@code null} for none
         * @return this builder
         */
        public Builder put(String field, @Nullable Object value) {
            fields.put(Objects.requireNonNull(field, "field"), value);
            return this;
        }

        /**
         * Replaces the fields.
         *
         * @param fields schema field name to value
         * @return this builder
         */
        public Builder fields(Map<String, ? extends @Nullable Object> fields) {
            this.fields.clear();
            fields.forEach(this::put);
            return this;
        }

        /**
         * Builds the item.
         *
         * @return the item
         * @throws NullPointerException when the item id is missing
         */
        public CatalogItem build() {
            return new CatalogItem(this);
        }
    }
}
