package io.personalizekit.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personalizekit.internal.events.PropertyNames;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One interaction to record with {@link EventRecorder}: a user (or anonymous session) did something ({@code
 * eventType}) with an item at a time ({@code sentAt}). Immutable and thread-safe. The limits of the {@code
 * PutEvents} API are checked when the event is built.
 *
 * <pre>{@code
 * InteractionEvent.builder().sessionId(session).userId("u-7").itemId("a-42").eventType("click")
 *         .sentAt(Instant.now()).recommendationId(similar.recommendationId().orElse(null)).build();
 * }</pre>
 */
public final class InteractionEvent {
    /** The longest id, event type or session id: {@value}. */
    public static final int MAX_ID_LENGTH = 256;
    /** The longest recommendation id: {@value}. */
    public static final int MAX_RECOMMENDATION_ID_LENGTH = 40;
    /** The most impression ids: {@value}. */
    public static final int MAX_IMPRESSIONS = 25;
    /** The longest properties JSON string: {@value}. */
    public static final int MAX_PROPERTIES_LENGTH = 1024;

    private static final Set<String> FORBIDDEN_PROPERTIES =
            Set.of("userid", "sessionid", "eventtype", "timestamp", "recommendationid", "impression");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String eventType;
    private final String sessionId;
    private final @Nullable String userId;
    private final @Nullable String itemId;
    private final Instant sentAt;
    private final @Nullable Float eventValue;
    private final @Nullable String eventId;
    private final @Nullable String recommendationId;
    private final List<String> impressions;
    private final Map<String, Object> properties;
    private final @Nullable String propertiesJson;

    private InteractionEvent(Builder b) {
        this.eventType = Objects.requireNonNull(b.eventType, "eventType");
        this.sessionId = Objects.requireNonNull(b.sessionId, "sessionId");
        this.sentAt = Objects.requireNonNull(b.sentAt, "sentAt");
        this.userId = b.userId;
        this.itemId = b.itemId;
        this.eventValue = b.eventValue;
        this.eventId = b.eventId;
        this.recommendationId = b.recommendationId;
        this.impressions = List.copyOf(b.impressions);
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
        if (properties.isEmpty()) {
            this.propertiesJson = null;
        } else {
            try {
                this.propertiesJson = JSON.writeValueAsString(properties);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("properties cannot be rendered as JSON: " + e.getOriginalMessage());
            }
            if (propertiesJson.length() > MAX_PROPERTIES_LENGTH) {
                throw new IllegalArgumentException("properties JSON has " + propertiesJson.length()
                        + " characters; PutEvents takes at most " + MAX_PROPERTIES_LENGTH);
            }
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

    /**
     * Returns a builder initialised with this event's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder()
                .eventType(eventType)
                .sessionId(sessionId)
                .userId(userId)
                .itemId(itemId)
                .sentAt(sentAt)
                .eventValue(eventValue)
                .eventId(eventId)
                .recommendationId(recommendationId)
                .impressions(impressions);
        b.properties.putAll(properties);
        return b;
    }

    /**
     * The event type, for example {@code "click"}.
     *
     * @return the type
     */
    public String eventType() {
        return eventType;
    }

    /**
     * The session id.
     *
     * @return the id
     */
    public String sessionId() {
        return sessionId;
    }

    /**
     * The user id; absent for anonymous sessions.
     *
     * @return the id, or empty
     */
    public Optional<String> userId() {
        return Optional.ofNullable(userId);
    }

    /**
     * The item interacted with.
     *
     * @return the id, or empty
     */
    public Optional<String> itemId() {
        return Optional.ofNullable(itemId);
    }

    /**
     * When the interaction happened (becomes the interaction's TIMESTAMP).
     *
     * @return the time
     */
    public Instant sentAt() {
        return sentAt;
    }

    /**
     * The event value (for example a rating or watch share).
     *
     * @return the value, or empty
     */
    public Optional<Float> eventValue() {
        return Optional.ofNullable(eventValue);
    }

    /**
     * The event id, used by the service to drop duplicates.
     *
     * @return the id, or empty
     */
    public Optional<String> eventId() {
        return Optional.ofNullable(eventId);
    }

    /**
     * The recommendation the item came from, to attribute the interaction.
     *
     * @return the id, or empty
     */
    public Optional<String> recommendationId() {
        return Optional.ofNullable(recommendationId);
    }

    /**
     * The item ids shown to the user along with this one.
     *
     * @return an unmodifiable list, usually empty
     */
    public List<String> impressions() {
        return impressions;
    }

    /**
     * Metadata of the interaction, by camelCase key (schema names are converted when set).
     *
     * @return an unmodifiable map
     */
    public Map<String, Object> properties() {
        return properties;
    }

    /**
     * The properties as the JSON string {@code PutEvents} takes.
     *
     * @return the JSON, or empty when there are no properties
     */
    public Optional<String> propertiesJson() {
        return Optional.ofNullable(propertiesJson);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof InteractionEvent)) {
            return false;
        }
        InteractionEvent e = (InteractionEvent) o;
        return eventType.equals(e.eventType)
                && sessionId.equals(e.sessionId)
                && Objects.equals(userId, e.userId)
                && Objects.equals(itemId, e.itemId)
                && sentAt.equals(e.sentAt)
                && Objects.equals(eventValue, e.eventValue)
                && Objects.equals(eventId, e.eventId)
                && Objects.equals(recommendationId, e.recommendationId)
                && impressions.equals(e.impressions)
                && properties.equals(e.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                eventType,
                sessionId,
                userId,
                itemId,
                sentAt,
                eventValue,
                eventId,
                recommendationId,
                impressions,
                properties);
    }

