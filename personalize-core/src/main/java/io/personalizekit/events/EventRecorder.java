package io.personalizekit.events;

import io.personalizekit.internal.events.BatchSender;
import io.personalizekit.resource.EventTrackerRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeevents.model.Event;

/**
 * Records interactions with {@code PutEvents} on an event tracker. Thread-safe; one instance per tracker.
 *
 * <p>A {@code PutEvents} request carries one user and session, so events are grouped by (session, user), in order
 * of first appearance, and each group is sent in batches of at most 10 events. Batching, pacing (by default the
 * service's 1,000 requests per second per dataset group), isolation of events the service rejects, and errors work
 * as for {@link ItemSeeder}. Events are reported by their event id, or by {@code #<position>} (0-based) in the
 * input when they have none.
 *
 * <pre>{@code
 * EventRecorder recorder = EventRecorder.builder().eventsClient(events).trackingId(trackingId).build();
 * recorder.record(click);
 * }</pre>
 */
public final class EventRecorder {
    /** The most events per {@code PutEvents} request: {@value}. */
    public static final int MAX_BATCH_SIZE = 10;
    /** The service's default {@code PutEvents} rate per dataset group: {@value} per second. */
    public static final double DEFAULT_REQUESTS_PER_SECOND = 1000;
    /** The longest tracking id: {@value}. */
    public static final int MAX_TRACKING_ID_LENGTH = 256;

    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

    private final PersonalizeEventsClient events;
    private final String trackingId;
    private final BatchSender sender;
    private final Clock clock;

    private EventRecorder(Builder b) {
        this.events = Objects.requireNonNull(b.events, "eventsClient");
        this.trackingId = Objects.requireNonNull(b.trackingId, "trackingId");
        RateLimiter limiter =
                b.rateLimiter != null ? b.rateLimiter : RateLimiter.perSecond(DEFAULT_REQUESTS_PER_SECOND);
        this.sender = new BatchSender("PutEvents", trackingId, b.batchSize, limiter);
        this.clock = b.clock;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends events. Reads the whole iterable first, then sends.
     *
     * @param interactions the events
     * @return what was sent and what the service rejected, per event
     * @throws io.personalizekit.exception.DeliveryException when the service fails for a reason that concerns the
     *     whole tracker; events sent before stay recorded
     */
    public DeliveryResult record(Iterable<InteractionEvent> interactions) {
        Instant start = clock.instant();
        DeliveryResult.Builder result = DeliveryResult.builder();
        Map<List<@Nullable String>, List<BatchSender.Entry<Event>>> groups = new LinkedHashMap<>();
        int position = 0;
        int total = 0;
        for (InteractionEvent e : interactions) {
            String id = e.eventId().orElse("#" + position);
            groups.computeIfAbsent(Arrays.asList(e.sessionId(), e.userId().orElse(null)), k -> new ArrayList<>())
                    .add(new BatchSender.Entry<>(id, toSdk(e)));
            position++;
            total++;
        }
        int pending = total;
        for (Map.Entry<List<@Nullable String>, List<BatchSender.Entry<Event>>> g : groups.entrySet()) {
            String sessionId = Objects.requireNonNull(g.getKey().get(0));
            String userId = g.getKey().get(1);
            pending -= g.getValue().size();
            sender.send(
                    g.getValue(),
                    batch -> events.putEvents(r -> r.trackingId(trackingId)
                            .sessionId(sessionId)
                            .userId(userId)
                            .eventList(batch)),
                    result,
                    pending);
        }
        DeliveryResult done =
                result.duration(Duration.between(start, clock.instant())).build();
        log.debug("PutEvents to tracker {}: {}", trackingId, done);
        return done;
    }

    /**
     * Sends events.
     *
     * @param interactions the events
     * @return what was sent and what the service rejected, per event
     * @throws io.personalizekit.exception.DeliveryException when the service fails for a reason that concerns the
     *     whole tracker; events sent before stay recorded
     */
    public DeliveryResult record(InteractionEvent... interactions) {
        return record(Arrays.asList(interactions));
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

    private static Event toSdk(InteractionEvent e) {
        Event.Builder b = Event.builder().eventType(e.eventType()).sentAt(e.sentAt());
        e.itemId().ifPresent(b::itemId);
        e.eventValue().ifPresent(b::eventValue);
        e.eventId().ifPresent(b::eventId);
        e.recommendationId().ifPresent(b::recommendationId);
        e.propertiesJson().ifPresent(b::properties);
        if (!e.impressions().isEmpty()) {
            b.impression(e.impressions());
        }
        return b.build();
    }

    /** Builder of {@link EventRecorder}; not thread-safe. */
    public static final class Builder {
        private @Nullable PersonalizeEventsClient events;
        private @Nullable String trackingId;
        private @Nullable RateLimiter rateLimiter;
        private int batchSize = MAX_BATCH_SIZE;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Sets the events client (required). It is borrowed: the recorder never closes it.
         *
         * @param eventsClient the SDK events client
         * @return this builder
         */
        public Builder eventsClient(PersonalizeEventsClient eventsClient) {
            this.events = Objects.requireNonNull(eventsClient, "eventsClient");
            return this;
        }

        /**
         * Sets the event tracker's tracking id (required).
         *
         * @param trackingId 1 to {@value #MAX_TRACKING_ID_LENGTH} characters
         * @return this builder
         * @throws IllegalArgumentException when empty or longer than {@value #MAX_TRACKING_ID_LENGTH}
         */
        public Builder trackingId(String trackingId) {
            Objects.requireNonNull(trackingId, "trackingId");
            if (trackingId.isEmpty() || trackingId.length() > MAX_TRACKING_ID_LENGTH) {
                throw new IllegalArgumentException("trackingId must be 1 to " + MAX_TRACKING_ID_LENGTH
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
        public Builder eventTracker(EventTrackerRef eventTracker) {
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
        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
            return this;
        }

        /**
         * Sets how many events go in one request; defaults to {@value #MAX_BATCH_SIZE}.
         *
         * @param batchSize 1 to {@value #MAX_BATCH_SIZE}
         * @return this builder
         * @throws IllegalArgumentException when outside 1 to {@value #MAX_BATCH_SIZE}
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = ItemSeeder.checkBatchSize(batchSize);
            return this;
        }

        /**
         * Sets the clock that measures {@link DeliveryResult#duration()}; defaults to the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the recorder.
         *
         * @return the recorder
         * @throws NullPointerException when the events client or the tracking id is missing
         */
        public EventRecorder build() {
            return new EventRecorder(this);
        }
    }
}
