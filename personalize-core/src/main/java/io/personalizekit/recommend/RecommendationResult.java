package io.personalizekit.recommend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the three kinds of recommendation result have in common: the items in rank order, the service's
 * recommendation id, where the list came from and when it was fetched. Immutable and thread-safe; the subtypes are
 * {@link SimilarItems}, {@link UserRecommendations} and {@link PersonalizedRanking}, each adding what the list was
 * asked for.
 */
public abstract sealed class RecommendationResult permits SimilarItems, UserRecommendations, PersonalizedRanking {
    private final List<RecommendedItem> items;
    private final @Nullable String recommendationId;
    private final ResultSource source;
    private final Instant fetchedAt;

    RecommendationResult(Builder<?> b) {
        this.items = List.copyOf(b.items);
        this.recommendationId = b.recommendationId;
        this.source = Objects.requireNonNull(b.source, "source");
        this.fetchedAt = Objects.requireNonNull(b.fetchedAt, "fetchedAt");
    }

    /**
     * The items, best first.
     *
     * @return an unmodifiable list
     */
    public final List<RecommendedItem> items() {
        return items;
    }

    /**
     * The item ids, best first.
     *
     * @return a new unmodifiable list
     */
    public final List<String> itemIds() {
        List<String> ids = new ArrayList<>(items.size());
        items.forEach(i -> ids.add(i.itemId()));
        return List.copyOf(ids);
    }

    /**
     * The service's id of the recommendation response, to attribute later events to it.
     *
     * @return the id, or empty when not known (batch output, or an old cache entry)
     */
    public final Optional<String> recommendationId() {
        return Optional.ofNullable(recommendationId);
    }

    /**
     * Where the list came from.
     *
     * @return the source
     */
    public final ResultSource source() {
        return source;
    }

    /**
     * When the list was obtained from Personalize (live call or batch job), not when it was read from a cache.
     *
     * @return the fetch time
     */
    public final Instant fetchedAt() {
        return fetchedAt;
    }

    /** Copies the common values into a subtype's builder, for {@code toBuilder()}. */
    final <B extends Builder<B>> B copyTo(B b) {
        return b.items(items).recommendationId(recommendationId).source(source).fetchedAt(fetchedAt);
    }

    /** Whether the common values equal another result's. */
    final boolean sameValues(RecommendationResult o) {
        return items.equals(o.items)
                && Objects.equals(recommendationId, o.recommendationId)
                && source == o.source
                && fetchedAt.equals(o.fetchedAt);
    }

    /** The hash of the subtype's key followed by the common values. */
    final int hashWith(@Nullable Object key) {
        return Objects.hash(key, items, recommendationId, source, fetchedAt);
    }

    /** The subtype's {@code toString()}: its name and key ({@code "SimilarItems{seed=..."}), then the common values. */
    final String describe(String nameAndKey) {
        return nameAndKey + ", source=" + source + ", items=" + itemIds()
                + (recommendationId == null ? "" : ", recommendationId=" + recommendationId) + ", fetchedAt="
                + fetchedAt + "}";
    }

    /**
     * The setters of the common values, shared by the subtypes' builders; not thread-safe.
     *
     * @param <B> the subtype's builder
     */
    public abstract static sealed class Builder<B extends Builder<B>>
            permits SimilarItems.Builder, UserRecommendations.Builder, PersonalizedRanking.Builder {
        private List<RecommendedItem> items = List.of();
        private @Nullable String recommendationId;
        private ResultSource source = ResultSource.LIVE;
        private @Nullable Instant fetchedAt;

        Builder() {}

        abstract B self();

        /**
         * Replaces the items.
         *
         * @param items the items, best first
         * @return this builder
         */
        public final B items(List<RecommendedItem> items) {
            this.items = List.copyOf(items);
            return self();
        }

        /**
         * Sets the recommendation id.
         *
         * @param recommendationId the id, or {@code null} when unknown
         * @return this builder
         */
        public final B recommendationId(@Nullable String recommendationId) {
            this.recommendationId = recommendationId;
            return self();
        }

        /**
         * Sets the source; defaults to {@link ResultSource#LIVE}.
         *
         * @param source the source
         * @return this builder
         */
        public final B source(ResultSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return self();
        }

        /**
         * Sets when the list was obtained from Personalize (required).
         *
         * @param fetchedAt the time
         * @return this builder
         */
        public final B fetchedAt(Instant fetchedAt) {
            this.fetchedAt = Objects.requireNonNull(fetchedAt, "fetchedAt");
            return self();
        }
    }
}
