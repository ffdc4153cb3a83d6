package io.personalizekit.recommend;

import io.personalizekit.PersonalizeLimits;
import io.personalizekit.resource.FilterRef;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A request for the items similar to one seed item. Immutable and thread-safe. Limits are checked by {@link
 * Builder#build()}, before any call is made.
 */
public final class SimilarItemsRequest extends RecommendationRequest {
    /** The number of results asked for when none is given: {@value}. */
    public static final int DEFAULT_NUM_RESULTS = 25;
    /** The most results the service returns: {@value} ({@link PersonalizeLimits#MAX_NUM_RESULTS}). */
    public static final int MAX_NUM_RESULTS = PersonalizeLimits.MAX_NUM_RESULTS;
    /**
     * The most results the service returns when metadata columns are requested: {@value} ({@link
     * PersonalizeLimits#MAX_NUM_RESULTS_WITH_METADATA}).
     */
    public static final int MAX_NUM_RESULTS_WITH_METADATA = PersonalizeLimits.MAX_NUM_RESULTS_WITH_METADATA;
    /** The longest item id: {@value} ({@link PersonalizeLimits#MAX_ID_LENGTH}). */
    public static final int MAX_ID_LENGTH = PersonalizeLimits.MAX_ID_LENGTH;
    /** The most filter values: {@value}. */
    public static final int MAX_FILTER_VALUES = 25;
    /** The most context entries: {@value}. */
    public static final int MAX_CONTEXT_ENTRIES = 150;
    /** The longest filter or context value: {@value}. */
    public static final int MAX_VALUE_LENGTH = 1000;
    /** The most metadata columns: {@value}. */
    public static final int MAX_METADATA_COLUMNS = 99;

    private final String itemId;
    private final int numResults;
    private final boolean excludeSeed;
    private final Set<String> excludedItemIds;
    private final @Nullable Promotion promotion;

    private SimilarItemsRequest(Builder b) {
        super(b);
        this.itemId = Objects.requireNonNull(b.itemId, "itemId");
        this.numResults = b.numResults;
        this.excludeSeed = b.excludeSeed;
        this.excludedItemIds = Collections.unmodifiableSet(new LinkedHashSet<>(b.excludedItemIds));
        this.promotion = b.promotion;
    }

    /**
     * A request with defaults for one seed.
     *
     * @param itemId the seed item id
     * @return the request
     */
    public static SimilarItemsRequest of(String itemId) {
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
     * Returns a builder initialised with this request's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return copyTo(new Builder()
                .itemId(itemId)
                .numResults(numResults)
                .excludeSeed(excludeSeed)
                .excludedItemIds(excludedItemIds)
                .promotion(promotion));
    }

    /**
     * The seed item id.
     *
     * @return the id
     */
    public String itemId() {
        return itemId;
    }

    /**
     * How many items to return.
     *
     * @return the number of results
     */
    public int numResults() {
        return numResults;
    }

    /**
     * Whether the seed item is removed from the result should the service return it.
     *
     * @return true by default
     */
    public boolean excludeSeed() {
        return excludeSeed;
    }

    /**
     * Item ids removed from the result (for example those the reader has already seen).
     *
     * @return an unmodifiable set
     */
    public Set<String> excludedItemIds() {
        return excludedItemIds;
    }

    /**
     * The promotion mixed into the results (the service takes at most one).
     *
     * @return the promotion, or empty
     */
    public Optional<Promotion> promotion() {
        return Optional.ofNullable(promotion);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SimilarItemsRequest)) {
            return false;
        }
        SimilarItemsRequest r = (SimilarItemsRequest) o;
        return numResults == r.numResults
                && excludeSeed == r.excludeSeed
                && itemId.equals(r.itemId)
                && excludedItemIds.equals(r.excludedItemIds)
                && Objects.equals(promotion, r.promotion)
                && sameValues(r);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                itemId,
                numResults,
                filterArn().orElse(null),
                filterValues(),
                context(),
                metadataColumns(),
                excludeSeed,
                excludedItemIds,
                promotion,
                overrideConfiguration().orElse(null));
    }

    @Override
    public String toString() {
        return "SimilarItemsRequest{itemId=" + itemId + ", numResults=" + numResults + describeValues()
                + ", excludeSeed=" + excludeSeed
                + (excludedItemIds.isEmpty() ? "" : ", excluded=" + excludedItemIds.size())
                + (promotion == null ? "" : ", promotion=" + promotion.name()) + "}";
    }

    /** Builder of {@link SimilarItemsRequest}; not thread-safe. */
    public static final class Builder extends RecommendationRequest.Builder<Builder> {
        private @Nullable String itemId;
        private int numResults = DEFAULT_NUM_RESULTS;
        private boolean excludeSeed = true;
        private final Set<String> excludedItemIds = new LinkedHashSet<>();
        private @Nullable Promotion promotion;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the seed item id (required).
         *
         * @param itemId the id, 1 to {@value #MAX_ID_LENGTH} characters
         * @return this builder
         * @throws IllegalArgumentException when the id is empty or longer than {@value #MAX_ID_LENGTH}
         */
        public Builder itemId(String itemId) {
            this.itemId = RequestLimits.checkId("itemId", itemId);
            return this;
        }

        /**
         * Sets how many items to return; defaults to {@value #DEFAULT_NUM_RESULTS}.
         *
         * @param numResults 1 to {@value #MAX_NUM_RESULTS} ({@value #MAX_NUM_RESULTS_WITH_METADATA} with metadata
         *     columns, checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException when outside 1 to {@value #MAX_NUM_RESULTS}
         */
        public Builder numResults(int numResults) {
            this.numResults = RequestLimits.checkNumResults(numResults);
            return this;
        }

        /**
         * Sets the filter, for example {@code deployment.filter("unread")}.
         *
         * @param filter the filter, or {@code null} for none
         * @return this builder
         */
        public Builder filter(@Nullable FilterRef filter) {
            return filterArn(filter == null ? null : filter.arn());
        }

        /**
         * Sets whether the seed is removed from the result; defaults to true.
         *
         * @param excludeSeed whether to remove the seed
         * @return this builder
         */
        public Builder excludeSeed(boolean excludeSeed) {
            this.excludeSeed = excludeSeed;
            return this;
        }

        /**
         * Replaces the item ids removed from the result.
         *
         * @param itemIds the ids
         * @return this builder
         */
        public Builder excludedItemIds(Set<String> itemIds) {
            this.excludedItemIds.clear();
            this.excludedItemIds.addAll(itemIds);
            return this;
        }

        /**
         * Adds item ids to remove from the result.
         *
         * @param itemIds the ids
         * @return this builder
         */
        public Builder addExcludedItemIds(String... itemIds) {
            for (String id : itemIds) {
                this.excludedItemIds.add(Objects.requireNonNull(id, "itemIds"));
            }
            return this;
        }

        /**
         * Sets the promotion mixed into the results.
         *
         * @param promotion the promotion, or {@code null} for none
         * @return this builder
         */
        public Builder promotion(@Nullable Promotion promotion) {
            this.promotion = promotion;
            return this;
        }

        /**
         * Sets the promotion mixed into the results, built by a consumer.
         *
         * @param promotion sets the promotion's values
         * @return this builder
         * @throws NullPointerException when the consumer leaves a required promotion value unset
         * @throws IllegalArgumentException when the consumer sets an invalid promotion value
         */
        public Builder promotion(Consumer<Promotion.Builder> promotion) {
            Promotion.Builder b = Promotion.builder();
            promotion.accept(b);
            this.promotion = b.build();
            return this;
        }

        /**
         * Builds the request, checking the limits that involve several values.
         *
         * @return the request
         * @throws NullPointerException when the item id is missing
         * @throws IllegalArgumentException when filter values are given without a filter, when there are more than
         *     {@value #MAX_FILTER_VALUES} filter values, {@value #MAX_CONTEXT_ENTRIES} context entries or {@value
         *     #MAX_METADATA_COLUMNS} metadata columns, or when numResults exceeds {@value
         *     #MAX_NUM_RESULTS_WITH_METADATA} while metadata columns are requested
         */
        public SimilarItemsRequest build() {
            checkCombination("numResults", numResults);
            return new SimilarItemsRequest(this);
        }
    }
}
