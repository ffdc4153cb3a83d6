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
import io.personalizekit.recommend.RecommendationResult;
import io.personalizekit.recommend.ResultSource;
import java.time.Clock;
import java.time.Duration;
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
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The read-through machinery the caching clients share: TTL and refresh-ahead, single-flight of concurrent misses,
 * stale-on-error, the live-call breaker and bulkhead, the store breaker with its slow-call threshold, and the
 * counters. What is cached, where, and how a live call is made is the client's {@link Access}. Thread-safe.
 *
 * @param <K> the key: equal keys share one stored list and one live call
 * @param <V> the cached result
 */
final class ReadThrough<K, V extends RecommendationResult> {
    private static final Logger log = LoggerFactory.getLogger(ReadThrough.class);

    /** What a caching client plugs into the machinery. */
    interface Access<K, V> {
        /** Reads the stored list (store call; may throw). */
        @Nullable
        V read(K key);

        /** Stores a live answer (store call; may throw). */
        void write(K key, V value);

        /** Makes the live call with these SDK options. */
        V call(K key, AwsRequestOverrideConfiguration override);

        /** The same list with another source. */
        V withSource(V value, ResultSource source);

        /** The keyspace id, for {@link CacheStoreException}. */
        String keyspaceId(K key);

        /** The key for messages: {@code "item a-1"}, {@code "user u-7"}. */
        String describe(K key);

        /** The exception for a miss with no list and no live call. */
        LiveCallRejectedException rejected(K key, LiveCallRejectedException.Reason reason);

        /**
         * The number of the latest invalidation that covers the key (0 when none): a live call that began at or
         * before it neither serves later misses nor is stored.
         */
        default long invalidatedAt(K key) {
            return 0;
        }
    }

    /** How long a finished live call stays visible to later misses on its key (see {@link Flight}). */
    static final long RETAIN_MILLIS = 2_000;

    private static final long RETAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(RETAIN_MILLIS);

