package io.personalizekit.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.personalizekit.cache.CircuitState;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.observe.CacheRequestEvent;
import io.personalizekit.observe.CircuitStateEvent;
import io.personalizekit.observe.DeliveryEvent;
import io.personalizekit.observe.FetchItemEvent;
import io.personalizekit.observe.FetchItemOutcome;
import io.personalizekit.observe.FetchProgressEvent;
import io.personalizekit.observe.LiveCallEvent;
import io.personalizekit.observe.LiveCallRejectedEvent;
import io.personalizekit.observe.PersonalizeKitListener;
import io.personalizekit.observe.WaitEvent;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A {@link PersonalizeKitListener} that records what personalize-kit does to a Micrometer {@link MeterRegistry}.
 * Build one per registry with {@link #of(MeterRegistry)} and pass it to the {@code listener(..)} option of the
 * caching clients, fetchers, waiters, seeders and recorders whose meters you want; one instance serves them all.
 *
 * <pre>{@code
 * PersonalizeKitListener metrics = PersonalizeKitMetrics.of(meterRegistry);
 * CachingSimilarItemsClient cached = CachingSimilarItemsClient.builder()
 *         .delegate(live)
 *         .store(store)
 *         .keyspace(keyspace)
 *         .listener(metrics)
 *         .build();
 * }</pre>
 *
 * <p>Meter names follow Micrometer's conventions: dot-separated lower case ({@code personalize.cache.requests}),
 * durations as timers (base unit seconds), and tags only for dimensions with few values: the campaign ARN ({@code
 * arn}), results, outcomes, resource types, operations. Item ids, user ids and tracking ids are never tags. Every meter
 * is listed, with its tags, in the constants below and in docs/metrics.md.
 *
 * <p>Meters are registered when their first event arrives, except that the first event of a caching client's campaign
 * registers both of its circuit state gauges (as {@code closed}). Gauges hold their state in this object (strong
 * references). Thread-safe; each event costs a map lookup and an increment or a timer record.
 */
public final class PersonalizeKitMetrics implements PersonalizeKitListener {
    /** Counter of caching-client requests; tags {@code arn}, {@code result} ({@code hit}, {@code miss}, {@code stale}). */
    public static final String CACHE_REQUESTS = "personalize.cache.requests";

    /**
     * Timer of live {@code GetRecommendations} calls; tags {@code arn}, {@code origin} ({@code read_through}, {@code
     * refresh_ahead}, {@code fetcher}), {@code outcome} ({@code success}, {@code throttled}, {@code server_error},
     * {@code client_error}, {@code timeout}, {@code io_error}, {@code other_error}).
     */
    public static final String LIVE_CALLS = "personalize.live.calls";

    /**
     * Counter of caching-client misses answered without a live call; tags {@code arn}, {@code reason} ({@code
     * circuit_open}, {@code bulkhead_full}), {@code served} ({@code stale}, {@code error}).
     */
    public static final String LIVE_REJECTED = "personalize.live.rejected";

    /**
     * Gauge of a caching client's circuit breakers, 1 for the current state and 0 for the others; tags {@code arn},
     * {@code circuit} ({@code store}, {@code live_call}), {@code state} ({@code closed}, {@code open}, {@code
     * half_open}).
     */
    public static final String CIRCUIT_STATE = "personalize.circuit.state";

    /** Counter of circuit breaker changes; tags {@code arn}, {@code circuit}, {@code state} (the new state). */
    public static final String CIRCUIT_TRANSITIONS = "personalize.circuit.transitions";

    /** Counter of items a fetcher finished; tags {@code arn}, {@code outcome} ({@code fetched}, {@code fallback}, {@code failed}). */
    public static final String FETCHER_ITEMS = "personalize.fetcher.items";

    /** Counter of a fetcher's failed attempts that were retried; tag {@code arn}. */
    public static final String FETCHER_RETRIES = "personalize.fetcher.retries";

    /** Gauge of the share of the latest run's items done, 0 to 1; tag {@code arn}. */
    public static final String FETCHER_PROGRESS = "personalize.fetcher.progress";

    /** Gauge of the items of the latest run still to do; tag {@code arn}. */
    public static final String FETCHER_REMAINING = "personalize.fetcher.remaining";

    /** Gauge of the latest run's rate, items per second; tag {@code arn}. */
    public static final String FETCHER_RATE = "personalize.fetcher.rate";

    /** Timer of completed fetcher runs and batch-output loads; tags {@code arn}, {@code activated} ({@code true}, {@code false}). */
    public static final String FETCHER_RUNS = "personalize.fetcher.runs";

    /**
     * Timer of waits; tags {@code resource.type} ({@code dataset_group}, ..., {@code solution_version}, {@code
     * campaign}, ...), {@code condition} ({@code active}, {@code deleted}, {@code campaign_updated}, {@code
     * dataset_updated}), {@code outcome} ({@code succeeded}, {@code failed}, {@code timed_out}, {@code
     * interrupted}, {@code error}).
     */
    public static final String WAITER_DURATION = "personalize.waiter.duration";

    /**
     * Counter of streamed records; tags {@code operation} ({@code put_items}, {@code put_events}), {@code result}
     * ({@code sent}, {@code failed}, {@code unsent}).
     */
    public static final String EVENTS_RECORDS = "personalize.events.records";

    /** Counter of records re-sent alone after the service rejected their batch; tag {@code operation}. */
    public static final String EVENTS_RETRIES = "personalize.events.retries";

    /** Timer of delivery runs ({@code seed}, {@code record} calls); tags {@code operation}, {@code outcome} ({@code completed}, {@code stopped}). */
    public static final String EVENTS_DELIVERIES = "personalize.events.deliveries";

    private final MeterRegistry registry;
    private final Tags common;
    private final ConcurrentHashMap<List<Object>, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<Object>, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<Object>, AtomicReference<CircuitState>> circuits = new ConcurrentHashMap<>();
    private final Set<String> campaignsWithGauges = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, AtomicReference<FetchProgressEvent>> fetchProgress =
            new ConcurrentHashMap<>();

    private PersonalizeKitMetrics(MeterRegistry registry, Tags common) {
        this.registry = registry;
        this.common = common;
    }

    /**
     * A listener that records to the registry.
     *
     * @param registry the registry; the application's, for example Spring Boot's
     * @return the listener
     */
    public static PersonalizeKitMetrics of(MeterRegistry registry) {
        return of(registry, Tags.empty());
    }

    /**
     * A listener that records to the registry, with tags added to every meter (for example the application's name).
     *
     * @param registry the registry
     * @param tags tags for every meter
     * @return the listener
     */
    public static PersonalizeKitMetrics of(MeterRegistry registry, Iterable<Tag> tags) {
        return new PersonalizeKitMetrics(
                Objects.requireNonNull(registry, "registry"), Tags.of(Objects.requireNonNull(tags, "tags")));
    }

    @Override
    public void onCacheRequest(CacheRequestEvent event) {
        String arn = event.campaignArn();
        circuitGauges(arn);
        counter(
                        CACHE_REQUESTS,
                        "Caching-client requests by how they were answered",
                        "arn",
                        arn,
                        "result",
                        tag(event.result()))
                .increment();
    }

    @Override
    public void onLiveCall(LiveCallEvent event) {
        timer(
                        LIVE_CALLS,
                        "Live GetRecommendations calls, the SDK's retries included",
                        "arn",
                        event.arn(),
                        "origin",
                        tag(event.origin()),
                        "outcome",
                        tag(event.outcome()))
                .record(event.latency());
    }

    @Override
    public void onLiveCallRejected(LiveCallRejectedEvent event) {
        counter(
                        LIVE_REJECTED,
                        "Caching-client misses answered without a live call",
                        "arn",
                        event.campaignArn(),
                        "reason",
                        tag(event.reason()),
                        "served",
                        event.servedStale() ? "stale" : "error")
                .increment();
    }

    @Override
    public void onCircuitStateChanged(CircuitStateEvent event) {
        circuitGauges(event.campaignArn());
        circuits.get(List.of(event.campaignArn(), event.circuit())).set(event.to());
        counter(
                        CIRCUIT_TRANSITIONS,
                        "Circuit breaker changes of state",
                        "arn",
                        event.campaignArn(),
                        "circuit",
                        tag(event.circuit()),
                        "state",
                        tag(event.to()))
                .increment();
    }

    @Override
    public void onFetchItem(FetchItemEvent event) {
        if (event.outcome() == FetchItemOutcome.RETRIED) {
            counter(FETCHER_RETRIES, "Failed fetch attempts that were retried", "arn", event.campaignArn())
                    .increment();
        } else {
            counter(
                            FETCHER_ITEMS,
                            "Items a fetcher finished",
                            "arn",
                            event.campaignArn(),
                            "outcome",
                            tag(event.outcome()))
                    .increment();
        }
    }

    @Override
    public void onFetchProgress(FetchProgressEvent event) {
        fetchProgress.computeIfAbsent(event.campaignArn(), this::progressGauges).set(event);
    }

    @Override
    public void onFetchCompleted(FetchSummary summary) {
        timer(
                        FETCHER_RUNS,
                        "Completed fetcher runs and batch-output loads",
                        "arn",
                        summary.keyspace().campaignArn(),
                        "activated",
                        Boolean.toString(summary.activated()))
                .record(summary.elapsed());
    }

    @Override
    public void onWaitCompleted(WaitEvent event) {
        timer(
                        WAITER_DURATION,
                        "Waits for Personalize resources",
                        "resource.type",
                        tag(event.resourceType()),
                        "condition",
                        tag(event.condition()),
                        "outcome",
                        tag(event.outcome()))
                .record(event.duration());
    }

    @Override
    public void onDelivery(DeliveryEvent event) {
        String operation = tag(event.operation());
        String description = "Records streamed to Personalize";
        count(counter(EVENTS_RECORDS, description, "operation", operation, "result", "sent"), event.sent());
        count(counter(EVENTS_RECORDS, description, "operation", operation, "result", "failed"), event.failed());
        count(counter(EVENTS_RECORDS, description, "operation", operation, "result", "unsent"), event.unsent());
        count(
                counter(
                        EVENTS_RETRIES,
                        "Records re-sent alone after the service rejected their batch",
                        "operation",
                        operation),
                event.retried());
        timer(
                        EVENTS_DELIVERIES,
                        "Delivery runs (seed, record calls)",
                        "operation",
                        operation,
                        "outcome",
                        event.stopped() ? "stopped" : "completed")
                .record(event.result().duration());
    }

    @Override
    public String toString() {
        return "PersonalizeKitMetrics{" + registry.getClass().getSimpleName() + "}";
    }

    private static void count(Counter counter, int n) {
        if (n > 0) {
            counter.increment(n);
        }
    }

    /** A tag value: an enum's name in lower case ({@code SERVER_ERROR} is {@code server_error}). */
    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(
                key(name, tags),
                k -> Counter.builder(name)
                        .description(description)
                        .tags(common)
                        .tags(tags)
                        .register(registry));
    }

    private Timer timer(String name, String description, String... tags) {
        return timers.computeIfAbsent(
                key(name, tags),
                k -> Timer.builder(name)
                        .description(description)
                        .tags(common)
                        .tags(tags)
                        .register(registry));
    }

    private static List<Object> key(String name, String... tags) {
        Object[] key = new Object[tags.length + 1];
        key[0] = name;
        System.arraycopy(tags, 0, key, 1, tags.length);
        return List.of(key);
    }

    /** Registers the two breakers' state gauges of a campaign, once, both closed. */
    private void circuitGauges(String arn) {
        if (campaignsWithGauges.contains(arn)) {
            return; // the hot path of every cache request: one set lookup
        }
        for (CircuitStateEvent.Circuit circuit : CircuitStateEvent.Circuit.values()) {
            List<Object> key = List.of(arn, circuit);
            if (circuits.containsKey(key)) {
                continue;
            }
            AtomicReference<CircuitState> state = new AtomicReference<>(CircuitState.CLOSED);
            if (circuits.putIfAbsent(key, state) != null) {
                continue;
            }
            for (CircuitState s : CircuitState.values()) {
                Gauge.builder(CIRCUIT_STATE, state, st -> st.get() == s ? 1 : 0)
                        .description("Circuit breaker state: 1 for the current state, 0 for the others")
                        .tags(common)
                        .tags("arn", arn, "circuit", tag(circuit), "state", tag(s))
                        .strongReference(true)
                        .register(registry);
            }
        }
        campaignsWithGauges.add(arn);
    }

    private AtomicReference<FetchProgressEvent> progressGauges(String arn) {
        AtomicReference<FetchProgressEvent> latest = new AtomicReference<>();
        gauge(
                FETCHER_PROGRESS,
                "Share of the latest fetcher run's items done",
                arn,
                latest,
                FetchProgressEvent::fractionDone);
        gauge(
                FETCHER_REMAINING,
                "Items of the latest fetcher run still to do",
                arn,
                latest,
                e -> Math.max(0, e.total() - e.done()));
        gauge(
                FETCHER_RATE,
                "Items per second of the latest fetcher run",
                arn,
                latest,
                FetchProgressEvent::ratePerSecond);
        return latest;
    }

    private void gauge(
            String name,
            String description,
            String arn,
            AtomicReference<FetchProgressEvent> latest,
            Function<FetchProgressEvent, Number> value) {
        Gauge.builder(name, latest, l -> {
                    FetchProgressEvent e = l.get();
                    return e == null ? Double.NaN : value.apply(e).doubleValue();
                })
                .description(description)
                .tags(common)
                .tags("arn", arn)
                .strongReference(true)
                .register(registry);
    }
}
