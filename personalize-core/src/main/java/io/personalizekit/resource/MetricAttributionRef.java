package io.personalizekit.resource;

import org.jspecify.annotations.Nullable;

/** A reference to a metric attribution (`metric-attribution/{name}`). The ARN's last segment is the name. */
public final class MetricAttributionRef extends ResourceRef {

    MetricAttributionRef(ResourceArn arn, @Nullable String name) {
        super(arn, name, ResourceType.METRIC_ATTRIBUTION);
    }

    /**
     * A reference from an ARN alone; {@link #name()} is the last ARN segment.
     *
     * @param arn the ARN
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static MetricAttributionRef of(String arn) {
        return new MetricAttributionRef(parseAs(arn, ResourceType.METRIC_ATTRIBUTION), null);
    }

    /**
     * A reference from an ARN and the resource's name.
     *
     * @param arn the ARN
     * @param name the resource's name; {@code null} or empty means the last ARN segment
     * @return the reference
     * @throws IllegalArgumentException if the ARN cannot be parsed or is not of this type
     */
    public static MetricAttributionRef of(String arn, @Nullable String name) {
        return new MetricAttributionRef(parseAs(arn, ResourceType.METRIC_ATTRIBUTION), name);
    }
}
