package io.personalizekit.retrain;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * One metric of a {@link GateReport}: the live version's value, the candidate's, the largest drop the gate allows,
 * and the verdict. Immutable.
 */
public final class MetricComparison {
    private final String metric;
    private final @Nullable Double live;
    private final @Nullable Double candidate;
    private final double allowedDrop;
    private final boolean passed;
    private final String note;

    MetricComparison(
            String metric,
            @Nullable Double live,
            @Nullable Double candidate,
            double allowedDrop,
            boolean passed,
            String note) {
        this.metric = Objects.requireNonNull(metric, "metric");
        this.live = live;
        this.candidate = candidate;
        this.allowedDrop = allowedDrop;
        this.passed = passed;
        this.note = Objects.requireNonNull(note, "note");
    }

    /**
     * The metric's name as {@code GetSolutionMetrics} reports it, for example {@code
     * normalized_discounted_cumulative_gain_at_25}.
     *
     * @return the name
     */
    public String metric() {
        return metric;
    }

    /**
     * The live version's value.
     *
     * @return the value, or empty when the live version does not report the metric
     */
    public OptionalDouble live() {
        return live == null ? OptionalDouble.empty() : OptionalDouble.of(live);
    }

    /**
     * The candidate's value.
     *
     * @return the value, or empty when the candidate does not report the metric
     */
    public OptionalDouble candidate() {
        return candidate == null ? OptionalDouble.empty() : OptionalDouble.of(candidate);
    }

    /**
     * The largest drop below the live value the gate accepts for this metric, in the metric's unit.
     *
     * @return the allowed drop (0 or more)
     */
    public double allowedDrop() {
        return allowedDrop;
    }

    /**
     * Whether the candidate's value is acceptable.
     *
     * @return the verdict
     */
    public boolean passed() {
        return passed;
    }

    /**
     * Why, in a few words: {@code "ok"}, {@code "worse by 12.5 % (allowed 2.0 %)"}, {@code "missing in the
     * candidate"}, ...
     *
     * @return the note
     */
    public String note() {
        return note;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof MetricComparison)) {
            return false;
        }
        MetricComparison m = (MetricComparison) o;
        return metric.equals(m.metric)
                && Objects.equals(live, m.live)
                && Objects.equals(candidate, m.candidate)
                && Double.compare(allowedDrop, m.allowedDrop) == 0
                && passed == m.passed
                && note.equals(m.note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(metric, live, candidate, allowedDrop, passed, note);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s: live %s, candidate %s, %s",
                metric,
                GateReport.format(live),
                GateReport.format(candidate),
                note);
    }
}
