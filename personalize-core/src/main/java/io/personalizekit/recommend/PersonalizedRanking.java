package io.personalizekit.recommend;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user's ranking of a candidate list, best first. Candidates the model has never seen come last, without a score,
 * as the service appends them. Immutable and thread-safe.
 */
public final class PersonalizedRanking extends RecommendationResult {
    private final String userId;

    private PersonalizedRanking(Builder b) {
        super(b);
        this.userId = Objects.requireNonNull(b.userId, "userId");
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
    public PersonalizedRanking withSource(ResultSource newSource) {
        return newSource == source() ? this : toBuilder().source(newSource).build();
    }

    /**
     * The user the list was ranked for.
     *
     * @return the user id
     */
    public String userId() {
        return userId;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof PersonalizedRanking s && userId.equals(s.userId) && sameValues(s));
    }

    @Override
    public int hashCode() {
        return hashWith(userId);
    }

    @Override
    public String toString() {
        return describe("PersonalizedRanking{user=" + userId);
    }

    /** Builder of {@link PersonalizedRanking}; not thread-safe. */
    public static final class Builder extends RecommendationResult.Builder<Builder> {
        private @Nullable String userId;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the user the list was ranked for (required).
         *
         * @param userId the id
         * @return this builder
         */
        public Builder userId(String userId) {
            this.userId = Objects.requireNonNull(userId, "userId");
            return this;
        }

        /**
         * Builds the result.
         *
         * @return the result
         * @throws NullPointerException when the user id or the fetch time is missing
         */
        public PersonalizedRanking build() {
            Objects.requireNonNull(userId, "userId");
            return new PersonalizedRanking(this);
        }
    }
}
