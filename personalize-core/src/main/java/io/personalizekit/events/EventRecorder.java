package io.personalizekit.events;

import io.personalizekit.PersonalizeLimits;
import io.personalizekit.exception.DeliveryException;
import io.personalizekit.internal.events.BatchSender;
import io.personalizekit.internal.events.EventMapper;
import io.personalizekit.internal.observe.SafeListener;
import io.personalizekit.observe.DeliveryEvent;
import io.personalizekit.observe.DeliveryOperation;
import io.personalizekit.observe.PersonalizeKitListener;
import io.personalizekit.resource.EventTrackerRef;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeevents.model.Event;

/**
 * Records interactions with {@code PutEvents} on an event tracker. It takes records of your own type through the
 * same {@link BoundSchema} that writes the Interactions CSV, so the bulk file and the streamed events cannot
 * disagree on a field. Thread-safe when the getters are; one instance per tracker.
 *
 * <p>How a record becomes an event: USER_ID is the request's {@code userId}, ITEM_ID the event's {@code itemId},
 * TIMESTAMP (epoch seconds) its {@code sentAt}, EVENT_TYPE its {@code eventType}, EVENT_VALUE its {@code
 * eventValue}, IMPRESSION its {@code impression} (a collection, or one string of item ids joined with {@code |}),
 * RECOMMENDATION_ID its {@code recommendationId}, EVENT_ATTRIBUTION_SOURCE its {@code metricAttribution}, and every
 * other (metadata) field a key of its {@code properties} JSON string (camelCase of the field name, nulls left out).
 * Two things the schema has no field for come from the builder: the session ({@link Builder#sessionId(Function)},
 * by default the record's USER_ID, so a signed-in user's events form one session; give a getter for anonymous
 * sessions, whose events the service links to the user once they sign in) and, when the schema has no EVENT_TYPE
 * field, the event type ({@link Builder#eventType(String)}). An event id ({@link Builder#eventId(Function)}) lets
 * the service drop duplicates and names the event in the result.
 *
 * <p>Each record is checked against the events API's limits before anything is sent (ids of 1 to {@value
 * PersonalizeLimits#MAX_ID_LENGTH} characters, a recommendation id up to {@value
 * PersonalizeLimits#MAX_RECOMMENDATION_ID_LENGTH}, at most {@value PersonalizeLimits#MAX_IMPRESSIONS} impressions,
 * properties up to {@value PersonalizeLimits#MAX_EVENT_PROPERTIES_LENGTH} characters, timestamps in epoch seconds,
 * finite values); an invalid record is reported in the {@link DeliveryResult} by its event id, or by {@code
 * #<position>} (0-based) in the input, and skipped. A {@code PutEvents} request carries one user and session, so
 * events are grouped by (session, user), in order of first appearance, and each group is sent in batches of at most
 * {@value PersonalizeLimits#MAX_RECORDS_PER_PUT} events. Batching, pacing (by default the service's 1,000 requests
 * per second per dataset group), isolation of events the service rejects, and errors work as for {@link
 * ItemSeeder}.
 *
 * <pre>{@code
 * EventRecorder<Reading> recorder = EventRecorder.builder(interactions) // the BoundSchema<Reading> of the CSV
 *         .eventsClient(events)
 *         .trackingId(trackingId)
 *         .eventType("read")                                            // the schema has no EVENT_TYPE field
 *         .build();
 * recorder.record(new Reading("u-7", "a-42", Instant.now()));
 * }</pre>
 *
 * @param <T> the record type
 */
public final class EventRecorder<T> {
    /** The service's default {@code PutEvents} rate per dataset group: {@value} per second. */
    public static final double DEFAULT_REQUESTS_PER_SECOND = PersonalizeLimits.PUT_EVENTS_REQUESTS_PER_SECOND;

    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

    private final PersonalizeEventsClient events;
    private final String trackingId;
    private final BoundSchema<T> schema;
    private final EventMapper<T> mapper;
    private final BatchSender sender;
    private final Clock clock;
    private final PersonalizeKitListener listener;
    private final List<UserInvalidation> invalidations;

