package io.personalizekit.recommend;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One recommended item, as {@code GetRecommendations} (or a batch output, or the cache) returned it. Immutable and
 * thread-safe.
 */
public final class RecommendedItem {
    private final String itemId;
    private final @Nullable Double score;
    private final Map<String, String> metadata;
    private final @Nullable String promotionName;
    private final List<String> reasons;

    private RecommendedItem(Builder b) {
        this.itemId = Objects.requireNonNull(b.itemId, "itemId");
        this.score = b.score;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
        this.promotionName = b.promotionName;
        this.reasons = List.copyOf(b.reasons);
    }

    /**
     * Creates an item with only an id, as Similar-Items returns them.
     *
     * @param itemId the item id
     * @return the item
     */
    public static RecommendedItem of(String itemId) {
        return builder().itemId(itemId).build();
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
        Builder b = new Builder().itemId(itemId).score(score).promotionName(promotionName);
        b.metadata.putAll(metadata);
        b.reasons(reasons);
        return b;
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
     * The score, when the recipe returns one. Similar-Items, SIMS and Popularity-Count return none.
     *
     * @return the score, or empty
     */
    public Optional<Double> score() {
        return Optional.ofNullable(score);
    }

    /**
     * Metadata columns returned with the item (requested with {@code metadataColumns}).
     *
     * @return an unmodifiable map, empty when none was requested
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The name of the promotion that included this item.
     *
     * @return the promotion name, or empty
     */
    public Optional<String> promotionName() {
        return Optional.ofNullable(promotionName);
    }

    /**
     * The service's reasons for including the item (User-Personalization-v2 only).
     *
     * @return an unmodifiable list, usually empty
     */
    public List<String> reasons() {
        return reasons;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RecommendedItem)) {
            return false;
        }
        RecommendedItem r = (RecommendedItem) o;
        return itemId.equals(r.itemId)
                && Objects.equals(score, r.score)
                && metadata.equals(r.metadata)
                && Objects.equals(promotionName, r.promotionName)
                && reasons.equals(r.reasons);
    }

    @Override
    public int hashCode() {
        return Objects.hash(itemId, score, metadata, promotionName, reasons);
    }

    @Override
    public String toString() {
        return "RecommendedItem{" + itemId + (score == null ? "" : ", score=" + score)
                + (metadata.isEmpty() ? "" : ", metadata=" + metadata)
                + (promotionName == null ? "" : ", promotion=" + promotionName)
                + (reasons.isEmpty() ? "" : ", reasons=" + reasons) + "}";
    }

    /** Builder of {@link RecommendedItem}; not thread-safe. */
    public static final class Builder {
        private @Nullable String itemId;
        private @Nullable Double score;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private @Nullable String promotionName;
        private List<String> reasons = List.of();

        private Builder() {}

        /**
         * Sets the item id (required).
         *
         * @param itemId the id
         * @return this builder
         */
        public Builder itemId(String itemId) {
            this.itemId = Objects.requireNonNull(itemId, "itemId");
            return this;
        }

        /**
         * Sets the score.
         *
         * @param score the score, or {@code null} for none
         * @return this builder
         */
        public Builder score(@Nullable Double score) {
            this.score = score;
            return this;
        }

        /**
         * Replaces the metadata.
         *
         * @param metadata column name to value
         * @return this builder
         */
        public Builder metadata(Map<String, String> metadata) {
            this.metadata.clear();
            this.metadata.putAll(metadata);
            return this;
        }

        /**
         * Adds one metadata column.
         *
         * @param column the column name
         * @param value the value
         * @return this builder
         */
        public Builder putMetadata(String column, String value) {
            this.metadata.put(column, value);
            return this;
        }

        /**
         * Sets the promotion name.
         *
         * @param promotionName the name, or {@code null} for none
         * @return this builder
         */
        public Builder promotionName(@Nullable String promotionName) {
            this.promotionName = promotionName;
            return this;
        }

        /**
         * Replaces the reasons.
         *
         * @param reasons the reasons
         * @return this builder
         */
        public Builder reasons(List<String> reasons) {
            this.reasons = List.copyOf(reasons);
            return this;
        }

        /**
         * Builds the item.
         *
         * @return the item
         * @throws NullPointerException when the item id is missing
         */
        public RecommendedItem build() {
            return new RecommendedItem(this);
        }
    }
}