    /**
     * The type, time and item; user and session ids and properties are not printed (they are user data).
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return "InteractionEvent{" + eventType + (itemId == null ? "" : ", item=" + itemId) + ", sentAt=" + sentAt
                + (eventId == null ? "" : ", eventId=" + eventId) + "}";
    }

    private static @Nullable String check(String what, @Nullable String value, int max) {
        if (value != null && (value.isEmpty() || value.length() > max)) {
            throw new IllegalArgumentException(
                    what + " must be 1 to " + max + " characters, but it has " + value.length());
        }
        return value;
    }

    /** Builder of {@link InteractionEvent}; not thread-safe. */
    public static final class Builder {
        private @Nullable String eventType;
        private @Nullable String sessionId;
        private @Nullable String userId;
        private @Nullable String itemId;
        private @Nullable Instant sentAt;
        private @Nullable Float eventValue;
        private @Nullable String eventId;
        private @Nullable String recommendationId;
        private List<String> impressions = List.of();
        private final Map<String, Object> properties = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Sets the event type (required), for example {@code "click"}.
         *
         * @param eventType 1 to {@value #MAX_ID_LENGTH} characters
         * @return this builder
         * @throws IllegalArgumentException when empty or longer than {@value #MAX_ID_LENGTH}
         */
        public Builder eventType(String eventType) {
            this.eventType = check("eventType", Objects.requireNonNull(eventType, "eventType"), MAX_ID_LENGTH);
            return this;
        }

        /**
         * Sets the session id (required); for anonymous users it also stands for the user.
         *
         * @param sessionId 1 to {@value #MAX_ID_LENGTH} characters
         * @return this builder
         * @throws IllegalArgumentException when empty or longer than {@value #MAX_ID_LENGTH}
         */
        public Builder sessionId(String sessionId) {
            this.sessionId = check("sessionId", Objects.requireNonNull(sessionId, "sessionId"), MAX_ID_LENGTH);
            return this;
        }

        /**
         * Sets the user id.
         *
         * @param userId 1 to {@value #MAX_ID_LENGTH} characters, or {@code null} for an anonymous session
         * @return this builder
         * @throws IllegalArgumentException when empty or longer than {@value #MAX_ID_LENGTH}
         */
        public Builder userId(@Nullable String userId) {
            this.userId = check("userId", userId, MAX_ID_LENGTH);
            return this;
        }

        /**
         * Sets the item id.
         *
         * @param itemId 1 to {@value #MAX_ID_LENGTH} characters, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException when empty or longer than {@value #MAX_ID_LENGTH}
         */
        public Builder itemId(@Nullable String itemId) {
            this.itemId = check("itemId", itemId, MAX_ID_LENGTH);
            return this;
        }

        /**
         * Sets when the interaction happened (required).
         *
         * @param sentAt the time
         * @return this builder
         */
        public Builder sentAt(Instant sentAt) {
            this.sentAt = Objects.requireNonNull(sentAt, "sentAt");
            return this;
        }

        /**
         * Sets the event value.
         *
         * @param eventValue a finite value, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException when not finite
         */
        public Builder eventValue(@Nullable Float eventValue) {
            if (eventValue != null && !Float.isFinite(eventValue)) {
                throw new IllegalArgumentException("eventValue must be finite, but it is " + eventValue);
            }
            this.eventValue = eventValue;
            return this;
        }

        /**
         * Sets the event id.
         *
         * @param eventId 1 to {@value #MAX_ID_LENGTH} characters, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException when empty or longer than {@value #MAX_ID_LENGTH}
         */
        public Builder eventId(@Nullable String eventId) {
            this.eventId = check("eventId", eventId, MAX_ID_LENGTH);
            return this;
        }

        /**
         * Sets the recommendation the item came from.
         *
         * @param recommendationId 1 to {@value #MAX_RECOMMENDATION_ID_LENGTH} characters, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException when empty or longer than {@value #MAX_RECOMMENDATION_ID_LENGTH}
         */
        public Builder recommendationId(@Nullable String recommendationId) {
            this.recommendationId = check("recommendationId", recommendationId, MAX_RECOMMENDATION_ID_LENGTH);
            return this;
        }

        /**
         * Replaces the impression (item ids shown along with this one).
         *
         * @param itemIds at most {@value #MAX_IMPRESSIONS} ids of 1 to {@value #MAX_ID_LENGTH} characters
         * @return this builder
         * @throws IllegalArgumentException when there are more than {@value #MAX_IMPRESSIONS} or an id is empty or
         *     too long
         */
        public Builder impressions(List<String> itemIds) {
            if (itemIds.size() > MAX_IMPRESSIONS) {
                throw new IllegalArgumentException("At most " + MAX_IMPRESSIONS + " impressions are allowed, but "
                        + itemIds.size() + " are given");
            }
            itemIds.forEach(id -> check("impression id", Objects.requireNonNull(id, "impression id"), MAX_ID_LENGTH));
            this.impressions = List.copyOf(itemIds);
            return this;
        }

        /**
         * Adds one property: interaction metadata of the Interactions schema. The name may be the schema field
         * name ({@code DEVICE_TYPE}); it is sent as its camelCase key ({@code deviceType}).
         *
         * @param name the field name
         * @param value a string, number or boolean
         * @return this builder
         * @throws IllegalArgumentException when the key is one the service reserves (userId, sessionId,
         *     eventType, timestamp, recommendationId, impression)
         */
        public Builder putProperty(String name, Object value) {
            String key = PropertyNames.camelCase(Objects.requireNonNull(name, "name"));
            if (FORBIDDEN_PROPERTIES.contains(key.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("property " + name + " is reserved by PutEvents; set it"
                        + " through its own builder method instead");
            }
            this.properties.put(key, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Builds the event.
         *
         * @return the event
         * @throws NullPointerException when the event type, session id or sentAt is missing
         * @throws IllegalArgumentException when the properties JSON exceeds {@value #MAX_PROPERTIES_LENGTH}
         *     characters
         */
        public InteractionEvent build() {
            return new InteractionEvent(this);
        }
    }
}
