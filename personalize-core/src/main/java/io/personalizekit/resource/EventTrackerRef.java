package io.personalizekit.resource;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A reference to an event tracker (`event-tracker/{id}`). The ARN's last segment is a generated id, not the name:
 * pass the name explicitly when you know it. A reference may also carry the tracker's <em>tracking id</em>, the
 * value {@code PutEvents} takes (the pipeline's references do); equality is by ARN only.
 */
public final class EventTrackerRef extends ResourceRef {
    private final @Nullable String trackingId;

    EventTrackerRef(ResourceArn arn, @Nullable String name) {
        this(arn, name, null);
    }

    private EventTrackerRef(ResourceArn arn, @Nullable String name, @Nullable String trackingId) {
        super(arn, name, ResourceType.EVENT_TRACKER);
        if (trackingId != null && trackingId.isBlank()) {
            throw new IllegalArgumentException("trackingId must not be blank");
        }
        this.trackingId = trackingId;
    }

    /**
     * A reference from an ARN alone; {@link #name()} is the last ARN segment.
     *
     * @param arn the ARN
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static EventTrackerRef of(String arn) {
        return new EventTrackerRef(parseAs(arn, ResourceType.EVENT_TRACKER), null);
    }

    /**
     * A reference from an ARN and the resource's name.
     *
     * @param arn the ARN
     * @param name the resource's name; {@code null} or empty means the last ARN segment
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static EventTrackerRef of(String arn, @Nullable String name) {
        return new EventTrackerRef(parseAs(arn, ResourceType.EVENT_TRACKER), name);
    }

    /**
     * A reference from an ARN, the tracker's name and its tracking id (from {@code CreateEventTracker} or {@code
     * DescribeEventTracker}).
     *
     * @param arn the ARN
     * @param name the resource's name; {@code null} or empty means the last ARN segment
     * @param trackingId the tracking id {@code PutEvents} takes, or {@code null} when unknown
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type, or the tracking id is
     *     blank
     */
    public static EventTrackerRef of(String arn, @Nullable String name, @Nullable String trackingId) {
        return new EventTrackerRef(parseAs(arn, ResourceType.EVENT_TRACKER), name, trackingId);
    }

    /**
     * The tracking id that {@code PutEvents} takes, when this reference carries it.
     *
     * @return the tracking id, or empty for a reference built from the ARN alone
     */
    public Optional<String> trackingId() {
        return Optional.ofNullable(trackingId);
    }
}
