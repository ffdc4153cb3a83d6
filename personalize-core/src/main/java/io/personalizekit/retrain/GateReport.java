package io.personalizekit.retrain;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link QualityGate} decided: both metric sets side by side, one {@link MetricComparison} per metric the
 * gate checks, and the verdict. {@link #toString()} is a readable table:
 *
 * <pre>
 * metric                                        live (1a2b3c4d)  candidate (5e6f7a8b)  change     verdict
 * normalized_discounted_cumulative_gain_at_25   0.4120           0.1030               -75.0 %    worse by 75.0 % (allowed 2.0 %)
 * precision_at_25                               0.0510           0.0120               -76.5 %    worse by 76.5 % (allowed 2.0 %)
 * gate: REFUSED (2 of 2 metrics worse than allowed)
 * </pre>
 *
 * <p>Immutable.
 */
public final class GateReport {
    private final String liveVersionArn;
    private final String candidateVersionArn;
    private final Map<String, Double> liveMetrics;
    private final Map<String, Double> candidateMetrics;
    private final List<MetricComparison> comparisons;

    GateReport(
            String liveVersionArn,
            String candidateVersionArn,
            Map<String, Double> liveMetrics,
            Map<String, Double> candidateMetrics,
            List<MetricComparison> comparisons) {
        this.liveVersionArn = Objects.requireNonNull(liveVersionArn, "liveVersionArn");
        this.candidateVersionArn = Objects.requireNonNull(candidateVersionArn, "candidateVersionArn");
        this.liveMetrics = Map.copyOf(liveMetrics);
        this.candidateMetrics = Map.copyOf(candidateMetrics);
        this.comparisons = List.copyOf(comparisons);
    }

    /**
     * The version the campaign served when the gate ran.
     *
     * @return its ARN
     */
    public String liveVersionArn() {
        return liveVersionArn;
    }

    /**
     * The version the gate judged.
     *
     * @return its ARN
     */
    public String candidateVersionArn() {
        return candidateVersionArn;
    }

    /**
     * Every metric {@code GetSolutionMetrics} reported for the live version.
     *
     * @return the metrics, unmodifiable
     */
    public Map<String, Double> liveMetrics() {
        return liveMetrics;
    }

    /**
     * Every metric {@code GetSolutionMetrics} reported for the candidate.
     *
     * @return the metrics, unmodifiable
     */
    public Map<String, Double> candidateMetrics() {
        return candidateMetrics;
    }

    /**
     * The metrics the gate checked, in its order.
     *
     * @return the comparisons, unmodifiable
     */
    public List<MetricComparison> comparisons() {
        return comparisons;
    }

    /**
     * Whether every checked metric passed (and at least one was checked).
     *
     * @return the verdict
     */
    public boolean passed() {
        return !comparisons.isEmpty() && comparisons.stream().allMatch(MetricComparison::passed);
    }

    /**
     * The comparisons that failed.
     *
     * @return the failed metrics, in the gate's order
     */
    public List<MetricComparison> failures() {
        return comparisons.stream().filter(c -> !c.passed()).collect(Collectors.toList());
    }

    /**
     * The side-by-side table, as {@link #toString()}.
     *
     * @return the table, lines separated by {@code \n}
     */
    public String table() {
        int width = Math.max(
                6, comparisons.stream().mapToInt(c -> c.metric().length()).max().orElse(6));
        String live = "live (" + shortId(liveVersionArn) + ")";
        String cand = "candidate (" + shortId(candidateVersionArn) + ")";
        String row = "%-" + width + "s  %-" + Math.max(12, live.length()) + "s  %-" + Math.max(12, cand.length())
                + "s  %-9s  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, row, "metric", live, cand, "change", "verdict"));
        for (MetricComparison c : comparisons) {
            sb.append(String.format(
                    Locale.ROOT,
                    row,
                    c.metric(),
                    format(c.live().isPresent() ? c.live().getAsDouble() : null),
                    format(c.candidate().isPresent() ? c.candidate().getAsDouble() : null),
                    change(c),
                    c.note()));
        }
        int failed = failures().size();
        sb.append("gate: ")
                .append(passed() ? "PASSED" : "REFUSED")
                .append(" (")
                .append(
                        comparisons.isEmpty()
                                ? "no metric to compare"
                                : failed == 0
                                        ? comparisons.size() + " of " + comparisons.size() + " metrics within tolerance"
                                        : failed + " of " + comparisons.size() + " metrics worse than allowed")
                .append(')');
        return sb.toString();
    }

    private static String change(MetricComparison c) {
        if (c.live().isEmpty() || c.candidate().isEmpty()) {
            return "-";
        }
        double l = c.live().getAsDouble();
        double n = c.candidate().getAsDouble();
        if (l == 0) {
            return String.format(Locale.ROOT, "%+.4f", n - l);
        }
        return String.format(Locale.ROOT, "%+.1f %%", 100 * (n - l) / Math.abs(l));
    }

    static String format(@Nullable Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String shortId(String arn) {
        int slash = arn.lastIndexOf('/');
        return slash < 0 ? arn : arn.substring(slash + 1);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof GateReport)) {
            return false;
        }
        GateReport g = (GateReport) o;
        return liveVersionArn.equals(g.liveVersionArn)
                && candidateVersionArn.equals(g.candidateVersionArn)
                && liveMetrics.equals(g.liveMetrics)
                && candidateMetrics.equals(g.candidateMetrics)
                && comparisons.equals(g.comparisons);
    }

    @Override
    public int hashCode() {
        return Objects.hash(liveVersionArn, candidateVersionArn, liveMetrics, candidateMetrics, comparisons);
    }

    @Override
    public String toString() {
        return table();
    }
}