    private EventRecorder(Builder<T> b) {
        this.events = Objects.requireNonNull(b.events, "eventsClient");
        this.trackingId = Objects.requireNonNull(b.trackingId, "trackingId");
        this.schema = b.schema;
        if (schema.schema().indexOf("EVENT_TYPE") < 0 && b.eventType == null) {
            throw new IllegalStateException("The Interactions schema has no EVENT_TYPE field, so set eventType(..):"
                    + " PutEvents needs an event type for every event");
        }
        this.mapper = new EventMapper<>(schema, b.sessionId, b.eventId, b.eventType);
        RateLimiter limiter =
                b.rateLimiter != null ? b.rateLimiter : RateLimiter.perSecond(DEFAULT_REQUESTS_PER_SECOND);
        this.sender = new BatchSender("PutEvents", trackingId, b.batchSize, limiter);
        this.clock = b.clock;
        this.listener = SafeListener.wrap(b.listener);
        this.invalidations = List.copyOf(b.invalidations);
    }

    /**
     * Starts a builder.
     *
     * @param <T> the record type
     * @param interactions the bound Interactions schema: the getters that read a record, and the rules
     * @return a new builder
     * @throws IllegalArgumentException when the schema is not an Interactions schema
     */
    public static <T> Builder<T> builder(BoundSchema<T> interactions) {
        Objects.requireNonNull(interactions, "interactions");
        if (interactions.datasetType() != DatasetType.INTERACTIONS) {
            throw new IllegalArgumentException(
                    "schema must be an Interactions schema, but it is for " + interactions.datasetType());
        }
        return new Builder<>(interactions);
    }

    /**
     * Validates and sends records as events. Reads the whole iterable first (calling every getter), then sends; an
     * exception of a getter propagates before anything is sent.
     *
     * @param interactions the records
     * @return what was sent and what failed, per event
     * @throws io.personalizekit.exception.DeliveryException when the service fails for a reason that concerns the
     *     whole tracker; events sent before stay recorded
     */
    public DeliveryResult record(Iterable<? extends T> interactions) {
        Instant start = clock.instant();
        DeliveryResult.Builder result = DeliveryResult.builder();
        Map<List<@Nullable String>, List<BatchSender.Entry<Event>>> groups = new LinkedHashMap<>();
        int position = 0;
        int total = 0;
        for (T record : interactions) {
            EventMapper.Mapped m = mapper.map(record, position);
            Event event = m.event();
            if (event == null) {
                result.addFailure(Objects.requireNonNull(m.failure()));
            } else {
                groups.computeIfAbsent(Arrays.asList(m.sessionId(), m.userId()), k -> new ArrayList<>())
                        .add(new BatchSender.Entry<>(m.reportedId(), event));
                total++;
            }
            position++;
        }
        int pending = total;
        try {
            for (Map.Entry<List<@Nullable String>, List<BatchSender.Entry<Event>>> g : groups.entrySet()) {
                String sessionId = Objects.requireNonNull(g.getKey().get(0));
                String userId = g.getKey().get(1);
                pending -= g.getValue().size();
                try {
                    sender.send(
                            g.getValue(),
                            batch -> events.putEvents(r -> r.trackingId(trackingId)
                                    .sessionId(sessionId)
                                    .userId(userId)
                                    .eventList(batch)),
                            result,
                            pending);
                } finally {
                    invalidate(userId);
                }
            }
        } catch (DeliveryException e) {
            delivered(result.duration(Duration.between(start, clock.instant())).build(), e.unsentCount(), true);
            throw e;
        }
        DeliveryResult done =
                result.duration(Duration.between(start, clock.instant())).build();
        delivered(done, 0, false);
        log.debug("PutEvents to tracker {}: {}", trackingId, done);
        return done;
    }

    /** Tells every {@link UserInvalidation} that a user's events were (or may have been) recorded. */
    private void invalidate(@Nullable String userId) {
        if (userId == null) {
            return;
        }
        for (UserInvalidation target : invalidations) {
            try {
                target.invalidateUser(userId);
            } catch (RuntimeException e) {
                log.warn(
                        "Invalidating user {} in {} failed; the events are recorded: {}", userId, target, e.toString());
            }
        }
    }

