package io.personalizekit.cache;

import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.exception.LiveCallRejectedException;
import io.personalizekit.observe.PersonalizeKitListener;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The settings every read-through caching client shares ({@link CachingSimilarItemsClient}, {@link
 * CachingUserRecommendationsClient}): freshness, refresh-ahead, stale-on-error and the protections of live calls
 * and of the store. Each client's builder extends it and adds what it caches; not thread-safe.
 *
 * @param <B> the client's builder
 */
public abstract class ReadThroughOptions<B extends ReadThroughOptions<B>> {
    Duration ttl;

    @Nullable
    Duration refreshAhead;

    Clock clock = Clock.systemUTC();

    @Nullable
    Executor refreshExecutor;

    boolean failOnCacheError;
    Predicate<RuntimeException> serveStaleOn = ReadThrough::defaultServeStaleOn;
    int breakerFailures = 3;
    Duration breakerOpen = Duration.ofSeconds(5);
    Duration storeSlowCallThreshold = Duration.ofMillis(100);
    Duration liveCallTimeout = Duration.ofSeconds(2);
    boolean retryLiveCallsWhenStale;
    int liveBreakerFailures = 5;
    Duration liveBreakerOpen = Duration.ofSeconds(1);
    int maxConcurrentLiveCalls = 32;
    PersonalizeKitListener listener = PersonalizeKitListener.NONE;

    ReadThroughOptions(Duration defaultTtl) {
        this.ttl = defaultTtl;
    }

    abstract B self();

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
    public B listener(PersonalizeKitListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return self();
    }

    /**
     * Sets how long a list is served from the store after it was fetched; the default depends on the client (1
     * hour for similar items, 10 minutes for a user's recommendations). Lists filled by {@link
     * RecommendationFetcher} should live at least as long as the interval between fetcher runs.
     *
     * @param ttl a positive duration
     * @return this builder
     * @throws IllegalArgumentException when zero or negative
     */
    public B ttl(Duration ttl) {
        this.ttl = positive("ttl", ttl);
        return self();
    }

    /**
     * Sets how long before expiry a hit triggers a background refresh; defaults to a fifth of the TTL.
     *
     * @param refreshAhead zero to disable, otherwise shorter than the TTL (checked when the client is built)
     * @return this builder
     * @throws IllegalArgumentException when negative
     */
    public B refreshAhead(Duration refreshAhead) {
        Objects.requireNonNull(refreshAhead, "refreshAhead");
        if (refreshAhead.isNegative()) {
            throw new IllegalArgumentException("refreshAhead must not be negative, but it is " + refreshAhead);
        }
        this.refreshAhead = refreshAhead;
        return self();
    }

    /**
     * Sets the clock for TTL, refresh-ahead, the circuit breakers and the store's slow-call threshold; defaults to
     * the UTC system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /**
     * Sets the executor for refresh-ahead calls; defaults to two daemon threads owned by the client. An executor
     * passed here is borrowed and not shut down.
     *
     * @param executor the executor
     * @return this builder
     */
    public B refreshExecutor(Executor executor) {
        this.refreshExecutor = Objects.requireNonNull(executor, "executor");
        return self();
    }

    /**
     * Sets whether a store failure is thrown as {@link CacheStoreException} instead of degrading to a live
     * answer; defaults to false.
     *
     * @param failOnCacheError the flag
     * @return this builder
     */
    public B failOnCacheError(boolean failOnCacheError) {
        this.failOnCacheError = failOnCacheError;
        return self();
    }

    /**
     * Sets which live-call failures are answered with a stale list (when one exists); defaults to throttling,
     * 5xx, client-side failures and toolkit errors.
     *
     * @param serveStaleOn the rule
     * @return this builder
     */
    public B serveStaleOn(Predicate<RuntimeException> serveStaleOn) {
        this.serveStaleOn = Objects.requireNonNull(serveStaleOn, "serveStaleOn");
        return self();
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
    public B circuitBreaker(int failures, Duration openFor) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, but it is " + failures);
        }
        this.breakerFailures = failures;
        this.breakerOpen = positive("openFor", openFor);
        return self();
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
    public B storeSlowCallThreshold(Duration threshold) {
        this.storeSlowCallThreshold = positive("storeSlowCallThreshold", threshold);
        return self();
    }

    /**
     * Sets the deadline of one live call, the SDK's retries included; defaults to 2 seconds (the first call of a
     * fresh JVM also loads and initialises much of the SDK, so keep it well above Personalize's own latency). It is
     * put on the request as its {@code overrideConfiguration}'s {@code apiCallTimeout}, which the library's
     * clients hand to the SDK (another delegate must honour it itself). A call that times out counts as a failure
     * for the live breaker and is answered stale when a list exists.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public B liveCallTimeout(Duration timeout) {
        this.liveCallTimeout = positive("liveCallTimeout", timeout);
        return self();
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
    public B retryLiveCallsWhenStale(boolean retry) {
        this.retryLiveCallsWhenStale = retry;
        return self();
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
    public B liveCircuitBreaker(int failures, Duration openFor) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, but it is " + failures);
        }
        this.liveBreakerFailures = failures;
        this.liveBreakerOpen = positive("openFor", openFor);
        return self();
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
    public B maxConcurrentLiveCalls(int max) {
        if (max < 1 || max > 10_000) {
            throw new IllegalArgumentException("maxConcurrentLiveCalls must be between 1 and 10000, but it is " + max);
        }
        this.maxConcurrentLiveCalls = max;
        return self();
    }

    static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, but it is " + d);
        }
        return d;
    }
}
