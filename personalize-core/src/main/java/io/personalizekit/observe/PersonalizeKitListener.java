package io.personalizekit.observe;

import io.personalizekit.cache.FetchSummary;
import io.personalizekit.internal.observe.CompositeListener;
import java.util.List;

/**
 * Receives what the toolkit does at run time: cache requests, live calls to Personalize, circuit breaker changes,
 * the bulk fetcher's progress, waits, and streamed deliveries. Pass one to the {@code listener(..)} option of {@code
 * CachingSimilarItemsClient}, {@code RecommendationFetcher}, {@code ResourceWaiter}, {@code ItemSeeder} and {@code
 * EventRecorder}; one listener may serve all of them, and {@link #of(PersonalizeKitListener...)} combines several
 * (for example the Micrometer listener and a cost guard's {@code TrafficCounter.listener()}) into one.
 *
 * <p>Every method has an empty default, so an implementation overrides only what it needs, and events added in later
 * versions do not break it. Methods are called synchronously on the thread that did the work (a request thread, a
 * refresh or fetcher worker, the fetcher's progress thread, a waiter's scheduler), often concurrently: an
 * implementation must be thread-safe and quick, and should not block. An exception it throws is caught and logged
 * (at WARN the first time per listener and method, then at DEBUG); it never reaches the caller nor changes what the
 * toolkit does.
 *
 * <p>Events never carry item ids, user ids or recommended lists, only ARNs, counts, durations and outcomes, so that
 * an implementation can turn them into metrics without unbounded tag values.
 */
public interface PersonalizeKitListener {

    /** A listener that ignores everything; the default of every {@code listener(..)} option. */
    PersonalizeKitListener NONE = new PersonalizeKitListener() {};

    /**
     * Combines listeners into one that tells each of them of every event, in the order given. One that throws is
     * caught and logged as usual and does not stop the others. {@link #NONE}s are dropped: with none left the result
     * is {@code NONE}, with one it is that listener.
     *
     * <pre>{@code
     * PersonalizeKitListener both = PersonalizeKitListener.of(PersonalizeKitMetrics.of(registry), traffic.listener());
     * }</pre>
     *
     * @param listeners the listeners
     * @return one listener for all of them
     * @throws NullPointerException if {@code listeners} or one of them is null
     */
    static PersonalizeKitListener of(PersonalizeKitListener... listeners) {
        return CompositeListener.of(List.of(listeners));
    }

    /**
     * A request to a caching client was answered (or failed): once per request, with how it was served.
     *
     * @param event the campaign and the result
     */
    default void onCacheRequest(CacheRequestEvent event) {}

    /**
     * A live call to Personalize returned or failed: one per {@code GetRecommendations} call made by a caching
     * client (read-through or refresh-ahead) or a fetcher (one per attempt).
     *
     * @param event the ARN called, the origin, the outcome and the latency
     */
    default void onLiveCall(LiveCallEvent event) {}

    /**
     * A caching client answered a miss without calling Personalize, because its live-call breaker was open or its
     * bulkhead full; the request got its expired list as {@code STALE}, or a {@code LiveCallRejectedException}.
     *
     * @param event the campaign, the reason and whether a stale list was served
     */
    default void onLiveCallRejected(LiveCallRejectedEvent event) {}

    /**
     * One of a caching client's circuit breakers (around the store, or around the live call) changed state.
     *
     * @param event the campaign, the breaker, and the states before and after
     */
    default void onCircuitStateChanged(CircuitStateEvent event) {}

    /**
     * A fetcher finished one item of a run (or one attempt at it, when the attempt is retried): fetched, a popular
     * fallback, retried or failed. Batch-output loads report their lines here too.
     *
     * @param event the keyspace and the outcome
     */
    default void onFetchItem(FetchItemEvent event) {}

    /**
     * A fetcher's periodic progress report, every {@code progressInterval} of a run (the same figures it logs at
     * INFO), and once more when the run's items are done.
     *
     * @param event the counts so far and the rate
     */
    default void onFetchProgress(FetchProgressEvent event) {}

    /**
     * A fetcher run (or batch-output load) completed: the summary it returns. Not called when a run stops with an
     * exception.
     *
     * @param summary the run's summary
     */
    default void onFetchCompleted(FetchSummary summary) {}

    /**
     * A wait of a {@code ResourceWaiter} ended, successfully or not.
     *
     * @param event the resource, the condition, the outcome and how long it took
     */
    default void onWaitCompleted(WaitEvent event) {}

    /**
     * A delivery run of an {@code ItemSeeder} ({@code PutItems}) or an {@code EventRecorder} ({@code PutEvents})
     * ended: completed, or stopped by a {@code DeliveryException}.
     *
     * @param event the operation and the counts of sent, failed, retried and unsent records
     */
    default void onDelivery(DeliveryEvent event) {}
}
