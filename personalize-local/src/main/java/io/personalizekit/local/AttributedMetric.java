package io.personalizekit.local;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One figure a metric attribution measured: the sum or count of one metric's events attributed to one source in one
 * 15-minute window, as the service reports it ({@code METRIC_NAME}, {@code EVENT_TYPE}, {@code VALUE},
 * {@code MATH_FUNCTION}, {@code EVENT_ATTRIBUTION_SOURCE}, {@code TIMESTAMP}). Returned by
 * {@link PersonalizeLocal#attributionMetrics(String)}. Immutable and thread-safe.
 */
public final class AttributedMetric {
    private final String metricName;
    private final String eventType;
    private final String mathFunction;
    private final String eventAttributionSource;
    private final Instant windowStart;
    private final double value;

    private AttributedMetric(Builder b) {
        this.metricName = Objects.requireNonNull(b.metricName, "metricName");
        this.eventType = Objects.requireNonNull(b.eventType, "eventType");
        this.mathFunction = Objects.requireNonNull(b.mathFunction, "mathFunction");
        this.eventAttributionSource = Objects.requireNonNull(b.eventAttributionSource, "eventAttributionSource");
        this.windowStart = Objects.requireNonNull(b.windowStart, "windowStart");
        this.value = b.value;
    }

    /** @return a builder with nothing set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this figure's values */
    public Builder toBuilder() {
        return new Builder()
                .metricName(metricName)
                .eventType(eventType)
                .mathFunction(mathFunction)
                .eventAttributionSource(eventAttributionSource)
                .windowStart(windowStart)
                .value(value);
    }

    /** @return the metric's name */
    public String metricName() {
        return metricName;
    }

    /** @return the event type the metric counts */
    public String eventType() {
        return eventType;
    }

    /** @return {@code sum} or {@code samplecount} */
    public String mathFunction() {
        return mathFunction;
    }

    /**
     * @return the events' {@code eventAttributionSource}, else the ARN of the campaign or recommender their
     *     {@code recommendationId} came from, else {@code SOURCE_NAME_UNDEFINED}
     */
    public String eventAttributionSource() {
        return eventAttributionSource;
    }

    /** @return the start of the 15-minute window, from the events' own times */
    public Instant windowStart() {
        return windowStart;
    }

    /** @return the sum of the metric's column, or the number of events */
    public double value() {
        return value;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AttributedMetric)) {
            return false;
        }
        AttributedMetric m = (AttributedMetric) o;
        return Double.compare(value, m.value) == 0
                && metricName.equals(m.metricName)
                && eventType.equals(m.eventType)
                && mathFunction.equals(m.mathFunction)
                && eventAttributionSource.equals(m.eventAttributionSource)
                && windowStart.equals(m.windowStart);
    }

    @Override
    public int hashCode() {
        return Objects.hash(metricName, eventType, mathFunction, eventAttributionSource, windowStart, value);
    }

    @Override
    public String toString() {
        return "AttributedMetric{" + metricName + " " + mathFunction + "(" + eventType + ") from "
                + eventAttributionSource + " at " + windowStart + " = " + value + "}";
    }

    /** Builds an {@link AttributedMetric}; every member but {@code value} (default 0) must be set. */
    public static final class Builder {
        private @Nullable String metricName;
        private @Nullable String eventType;
        private @Nullable String mathFunction;
        private @Nullable String eventAttributionSource;
        private @Nullable Instant windowStart;
        private double value;

        private Builder() {}

        /**
         * @param metricName the metric's name
         * @return this builder
         */
        public Builder metricName(String metricName) {
            this.metricName = metricName;
            return this;
        }

        /**
         * @param eventType the event type
         * @return this builder
         */
        public Builder eventType(String eventType) {
            this.eventType = eventType;
            return this;
        }

        /**
         * @param mathFunction {@code sum} or {@code samplecount}
         * @return this builder
         */
        public Builder mathFunction(String mathFunction) {
            this.mathFunction = mathFunction;
            return this;
        }

        /**
         * @param eventAttributionSource the source
         * @return this builder
         */
        public Builder eventAttributionSource(String eventAttributionSource) {
            this.eventAttributionSource = eventAttributionSource;
            return this;
        }

        /**
         * @param windowStart the start of the 15-minute window
         * @return this builder
         */
        public Builder windowStart(Instant windowStart) {
            this.windowStart = windowStart;
            return this;
        }

        /**
         * @param value the sum or count
         * @return this builder
         */
        public Builder value(double value) {
            this.value = value;
            return this;
        }

        /**
         * @return the figure
         * @throws NullPointerException naming the first member not set
         */
        public AttributedMetric build() {
            return new AttributedMetric(this);
        }
    }
}
