package io.personalizekit.attribution;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A metric's value for one source over one day: the sum of its report lines whose window starts that day. An
 * immutable record.
 *
 * @param day the day, in the zone the report was summed in (UTC unless asked otherwise)
 * @param metricName the metric
 * @param eventAttributionSource the source, see {@link AttributionRow#eventAttributionSource()}
 * @param value the sum of the day's values (events counted, or values summed)
 */
public record DailyAttribution(LocalDate day, String metricName, String eventAttributionSource, double value) {
    /** Checks the components. */
    public DailyAttribution {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(eventAttributionSource, "eventAttributionSource");
    }

    /**
     * Whether the source is a Personalize campaign or recommender (see {@link AttributionRow#fromRecommendations()}).
     *
     * @return true for a campaign or recommender
     */
    public boolean fromRecommendations() {
        return AttributionRow.isRecommendationSource(eventAttributionSource);
    }
}
