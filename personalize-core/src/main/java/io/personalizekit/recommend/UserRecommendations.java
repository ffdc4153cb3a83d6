package io.personalizekit.recommend;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The items recommended to a user (or the popular items), in rank order, with where they came from. Immutable and
 * thread-safe.
 */
public final class UserRecommendations extends RecommendationResult {
    private final @Nullable String userId;

    private UserRecommendations(Builder b) {
        super(b);
        this.userId = b.userId;
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
        return copyTo(new Builder().userId(userId));
    }

    /**
     * The same result with another source, for example {@link ResultSource#STALE} for a cached copy served after a
     * failure.
     *
     * @param newSource the source
     * @return a copy with that source (or this instance when unchanged)
     */
    public UserRecommendations withSource(ResultSource newSource) {
        return newSource == source() ? this : toBuilder().source(newSource).build();
    }

    /**
     * The user the list was asked for.
     *
     * @return the user id, or empty for popular items asked without a user
     */
    public Optional<String> userId() {
        return Optional.ofNullable(userId);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof UserRecommendations s && Objects.equals(userId, s.userId) && sameValues(s));
    }

    @Override
    public int hashCode() {
        return hashWith(userId);
    }

    @Override
    public String toString() {
        return describe("UserRecommendations{user=" + userId);
    }

    /** Builder of {@link UserRecommendations}; not thread-safe. */
    public static final class Builder extends RecommendationResult.Builder<Builder> {
        private @Nullable String userId;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the user the list was asked for.
         *
         * @param userId the id, or {@code null} for none
         * @return this builder
         */
        public Builder userId(@Nullable String userId) {
            this.userId = userId;
            return this;
        }

        /**
         * Builds the result.
         *
         * @return the result
         * @throws NullPointerException when the fetch time is missing
         */
        public UserRecommendations build() {
            return new UserRecommendations(this);
        }
    }
}
