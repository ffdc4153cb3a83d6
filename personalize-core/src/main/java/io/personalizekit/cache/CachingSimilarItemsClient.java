package io.personalizekit.cache;

import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.exception.LiveCallRejectedException;
import io.personalizekit.exception.PersonalizeKitException;
import io.personalizekit.internal.cache.CircuitBreaker;
import io.personalizekit.internal.observe.SafeListener;
import io.personalizekit.observe.CacheRequestEvent;
import io.personalizekit.observe.CacheResult;
import io.personalizekit.observe.CircuitStateEvent;
import io.personalizekit.observe.LiveCallEvent;
import io.personalizekit.observe.LiveCallOrigin;
import io.personalizekit.observe.LiveCallOutcome;
import io.personalizekit.observe.LiveCallRejectedEvent;
import io.personalizekit.observe.PersonalizeKitListener;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

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
    private final Duration ttl;
    private final Duration refreshAhead;
    private final Clock clock;
    private final Executor refreshExecutor;
    private final @Nullable ExecutorService ownedExecutor;
    private final boolean failOnCacheError;
    private final Predicate<RuntimeException> serveStaleOn;
    private final CircuitBreaker breaker;
    private final CircuitBreaker liveBreaker;
    private final Duration liveBreakerOpen;
    private final Semaphore bulkhead;
    private final long slowStoreCallMillis;
    private final AwsRequestOverrideConfiguration liveOverride;
    private final AwsRequestOverrideConfiguration liveOverrideWhenStale;
    private final PersonalizeKitListener listener;

    private static final int MAX_CACHED_KEYSPACES = 10_000;

    /** How long a finished live call stays visible to later misses on its key (see {@link Flight}). */
    static final long RETAIN_MILLIS = 2_000;

    private static final long RETAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(RETAIN_MILLIS);

    /** A request-level SDK plugin that turns the SDK's retries off for one call. */
    private static final SdkPlugin NO_SDK_RETRIES =
            config -> config.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));

    /** How often a keyspace that misses is compared with the store's bulk-filled keyspaces, at most. */
    static final Duration KEYSPACE_CHECK_INTERVAL = Duration.ofMinutes(1);

    private static final long KEYSPACE_SETTLED = Long.MAX_VALUE;

    private final ConcurrentHashMap<Shape, CacheKeyspace> keyspaces = new ConcurrentHashMap<>();
    /** Keyspace id to the clock millis of its next comparison with the store's keyspaces, or KEYSPACE_SETTLED. */
    private final ConcurrentHashMap<String, Long> keyspaceChecks = new ConcurrentHashMap<>();

    private final ConcurrentHashMap<Key, Flight> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final ReentrantLock pruning = new ReentrantLock();
    private final AtomicLong completions = new AtomicLong();
    private final Set<Key> refreshing = ConcurrentHashMap.newKeySet();
    private final Set<String> warnedCauses = ConcurrentHashMap.newKeySet();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder storeErrors = new LongAdder();
    private final LongAdder liveCalls = new LongAdder();
    private final LongAdder liveFailures = new LongAdder();
    private final LongAdder circuitRejected = new LongAdder();
    private final LongAdder bulkheadRejected = new LongAdder();
    private final LongAdder slowStoreCalls = new LongAdder();

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
        this.ttl = b.ttl;
        Duration ahead = b.refreshAhead == null ? ttl.dividedBy(5) : b.refreshAhead;
        if (ahead.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException(
                    "refreshAhead " + ahead + " must be shorter than ttl " + ttl + "; use Duration.ZERO to disable");
        }
        this.refreshAhead = ahead;
        this.clock = b.clock;
        this.failOnCacheError = b.failOnCacheError;
        this.serveStaleOn = b.serveStaleOn;
        this.listener = SafeListener.wrap(b.listener);
        this.breaker = new CircuitBreaker(
                b.breakerFailures, b.breakerOpen, clock, transitions(CircuitStateEvent.Circuit.STORE));
        this.liveBreaker = new CircuitBreaker(
                b.liveBreakerFailures, b.liveBreakerOpen, clock, transitions(CircuitStateEvent.Circuit.LIVE_CALL));
        this.liveBreakerOpen = b.liveBreakerOpen;
        this.bulkhead = new Semaphore(b.maxConcurrentLiveCalls);
        this.slowStoreCallMillis = b.storeSlowCallThreshold.toMillis();
        this.liveOverride = AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(b.liveCallTimeout)
                .build();
        this.liveOverrideWhenStale = b.retryLiveCallsWhenStale
                ? liveOverride
                : AwsRequestOverrideConfiguration.builder()
                        .apiCallTimeout(b.liveCallTimeout)
                        .addPlugin(NO_SDK_RETRIES)
                        .build();
        if (b.store == null) {
            this.store = InMemoryRecommendationStore.create();
            this.ownsStore = true;
        } else {
            this.store = b.store;
            this.ownsStore = false;
        }
        if (b.refreshExecutor == null) {
            AtomicInteger n = new AtomicInteger();
            ExecutorService es = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "personalize-cache-refresh-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.ownedExecutor = es;
            this.refreshExecutor = es;
        } else {
            this.ownedExecutor = null;
            this.refreshExecutor = b.refreshExecutor;
        }
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

    /**
     * One live call for a key, shared by every miss on that key that arrives while it runs. When done it stays in
     * the map for {@value #RETAIN_MILLIS} ms: a miss whose store read began before it finished ({@link #seq}
     * above the completion count the miss read first) takes its outcome, whatever it was; while the store is
     * skipped, a later miss reuses its list while that is younger than the TTL; otherwise a new call replaces it.
     */
    private static final class Flight {
        final CompletableFuture<SimilarItems> outcome = new CompletableFuture<>();
        /** The completion number, written before {@link #outcome} completes, so visible once it is done. */
        volatile long seq;

        volatile long doneAtNanos;

        void finish(long seq, @Nullable SimilarItems result, @Nullable Throwable failure) {
            this.seq = seq;
            this.doneAtNanos = System.nanoTime();
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else {
                outcome.complete(result);
            }
        }
    }

    /** A finished flight, queued in completion order to be removed from the map after {@value #RETAIN_MILLIS} ms. */
    private static final class Finished {
        final Key key;
        final Flight flight;

        Finished(Key key, Flight flight) {
            this.key = key;
            this.flight = flight;
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
        long seen = completions.get(); // before the store read: live calls finished after it may not be in the store
        SimilarItems cached = read(key);
        if (cached != null) {
            Duration age = Duration.between(cached.fetchedAt(), clock.instant());
            if (age.compareTo(ttl) < 0) {
                hits.increment();
                if (!refreshAhead.isZero() && age.compareTo(ttl.minus(refreshAhead)) >= 0) {
                    refreshInBackground(key);
                }
                answered(CacheResult.HIT);
                return exclude(asCached(cached), request);
            }
        }
        misses.increment();
        if (cached == null) {
            checkKeyspace(keyspace);
        }
        SimilarItems loaded;
        try {
            loaded = load(key, cached, seen);
        } catch (RuntimeException | Error e) {
            answered(CacheResult.MISS);
            throw e;
        }
        answered(loaded.source() == ResultSource.STALE ? CacheResult.STALE : CacheResult.MISS);
        return exclude(loaded, request);
    }

    private void answered(CacheResult result) {
        if (listener != PersonalizeKitListener.NONE) {
            listener.onCacheRequest(new CacheRequestEvent(campaignArn, result));
        }
    }

    private CircuitBreaker.Transitions transitions(CircuitStateEvent.Circuit circuit) {
        return (from, to) -> {
            if (listener != PersonalizeKitListener.NONE) {
                listener.onCircuitStateChanged(
                        new CircuitStateEvent(campaignArn, circuit, circuitState(from), circuitState(to)));
            }
        };
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
        if (!claimed || breaker.rejectsNow()) {
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
        return new CacheStats(
                hits.sum(),
                misses.sum(),
                stale.sum(),
                refreshes.sum(),
                storeErrors.sum(),
                liveCalls.sum(),
                liveFailures.sum(),
                circuitRejected.sum(),
                bulkheadRejected.sum(),
                slowStoreCalls.sum(),
                circuitState(liveBreaker),
                circuitState(breaker));
    }

    private static CircuitState circuitState(CircuitBreaker b) {
        return circuitState(b.state());
    }

    private static CircuitState circuitState(CircuitBreaker.State state) {
        switch (state) {
            case OPEN:
                return CircuitState.OPEN;
            case HALF_OPEN:
                return CircuitState.HALF_OPEN;
            default:
                return CircuitState.CLOSED;
        }
    }

    /**
     * Closes the refresh threads this client created, and the store if it created it; the delegate and a store
     * passed in are borrowed and left open.
     */
    @Override
    public void close() {
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
        if (ownsStore) {
            store.close();
        }
    }

    @Override
    public String toString() {
        return "CachingSimilarItemsClient{campaign=" + campaignArn + ", ttl=" + ttl + ", refreshAhead=" + refreshAhead
                + ", store=" + store + ", " + stats() + "}";
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
            warnOnce("solution version supplier", e);
            version = new Version(v.arn, now);
            return v.arn;
        }
    }

    private static SimilarItems asCached(SimilarItems s) {
        return s.source() == ResultSource.LIVE ? s.withSource(ResultSource.CACHE) : s;
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

    private @Nullable SimilarItems read(Key key) {
        if (!breaker.allow()) {
            return null;
        }
        long started = clock.millis();
        try {
            Optional<SimilarItems> found = store.get(key.keyspace, key.itemId);
            storeAnswered("read", started);
            return found.orElse(null);
        } catch (RuntimeException e) {
            storeFailed("read", key, e);
            return null;
        }
    }

    private void write(Key key, SimilarItems items) {
        if (!breaker.allow()) {
            return;
        }
        long started = clock.millis();
        try {
            store.put(key.keyspace, items);
            storeAnswered("write", started);
        } catch (RuntimeException e) {
            storeFailed("write", key, e);
        }
    }

    /** A store call returned: a success, or a failure for the breaker when it took the slow-call threshold or more. */
    private void storeAnswered(String what, long startedMillis) {
        long took = clock.millis() - startedMillis;
        if (took < slowStoreCallMillis) {
            storeSucceeded();
            return;
        }
        slowStoreCalls.increment();
        if (breaker.onFailure()) {
            log.warn(
                    "Recommendation store {} answers slowly ({} ms for a {}, threshold {} ms); skipping it and serving"
                            + " live for the next attempts",
                    store,
                    took,
                    what,
                    slowStoreCallMillis);
        } else {
            log.debug("Recommendation store {} took {} ms for a {}", store, took, what);
        }
    }

    private void storeSucceeded() {
        if (breaker.onSuccess()) {
            warnedCauses.clear();
            log.info("Recommendation store {} answers again; cache reads resumed", store);
        }
    }

    private void storeFailed(String what, Key key, RuntimeException e) {
        storeErrors.increment();
        boolean opened = breaker.onFailure();
        if (failOnCacheError) {
            throw new CacheStoreException(
                    "Recommendation store " + what + " failed for keyspace " + key.keyspace.id() + ", item "
                            + key.itemId + " (failOnCacheError is set): " + e,
                    key.keyspace.id(),
                    e);
        }
        warnOnce("store " + what, e);
        if (opened) {
            log.warn("Recommendation store {} failing; skipping it and serving live for the next attempts", store);
        }
    }

    private void warnOnce(String what, RuntimeException e) {
        String cause = what + ": " + e.getClass().getName();
        if (warnedCauses.add(cause)) {
            log.warn(
                    "Recommendation cache {} failed, serving live instead (further failures of this kind are logged"
                            + " at DEBUG): {}",
                    what,
                    e.toString());
        } else {
            log.debug("Recommendation cache {} failed again: {}", what, e.toString());
        }
    }

    private SimilarItems load(Key key, @Nullable SimilarItems previous, long seen) {
        Flight mine = null;
        boolean storeSkipped = breaker.rejectsNow();
        while (true) {
            Flight other = inFlight.get(key);
            if (other != null && reusable(other, seen, storeSkipped)) {
                return await(other);
            }
            if (liveBreaker.rejectsNow()) {
                return rejected(key, previous, LiveCallRejectedException.Reason.CIRCUIT_OPEN);
            }
            if (mine == null) {
                mine = new Flight();
            }
            if (other == null ? inFlight.putIfAbsent(key, mine) == null : inFlight.replace(key, other, mine)) {
                break;
            }
        }
        try {
            SimilarItems result = fetchLive(key, previous);
            mine.finish(completions.incrementAndGet(), result, null);
            return result;
        } catch (RuntimeException | Error e) {
            mine.finish(completions.incrementAndGet(), null, e);
            throw e;
        } finally {
            retire(key, mine);
        }
    }

    /**
     * Whether a miss that read the completion count {@code seen} before its store read takes this flight's
     * outcome: while it runs; once done, when it finished after that read (whatever its outcome), or, while the
     * store is skipped (so the flight's list could not be stored), when it fetched a list within {@value
     * #RETAIN_MILLIS} ms that is younger than the TTL.
     */
    private boolean reusable(Flight f, long seen, boolean storeSkipped) {
        if (!f.outcome.isDone()) {
            return true;
        }
        if (f.seq > seen) {
            return true;
        }
        SimilarItems s = storeSkipped ? f.outcome.getNow(null) : null;
        return s != null
                && s.source() != ResultSource.STALE
                && System.nanoTime() - f.doneAtNanos < RETAIN_NANOS
                && Duration.between(s.fetchedAt(), clock.instant()).compareTo(ttl) < 0;
    }

    private static SimilarItems await(Flight f) {
        try {
            return f.outcome.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }

    /** Queues a finished flight for removal, and removes those finished more than {@value #RETAIN_MILLIS} ms ago. */
    private void retire(Key key, Flight flight) {
        finished.add(new Finished(key, flight));
        if (!pruning.tryLock()) {
            return;
        }
        try {
            long now = System.nanoTime();
            Finished head;
            while ((head = finished.peek()) != null && now - head.flight.doneAtNanos >= RETAIN_NANOS) {
                finished.poll();
                inFlight.remove(head.key, head.flight);
            }
        } finally {
            pruning.unlock();
        }
    }

    /** A miss answered without a live call: its expired list as STALE, or a {@link LiveCallRejectedException}. */
    private SimilarItems rejected(Key key, @Nullable SimilarItems previous, LiveCallRejectedException.Reason reason) {
        if (reason == LiveCallRejectedException.Reason.CIRCUIT_OPEN) {
            circuitRejected.increment();
        } else {
            bulkheadRejected.increment();
        }
        if (listener != PersonalizeKitListener.NONE) {
            listener.onLiveCallRejected(new LiveCallRejectedEvent(campaignArn, reason, previous != null));
        }
        if (previous != null) {
            stale.increment();
            return previous.withSource(ResultSource.STALE);
        }
        throw new LiveCallRejectedException(reason, key.itemId, campaignArn);
    }

    private SimilarItems fetchLive(Key key, @Nullable SimilarItems previous) {
        if (!bulkhead.tryAcquire()) {
            return rejected(key, previous, LiveCallRejectedException.Reason.BULKHEAD_FULL);
        }
        SimilarItems live;
        try {
            if (!liveBreaker.allow()) {
                return rejected(key, previous, LiveCallRejectedException.Reason.CIRCUIT_OPEN);
            }
            live = callDelegate(key, previous != null, LiveCallOrigin.READ_THROUGH);
        } catch (RuntimeException e) {
            if (previous != null && serveStaleOn.test(e)) {
                stale.increment();
                log.debug(
                        "Live call for {} failed ({}); serving the list fetched at {} as STALE",
                        key.itemId,
                        e.toString(),
                        previous.fetchedAt());
                return previous.withSource(ResultSource.STALE);
            }
            throw e;
        } finally {
            bulkhead.release();
        }
        write(key, live);
        return live;
    }

    /**
     * Calls the delegate once, the live breaker having allowed it, and reports the outcome to the breaker. With a
     * stale list to fall back on, the SDK is asked not to retry (unless configured otherwise).
     */
    private SimilarItems callDelegate(Key key, boolean staleAvailable, LiveCallOrigin origin) {
        liveCalls.increment();
        SimilarItemsRequest request = key.keyspace.toRequest(key.itemId).toBuilder()
                .overrideConfiguration(staleAvailable ? liveOverrideWhenStale : liveOverride)
                .build();
        long started = System.nanoTime();
        SimilarItems result;
        try {
            result = delegate.similarItems(request);
        } catch (RuntimeException | Error e) {
            liveCalled(origin, started, e);
            liveFailed(e);
            throw e;
        }
        liveCalled(origin, started, null);
        liveSucceeded();
        return result;
    }

    private void liveCalled(LiveCallOrigin origin, long startedNanos, @Nullable Throwable error) {
        if (listener != PersonalizeKitListener.NONE) {
            listener.onLiveCall(new LiveCallEvent(
                    campaignArn,
                    origin,
                    LiveCallOutcome.of(error),
                    Duration.ofNanos(System.nanoTime() - startedNanos),
                    error));
        }
    }

    private void liveSucceeded() {
        if (liveBreaker.onSuccess()) {
            log.info("Personalize answers campaign {} again; live calls resumed", campaignArn);
        }
    }

    private void liveFailed(Throwable e) {
        liveFailures.increment();
        if (e instanceof RuntimeException && isServiceAnswer((RuntimeException) e)) {
            liveSucceeded(); // a client error: Personalize is up, the request was wrong
            return;
        }
        if (liveBreaker.onFailure()) {
            log.warn(
                    "Live calls to campaign {} failing ({}); serving stale lists without calling Personalize for {},"
                            + " then one trial call",
                    campaignArn,
                    e.toString(),
                    liveBreakerOpen);
        } else {
            log.debug("Live call to campaign {} failed: {}", campaignArn, e.toString());
        }
    }

    /** A service error that says Personalize is up and refused this request (4xx other than throttling). */
    private static boolean isServiceAnswer(RuntimeException e) {
        if (!(e instanceof SdkServiceException)) {
            return false;
        }
        SdkServiceException s = (SdkServiceException) e;
        return !s.isThrottlingException() && s.statusCode() < 500 && s.statusCode() != 429;
    }

    private void refreshInBackground(Key key) {
        if (liveBreaker.rejectsNow() || !refreshing.add(key)) {
            return;
        }
        try {
            refreshExecutor.execute(() -> {
                try {
                    refresh(key);
                } finally {
                    refreshing.remove(key);
                }
            });
        } catch (RejectedExecutionException e) {
            refreshing.remove(key);
        }
    }

    private void refresh(Key key) {
        if (!bulkhead.tryAcquire()) {
            return;
        }
        SimilarItems fresh;
        try {
            if (!liveBreaker.allow()) {
                return;
            }
            refreshes.increment();
            fresh = callDelegate(key, true, LiveCallOrigin.REFRESH_AHEAD);
        } catch (RuntimeException e) {
            log.debug("Refresh-ahead of {} failed; the cached list stays: {}", key.itemId, e.toString());
            return;
        } finally {
            bulkhead.release();
        }
        write(key, fresh);
    }

    /**
     * The default rule for serving a stale list: throttling, server errors (5xx), client-side failures (timeouts,
     * connection errors) and toolkit errors; not other service errors such as invalid input.
     *
     * @param e the failure of the live call
     * @return true to serve stale
     */
    static boolean defaultServeStaleOn(RuntimeException e) {
        if (e instanceof SdkServiceException) {
            SdkServiceException s = (SdkServiceException) e;
            return s.isThrottlingException() || s.statusCode() >= 500 || s.statusCode() == 429;
        }
        return e instanceof SdkClientException || e instanceof PersonalizeKitException;
    }

    /** Builder of {@link CachingSimilarItemsClient}; not thread-safe. */
    public static final class Builder {
        private @Nullable SimilarItemsClient delegate;
        private @Nullable RecommendationStore store;
        private @Nullable String campaignArn;
        private @Nullable CacheKeyspace shape;
        private @Nullable Supplier<String> solutionVersion;
        private Duration solutionVersionRefresh = Duration.ofMinutes(5);
        private Duration ttl = Duration.ofHours(1);
        private @Nullable Duration refreshAhead;
        private Clock clock = Clock.systemUTC();
        private @Nullable Executor refreshExecutor;
        private boolean failOnCacheError;
        private Predicate<RuntimeException> serveStaleOn = CachingSimilarItemsClient::defaultServeStaleOn;
        private int breakerFailures = 3;
        private Duration breakerOpen = Duration.ofSeconds(5);
        private Duration storeSlowCallThreshold = Duration.ofMillis(100);
        private Duration liveCallTimeout = Duration.ofSeconds(2);
        private boolean retryLiveCallsWhenStale;
        private int liveBreakerFailures = 5;
        private Duration liveBreakerOpen = Duration.ofSeconds(1);
        private int maxConcurrentLiveCalls = 32;
        private PersonalizeKitListener listener = PersonalizeKitListener.NONE;

        private Builder() {}

        /**
         * Sets a listener told of every request (hit, miss or stale), every live call (ARN, origin, outcome,
         * latency), every miss answered without a live call, and every change of either circuit breaker; defaults to
         * {@link PersonalizeKitListener#NONE}. It is called on the request and refresh threads; an exception it
         * throws is logged and never reaches the caller. The {@code personalize-micrometer} artifact turns these
         * events into meters.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(PersonalizeKitListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
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
         * Sets how long a list is served from the store after it was fetched; defaults to 1 hour. Lists filled by
         * {@link RecommendationFetcher} should live at least as long as the interval between fetcher runs.
         *
         * @param ttl a positive duration
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder ttl(Duration ttl) {
            this.ttl = positive("ttl", ttl);
            return this;
        }

        /**
         * Sets how long before expiry a hit triggers a background refresh; defaults to a fifth of the TTL.
         *
         * @param refreshAhead zero to disable, otherwise shorter than the TTL (checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder refreshAhead(Duration refreshAhead) {
            Objects.requireNonNull(refreshAhead, "refreshAhead");
            if (refreshAhead.isNegative()) {
                throw new IllegalArgumentException("refreshAhead must not be negative, but it is " + refreshAhead);
            }
            this.refreshAhead = refreshAhead;
            return this;
        }

        /**
         * Sets the clock for TTL, refresh-ahead, the circuit breakers and the store's slow-call threshold; defaults to
         * the UTC system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the executor for refresh-ahead calls; defaults to two daemon threads owned by the client. An executor
         * passed here is borrowed and not shut down.
         *
         * @param executor the executor
         * @return this builder
         */
        public Builder refreshExecutor(Executor executor) {
            this.refreshExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Sets whether a store failure is thrown as {@link CacheStoreException} instead of degrading to a live
         * answer; defaults to false.
         *
         * @param failOnCacheError the flag
         * @return this builder
         */
        public Builder failOnCacheError(boolean failOnCacheError) {
            this.failOnCacheError = failOnCacheError;
            return this;
        }

        /**
         * Sets which live-call failures are answered with a stale list (when one exists); defaults to throttling,
         * 5xx, client-side failures and toolkit errors.
         *
         * @param serveStaleOn the rule
         * @return this builder
         */
        public Builder serveStaleOn(Predicate<RuntimeException> serveStaleOn) {
            this.serveStaleOn = Objects.requireNonNull(serveStaleOn, "serveStaleOn");
            return this;
        }

        /**
         * Sets the store circuit breaker: after {@code failures} consecutive store failures, the store is skipped
         * for {@code openFor}, then probed by one call. Defaults to 3 failures and 5 seconds.
         *
         * @param failures consecutive failures that open the breaker, at least 1
         * @param openFor how long the store is skipped, positive
         * @return this builder
         * @throws IllegalArgumentException when failures is below 1 or openFor is not positive
         */
        public Builder circuitBreaker(int failures, Duration openFor) {
            if (failures < 1) {
                throw new IllegalArgumentException("failures must be at least 1, but it is " + failures);
            }
            this.breakerFailures = failures;
            this.breakerOpen = positive("openFor", openFor);
            return this;
        }

        /**
         * Sets how long a store call may take before it counts as a failure for the store circuit breaker (it still
         * answers the request); defaults to 100 ms, far above a healthy Redis round trip. A store that answers but
         * slowly then trips the breaker like one that is down, instead of costing every request its latency. The
         * time is read from {@link #clock(Clock)}.
         *
         * @param threshold a positive duration
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder storeSlowCallThreshold(Duration threshold) {
            this.storeSlowCallThreshold = positive("storeSlowCallThreshold", threshold);
            return this;
        }

        /**
         * Sets the deadline of one live call, the SDK's retries included; defaults to 2 seconds (the first call of a
         * fresh JVM also loads and initialises much of the SDK, so keep it well above Personalize's own latency). It is put on the
         * request as {@link SimilarItemsRequest#overrideConfiguration()}'s {@code apiCallTimeout}, which the client
         * made by {@link SimilarItemsClient#builder()} hands to the SDK (another delegate must honour it itself). A
         * call that times out counts as a failure for the live breaker and is answered stale when a list exists.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder liveCallTimeout(Duration timeout) {
            this.liveCallTimeout = positive("liveCallTimeout", timeout);
            return this;
        }

        /**
         * Sets whether the SDK may retry a live call when an expired list could be served instead; defaults to
         * false: under throttling, retries add load to a campaign that is already over its TPS and make the reader
         * wait, while the stale list is ready. Misses with no list keep the SDK's retries, within {@link
         * #liveCallTimeout(Duration)}.
         *
         * @param retry true to keep the SDK's retries for every live call
         * @return this builder
         */
        public Builder retryLiveCallsWhenStale(boolean retry) {
            this.retryLiveCallsWhenStale = retry;
            return this;
        }

        /**
         * Sets the live-call circuit breaker: after {@code failures} consecutive failed live calls (throttling, 5xx,
         * timeouts, connection errors; client errors such as {@code InvalidInputException} reset the count), no live
         * call is made for {@code openFor}: misses are answered with their expired list as {@code STALE}, or with a
         * {@link LiveCallRejectedException} when there is none. Then exactly one trial call goes through; success
         * closes the breaker, failure opens it again. Defaults to 5 failures and 1 second, so Personalize sees at
         * most about one call per second from this client during an outage, and live calls resume within about a
         * second after it ends.
         *
         * @param failures consecutive failures that open the breaker, at least 1
         * @param openFor how long no live call is made, positive
         * @return this builder
         * @throws IllegalArgumentException when failures is below 1 or openFor is not positive
         */
        public Builder liveCircuitBreaker(int failures, Duration openFor) {
            if (failures < 1) {
                throw new IllegalArgumentException("failures must be at least 1, but it is " + failures);
            }
            this.liveBreakerFailures = failures;
            this.liveBreakerOpen = positive("openFor", openFor);
            return this;
        }

        /**
         * Sets the most live calls in flight at once (a bulkhead), refresh-ahead calls included; defaults to 32.
         * A miss beyond it does not wait: it is answered with its expired list as {@code STALE}, or with a {@link
         * LiveCallRejectedException} when there is none. Concurrent misses on one key share one call and count
         * once.
         *
         * @param max 1 to 10,000
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder maxConcurrentLiveCalls(int max) {
            if (max < 1 || max > 10_000) {
                throw new IllegalArgumentException(
                        "maxConcurrentLiveCalls must be between 1 and 10000, but it is " + max);
            }
            this.maxConcurrentLiveCalls = max;
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

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, but it is " + d);
            }
            return d;
        }
    }
}
