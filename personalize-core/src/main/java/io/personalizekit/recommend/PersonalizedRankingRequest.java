package io.personalizekit.recommend;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to rank a list of candidate items for one user (Personalized-Ranking). Immutable and thread-safe. The
 * service's limits (at most {@value #MAX_ITEMS} candidates, {@value #MAX_ITEMS_WITH_METADATA} with metadata columns)
 * are checked by {@link Builder#build()}, before any call is made.
 */
public final class PersonalizedRankingRequest extends RecommendationRequest {
    /** The most candidate items: {@value}. */
    public static final int MAX_ITEMS = 500;
    /** The most candidate items when metadata columns are requested: {@value}. */
    public static final int MAX_ITEMS_WITH_METADATA = 50;

    private final String userId;
    private final List<String> itemIds;

    private PersonalizedRankingRequest(Builder b) {
        super(b);
        this.userId = Objects.requireNonNull(b.userId, "userId");
        this.itemIds = List.copyOf(b.itemIds);
    }

    /**
     * A request to rank candidates for one user, with no filter, context or metadata.
     *
     * @param userId the user id
     * @param itemIds the candidates
     * @return the request
     * @throws IllegalArgumentException when an id is empty or longer than 256 characters, or there are no
     *     candidates or more than {@value #MAX_ITEMS}
     */
    public static PersonalizedRankingRequest of(String userId, List<String> itemIds) {
        return builder().userId(userId).itemIds(itemIds).build();
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
        return copyTo(new Builder().userId(userId).itemIds(itemIds));
    }

    /**
     * The user to rank for.
     *
     * @return the user id
     */
    public String userId() {
        return userId;
    }

    /**
     * The candidate items, in the caller's order.
     *
     * @return an unmodifiable list
     */
    public List<String> itemIds() {
        return itemIds;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PersonalizedRankingRequest)) {
            return false;
        }
        PersonalizedRankingRequest r = (PersonalizedRankingRequest) o;
        return userId.equals(r.userId) && itemIds.equals(r.itemIds) && sameValues(r);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                userId,
                itemIds,
                filterArn().orElse(null),
                filterValues(),
                context(),
                metadataColumns(),
                overrideConfiguration().orElse(null));
    }

    @Override
    public String toString() {
        return "PersonalizedRankingRequest{userId=" + userId + ", items=" + itemIds.size() + describeValues() + "}";
    }

    /** Builder of {@link PersonalizedRankingRequest}; not thread-safe. */
    public static final class Builder extends RecommendationRequest.Builder<Builder> {
        private @Nullable String userId;
        private List<String> itemIds = List.of();

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the user to rank for (required).
         *
         * @param userId the id, 1 to 256 characters
         * @return this builder
         * @throws IllegalArgumentException when the id is empty or longer than 256 characters
         */
        public Builder userId(String userId) {
            this.userId = RequestLimits.checkId("userId", userId);
            return this;
        }

        /**
         * Replaces the candidate items (required).
         *
         * @param itemIds 1 to {@value #MAX_ITEMS} item ids ({@value #MAX_ITEMS_WITH_METADATA} with metadata
         *     columns, checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException when the list is empty or longer than {@value #MAX_ITEMS}, or an id is
         *     empty or longer than 256 characters (the message names its position)
         */
        public Builder itemIds(List<String> itemIds) {
            if (itemIds.isEmpty() || itemIds.size() > MAX_ITEMS) {
                throw new IllegalArgumentException(
                        "itemIds must hold 1 to " + MAX_ITEMS + " items, but it holds " + itemIds.size());
            }
            for (int i = 0; i < itemIds.size(); i++) {
                RequestLimits.checkId("itemIds[" + i + "]", itemIds.get(i));
            }
            this.itemIds = List.copyOf(itemIds);
            return this;
        }

        /**
         * Builds the request, checking the limits that involve several values.
         *
         * @return the request
         * @throws NullPointerException when the user id is missing
         * @throws IllegalArgumentException when no candidate is given, when filter values are given without a
         *     filter, when there are more than 25 filter values, 150 context entries or 99 metadata columns, or
         *     when there are more than {@value #MAX_ITEMS_WITH_METADATA} candidates while metadata columns are
         *     requested
         */
        public PersonalizedRankingRequest build() {
            if (itemIds.isEmpty()) {
                throw new IllegalArgumentException("itemIds must hold 1 to " + MAX_ITEMS + " items, but none is set");
            }
            checkCombination("itemIds count", itemIds.size());
            return new PersonalizedRankingRequest(this);
        }
    }
}
