package io.personalizekit.attribution;

import io.personalizekit.storage.S3Location;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of a metric attribution report: a metric's value for one event attribution source over one 15-minute
 * window. An immutable record.
 *
 * @param metricName the metric's name ({@code METRIC_NAME}), as the metric attribution names it
 * @param eventType the event type it counts ({@code EVENT_TYPE})
 * @param value the value over the window ({@code VALUE}): a count for {@code samplecount}, a sum for {@code sum}
 * @param mathFunction the function ({@code MATH_FUNCTION}), lower case: {@code samplecount} or {@code sum}
 * @param eventAttributionSource where the events came from ({@code EVENT_ATTRIBUTION_SOURCE}): the ARN of the
 *     campaign or recommender whose {@code recommendationId} they carried, the event's own source, or {@code
 *     SOURCE_NAME_UNDEFINED}
 * @param timestamp the window ({@code TIMESTAMP}, epoch seconds)
 * @param report the report file the line is from
 * @param line the line's 1-based number in that file (the header is line 1)
 */
public record AttributionRow(
        String metricName,
        String eventType,
        double value,
        String mathFunction,
        String eventAttributionSource,
        Instant timestamp,
        S3Location report,
        long line) {

    /** The source the service reports for events that carried neither a recommendation id nor a source. */
    public static final String SOURCE_NAME_UNDEFINED = "SOURCE_NAME_UNDEFINED";

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the value is not finite or the line is not positive
     */
    public AttributionRow {
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(eventAttributionSource, "eventAttributionSource");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(report, "report");
        mathFunction = Objects.requireNonNull(mathFunction, "mathFunction").toLowerCase(Locale.ROOT);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, but it is " + value);
        }
        if (line < 1) {
            throw new IllegalArgumentException("line must be positive, but it is " + line);
        }
    }

    /**
     * Whether the events were attributed to a recommendation: the source is the ARN of a Personalize campaign or
     * recommender (which the service sets from the events' {@code recommendationId}), not a source of the caller's
     * own or {@link #SOURCE_NAME_UNDEFINED}.
     *
     * @return true for a campaign or recommender
     */
    public boolean fromRecommendations() {
        return isRecommendationSource(eventAttributionSource);
    }

    static boolean isRecommendationSource(String source) {
        if (!source.startsWith("arn:")) {
            return false;
        }
        String[] parts = source.split(":", 6);
        return parts.length == 6
                && parts[2].equals("personalize")
                && (parts[5].startsWith("campaign/") || parts[5].startsWith("recommender/"));
    }
}
