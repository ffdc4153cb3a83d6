package io.personalizekit.resource;

import org.jspecify.annotations.Nullable;

/** A reference to an event tracker (`event-tracker/{id}`). The ARN's last segment is a generated id, not the name: pass the name explicitly when you know it. */
public final class EventTrackerRef extends ResourceRef {

    EventTrackerRef(ResourceArn arn, @Nullable String name) {
        super(arn, name, ResourceType.EVENT_TRACKER);
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
}
