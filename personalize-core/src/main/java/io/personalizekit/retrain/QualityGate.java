package io.personalizekit.retrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a new solution version may replace the live one, from the offline metrics {@code
 * GetSolutionMetrics} reports for both. Every Personalize metric is better when higher (coverage, precision, NDCG,
 * mean reciprocal rank, hits, recall, AUC), so the gate bounds how much each checked metric may <em>drop</em>:
 *
 * <ul>
 *   <li>relative ({@link Builder#maxRelativeDrop(double)}): the candidate's value is at least {@code live x (1 -
 *       drop)}; the default is {@value #DEFAULT_MAX_RELATIVE_DROP} (2 %);
 *   <li>absolute ({@link Builder#maxAbsoluteDrop(double)}): at least {@code live - drop}.
 * </ul>
 *
 * <p>By default every metric the live version reports is checked; {@link Builder#metrics(List)} narrows it to a few
 * (for example {@link #NDCG_AT_25} and {@link #PRECISION_AT_25}). A checked metric the candidate does not report
 * fails; one the live version does not report passes (there is nothing to be worse than), noted as such. A gate
 * with nothing to compare refuses.
 *
 * <pre>{@code
 * QualityGate gate = QualityGate.builder()
 *         .metrics(List.of(QualityGate.NDCG_AT_25, QualityGate.PRECISION_AT_25, QualityGate.COVERAGE))
 *         .maxRelativeDrop(0.05)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class QualityGate {
    /** Normalized discounted cumulative gain of the top 25: {@value}. */
    public static final String NDCG_AT_25 = "normalized_discounted_cumulative_gain_at_25";

    /** Precision of the top 25: {@value}. */
    public static final String PRECISION_AT_25 = "precision_at_25";

    /** Mean reciprocal rank of the top 25: {@value}. */
    public static final String MRR_AT_25 = "mean_reciprocal_rank_at_25";

    /** The share of the catalogue the model recommends at all: {@value}. */
    public static final String COVERAGE = "coverage";

    /** The default relative tolerance: {@value} (2 %). */
    public static final double DEFAULT_MAX_RELATIVE_DROP = 0.02;

    private final List<String> metrics;
    private final double drop;
    private final boolean relative;

    private QualityGate(Builder b) {
        this.metrics = List.copyOf(b.metrics);
        this.drop = b.drop;
        this.relative = b.relative;
    }

    /**
     * A builder, with the defaults: every metric of the live version, at most 2 % worse.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default gate: no metric of the live version worse by more than 2 % relative.
     *
     * @return the gate
     */
    public static QualityGate defaults() {
        return builder().build();
    }

    /**
     * A builder initialised with this gate's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.metrics.addAll(metrics);
        b.drop = drop;
        b.relative = relative;
        return b;
    }

    /**
     * A copy changed by a consumer.
     *
     * @param change changes the copy's builder
     * @return the changed copy
     */
    public QualityGate copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /**
     * The metrics checked; empty means every metric the live version reports.
     *
     * @return the metric names, unmodifiable
     */
    public List<String> metrics() {
        return metrics;
    }

    /**
     * The tolerated drop: a fraction of the live value when {@link #relative()}, else in the metric's unit.
     *
     * @return the drop
     */
    public double maxDrop() {
        return drop;
    }

    /**
     * Whether {@link #maxDrop()} is relative to the live value.
     *
     * @return true for a relative tolerance
     */
    public boolean relative() {
        return relative;
    }

    /**
     * Compares a candidate's metrics with the live version's.
     *
     * @param liveVersionArn the live version, for the report
     * @param liveMetrics the live version's metrics
     * @param candidateVersionArn the candidate, for the report
     * @param candidateMetrics the candidate's metrics
     * @return the report; {@link GateReport#passed()} is the decision
     */
    public GateReport evaluate(
            String liveVersionArn,
            Map<String, Double> liveMetrics,
            String candidateVersionArn,
            Map<String, Double> candidateMetrics) {
        Objects.requireNonNull(liveMetrics, "liveMetrics");
        Objects.requireNonNull(candidateMetrics, "candidateMetrics");
        List<String> checked = metrics.isEmpty()
                ? liveMetrics.keySet().stream().sorted().collect(java.util.stream.Collectors.toList())
                : metrics;
        List<MetricComparison> rows = new ArrayList<>();
        for (String m : checked) {
            Double live = liveMetrics.get(m);
            Double cand = candidateMetrics.get(m);
            double allowed = live == null ? 0 : relative ? Math.abs(live) * drop : drop;
            if (cand == null) {
                rows.add(new MetricComparison(m, live, null, allowed, false, "missing in the candidate"));
            } else if (live == null) {
                rows.add(new MetricComparison(m, null, cand, 0, true, "no live value to compare"));
            } else {
                double floor = live - allowed;
                boolean ok = cand >= floor - 1e-12;
                rows.add(new MetricComparison(m, live, cand, allowed, ok, note(live, cand, ok)));
            }
        }
        return new GateReport(liveVersionArn, candidateVersionArn, liveMetrics, candidateMetrics, rows);
    }

    private String note(double live, double cand, boolean ok) {
        if (cand >= live) {
            return "ok";
        }
        String by = relative && live != 0
                ? String.format(Locale.ROOT, "%.1f %%", 100 * (live - cand) / Math.abs(live))
                : String.format(Locale.ROOT, "%.4f", live - cand);
        String allowed =
                relative ? String.format(Locale.ROOT, "%.1f %%", 100 * drop) : String.format(Locale.ROOT, "%.4f", drop);
        return (ok ? "ok, worse by " : "worse by ") + by + " (allowed " + allowed + ")";
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof QualityGate)) {
            return false;
        }
        QualityGate g = (QualityGate) o;
        return metrics.equals(g.metrics) && Double.compare(drop, g.drop) == 0 && relative == g.relative;
    }

    @Override
    public int hashCode() {
        return Objects.hash(metrics, drop, relative);
    }

    @Override
    public String toString() {
        return "QualityGate{" + (metrics.isEmpty() ? "every live metric" : String.join(", ", metrics)) + " at most "
                + (relative
                        ? String.format(Locale.ROOT, "%.1f %% worse", 100 * drop)
                        : String.format(Locale.ROOT, "%.4f lower", drop))
                + "}";
    }

    /** Builds a {@link QualityGate}. Not thread-safe. */
    public static final class Builder {
        private final List<String> metrics = new ArrayList<>();
        private double drop = DEFAULT_MAX_RELATIVE_DROP;
        private boolean relative = true;

        private Builder() {}

        /**
         * Replaces the metrics to check.
         *
         * @param metrics metric names as {@code GetSolutionMetrics} reports them; empty means every metric of the
         *     live version
         * @return this builder
         * @throws IllegalArgumentException when a name is blank or repeated
         */
        public Builder metrics(List<String> metrics) {
            this.metrics.clear();
            Objects.requireNonNull(metrics, "metrics").forEach(this::addMetric);
            return this;
        }

        /**
         * Adds a metric to check.
         *
         * @param metric a metric name, for example {@link #NDCG_AT_25}
         * @return this builder
         * @throws IllegalArgumentException when the name is blank or already added
         */
        public Builder addMetric(String metric) {
            Objects.requireNonNull(metric, "metric");
            if (metric.isBlank()) {
                throw new IllegalArgumentException("metric must not be blank");
            }
            if (metrics.contains(metric)) {
                throw new IllegalArgumentException("metric " + metric + " is already in the gate");
            }
            metrics.add(metric);
            return this;
        }

        /**
         * Tolerates a drop relative to the live value (replaces an absolute tolerance).
         *
         * @param fraction from 0 (no drop at all) to 1; {@code 0.02} is 2 %
         * @return this builder
         * @throws IllegalArgumentException when not within 0 to 1
         */
        public Builder maxRelativeDrop(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("maxRelativeDrop must be within 0 and 1, was " + fraction);
            }
            this.drop = fraction;
            this.relative = true;
            return this;
        }

        /**
         * Tolerates a drop in the metric's own unit (replaces a relative tolerance).
         *
         * @param amount 0 or more; {@code 0.01} lets a precision of 0.30 fall to 0.29
         * @return this builder
         * @throws IllegalArgumentException when negative or not a number
         */
        public Builder maxAbsoluteDrop(double amount) {
            if (!(amount >= 0) || Double.isInfinite(amount)) {
                throw new IllegalArgumentException("maxAbsoluteDrop must be 0 or more, was " + amount);
            }
            this.drop = amount;
            this.relative = false;
            return this;
        }

        /**
         * Builds the gate.
         *
         * @return the gate
         */
        public QualityGate build() {
            return new QualityGate(this);
        }
    }
}