    /**
     * Validates and sends records as events.
     *
     * @param interactions the records
     * @return what was sent and what failed, per event
     * @throws io.personalizekit.exception.DeliveryException when the service fails for a reason that concerns the
     *     whole tracker; events sent before stay recorded
     */
    @SafeVarargs
    public final DeliveryResult record(T... interactions) {
        return record(Arrays.asList(interactions));
    }

    /**
     * The bound Interactions schema the records are read through.
     *
     * @return the schema
     */
    public BoundSchema<T> schema() {
        return schema;
    }

    /**
     * The tracker the events go to.
     *
     * @return the tracking id
     */
    public String trackingId() {
        return trackingId;
    }

    @Override
    public String toString() {
        return "EventRecorder{" + trackingId + "}";
    }

    private void delivered(DeliveryResult result, int unsent, boolean stopped) {
        if (listener != PersonalizeKitListener.NONE) {
            listener.onDelivery(new DeliveryEvent(DeliveryOperation.PUT_EVENTS, trackingId, result, unsent, stopped));
        }
    }

    /**
     * Builder of {@link EventRecorder}; not thread-safe.
     *
     * @param <T> the record type
     */
    public static final class Builder<T> {
        private final BoundSchema<T> schema;
        private @Nullable PersonalizeEventsClient events;
        private @Nullable String trackingId;
        private @Nullable RateLimiter rateLimiter;
        private int batchSize = PersonalizeLimits.MAX_RECORDS_PER_PUT;
        private Clock clock = Clock.systemUTC();
        private PersonalizeKitListener listener = PersonalizeKitListener.NONE;
        private @Nullable Function<? super T, ? extends @Nullable String> sessionId;
        private @Nullable Function<? super T, ? extends @Nullable String> eventId;
        private @Nullable String eventType;
        private final List<UserInvalidation> invalidations = new ArrayList<>();

        private Builder(BoundSchema<T> schema) {
            this.schema = schema;
        }

        /**
         * Sets how the session id is read from a record; by default, and when the getter returns null, it is the
         * record's USER_ID (a signed-in user's events form one session). Give a getter to record anonymous sessions
         * (USER_ID null), whose events the service links to the user when a later event of the same session carries
         * one.
         *
         * @param sessionId reads the session id, 1 to {@value PersonalizeLimits#MAX_ID_LENGTH} characters
         * @return this builder
         */
        public Builder<T> sessionId(Function<? super T, ? extends @Nullable String> sessionId) {
            this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
            return this;
        }

        /**
         * Sets how the event id is read from a record (none by default). The service drops a later event with an
         * id it has seen, and the result names the event by it (else by {@code #<position>}).
         *
         * @param eventId reads the event id, 1 to {@value PersonalizeLimits#MAX_ID_LENGTH} characters, or null
         * @return this builder
         */
        public Builder<T> eventId(Function<? super T, ? extends @Nullable String> eventId) {
            this.eventId = Objects.requireNonNull(eventId, "eventId");
            return this;
        }

        /**
         * Sets the event type of records whose schema has no EVENT_TYPE field (or whose EVENT_TYPE is null);
         * required when the schema has no EVENT_TYPE field, since {@code PutEvents} needs a type for every event.
         *
         * @param eventType 1 to {@value PersonalizeLimits#MAX_ID_LENGTH} characters, for example {@code "click"}
         * @return this builder
         * @throws IllegalArgumentException when empty or longer than {@value PersonalizeLimits#MAX_ID_LENGTH}
         */
        public Builder<T> eventType(String eventType) {
            Objects.requireNonNull(eventType, "eventType");
            if (eventType.isEmpty() || eventType.length() > PersonalizeLimits.MAX_ID_LENGTH) {
                throw new IllegalArgumentException("eventType must be 1 to " + PersonalizeLimits.MAX_ID_LENGTH
                        + " characters, but it has " + eventType.length());
            }
            this.eventType = eventType;
            return this;
        }