    /** A request-level SDK plugin that turns the SDK's retries off for one call. */
    private static final SdkPlugin NO_SDK_RETRIES =
            config -> config.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));

    private final Access<K, V> access;
    private final String arn;
    private final String target;
    private final PersonalizeKitListener listener;
    private final String storeName;
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

    private final ConcurrentHashMap<K, Flight<V>> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Finished<K, V>> finished = new ConcurrentLinkedQueue<>();
    private final ReentrantLock pruning = new ReentrantLock();
    private final AtomicLong completions = new AtomicLong();
    /** Numbers invalidations; a flight remembers the last number issued when it began. */
    private final AtomicLong invalidations = new AtomicLong();

    private final Set<K> refreshing = ConcurrentHashMap.newKeySet();
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

    ReadThrough(ReadThroughOptions<?> b, Access<K, V> access, String arn, String target, String storeName) {
        this.access = access;
        this.arn = arn;
        this.listener = SafeListener.wrap(b.listener);
        this.target = target;
        this.storeName = storeName;
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

    Duration ttl() {
        return ttl;
    }

    Duration refreshAhead() {
        return refreshAhead;
    }

    /** Whether the store breaker is open now (the store is being skipped). */
    boolean storeSkipped() {
        return breaker.rejectsNow();
    }

    /**
     * Issues the next invalidation number; a key whose {@link Access#invalidatedAt} returns it (or more) no longer
     * joins or stores the live calls that began before.
     */
    long nextInvalidation() {
        return invalidations.incrementAndGet();
    }

    /** The last invalidation number issued. */
    long lastInvalidation() {
        return invalidations.get();
    }

    /** The smallest invalidation number a live call in flight began at, or the last one issued when none is. */
    long oldestFlightStart() {
        long oldest = invalidations.get();
        for (Flight<V> f : inFlight.values()) {
            if (!f.outcome.isDone()) {
                oldest = Math.min(oldest, f.startedAt);
            }
        }
        return oldest;
    }

    /**
     * The list for a key: from the store when fresh, else from a live call, else (the call failing or not made)
     * the expired list as {@link ResultSource#STALE}.
     *
     * @param onAbsent runs on a miss that found no list at all (not even an expired one)
     */
    V get(K key, Runnable onAbsent) {
        long seen = completions.get(); // before the store read: live calls finished after it may not be in the store
        V cached = read(key);
        if (cached != null) {
            Duration age = Duration.between(cached.fetchedAt(), clock.instant());
            if (age.compareTo(ttl) < 0) {
                hits.increment();
                if (!refreshAhead.isZero() && age.compareTo(ttl.minus(refreshAhead)) >= 0) {
                    refreshInBackground(key);
                }
                answered(CacheResult.HIT);
                return cached.source() == ResultSource.LIVE ? access.withSource(cached, ResultSource.CACHE) : cached;
            }
        }
        misses.increment();
        if (cached == null) {
            onAbsent.run();
        }
        V loaded;
        try {
            loaded = load(key, cached, seen);
        } catch (RuntimeException | Error e) {
            answered(CacheResult.MISS);
            throw e;
        }
        answered(loaded.source() == ResultSource.STALE ? CacheResult.STALE : CacheResult.MISS);
        return loaded;
    }

    private void answered(CacheResult result) {
        if (listener != PersonalizeKitListener.NONE) {
            listener.onCacheRequest(new CacheRequestEvent(arn, result));
        }
    }

    private CircuitBreaker.Transitions transitions(CircuitStateEvent.Circuit circuit) {
        return (from, to) -> {
            if (listener != PersonalizeKitListener.NONE) {
                listener.onCircuitStateChanged(
                        new CircuitStateEvent(arn, circuit, circuitState(from), circuitState(to)));
            }
        };
    }

    /** Runs a store call other than a read or write through the store breaker; null when skipped or failed. */
    <T> @Nullable T storeCall(String what, String keyspaceId, String subject, java.util.function.Supplier<T> call) {
        if (!breaker.allow()) {
            return null;
        }
        long started = clock.millis();
        try {
            T result = call.get();
            storeAnswered(what, started);
            return result;
        } catch (RuntimeException e) {
            storeFailed(what, keyspaceId, subject, e);
            return null;
        }
    }

    CacheStats stats() {
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

    /** Stops the refresh threads this engine created. */
    void close() {
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
    }

    private @Nullable V read(K key) {
        if (!breaker.allow()) {
            return null;
        }
        long started = clock.millis();
        try {
            V found = access.read(key);
            storeAnswered("read", started);
            return found;
        } catch (RuntimeException e) {
            storeFailed("read", access.keyspaceId(key), access.describe(key), e);
            return null;
        }
    }

    private void write(K key, V value) {
        if (!breaker.allow()) {
            return;
        }
        long started = clock.millis();
        try {
            access.write(key, value);
            storeAnswered("write", started);
        } catch (RuntimeException e) {
            storeFailed("write", access.keyspaceId(key), access.describe(key), e);
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
                    storeName,
                    took,
                    what,
                    slowStoreCallMillis);
        } else {
            log.debug("Recommendation store {} took {} ms for a {}", storeName, took, what);
        }
    }

    private void storeSucceeded() {
        if (breaker.onSuccess()) {
            warnedCauses.clear();
            log.info("Recommendation store {} answers again; cache reads resumed", storeName);
        }
    }

    private void storeFailed(String what, String keyspaceId, String subject, RuntimeException e) {
        storeErrors.increment();
        boolean opened = breaker.onFailure();
        if (failOnCacheError) {
            throw new CacheStoreException(
                    "Recommendation store " + what + " failed for keyspace " + keyspaceId + ", " + subject
                            + " (failOnCacheError is set): " + e,
                    keyspaceId,
                    e);
        }
        warnOnce("store " + what, e);
        if (opened) {
            log.warn("Recommendation store {} failing; skipping it and serving live for the next attempts", storeName);
        }
    }

    void warnOnce(String what, RuntimeException e) {
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

    private V load(K key, @Nullable V previous, long seen) {
        Flight<V> mine = null;
        boolean storeSkipped = breaker.rejectsNow();
        while (true) {
            Flight<V> other = inFlight.get(key);
            if (other != null && reusable(key, other, seen, storeSkipped)) {
                return await(other);
            }
            if (liveBreaker.rejectsNow()) {
                return rejected(key, previous, LiveCallRejectedException.Reason.CIRCUIT_OPEN);
            }
            if (mine == null) {
                mine = new Flight<>(invalidations.get());
            }
            if (other == null ? inFlight.putIfAbsent(key, mine) == null : inFlight.replace(key, other, mine)) {
                break;
            }
        }
        try {
            V result = fetchLive(key, previous, mine.startedAt);
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
     * outcome: never when the key was invalidated after the flight began; while it runs; once done, when it
     * finished after that read (whatever its outcome), or, while the store is skipped (so the flight's list could
     * not be stored), when it fetched a list within {@value #RETAIN_MILLIS} ms that is younger than the TTL.
     */
    private boolean reusable(K key, Flight<V> f, long seen, boolean storeSkipped) {
        if (access.invalidatedAt(key) > f.startedAt) {
            return false;
        }
        if (!f.outcome.isDone()) {
            return true;
        }
        if (f.seq > seen) {
            return true;
        }
        V s = storeSkipped ? f.outcome.getNow(null) : null;
        return s != null
                && s.source() != ResultSource.STALE
                && System.nanoTime() - f.doneAtNanos < RETAIN_NANOS
                && Duration.between(s.fetchedAt(), clock.instant()).compareTo(ttl) < 0;
    }

    private static <V> V await(Flight<V> f) {
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
    private void retire(K key, Flight<V> flight) {
        finished.add(new Finished<>(key, flight));
        if (!pruning.tryLock()) {
            return;
        }
        try {
            long now = System.nanoTime();
            Finished<K, V> head;
            while ((head = finished.peek()) != null && now - head.flight.doneAtNanos >= RETAIN_NANOS) {
                finished.poll();
                inFlight.remove(head.key, head.flight);
            }
        } finally {
            pruning.unlock();
        }
    }

    /** A miss answered without a live call: its expired list as STALE, or a {@link LiveCallRejectedException}. */
    private V rejected(K key, @Nullable V previous, LiveCallRejectedException.Reason reason) {
        if (reason == LiveCallRejectedException.Reason.CIRCUIT_OPEN) {
            circuitRejected.increment();
        } else {
            bulkheadRejected.increment();
        }
        if (listener != PersonalizeKitListener.NONE) {
            listener.onLiveCallRejected(new LiveCallRejectedEvent(arn, reason, previous != null));
        }
        if (previous != null) {
            stale.increment();
            return access.withSource(previous, ResultSource.STALE);
        }
        throw access.rejected(key, reason);
    }

    private V fetchLive(K key, @Nullable V previous, long startedAt) {
        if (!bulkhead.tryAcquire()) {
            return rejected(key, previous, LiveCallRejectedException.Reason.BULKHEAD_FULL);
        }
        V live;
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
                        access.describe(key),
                        e.toString(),
                        previous.fetchedAt());
                return access.withSource(previous, ResultSource.STALE);
            }
            throw e;
        } finally {
            bulkhead.release();
        }
        if (access.invalidatedAt(key) <= startedAt) {
            write(key, live); // else the key was invalidated while the call ran: the answer may predate it
        }
        return live;
    }

    /**
     * Calls the delegate once, the live breaker having allowed it, and reports the outcome to the breaker. With a
     * stale list to fall back on, the SDK is asked not to retry (unless configured otherwise).
     */
    private V callDelegate(K key, boolean staleAvailable, LiveCallOrigin origin) {
        liveCalls.increment();
        long started = System.nanoTime();
        V result;
        try {
            result = access.call(key, staleAvailable ? liveOverrideWhenStale : liveOverride);
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
                    arn, origin, LiveCallOutcome.of(error), Duration.ofNanos(System.nanoTime() - startedNanos), error));
        }
    }

    private void liveSucceeded() {
        if (liveBreaker.onSuccess()) {
            log.info("Personalize answers {} again; live calls resumed", target);
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
                    "Live calls to {} failing ({}); serving stale lists without calling Personalize for {},"
                            + " then one trial call",
                    target,
                    e.toString(),
                    liveBreakerOpen);
        } else {
            log.debug("Live call to {} failed: {}", target, e.toString());
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

    private void refreshInBackground(K key) {
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

    private void refresh(K key) {
        if (!bulkhead.tryAcquire()) {
            return;
        }
        long startedAt = invalidations.get();
        V fresh;
        try {
            if (!liveBreaker.allow()) {
                return;
            }
            refreshes.increment();
            fresh = callDelegate(key, true, LiveCallOrigin.REFRESH_AHEAD);
        } catch (RuntimeException e) {
            log.debug("Refresh-ahead of {} failed; the cached list stays: {}", access.describe(key), e.toString());
            return;
        } finally {
            bulkhead.release();
        }
        if (access.invalidatedAt(key) <= startedAt) {
            write(key, fresh);
        }
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

    /**
     * One live call for a key, shared by every miss on that key that arrives while it runs. When done it stays in
     * the map for {@value #RETAIN_MILLIS} ms: a miss whose store read began before it finished ({@link #seq}
     * above the completion count the miss read first) takes its outcome, whatever it was; while the store is
     * skipped, a later miss reuses its list while that is younger than the TTL; otherwise a new call replaces it.
     */
    private static final class Flight<V> {
        final CompletableFuture<V> outcome = new CompletableFuture<>();
        /** The last invalidation number issued when the flight began. */
        final long startedAt;
        /** The completion number, written before {@link #outcome} completes, so visible once it is done. */
        volatile long seq;

        volatile long doneAtNanos;

        Flight(long startedAt) {
            this.startedAt = startedAt;
        }

        void finish(long seq, @Nullable V result, @Nullable Throwable failure) {
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
    private static final class Finished<K, V> {
        final K key;
        final Flight<V> flight;

        Finished(K key, Flight<V> flight) {
            this.key = key;
            this.flight = flight;
        }
    }

    @Override
    public String toString() {
        return "ReadThrough{" + target + ", ttl=" + ttl + ", refreshAhead=" + refreshAhead + "}";
    }
}
