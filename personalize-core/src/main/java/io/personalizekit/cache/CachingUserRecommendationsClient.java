package io.personalizekit.cache;

import io.personalizekit.events.EventRecorder;
import io.personalizekit.events.UserInvalidation;
import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.exception.LiveCallRejectedException;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsClient;
import io.personalizekit.recommend.UserRecommendationsRequest;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.Deployment;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * A {@link UserRecommendationsClient} that answers a user's list from a {@link UserRecommendationStore} first and
 * calls its delegate only when it must, with the same read-through behaviour as {@link CachingSimilarItemsClient}:
 * TTL and refresh-ahead, single-flight of concurrent misses, stale-on-error, the live-call breaker and bulkhead
 * ({@link LiveCallRejectedException} when no list exists and no call is made), and the store breaker. Thread-safe;
 * build one per campaign or recommender and share it.
 *
 * <ul>
 *   <li><b>Keys.</b> One list per user and {@link UserKeyspace} (the campaign or recommender, numResults, filter and
 *       values, metadata columns, context, promotion). Requests without a {@code userId} (popular items for
 *       everyone) go to the delegate uncached.
 *   <li><b>Short life.</b> A user's list changes with every event the user makes, so the default {@link
 *       Builder#ttl(Duration) ttl} is 10 minutes (similar items: 1 hour). The store keeps a list for {@link
 *       Builder#storeTtl(Duration) storeTtl} (default 1 day), so an expired list is still there to serve as {@code
 *       STALE} when Personalize fails.
 *   <li><b>Invalidation.</b> Give the client to {@link EventRecorder.Builder#invalidates(UserInvalidation)}: after
 *       the recorder sends a user's events, every list of that user is removed from the store, and a live call for
 *       that user already in flight is neither stored nor shared with later reads, so the next read is live and
 *       counts the new events. {@link #purgeUser(String)} does the same on demand and says what it removed.
 * </ul>
 *
 * <p>A delegate and a store passed in are borrowed: {@link #close()} closes neither.
 *
 * <pre>{@code
 * CachingUserRecommendationsClient forYou = CachingUserRecommendationsClient.builder()
 *         .delegate(liveForYou)           // a UserRecommendationsClient
 *         .campaignArn(campaignArn)       // part of every key
 *         .store(redisStore)
 *         .build();
 * EventRecorder<Reading> recorder = EventRecorder.builder(interactions)
 *         .eventsClient(events).eventTracker(tracker)
 *         .invalidates(forYou)            // a reader's new events drop the reader's cached lists
 *         .build();
 * }</pre>
 */
public final class CachingUserRecommendationsClient implements UserRecommendationsClient, UserInvalidation {
    private static final Logger log = LoggerFactory.getLogger(CachingUserRecommendationsClient.class);

    /** How many users' invalidation numbers are kept before the ones no live call needs are dropped. */
    private static final int MAX_TRACKED_INVALIDATIONS = 10_000;

    private final UserRecommendationsClient delegate;
    private final UserRecommendationStore store;
    private final boolean ownsStore;
    private final String targetArn;
    private final Duration storeTtl;
    private final ReadThrough<Key, UserRecommendations> cache;
    /** User id to the number of its latest invalidation. */
    private final ConcurrentHashMap<String, Long> invalidated = new ConcurrentHashMap<>();

    private CachingUserRecommendationsClient(Builder b) {
        this.delegate = Objects.requireNonNull(b.delegate, "delegate");
        if (b.targetArn == null) {
            throw new NullPointerException("campaignArn (or recommenderArn, or deployment): part of every key");
        }
        this.targetArn = b.targetArn;
        this.storeTtl = b.storeTtl;
        if (storeTtl.compareTo(b.ttl) < 0) {
            throw new IllegalArgumentException("storeTtl " + storeTtl + " must not be shorter than ttl " + b.ttl
                    + ": the store must keep a list at least as long as it is served fresh");
        }
        if (b.store == null) {
            this.store = InMemoryRecommendationStore.create();
            this.ownsStore = true;
        } else {
            this.store = b.store;
            this.ownsStore = false;
        }
        this.cache = new ReadThrough<>(b, new UserAccess(), targetArn, targetArn, String.valueOf(store));
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private static final class Key {
        final UserKeyspace keyspace;
        final String userId;

        Key(UserKeyspace keyspace, String userId) {
            this.keyspace = keyspace;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.userId.equals(userId) && k.keyspace.equals(keyspace);
        }

        @Override
        public int hashCode() {
            return 31 * keyspace.hashCode() + userId.hashCode();
        }
    }

    /** How the shared read-through machinery reads, writes and calls for a user's list. */
    private final class UserAccess implements ReadThrough.Access<Key, UserRecommendations> {
        @Override
        public @Nullable UserRecommendations read(Key key) {
            return store.getUser(key.keyspace, key.userId).orElse(null);
        }

        @Override
        public void write(Key key, UserRecommendations value) {
            store.putUser(key.keyspace, key.userId, value, storeTtl);
        }

        @Override
        public UserRecommendations call(Key key, AwsRequestOverrideConfiguration override) {
            return delegate.recommendations(key.keyspace.toRequest(key.userId).toBuilder()
                    .overrideConfiguration(override)
                    .build());
        }

        @Override
        public UserRecommendations withSource(UserRecommendations value, ResultSource source) {
            return value.withSource(source);
        }

        @Override
        public String keyspaceId(Key key) {
            return key.keyspace.id();
        }

        @Override
        public String describe(Key key) {
            return "user " + key.userId;
        }

        @Override
        public LiveCallRejectedException rejected(Key key, LiveCallRejectedException.Reason reason) {
            return LiveCallRejectedException.forUser(reason, key.userId, targetArn);
        }

        @Override
        public long invalidatedAt(Key key) {
            Long n = invalidated.get(key.userId);
            return n == null ? 0 : n;
        }
    }

    /**
     * The items recommended for a request: for a request with a {@code userId}, from the store when fresh, else
     * from a live call, else (the call failing or not made) the expired list as {@link ResultSource#STALE}; without
     * a {@code userId}, from the delegate.
     *
     * @param request the request
     * @return the items, best first
     * @throws LiveCallRejectedException when the list is not in the store and no live call is made
     * @throws CacheStoreException when the store fails and {@link Builder#failOnCacheError(boolean)} is set
     */
    @Override
    public UserRecommendations recommendations(UserRecommendationsRequest request) {
        Objects.requireNonNull(request, "request");
        String userId = request.userId().orElse(null);
        if (userId == null) {
            return delegate.recommendations(request);
        }
        return cache.get(new Key(keyspaceFor(request), userId), () -> {});
    }

    /**
     * The keyspace a request is cached in.
     *
     * @param request the request
     * @return the keyspace
     */
    public UserKeyspace keyspaceFor(UserRecommendationsRequest request) {
        return UserKeyspace.of(targetArn, request);
    }

    /**
     * Removes every cached list of a user because the user's events were recorded (the {@link UserInvalidation}
     * that {@link EventRecorder} calls). A live call for the user already in flight is not stored. A store failure
     * is logged at WARN, not thrown (use {@link #purgeUser(String)} to see it).
     *
     * @param userId the user id
     */
    @Override
    public void invalidateUser(String userId) {
        try {
            purgeUser(userId);
        } catch (RuntimeException e) {
            cache.warnOnce("invalidation of a user's lists", e);
        }
    }

    /**
     * Removes every cached list of a user, in every keyspace of the store, and keeps a live call for the user
     * already in flight from being stored or shared.
     *
     * @param userId the user id
     * @return the ids of the keyspaces whose list was removed
     * @throws CacheStoreException when the store fails; the lists may still be there
     */
    public Set<String> purgeUser(String userId) {
        Objects.requireNonNull(userId, "userId");
        long n = cache.nextInvalidation();
        invalidated.merge(userId, n, Math::max);
        if (invalidated.size() > MAX_TRACKED_INVALIDATIONS) {
            long oldest = cache.oldestFlightStart();
            invalidated.values().removeIf(v -> v <= oldest);
        }
        try {
            Set<String> removed = store.invalidateUser(userId);
            log.debug("Removed the cached lists of user {} in {} keyspace(s)", userId, removed.size());
            return removed;
        } catch (RuntimeException e) {
            throw new CacheStoreException(
                    "Could not remove the cached lists of user " + userId + " from " + store + ": " + e, "user", e);
        }
    }

    @Override
    public Recipe recipe() {
        return delegate.recipe();
    }

    /**
     * The counters since this client was built.
     *
     * @return a snapshot
     */
    public CacheStats stats() {
        return cache.stats();
    }

    /**
     * Closes the refresh threads this client created, and the store if it created it; the delegate and a store
     * passed in are borrowed and left open.
     */
    @Override
    public void close() {
        cache.close();
        if (ownsStore) {
            store.close();
        }
    }

    @Override
    public String toString() {
        return "CachingUserRecommendationsClient{target=" + targetArn + ", ttl=" + cache.ttl() + ", storeTtl="
                + storeTtl + ", store=" + store + ", " + stats() + "}";
    }

    /** Builder of {@link CachingUserRecommendationsClient}; not thread-safe. */
    public static final class Builder extends ReadThroughOptions<Builder> {
        private @Nullable UserRecommendationsClient delegate;
        private @Nullable UserRecommendationStore store;
        private @Nullable String targetArn;
        private Duration storeTtl = Duration.ofDays(1);

        private Builder() {
            super(Duration.ofMinutes(10));
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the client that makes the live calls (required). Borrowed: not closed by {@link
         * CachingUserRecommendationsClient#close()}.
         *
         * @param delegate the live client
         * @return this builder
         */
        public Builder delegate(UserRecommendationsClient delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
            return this;
        }

        /**
         * Sets the store; defaults to a new {@link InMemoryRecommendationStore} owned by the client. A store passed
         * here is borrowed and not closed.
         *
         * @param store the store
         * @return this builder
         */
        public Builder store(UserRecommendationStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the campaign the delegate asks (this, {@link #recommenderArn(String)} or {@link
         * #deployment(Deployment)} is required); part of every key.
         *
         * @param campaignArn the ARN
         * @return this builder
         */
        public Builder campaignArn(String campaignArn) {
            this.targetArn = Objects.requireNonNull(campaignArn, "campaignArn");
            return this;
        }

        /**
         * Sets the campaign the delegate asks; part of every key.
         *
         * @param campaign the campaign
         * @return this builder
         */
        public Builder campaign(CampaignRef campaign) {
            return campaignArn(Objects.requireNonNull(campaign, "campaign").arn());
        }

        /**
         * Sets the recommender the delegate asks; part of every key.
         *
         * @param recommenderArn the ARN
         * @return this builder
         */
        public Builder recommenderArn(String recommenderArn) {
            this.targetArn = Objects.requireNonNull(recommenderArn, "recommenderArn");
            return this;
        }

        /**
         * Sets the campaign to the deployment's; the same as {@code campaign(deployment.campaign())}.
         *
         * @param deployment the deployment
         * @return this builder
         * @throws IllegalStateException when the deployment has no campaign
         */
        public Builder deployment(Deployment deployment) {
            return campaign(Objects.requireNonNull(deployment, "deployment").campaign());
        }

        /**
         * Sets how long the store keeps a list after it was written (so an expired list can still be served as
         * {@code STALE} when Personalize fails); defaults to 1 day, and must not be shorter than {@link
         * #ttl(Duration)}.
         *
         * @param storeTtl a positive duration
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder storeTtl(Duration storeTtl) {
            this.storeTtl = positive("storeTtl", storeTtl);
            return this;
        }

        /**
         * Applies a consumer to this builder, for conditional configuration.
         *
         * @param mutation changes this builder
         * @return this builder
         */
        public Builder applyMutation(Consumer<Builder> mutation) {
            mutation.accept(this);
            return this;
        }

        /**
         * Builds the client.
         *
         * @return the client
         * @throws NullPointerException when the delegate or the campaign (or recommender) is missing
         * @throws IllegalArgumentException when refreshAhead is not shorter than ttl, or storeTtl is shorter than
         *     ttl
         */
        public CachingUserRecommendationsClient build() {
            return new CachingUserRecommendationsClient(this);
        }
    }
}