        /**
         * Sets the events client (required). It is borrowed: the recorder never closes it.
         *
         * @param eventsClient the SDK events client
         * @return this builder
         */
        public Builder<T> eventsClient(PersonalizeEventsClient eventsClient) {
            this.events = Objects.requireNonNull(eventsClient, "eventsClient");
            return this;
        }

        /**
         * Sets the event tracker's tracking id (required).
         *
         * @param trackingId 1 to {@value PersonalizeLimits#MAX_ID_LENGTH} characters
         * @return this builder
         * @throws IllegalArgumentException when empty or longer than {@value PersonalizeLimits#MAX_ID_LENGTH}
         */
        public Builder<T> trackingId(String trackingId) {
            Objects.requireNonNull(trackingId, "trackingId");
            if (trackingId.isEmpty() || trackingId.length() > PersonalizeLimits.MAX_ID_LENGTH) {
                throw new IllegalArgumentException("trackingId must be 1 to " + PersonalizeLimits.MAX_ID_LENGTH
                        + " characters, but it has " + trackingId.length());
            }
            this.trackingId = trackingId;
            return this;
        }

        /**
         * Sets the tracking id (required) to the event tracker's, for example {@code deployment.eventTracker()}.
         *
         * @param eventTracker the event tracker; the pipeline's references carry the tracking id
         * @return this builder
         * @throws IllegalArgumentException when the reference carries no tracking id (built from an ARN alone)
         */
        public Builder<T> eventTracker(EventTrackerRef eventTracker) {
            Objects.requireNonNull(eventTracker, "eventTracker");
            return trackingId(eventTracker
                    .trackingId()
                    .orElseThrow(() -> new IllegalArgumentException("event tracker " + eventTracker.arn()
                            + " carries no tracking id; use the pipeline's reference,"
                            + " EventTrackerRef.of(arn, name, trackingId), or trackingId(..) from"
                            + " DescribeEventTracker")));
        }

        /**
         * Sets the limiter that paces requests; defaults to {@value #DEFAULT_REQUESTS_PER_SECOND} per second.
         *
         * @param rateLimiter the limiter, shared with other recorders of the same dataset group if any
         * @return this builder
         */
        public Builder<T> rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
            return this;
        }

        /**
         * Sets how many events go in one request; defaults to {@value PersonalizeLimits#MAX_RECORDS_PER_PUT}.
         *
         * @param batchSize 1 to {@value PersonalizeLimits#MAX_RECORDS_PER_PUT}
         * @return this builder
         * @throws IllegalArgumentException when outside 1 to {@value PersonalizeLimits#MAX_RECORDS_PER_PUT}
         */
        public Builder<T> batchSize(int batchSize) {
            this.batchSize = ItemSeeder.checkBatchSize(batchSize);
            return this;
        }

        /**
         * Sets the clock that measures {@link DeliveryResult#duration()}; defaults to the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder<T> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets a listener told when each {@code record} call ends ({@link PersonalizeKitListener#onDelivery}), with the
         * counts of records sent, failed, re-sent alone and left unsent; defaults to {@link
         * PersonalizeKitListener#NONE}. An exception it throws is logged and never reaches the caller.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder<T> listener(PersonalizeKitListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Adds something to invalidate for each user whose events are sent, for example a {@code
         * CachingUserRecommendationsClient}: after each user's {@code PutEvents} requests (also when they failed, as
         * some events may have been recorded), {@link UserInvalidation#invalidateUser(String)} is called with the
         * user id. Anonymous events (no user id) invalidate nothing.
         *
         * @param target what to invalidate; may be added more than once for several targets
         * @return this builder
         */
        public Builder<T> invalidates(UserInvalidation target) {
            this.invalidations.add(Objects.requireNonNull(target, "target"));
            return this;
        }

        /**
         * Builds the recorder.
         *
         * @return the recorder
         * @throws NullPointerException when the events client or the tracking id is missing
         * @throws IllegalStateException when the schema has no EVENT_TYPE field and no {@link #eventType(String)} is
         *     set
         */
        public EventRecorder<T> build() {
            return new EventRecorder<>(this);
        }
    }
}
