package io.personalizekit.recommend;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A request for the items recommended to a user (User-Personalization, a recommender's "recommended for you") or
 * for the popular items (Popularity-Count, Trending-Now). Immutable and thread-safe.
 *
 * <p>The service's limits are checked by {@link Builder#build()}; the rules of the recipe the request is sent to
 * (a {@code userId} for User-Personalization) are checked by the client before it calls.
 */
public final class UserRecommendationsRequest extends RecommendationRequest {
    /** The number of results asked for when none is given: {@value}. */
    public static final int DEFAULT_NUM_RESULTS = 25;

    private final @Nullable String userId;
    private final int numResults;
    private final @Nullable Promotion promotion;

    private UserRecommendationsRequest(Builder b) {
        super(b);
        this.userId = b.userId;
        this.numResults = b.numResults;
        this.promotion = b.promotion;
    }

    /**
     * A request with defaults for one user.
     *
     * @param userId the user id
     * @return the request
     * @throws IllegalArgumentException when the id is empty or longer than 256 characters
     */
    public static UserRecommendationsRequest forUser(String userId) {
        return builder().userId(userId).build();
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
        Builder b = copyTo(new Builder().numResults(numResults).promotion(promotion));
        b.userId = userId;
        return b;
    }

    /**
     * The user to recommend for.
     *
     * @return the user id, or empty for popular items asked without a user
     */
    public Optional<String> userId() {
        return Optional.ofNullable(userId);
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
        if (!(o instanceof UserRecommendationsRequest)) {
            return false;
        }
        UserRecommendationsRequest r = (UserRecommendationsRequest) o;
        return numResults == r.numResults
                && Objects.equals(userId, r.userId)
                && Objects.equals(promotion, r.promotion)
                && sameValues(r);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                userId,
                numResults,
                filterArn().orElse(null),
                filterValues(),
                context(),
                metadataColumns(),
                promotion,
                overrideConfiguration().orElse(null));
    }

    @Override
    public String toString() {
        return "UserRecommendationsRequest{userId=" + userId + ", numResults=" + numResults + describeValues()
                + (promotion == null ? "" : ", promotion=" + promotion.name()) + "}";
    }

    /** Builder of {@link UserRecommendationsRequest}; not thread-safe. */
    public static final class Builder extends RecommendationRequest.Builder<Builder> {
        private @Nullable String userId;
        private int numResults = DEFAULT_NUM_RESULTS;
        private @Nullable Promotion promotion;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the user (required by User-Personalization and most recommenders; optional for popular items).
         *
         * @param userId the id, 1 to 256 characters, or {@code null} to ask without a user
         * @return this builder
         * @throws IllegalArgumentException when the id is empty or longer than 256 characters
         */
        public Builder userId(@Nullable String userId) {
            this.userId = userId == null ? null : RequestLimits.checkId("userId", userId);
            return this;
        }

        /**
         * Sets how many items to return; defaults to {@value #DEFAULT_NUM_RESULTS}.
         *
         * @param numResults 1 to 500 (50 with metadata columns, checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException when outside 1 to 500
         */
        public Builder numResults(int numResults) {
            this.numResults = RequestLimits.checkNumResults(numResults);
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
         * @throws IllegalArgumentException when filter values are given without a filter, when there are more than
         *     25 filter values, 150 context entries or 99 metadata columns, or when numResults exceeds 50 while
         *     metadata columns are requested
         */
        public UserRecommendationsRequest build() {
            checkCombination("numResults", numResults);
            return new UserRecommendationsRequest(this);
        }
    }
}
