package io.personalizekit.cache;

import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.exception.LiveCallRejectedException;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.RelatedItems;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.SolutionVersionRef;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * A {@link SimilarItemsClient} that answers from a {@link RecommendationStore} first and calls its delegate only
 * when it must. Thread-safe; build one per campaign and share it.
 *
 * <h2>Behaviour</h2>
 *
 * <ul>
 *   <li><b>Keys.</b> Each request maps to a {@link CacheKeyspace} (campaign, solution version, filter and values,
 *       numResults, metadata columns, context) plus the seed id, the same keys {@link RecommendationFetcher} writes.
 *       Build the client with {@link Builder#keyspace(CacheKeyspace)} from the keyspace the fetcher fills: it is the
 *       client's default request shape ({@link #similarTo(String)}), so the two cannot disagree. When a miss's
 *       keyspace differs from every keyspace a bulk fetch activated for the campaign (a fetcher built with another
 *       numResults or filter), one WARN names both and what differs.
 *       The solution version comes from {@link Builder#solutionVersionArn(String)} or a supplier polled every
 *       {@link Builder#solutionVersionRefresh(Duration)}: when the campaign moves to a new model, lists of the old
 *       one are no longer read. {@code excludedItemIds} are applied after the cache.
 *   <li><b>Read-through with TTL.</b> A stored list younger than {@link Builder#ttl(Duration)} (by its fetch time)
 *       is a hit and comes back as {@link ResultSource#CACHE} ({@code FALLBACK} and {@code BATCH} lists keep their
 *       source). Otherwise the delegate is called, the answer stored and returned as it came ({@code LIVE}).
 *   <li><b>Single-flight.</b> Concurrent misses on one key make one delegate call; the others wait for it. The
 *       rule is strict: a miss whose store read began before that call finished (so it could not see the list the
 *       call stored) takes the call's outcome instead of calling again; and while the store is skipped (its breaker
 *       open), a miss reuses the list of a call on its key that finished less than 2 seconds before.
 *   <li><b>Refresh-ahead.</b> A hit in the last {@link Builder#refreshAhead(Duration)} of its life is returned at
 *       once and refreshed in the background, once per key.
 *   <li><b>Stale-on-error.</b> When the delegate fails with a throttle, a 5xx, a network error or a toolkit error,
 *       and an expired list exists, that list is returned marked {@link ResultSource#STALE}. Client errors such as
 *       {@code InvalidInputException} are thrown.
 *   <li><b>Live calls under outage.</b> Each live call has a deadline ({@link Builder#liveCallTimeout(Duration)},
 *       handed to the SDK as the request's {@code apiCallTimeout}, so it bounds the SDK's retries too), and when an
 *       expired list exists the SDK does not retry at all (the stale list is the better answer; see {@link
 *       Builder#retryLiveCallsWhenStale(boolean)}). After {@link Builder#liveCircuitBreaker(int, Duration) n}
 *       consecutive live-call failures (throttling, 5xx, timeouts, connection errors; client errors do not count)
 *       the live breaker opens: misses with an expired list get it at once as {@code STALE}, and misses with no
 *       list get a {@link LiveCallRejectedException}, without calling Personalize. After the open period exactly
 *       one trial call goes through; success closes the breaker, failure re-opens it. At most {@link
 *       Builder#maxConcurrentLiveCalls(int)} live calls are in flight at once (a bulkhead); a miss beyond that is
 *       answered stale, or rejected the same way.
 *   <li><b>Store failures.</b> A failing store degrades to a miss (a live answer) with one WARN per cause, unless
 *       {@link Builder#failOnCacheError(boolean)}. After {@link Builder#circuitBreaker(int, Duration) n}
 *       consecutive failures the store is skipped entirely for a while, so calls do not each wait for a store
 *       timeout; then one trial call probes it, and a success closes the breaker again (logged at INFO). A store
 *       call slower than {@link Builder#storeSlowCallThreshold(Duration)} counts as a failure too, so a slow store
 *       trips the breaker like a dead one.
 * </ul>
 *
 * <p>{@link #stats()} reports the counters and both breakers' states; a {@link Builder#listener(PersonalizeKitListener)
 * listener} is told of every request, live call, rejection and breaker change as it happens.
 *
 * <p>A delegate and a store passed in are borrowed: {@link #close()} closes neither, only the refresh threads (and
 * the in-memory store) the client created itself.
 *
 * <pre>{@code
 * CacheKeyspace keyspace = CacheKeyspace.builder().deployment(deployment).numResults(25).build(); // the fetcher's too
 * SimilarItemsClient cached = CachingSimilarItemsClient.builder()
 *         .delegate(liveClient)
 *         .store(store)
 *         .keyspace(keyspace) // campaign, solution version, and the shape similarTo(id) asks for
 *         .ttl(Duration.ofHours(24))
 *         .build();
 * }</pre>
 */
public final class CachingSimilarItemsClient implements SimilarItemsClient {
    private static final Logger log = LoggerFactory.getLogger(CachingSimilarItemsClient.class);

    private final SimilarItemsClient delegate;
    private final RecommendationStore store;
    private final boolean ownsStore;
    private final String campaignArn;
    private final @Nullable CacheKeyspace shape;
    private final Supplier<String> solutionVersion;
    private final long solutionVersionRefreshMillis;
    private final Clock clock;
    private final ReadThrough<Key, SimilarItems> cache;

    private static final int MAX_CACHED_KEYSPACES = 10_000;

    /** How long a finished live call stays visible to later misses on its key. */
    static final long RETAIN_MILLIS = ReadThrough.RETAIN_MILLIS;

    /** How often a keyspace that misses is compared with the store's bulk-filled keyspaces, at most. */
    static final Duration KEYSPACE_CHECK_INTERVAL = Duration.ofMinutes(1);

    private static final long KEYSPACE_SETTLED = Long.MAX_VALUE;

    private final ConcurrentHashMap<Shape, CacheKeyspace> keyspaces = new ConcurrentHashMap<>();
    /** Keyspace id to the clock millis of its next comparison with the store's keyspaces, or KEYSPACE_SETTLED. */
    private final ConcurrentHashMap<String, Long> keyspaceChecks = new ConcurrentHashMap<>();

    private volatile @Nullable Version version;

    private CachingSimilarItemsClient(Builder b) {
        this.delegate = Objects.requireNonNull(b.delegate, "delegate");
        if (b.campaignArn == null) {
            throw new NullPointerException("campaignArn");
        }
        this.campaignArn = b.campaignArn;
        this.shape = b.shape;
        if (shape != null && !shape.campaignArn().equals(campaignArn)) {
            throw new IllegalArgumentException("keyspace is of campaign " + shape.campaignArn()
                    + ", but campaignArn is " + campaignArn + "; set one of them");
        }
        if (b.solutionVersion == null) {
            throw new NullPointerException("solutionVersionArn (or a solutionVersion supplier)");
        }
        this.solutionVersion = b.solutionVersion;
        this.solutionVersionRefreshMillis = b.solutionVersionRefresh.toMillis();
        this.clock = b.clock;
        if (b.store == null) {
            this.store = InMemoryRecommendationStore.create();
            this.ownsStore = true;
        } else {
            this.store = b.store;
            this.ownsStore = false;
        }
        this.cache = new ReadThrough<>(
                b, new SimilarAccess(), campaignArn, "campaign " + campaignArn, String.valueOf(store));
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
        final CacheKeyspace keyspace;
        final String itemId;

        Key(CacheKeyspace keyspace, String itemId) {
            this.keyspace = keyspace;
            this.itemId = itemId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).itemId.equals(itemId) && ((Key) o).keyspace.equals(keyspace);
        }

        @Override
        public int hashCode() {
            return 31 * keyspace.hashCode() + itemId.hashCode();
        }
    }

    /** How the shared read-through machinery reads, writes and calls for similar items. */
    private final class SimilarAccess implements ReadThrough.Access<Key, SimilarItems> {
        @Override
        public @Nullable SimilarItems read(Key key) {
            return store.get(key.keyspace, key.itemId).orElse(null);
        }

        @Override
        public void write(Key key, SimilarItems value) {
            store.put(key.keyspace, value);
        }

        @Override
        public SimilarItems call(Key key, AwsRequestOverrideConfiguration override) {
            return delegate.similarItems(key.keyspace.toRequest(key.itemId).toBuilder()
                    .overrideConfiguration(override)
                    .build());
        }

        @Override
        public SimilarItems withSource(SimilarItems value, ResultSource source) {
            return value.withSource(source);
        }

        @Override
        public String keyspaceId(Key key) {
            return key.keyspace.id();
        }

        @Override
        public String describe(Key key) {
            return "item " + key.itemId;
        }

        @Override
        public LiveCallRejectedException rejected(Key key, LiveCallRejectedException.Reason reason) {
            return new LiveCallRejectedException(reason, key.itemId, campaignArn);
        }
    }

    private static final class Version {
        final String arn;
        final long readAtMillis;

        Version(String arn, long readAtMillis) {
            this.arn = arn;
            this.readAtMillis = readAtMillis;
        }
    }

    /**
     * The keyspace of this client's default request shape ({@link Builder#keyspace(CacheKeyspace)}, else the
     * defaults of {@link SimilarItemsRequest}), with the solution version currently known: the keyspace {@link
     * #similarTo(String)} reads, and the one to give a {@link RecommendationFetcher} that fills the cache for this
     * client.
     *
     * @return the keyspace
     */
    public CacheKeyspace keyspace() {
        return keyspaceFor(defaultRequest("-"));
    }

    private SimilarItemsRequest defaultRequest(String itemId) {
        return shape == null ? SimilarItemsRequest.of(itemId) : shape.toRequest(itemId);
    }

    /**
     * The items similar to one seed, in this client's default request shape: the {@linkplain
     * Builder#keyspace(CacheKeyspace) keyspace's} numResults, filter, metadata columns, context and seed exclusion
     * (else the defaults of {@link SimilarItemsRequest}).
     *
     * @param itemId the seed item id
     * @return the similar items, best first
     */
    @Override
    public SimilarItems similarTo(String itemId) {
        return similarItems(defaultRequest(itemId));
    }

    /**
     * The items similar to one seed, with the request built by a consumer on a builder that starts from this
     * client's default request shape (see {@link #similarTo(String)}).
     *
     * @param request sets the request's values
     * @return the similar items, best first
     */
    @Override
    public SimilarItems similarItems(Consumer<SimilarItemsRequest.Builder> request) {
        SimilarItemsRequest.Builder b = SimilarItemsRequest.builder();
        if (shape != null) {
            shape.shape(b);
        }
        request.accept(b);
        return similarItems(b.build());
    }

    /**
     * The items related to several seeds, each request starting from this client's default request shape (see
     * {@link #similarTo(String)}) before the options apply.
     *
     * @param seedItemIds the seeds, in priority order; repeats are asked once
     * @param options sets the values every per-seed request shares
     * @return the merged result
     * @throws IllegalArgumentException when no seed is given, or an option or seed breaks a limit (before any
     *     call)
     */
    @Override
    public RelatedItems similarToMany(List<String> seedItemIds, Consumer<SimilarItemsRequest.Builder> options) {
        CacheKeyspace s = shape;
        return SimilarItemsClient.super.similarToMany(
                seedItemIds, s == null ? options : b -> options.accept(s.shape(b)));
    }

    /**
     * The keyspace a request is cached in, with the solution version currently known.
     *
     * @param request the request
     * @return the keyspace
     */
    public CacheKeyspace keyspaceFor(SimilarItemsRequest request) {
        String sv = currentSolutionVersion();
        Shape shape = new Shape(sv, request);
        CacheKeyspace ks = keyspaces.get(shape);
        if (ks == null) {
            if (keyspaces.size() >= MAX_CACHED_KEYSPACES) {
                keyspaces.clear();
            }
            ks = CacheKeyspace.of(campaignArn, sv, request);
            keyspaces.put(shape, ks);
        }
        return ks;
    }

    /** The parts of a request that make its keyspace, so the keyspace (and its digest) is built once per shape. */
    private static final class Shape {
        final String solutionVersion;
        final int numResults;
        final @Nullable String filterArn;
        final Map<String, String> filterValues;
        final List<String> metadataColumns;
        final Map<String, String> context;
        final boolean excludeSeed;
        final int hash;

        Shape(String solutionVersion, SimilarItemsRequest r) {
            this.solutionVersion = solutionVersion;
            this.numResults = r.numResults();
            this.filterArn = r.filterArn().orElse(null);
            this.filterValues = r.filterValues();
            this.metadataColumns = r.metadataColumns();
            this.context = r.context();
            this.excludeSeed = r.excludeSeed();
            this.hash = Objects.hash(
                    solutionVersion, numResults, filterArn, filterValues, metadataColumns, context, excludeSeed);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Shape)) {
                return false;
            }
            Shape s = (Shape) o;
            return hash == s.hash
                    && numResults == s.numResults
                    && excludeSeed == s.excludeSeed
                    && solutionVersion.equals(s.solutionVersion)
                    && Objects.equals(filterArn, s.filterArn)
                    && filterValues.equals(s.filterValues)
                    && metadataColumns.equals(s.metadataColumns)
                    && context.equals(s.context);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * The items similar to one seed: from the store when fresh, else from a live call, else (the call failing or
     * not made) the expired list as {@link ResultSource#STALE}.
     *
     * @param request the request
     * @return the similar items, best first
     * @throws LiveCallRejectedException when the list is not in the store and no live call is made: the live
     *     breaker is open after consecutive failures, or {@link Builder#maxConcurrentLiveCalls(int)} calls are in
     *     flight
     * @throws CacheStoreException when the store fails and {@link Builder#failOnCacheError(boolean)} is set
     */
    @Override
    public SimilarItems similarItems(SimilarItemsRequest request) {
        Objects.requireNonNull(request, "request");
        CacheKeyspace keyspace = keyspaceFor(request);
        Key key = new Key(keyspace, request.itemId());
        return exclude(cache.get(key, () -> checkKeyspace(keyspace)), request);
    }

    /**
     * On a miss with no list at all: compares the keyspace, at most once per {@link #KEYSPACE_CHECK_INTERVAL}, with
     * the keyspaces a bulk job activated for this campaign and solution version ({@link
     * RecommendationStore#activeKeyspaces}). When the store holds some, and this one is not among them, every read
     * of this request shape misses the bulk-filled lists: that is logged once, at WARN, naming both keyspaces and
     * what differs. Advisory: a failure of the store here is ignored.
     */
    private void checkKeyspace(CacheKeyspace keyspace) {
        String id = keyspace.id();
        long now = clock.millis();
        Long next = keyspaceChecks.get(id);
        if (next != null && now < next) {
            return;
        }
        if (next == null && keyspaceChecks.size() >= MAX_CACHED_KEYSPACES) {
            keyspaceChecks.clear();
        }
        long later = now + KEYSPACE_CHECK_INTERVAL.toMillis();
        boolean claimed =
                next == null ? keyspaceChecks.putIfAbsent(id, later) == null : keyspaceChecks.replace(id, next, later);
        if (!claimed || cache.storeSkipped()) {
            return;
        }
        Set<CacheKeyspace> active;
        try {
            active = store.activeKeyspaces(campaignArn);
        } catch (RuntimeException e) {
            log.debug("Could not list the store's active keyspaces of campaign {}: {}", campaignArn, e.toString());
            return;
        }
        if (active.contains(keyspace)) {
            keyspaceChecks.put(id, KEYSPACE_SETTLED);
            return;
        }
        List<String> others = new ArrayList<>();
        active.stream()
                .filter(k -> k.solutionVersionArn().equals(keyspace.solutionVersionArn()))
                .sorted(Comparator.comparing(CacheKeyspace::id))
                .forEach(k -> others.add(k.id() + " (" + keyspace.differencesFrom(k) + ")"));
        if (others.isEmpty()) {
            return; // no bulk fetch of this model yet: look again later
        }
        keyspaceChecks.put(id, KEYSPACE_SETTLED);
        log.warn(
                "Cache reads of campaign {} miss every list a bulk fetch stored: this client reads keyspace {}, but"
                        + " the store's active keyspace for solution version {} is {}, so each read of this request"
                        + " shape calls Personalize. Build the RecommendationFetcher and the CachingSimilarItemsClient"
                        + " from one CacheKeyspace.",
                campaignArn,
                id,
                keyspace.solutionVersionArn(),
                String.join(" and ", others));
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
        return "CachingSimilarItemsClient{campaign=" + campaignArn + ", ttl=" + cache.ttl() + ", refreshAhead="
                + cache.refreshAhead() + ", store=" + store + ", " + stats() + "}";
    }

    private String currentSolutionVersion() {
        Version v = version;
        long now = clock.millis();
        if (v != null && now - v.readAtMillis < solutionVersionRefreshMillis) {
            return v.arn;
        }
        try {
            String arn = Objects.requireNonNull(solutionVersion.get(), "solutionVersion supplier returned null");
            if (v != null && !v.arn.equals(arn)) {
                log.info(
                        "Campaign {} now serves solution version {} (was {}); caching under the new version",
                        campaignArn,
                        arn,
                        v.arn);
            }
            version = new Version(arn, now);
            return arn;
        } catch (RuntimeException e) {
            if (v == null) {
                throw e;
            }
            cache.warnOnce("solution version supplier", e);
            version = new Version(v.arn, now);
            return v.arn;
        }
    }

    private static SimilarItems exclude(SimilarItems s, SimilarItemsRequest request) {
        Set<String> excluded = request.excludedItemIds();
        if (excluded.isEmpty()) {
            return s;
        }
        List<RecommendedItem> kept = new ArrayList<>(s.items().size());
        for (RecommendedItem i : s.items()) {
            if (!excluded.contains(i.itemId())) {
                kept.add(i);
            }
        }
        return kept.size() == s.items().size() ? s : s.toBuilder().items(kept).build();
    }

    /**
     * The default rule for serving a stale list: throttling, server errors (5xx), client-side failures (timeouts,
     * connection errors) and toolkit errors; not other service errors such as invalid input.
     *
     * @param e the failure of the live call
     * @return true to serve stale
     */
    static boolean defaultServeStaleOn(RuntimeException e) {
        return ReadThrough.defaultServeStaleOn(e);
    }

    /** Builder of {@link CachingSimilarItemsClient}; not thread-safe. */
    public static final class Builder extends ReadThroughOptions<Builder> {
        private @Nullable SimilarItemsClient delegate;
        private @Nullable RecommendationStore store;
        private @Nullable String campaignArn;
        private @Nullable CacheKeyspace shape;
        private @Nullable Supplier<String> solutionVersion;
        private Duration solutionVersionRefresh = Duration.ofMinutes(5);

        private Builder() {
            super(Duration.ofHours(1));
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the client that makes the live calls (required). Borrowed: it is not closed by {@link
         * CachingSimilarItemsClient#close()}.
         *
         * @param delegate the live client
         * @return this builder
         */
        public Builder delegate(SimilarItemsClient delegate) {
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
        public Builder store(RecommendationStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the campaign the delegate calls (required); part of every key.
         *
         * @param campaignArn the ARN
         * @return this builder
         */
        public Builder campaignArn(String campaignArn) {
            this.campaignArn = Objects.requireNonNull(campaignArn, "campaignArn");
            return this;
        }

        /**
         * Sets the campaign the delegate calls (required); part of every key.
         *
         * @param campaign the campaign, for example {@code deployment.campaign()}
         * @return this builder
         */
        public Builder campaign(CampaignRef campaign) {
            return campaignArn(Objects.requireNonNull(campaign, "campaign").arn());
        }

        /**
         * Sets a fixed solution version (this or {@link #solutionVersion(Supplier)} is required).
         *
         * @param solutionVersion the version the campaign serves, for example {@code deployment.solutionVersion()}
         * @return this builder
         */
        public Builder solutionVersion(SolutionVersionRef solutionVersion) {
            return solutionVersionArn(
                    Objects.requireNonNull(solutionVersion, "solutionVersion").arn());
        }

        /**
         * Sets the campaign and a fixed solution version to the deployment's; the same as {@code
         * campaign(deployment.campaign()).solutionVersion(deployment.solutionVersion())}. The default request shape
         * stays that of {@link SimilarItemsRequest}; to share one with a {@link RecommendationFetcher}, use {@link
         * #keyspace(CacheKeyspace)}.
         *
         * @param deployment the deployment, for example {@code pipeline.run(spec).deployment()}
         * @return this builder
         * @throws IllegalStateException when the deployment has no campaign or no solution version
         */
        public Builder deployment(Deployment deployment) {
            Objects.requireNonNull(deployment, "deployment");
            return campaign(deployment.campaign()).solutionVersion(deployment.solutionVersion());
        }

        /**
         * Sets the campaign, a fixed solution version and the default request shape (numResults, filter and values,
         * metadata columns, context, seed exclusion) from one keyspace: the one a {@link RecommendationFetcher}
         * fills, so that {@link CachingSimilarItemsClient#similarTo(String)} reads exactly the lists it wrote. A
         * later {@link #solutionVersion(Supplier)} replaces the fixed version (the shape stays).
         *
         * @param keyspace the keyspace the bulk fetcher fills
         * @return this builder
         */
        public Builder keyspace(CacheKeyspace keyspace) {
            this.shape = Objects.requireNonNull(keyspace, "keyspace");
            this.campaignArn = keyspace.campaignArn();
            return solutionVersionArn(keyspace.solutionVersionArn());
        }

        /**
         * Sets a fixed solution version (this or {@link #solutionVersion(Supplier)} is required).
         *
         * @param solutionVersionArn the ARN the campaign serves
         * @return this builder
         */
        public Builder solutionVersionArn(String solutionVersionArn) {
            Objects.requireNonNull(solutionVersionArn, "solutionVersionArn");
            this.solutionVersion = () -> solutionVersionArn;
            return this;
        }

        /**
         * Sets where the campaign's current solution version is read, for example a {@code DescribeCampaign} call;
         * polled at most every {@link #solutionVersionRefresh(Duration)}. If it fails, the last known version is
         * kept.
         *
         * @param solutionVersion supplies the ARN
         * @return this builder
         */
        public Builder solutionVersion(Supplier<String> solutionVersion) {
            this.solutionVersion = Objects.requireNonNull(solutionVersion, "solutionVersion");
            return this;
        }

        /**
         * Sets how often the solution version supplier is asked; defaults to 5 minutes.
         *
         * @param refresh a positive duration
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder solutionVersionRefresh(Duration refresh) {
            this.solutionVersionRefresh = positive("solutionVersionRefresh", refresh);
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
         * @throws NullPointerException when the delegate, the campaign or the solution version is missing
         * @throws IllegalArgumentException when refreshAhead is not shorter than ttl, or the keyspace is of another
         *     campaign than the one set with {@link #campaignArn(String)} afterwards
         */
        public CachingSimilarItemsClient build() {
            return new CachingSimilarItemsClient(this);
        }
    }
}
