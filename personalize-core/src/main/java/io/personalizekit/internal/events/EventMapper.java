package io.personalizekit.internal.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.PersonalizeLimits;
import io.personalizekit.events.DeliveryResult;
import io.personalizekit.schema.BoundField;
import io.personalizekit.schema.BoundSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.personalizeevents.model.Event;
import software.amazon.awssdk.services.personalizeevents.model.MetricAttribution;

/**
 * Reads one record through an Interactions {@link BoundSchema} and renders the {@code PutEvents} event: USER_ID is
 * the request's {@code userId}, ITEM_ID the {@code itemId}, TIMESTAMP (epoch seconds) the {@code sentAt},
 * EVENT_TYPE the {@code eventType} (or the recorder's default when the schema has none), EVENT_VALUE the {@code
 * eventValue}, IMPRESSION the {@code impression} (a collection, or one string of ids joined with {@code |}),
 * RECOMMENDATION_ID the {@code recommendationId}, EVENT_ATTRIBUTION_SOURCE the {@code metricAttribution}, and every
 * other field a key of the {@code properties} JSON string (camelCase, nulls left out). The session is read with the
 * recorder's session getter; without one, or when it returns null, the session is the USER_ID. Checks the events API's limits ({@link PersonalizeLimits}).
 * Thread-safe when the getters are.
 *
 * @param <T> the record type
 */
