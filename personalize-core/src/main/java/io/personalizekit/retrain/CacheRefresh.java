package io.personalizekit.retrain;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.recommend.SimilarItemsClient;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link RetrainingLoop} refreshes the cache once the campaign serves a new version: a {@link
 * RecommendationFetcher} fills the similar items of every item into a new generation of the keyspace of the new
 * version (the given keyspace's shape, with the campaign and the new solution version) and switches readers to it.
 * Lists of the old version stay where they are, in their own keyspace.
 *
 * <pre>{@code
 * CacheRefresh refresh = CacheRefresh.builder()
 *         .client(similar)        // a live SimilarItemsClient of the campaign; borrowed
 *         .store(store)           // borrowed
 *         .keyspace(keyspace)     // the readers' keyspace; its solution version is replaced by the new one
 *         .itemIds(() -> catalog.itemIds())
 *         .fetcher(f -> f.maxTps(200).maxConcurrency(8))
 *         .build();
 * }</pre>
 *
 * <p>Immutable; the client and the store are borrowed and never closed.
 */
public final class CacheRefresh {
    private final SimilarItemsClient client;
    private final RecommendationStore store;
    private final CacheKeyspace keyspace;
    private final Supplier<? extends Collection<String>> itemIds;
    private final Consumer<RecommendationFetcher.Builder> fetcher;

    private CacheRefresh(Builder b) {
        this.client = Objects.requireNonNull(b.client, "client");
        this.store = Objects.requireNonNull(b.store, "store");
        this.keyspace = Objects.requireNonNull(b.keyspace, "keyspace");
        this.itemIds = Objects.requireNonNull(b.itemIds, "itemIds");
        this.fetcher = b.fetcher;
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The store the lists go to.
     *
     * @return the store (borrowed)
     */
    public RecommendationStore store() {
        return store;
    }

    /**
     * The keyspace the new version's lists go to.
     *
     * @param campaignArn the campaign
     * @param solutionVersionArn the version it serves
     * @return the readers' keyspace, moved to that campaign and version
     */
    public CacheKeyspace keyspaceFor(String campaignArn, String solutionVersionArn) {
        return keyspace.copy(b -> b.campaignArn(campaignArn).solutionVersionArn(solutionVersionArn));
    }

    RecommendationFetcher fetcherFor(CacheKeyspace target) {
        RecommendationFetcher.Builder b =
                RecommendationFetcher.builder().client(client).store(store).keyspace(target);
        fetcher.accept(b);
        return b.build();
    }

    Collection<String> itemIds() {
        return Objects.requireNonNull(itemIds.get(), "itemIds supplier returned null");
    }

    /** Builds a {@link CacheRefresh}. Not thread-safe. */
    public static final class Builder {
        private @Nullable SimilarItemsClient client;
        private @Nullable RecommendationStore store;
        private @Nullable CacheKeyspace keyspace;
        private @Nullable Supplier<? extends Collection<String>> itemIds;
        private Consumer<RecommendationFetcher.Builder> fetcher = f -> {};

        private Builder() {}

        /**
         * Sets the live client the fetcher asks (required); borrowed, never closed.
         *
         * @param client a similar-items client of the campaign
         * @return this builder
         */
        public Builder client(SimilarItemsClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Sets the store (required); borrowed, never closed.
         *
         * @param store the store the readers read
         * @return this builder
         */
        public Builder store(RecommendationStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the readers' keyspace (required): its request shape is kept, its campaign and solution version are
         * replaced by the ones the campaign serves after the update.
         *
         * @param keyspace the keyspace
         * @return this builder
         */
        public Builder keyspace(CacheKeyspace keyspace) {
            this.keyspace = Objects.requireNonNull(keyspace, "keyspace");
            return this;
        }

        /**
         * Sets the item ids to fetch, read when the refresh runs (required).
         *
         * @param itemIds supplies the ids, for example the catalogue's
         * @return this builder
         */
        public Builder itemIds(Supplier<? extends Collection<String>> itemIds) {
            this.itemIds = Objects.requireNonNull(itemIds, "itemIds");
            return this;
        }

        /**
         * Sets a fixed list of item ids to fetch.
         *
         * @param itemIds the ids
         * @return this builder
         */
        public Builder itemIds(Collection<String> itemIds) {
            List<String> copy = List.copyOf(itemIds);
            this.itemIds = () -> copy;
            return this;
        }

        /**
         * Tunes the fetcher (TPS, concurrency, retries); its client, store and keyspace are set by the refresh.
         *
         * @param fetcher changes the fetcher's builder
         * @return this builder
         */
        public Builder fetcher(Consumer<RecommendationFetcher.Builder> fetcher) {
            this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
            return this;
        }

        /**
         * Builds it.
         *
         * @return the refresh
         * @throws NullPointerException when the client, the store, the keyspace or the item ids are missing
         */
        public CacheRefresh build() {
            return new CacheRefresh(this);
        }
    }
}
