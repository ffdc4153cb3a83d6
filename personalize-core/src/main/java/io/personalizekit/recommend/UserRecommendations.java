package io.personalizekit.recommend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The items recommended to a user (or the popular items), in rank order, with where they came from. Immutable and
 * thread-safe.
 */
public final class UserRecommendations {
    private final @Nullable String userId;
    private final List<RecommendedItem> items;
    private final @Nullable String recommendationId;
    private final ResultSource source;
    private final Instant fetchedAt;

    private UserRecommendations(Builder b) {
        this.userId = b.userId;
        this.items = List.copyOf(b.items);
        this.recommendationId = b.recommendationId;
        this.source = Objects.requireNonNull(b.source, "source");
        this.fetchedAt = Objects.requireNonNull(b.fetchedAt, "fetchedAt");
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
        return new Builder()
                .userId(userId)
                .items(items)
                .recommendationId(recommendationId)
                .source(source)
                .fetchedAt(fetchedAt);
    }

    /**
     * The same result with another source, for example {@link ResultSource#STALE} for a cached copy served after a
     * failure.
     *
     * @param newSource the source
     * @return a copy with that source (or this instance when unchanged)
     */
    public UserRecommendations withSource(ResultSource newSource) {
        return newSource == source ? this : toBuilder().source(newSource).build();
    }

    /**
     * The user the list was asked for.
     *
     * @return the user id, or empty for popular items asked without a user
     */
    public Optional<String> userId() {
        return Optional.ofNullable(userId);
    }

    /**
     * The items, best first.
     *
     * @return an unmodifiable list
     */
    public List<RecommendedItem> items() {
        return items;
    }

    /**
     * The item ids, best first.
     *
     * @return a new unmodifiable list
     */
    public List<String> itemIds() {
        List<String> ids = new ArrayList<>(items.size());
        items.forEach(i -> ids.add(i.itemId()));
        return List.copyOf(ids);
    }

    /**
     * The service's id of the recommendation response, to attribute later events to it.
     *
     * @return the id, or empty when not known (batch output, or an old cache entry)
     */
    public Optional<String> recommendationId() {
        return Optional.ofNullable(recommendationId);
    }

    /**
     * Where the list came from.
     *
     * @return the source
     */
    public ResultSource source() {
        return source;
    }

    /**
     * When the list was obtained from Personalize (live call or batch job), not when it was read from a cache.
     *
     * @return the fetch time
     */
    public Instant fetchedAt() {
        return fetchedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UserRecommendations)) {
            return false;
        }
        UserRecommendations s = (UserRecommendations) o;
        return Objects.equals(userId, s.userId)
                && items.equals(s.items)
                && Objects.equals(recommendationId, s.recommendationId)
                && source == s.source
                && fetchedAt.equals(s.fetchedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, items, recommendationId, source, fetchedAt);
    }

    @Override
    public String toString() {
        return "UserRecommendations{user=" + userId + ", source=" + source + ", items=" + itemIds()
                + (recommendationId == null ? "" : ", recommendationId=" + recommendationId) + ", fetchedAt="
                + fetchedAt + "}";
    }

    /** Builder of {@link UserRecommendations}; not thread-safe. */
    public static final class Builder {
        private @Nullable String userId;
        private List<RecommendedItem> items = List.of();
        private @Nullable String recommendationId;
        private ResultSource source = ResultSource.LIVE;
        private @Nullable Instant fetchedAt;

        private Builder() {}

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
         * Replaces the items.
         *
         * @param items the items, best first
         * @return this builder
         */
        public Builder items(List<RecommendedItem> items) {
            this.items = List.copyOf(items);
            return this;
        }

        /**
         * Sets the recommendation id.
         *
         * @param recommendationId the id, or {@code null} when unknown
         * @return this builder
         */
        public Builder recommendationId(@Nullable String recommendationId) {
            this.recommendationId = recommendationId;
            return this;
        }

        /**
         * Sets the source; defaults to {@link ResultSource#LIVE}.
         *
         * @param source the source
         * @return this builder
         */
        public Builder source(ResultSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Sets when the list was obtained from Personalize (required).
         *
         * @param fetchedAt the time
         * @return this builder
         */
        public Builder fetchedAt(Instant fetchedAt) {
            this.fetchedAt = Objects.requireNonNull(fetchedAt, "fetchedAt");
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
