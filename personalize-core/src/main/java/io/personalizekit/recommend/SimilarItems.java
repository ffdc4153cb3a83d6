package io.personalizekit.recommend;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The items similar to one seed item, in rank order, with where they came from. Immutable and thread-safe.
 *
 * <p>Check {@link #source()} before presenting the list: {@link ResultSource#FALLBACK} means the seed was unknown
 * and the items are the service's popular items, not similar ones; {@link ResultSource#STALE} means a cached list
 * was served because the live call failed.
 */
public final class SimilarItems extends RecommendationResult {
    private final String seedItemId;

    private SimilarItems(Builder b) {
        super(b);
        this.seedItemId = Objects.requireNonNull(b.seedItemId, "seedItemId");
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
     * Returns a builder initialised with this result's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return copyTo(new Builder().seedItemId(seedItemId));
    }

    /**
     * The same result with another source, for example {@link ResultSource#STALE} for a cached copy served after a
     * failure.
     *
     * @param newSource the source
     * @return a copy with that source (or this instance when unchanged)
     */
    public SimilarItems withSource(ResultSource newSource) {
        return newSource == source() ? this : toBuilder().source(newSource).build();
    }

    /**
     * The seed item the list is similar to.
     *
     * @return the seed item id
     */
    public String seedItemId() {
        return seedItemId;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof SimilarItems s && seedItemId.equals(s.seedItemId) && sameValues(s));
    }

    @Override
    public int hashCode() {
        return hashWith(seedItemId);
    }

    @Override
    public String toString() {
        return describe("SimilarItems{seed=" + seedItemId);
    }

    /** Builder of {@link SimilarItems}; not thread-safe. */
    public static final class Builder extends RecommendationResult.Builder<Builder> {
        private @Nullable String seedItemId;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the seed item id (required).
         *
         * @param seedItemId the id
         * @return this builder
         */
        public Builder seedItemId(String seedItemId) {
            this.seedItemId = Objects.requireNonNull(seedItemId, "seedItemId");
            return this;
        }

        /**
         * Builds the result.
         *
         * @return the result
         * @throws NullPointerException when the seed item id or the fetch time is missing
         */
        public SimilarItems build() {
            Objects.requireNonNull(seedItemId, "seedItemId");
            return new SimilarItems(this);
        }
    }
}