public final class EventMapper<T> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RESERVED = Set.of(
            "USER_ID",
            "ITEM_ID",
            "TIMESTAMP",
            "EVENT_TYPE",
            "EVENT_VALUE",
            "IMPRESSION",
            "RECOMMENDATION_ID",
            "EVENT_ATTRIBUTION_SOURCE");

    private final BoundSchema<T> schema;
    private final @Nullable Function<? super T, ? extends @Nullable String> sessionId;
    private final @Nullable Function<? super T, ? extends @Nullable String> eventId;
    private final @Nullable String defaultEventType;
    private final List<BoundField<T>> properties = new ArrayList<>();
    private final List<String> propertyKeys = new ArrayList<>();

    /**
     * Creates a mapper.
     *
     * @param schema the bound Interactions schema
     * @param sessionId reads the session id, or null to use the USER_ID
     * @param eventId reads the event id, or null for none
     * @param defaultEventType the event type when the schema has no EVENT_TYPE field or its value is null
     */
    public EventMapper(
            BoundSchema<T> schema,
            @Nullable Function<? super T, ? extends @Nullable String> sessionId,
            @Nullable Function<? super T, ? extends @Nullable String> eventId,
            @Nullable String defaultEventType) {
        this.schema = schema;
        this.sessionId = sessionId;
        this.eventId = eventId;
        this.defaultEventType = defaultEventType;
        for (BoundField<T> f : schema.fields()) {
            if (!RESERVED.contains(f.name())) {
                properties.add(f);
                propertyKeys.add(PropertyNames.camelCase(f.name()));
            }
        }
    }

    /** One record, mapped: the event with its session and user, or why it cannot be sent. */
    public static final class Mapped {
        private final String reportedId;
        private final @Nullable String sessionId;
        private final @Nullable String userId;
        private final @Nullable Event event;
        private final DeliveryResult.@Nullable Failure failure;

        private Mapped(
                String reportedId,
                @Nullable String sessionId,
                @Nullable String userId,
                @Nullable Event event,
                DeliveryResult.@Nullable Failure failure) {
            this.reportedId = reportedId;
            this.sessionId = sessionId;
            this.userId = userId;
            this.event = event;
            this.failure = failure;
        }

        /**
         * The id the result reports the event by: its event id, or {@code #<position>}.
         *
         * @return the id
         */
        public String reportedId() {
            return reportedId;
        }

        /**
         * The session id.
         *
         * @return the id, or null when invalid
         */
        public @Nullable String sessionId() {
            return sessionId;
        }

        /**
         * The user id.
         *
         * @return the id, or null for an anonymous session
         */
        public @Nullable String userId() {
            return userId;
        }

        /**
         * The event to send.
         *
         * @return the event, or null when invalid
         */
        public @Nullable Event event() {
            return event;
        }

        /**
         * Why the record is not sent.
         *
         * @return the failure, or null when valid
         */
        public DeliveryResult.@Nullable Failure failure() {
            return failure;
        }
    }

    /**
     * Reads, checks and maps one record.
     *
     * @param record the record
     * @param position its 0-based position in the input
     * @return the mapped event, or the failure
     */
    public Mapped map(T record, int position) {
        List<String[]> problems = new ArrayList<>();
        String id = eventId == null ? null : eventId.apply(record);
        String reportedId = id == null || id.isEmpty() ? "#" + position : id;
        check(problems, "eventId", id, PersonalizeLimits.MAX_ID_LENGTH);
        String user = string(record, "USER_ID");
        String item = string(record, "ITEM_ID");
        check(problems, "USER_ID", user, PersonalizeLimits.MAX_ID_LENGTH);
        check(problems, "ITEM_ID", item, PersonalizeLimits.MAX_ID_LENGTH);
        String session = sessionId != null ? sessionId.apply(record) : null;
        if (session == null) {
            session = user;
        }
        if (session == null) {
            problems.add(new String[] {
                null,
                "no session id: the record has no USER_ID; give the recorder a sessionId getter for anonymous"
                        + " sessions"
            });
        }
        check(problems, "sessionId", session, PersonalizeLimits.MAX_ID_LENGTH);
        String eventType = string(record, "EVENT_TYPE");
        if (eventType == null) {
            eventType = defaultEventType;
        }
        if (eventType == null) {
            problems.add(
                    new String[] {"EVENT_TYPE", "EVENT_TYPE is missing and the recorder has no default eventType"});
        }
        check(problems, "EVENT_TYPE", eventType, PersonalizeLimits.MAX_ID_LENGTH);
        Instant sentAt = null;
        Object ts = value(record, "TIMESTAMP");
        if (ts instanceof Long) {
            long seconds = (Long) ts;
            if (seconds < 0 || seconds >= ValueCollector.MAX_EPOCH_SECONDS) {
                problems.add(new String[] {
                    "TIMESTAMP",
                    "TIMESTAMP value " + seconds + " is not in epoch seconds (milliseconds are a common mistake)"
                });
            } else {
                sentAt = Instant.ofEpochSecond(seconds);
            }
        } else {
            problems.add(new String[] {"TIMESTAMP", "TIMESTAMP is missing"});
        }
        Float eventValue = null;
        Object ev = value(record, "EVENT_VALUE");
        if (ev instanceof Number) {
            eventValue = ((Number) ev).floatValue();
            if (!Float.isFinite(eventValue)) {
                problems.add(new String[] {"EVENT_VALUE", "EVENT_VALUE must be a finite number, but it is " + ev});
            }
        }
        List<String> impressions = impressions(record, problems);
        String recommendationId = string(record, "RECOMMENDATION_ID");
        check(problems, "RECOMMENDATION_ID", recommendationId, PersonalizeLimits.MAX_RECOMMENDATION_ID_LENGTH);
        String attribution = string(record, "EVENT_ATTRIBUTION_SOURCE");
        check(problems, "EVENT_ATTRIBUTION_SOURCE", attribution, PersonalizeLimits.MAX_EVENT_ATTRIBUTION_SOURCE_LENGTH);
        if (attribution != null && !printableAscii(attribution)) {
            problems.add(new String[] {
                "EVENT_ATTRIBUTION_SOURCE",
                "EVENT_ATTRIBUTION_SOURCE must be printable ASCII (space to ~) with at least one non-space character,"
                        + " as PutEvents' metricAttribution.eventAttributionSource is, but it is '"
                        + attribution.replaceAll("[^\\x20-\\x7E]", "?") + "'"
            });
        }
        String json = properties(record, problems);
        if (!problems.isEmpty()) {
            return new Mapped(reportedId, null, user, null, ItemValidator.failure(reportedId, problems));
        }
        Event.Builder b = Event.builder().eventType(eventType).sentAt(sentAt);
        if (item != null) {
            b.itemId(item);
        }
        if (eventValue != null) {
            b.eventValue(eventValue);
        }
        if (id != null) {
            b.eventId(id);
        }
        if (recommendationId != null) {
            b.recommendationId(recommendationId);
        }
        if (attribution != null) {
            b.metricAttribution(MetricAttribution.builder()
                    .eventAttributionSource(attribution)
                    .build());
        }
        if (!impressions.isEmpty()) {
            b.impression(impressions);
        }
        if (json != null) {
            b.properties(json);
        }
        return new Mapped(reportedId, session, user, b.build(), null);
    }

    private @Nullable Object value(T record, String field) {
        BoundField<T> f = schema.field(field).orElse(null);
        return f == null ? null : f.value(record);
    }

    private @Nullable String string(T record, String field) {
        Object v = value(record, field);
        if (v instanceof Collection) {
            StringBuilder sb = new StringBuilder();
            for (Object o : (Collection<?>) v) {
                sb.append(sb.length() == 0 ? "" : "|").append(o);
            }
            return sb.length() == 0 ? null : sb.toString();
        }
        return v == null || v.toString().isEmpty() ? null : v.toString();
    }

    private List<String> impressions(T record, List<String[]> problems) {
        Object v = value(record, "IMPRESSION");
        List<String> ids;
        if (v == null) {
            return List.of();
        } else if (v instanceof Collection) {
            ids = new ArrayList<>();
            for (Object o : (Collection<?>) v) {
                ids.add(o == null ? "" : o.toString());
            }
        } else if (v.toString().isEmpty()) {
            return List.of();
        } else {
            ids = Arrays.asList(v.toString().split("\\|", -1));
        }
        if (ids.size() > PersonalizeLimits.MAX_IMPRESSIONS) {
            problems.add(new String[] {
                "IMPRESSION",
                "IMPRESSION has " + ids.size() + " item ids; PutEvents takes at most "
                        + PersonalizeLimits.MAX_IMPRESSIONS
            });
        }
        for (String id : ids) {
            if (id.isEmpty() || id.length() > PersonalizeLimits.MAX_ID_LENGTH) {
                problems.add(new String[] {
                    "IMPRESSION",
                    "IMPRESSION item ids must be 1 to " + PersonalizeLimits.MAX_ID_LENGTH + " characters, but one has "
                            + id.length()
                });
                break;
            }
        }
        return ids;
    }

    private @Nullable String properties(T record, List<String[]> problems) {
        if (properties.isEmpty()) {
            return null;
        }
        ObjectNode node = JSON.createObjectNode();
        ValueCollector c = new ValueCollector();
        for (int i = 0; i < properties.size(); i++) {
            BoundField<T> f = properties.get(i);
            c.reset(f.field());
            f.accept(record, c);
            if (c.problem != null) {
                problems.add(new String[] {f.name(), c.problem});
            } else if (c.value != null) {
                node.putPOJO(propertyKeys.get(i), c.value);
            }
        }
        if (node.isEmpty()) {
            return null;
        }
        String json;
        try {
            json = JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            problems.add(new String[] {null, "properties could not be rendered as JSON: " + e.getOriginalMessage()});
            return null;
        }
        if (json.length() > PersonalizeLimits.MAX_EVENT_PROPERTIES_LENGTH) {
            problems.add(new String[] {
                null,
                "properties JSON has " + json.length() + " characters; PutEvents takes at most "
                        + PersonalizeLimits.MAX_EVENT_PROPERTIES_LENGTH
            });
        }
        return json;
    }

    /** The events API's pattern for an event attribution source: printable ASCII, at least one non-space. */
    private static boolean printableAscii(String value) {
        boolean visible = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
            visible |= c != ' ';
        }
        return visible;
    }

    private static void check(List<String[]> problems, String what, @Nullable String value, int max) {
        if (value != null && (value.isEmpty() || value.length() > max)) {
            problems.add(
                    new String[] {what, what + " must be 1 to " + max + " characters, but it has " + value.length()});
        }
    }
}
