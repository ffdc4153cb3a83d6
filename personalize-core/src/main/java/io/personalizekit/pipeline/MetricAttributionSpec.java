package io.personalizekit.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The metric attribution of a dataset group (at most one per group): what to measure of the events that follow
 * recommendations ({@linkplain Metric metrics}: a name, an event type and an expression such as {@code
 * SUM(Items.PRICE)} or {@code SAMPLECOUNT()}; at most 10), and where reports go ({@code metricsOutputConfig}: an
 * optional {@code s3://} path for the reports of bulk imports, and the role Personalize assumes to write them and
 * publish to CloudWatch). Immutable and thread-safe.
 */
public final class MetricAttributionSpec {
    /** The service's limit on the metrics of one metric attribution. */
    public static final int MAX_METRICS = 10;

    private final String name;
    private final List<Metric> metrics;
    private final @Nullable String s3Path;
    private final @Nullable String kmsKeyArn;
    private final String roleArn;

    private MetricAttributionSpec(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.roleArn = Objects.requireNonNull(b.roleArn, "roleArn");
        this.metrics = Collections.unmodifiableList(new ArrayList<>(b.metrics));
        this.s3Path = b.s3Path;
        this.kmsKeyArn = b.kmsKeyArn;
        if (metrics.isEmpty() || metrics.size() > MAX_METRICS) {
            throw new IllegalArgumentException("metric attribution '" + name + "' needs 1 to " + MAX_METRICS
                    + " metrics; it has " + metrics.size());
        }
        List<String> names = new ArrayList<>();
        for (Metric m : metrics) {
            if (names.contains(m.name())) {
                throw new IllegalArgumentException("metric name '" + m.name() + "' is given twice");
            }
            names.add(m.name());
        }
        if (kmsKeyArn != null && s3Path == null) {
            throw new IllegalArgumentException("kmsKeyArn ('" + kmsKeyArn + "') is only valid with an s3Path");
        }
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder initialised from this spec.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .name(name)
                .metrics(metrics)
                .s3Path(s3Path)
                .kmsKeyArn(kmsKeyArn)
                .roleArn(roleArn);
    }

    /**
     * The metric attribution's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The metrics, in the order given.
     *
     * @return an unmodifiable list of 1 to 10 metrics
     */
    public List<Metric> metrics() {
        return metrics;
    }

    /**
     * Where the reports of bulk imports go ({@code metricsOutputConfig.s3DataDestination.path}).
     *
     * @return the {@code s3://} path, or {@code null} for CloudWatch only
     */
    public @Nullable String s3Path() {
        return s3Path;
    }

    /**
     * The KMS key of the S3 reports ({@code s3DataDestination.kmsKeyArn}).
     *
     * @return the key ARN, or {@code null}
     */
    public @Nullable String kmsKeyArn() {
        return kmsKeyArn;
    }

    /**
     * The role Personalize assumes to write the reports and publish the metrics.
     *
     * @return the role ARN
     */
    public String roleArn() {
        return roleArn;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof MetricAttributionSpec)) {
            return false;
        }
        MetricAttributionSpec m = (MetricAttributionSpec) o;
        return name.equals(m.name)
                && metrics.equals(m.metrics)
                && Objects.equals(s3Path, m.s3Path)
                && Objects.equals(kmsKeyArn, m.kmsKeyArn)
                && roleArn.equals(m.roleArn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, metrics, s3Path, kmsKeyArn, roleArn);
    }

    @Override
    public String toString() {
        return "MetricAttributionSpec{name=" + name + ", metrics=" + metrics + ", s3Path=" + s3Path + ", kmsKeyArn="
                + kmsKeyArn + ", roleArn=" + roleArn + "}";
    }

    /** One metric: a name, the event type it counts, and its expression. Immutable and thread-safe. */
    public static final class Metric {
        private final String name;
        private final String eventType;
        private final String expression;

        private Metric(String name, String eventType, String expression) {
            this.name = checked("metricName", name);
            this.eventType = checked("eventType", eventType);
            this.expression = checked("expression", expression);
        }

        private static String checked(String what, String value) {
            Objects.requireNonNull(value, what);
            if (value.isEmpty() || value.length() > 256) {
                throw new IllegalArgumentException(what + " must be 1-256 characters: '" + value + "'");
            }
            return value;
        }

        /**
         * A metric.
         *
         * @param name the metric's name, for example {@code REVENUE}
         * @param eventType the event type it measures, for example {@code Purchase}
         * @param expression {@code SUM(Interactions.COLUMN)}, {@code SUM(Items.COLUMN)} on a numeric column, or
         *     {@code SAMPLECOUNT()}
         * @return the metric
         * @throws IllegalArgumentException if a value is empty or longer than 256 characters
         */
        public static Metric of(String name, String eventType, String expression) {
            return new Metric(name, eventType, expression);
        }

        /**
         * The metric's name.
         *
         * @return the name
         */
        public String name() {
            return name;
        }

        /**
         * The event type it measures.
         *
         * @return the event type
         */
        public String eventType() {
            return eventType;
        }

        /**
         * Its expression.
         *
         * @return the expression
         */
        public String expression() {
            return expression;
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Metric
                    && name.equals(((Metric) o).name)
                    && eventType.equals(((Metric) o).eventType)
                    && expression.equals(((Metric) o).expression);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, eventType, expression);
        }

        @Override
        public String toString() {
            return name + "=" + expression + " of " + eventType;
        }
    }

    /** Builds a {@link MetricAttributionSpec}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String name;
        private final List<Metric> metrics = new ArrayList<>();
        private @Nullable String s3Path;
        private @Nullable String kmsKeyArn;
        private @Nullable String roleArn;

        private Builder() {}

        /**
         * Sets the name (required).
         *
         * @param name 1-63 characters of {@code [a-zA-Z0-9-_]}
         * @return this builder
         * @throws IllegalArgumentException if the name breaks the service's pattern
         */
        public Builder name(String name) {
            this.name = Names.name(name, "name");
            return this;
        }

        /**
         * Replaces the metrics.
         *
         * @param metrics the metrics
         * @return this builder
         */
        public Builder metrics(List<Metric> metrics) {
            this.metrics.clear();
            metrics.forEach(this::addMetric);
            return this;
        }

        /**
         * Adds a metric.
         *
         * @param metric the metric
         * @return this builder
         */
        public Builder addMetric(Metric metric) {
            metrics.add(Objects.requireNonNull(metric, "metric"));
            return this;
        }

        /**
         * Adds a metric.
         *
         * @param name the metric's name
         * @param eventType the event type it measures
         * @param expression its expression
         * @return this builder
         * @throws IllegalArgumentException as {@link Metric#of}
         */
        public Builder addMetric(String name, String eventType, String expression) {
            return addMetric(Metric.of(name, eventType, expression));
        }

        /**
         * Sets where the reports of bulk imports go.
         *
         * @param s3Path an {@code s3://} path, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException if not an {@code s3://} path of at most 256 characters
         */
        public Builder s3Path(@Nullable String s3Path) {
            if (s3Path != null && (!s3Path.startsWith("s3://") || s3Path.length() > 256 || s3Path.length() < 6)) {
                throw new IllegalArgumentException(
                        "s3Path must be an s3:// path of at most 256 characters: '" + s3Path + "'");
            }
            this.s3Path = s3Path;
            return this;
        }

        /**
         * Sets the KMS key of the S3 reports.
         *
         * @param kmsKeyArn the key ARN, or {@code null}
         * @return this builder
         */
        public Builder kmsKeyArn(@Nullable String kmsKeyArn) {
            this.kmsKeyArn = kmsKeyArn;
            return this;
        }

        /**
         * Sets the role Personalize assumes (required).
         *
         * @param roleArn an IAM role ARN
         * @return this builder
         * @throws IllegalArgumentException if not an IAM role ARN
         */
        public Builder roleArn(String roleArn) {
            if (!roleArn.startsWith("arn:") || !roleArn.contains(":iam::") || !roleArn.contains(":role/")) {
                throw new IllegalArgumentException("roleArn must be an IAM role ARN: '" + roleArn + "'");
            }
            this.roleArn = roleArn;
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         * @throws NullPointerException if the name or role is missing
         * @throws IllegalArgumentException with no metric or more than 10, a metric name given twice, or a KMS key
         *     without an S3 path
         */
        public MetricAttributionSpec build() {
            return new MetricAttributionSpec(this);
        }
    }
}
