package io.personalizekit.attribution;

import io.personalizekit.storage.S3Location;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The lines of one or more metric attribution reports, with sums per day and source. Each report covers the
 * records of one import job, so the lines of several reports add up. Immutable and thread-safe.
 *
 * <pre>{@code
 * AttributionReport report = reader.read(metricAttributionArn);
 * SortedMap<LocalDate, Double> clicks = report.dailyFromRecommendations("CLICKS");
 * }</pre>
 */
public final class AttributionReport {
    private final List<S3Location> reports;
    private final List<AttributionRow> rows;

    /**
     * A report of the given lines.
     *
     * @param reports the report files read, in the order read
     * @param rows their lines
     */
    public AttributionReport(List<S3Location> reports, List<AttributionRow> rows) {
        this.reports = List.copyOf(reports);
        this.rows = List.copyOf(rows);
    }

    /**
     * The report files read.
     *
     * @return the files, in key order
     */
    public List<S3Location> reports() {
        return reports;
    }

    /**
     * Every line of every report.
     *
     * @return the lines, file by file in key order, each in file order
     */
    public List<AttributionRow> rows() {
        return rows;
    }

    /**
     * The lines of one metric.
     *
     * @param metricName the metric's name, as the metric attribution names it
     * @return its lines
     */
    public List<AttributionRow> rows(String metricName) {
        Objects.requireNonNull(metricName, "metricName");
        return rows.stream().filter(r -> r.metricName().equals(metricName)).toList();
    }

    /**
     * A metric per UTC day and source.
     *
     * @param metricName the metric's name
     * @return one value per day and source, by day, then source
     */
    public List<DailyAttribution> daily(String metricName) {
        return daily(metricName, ZoneOffset.UTC);
    }

    /**
     * A metric per day in a zone and per source.
     *
     * @param metricName the metric's name
     * @param zone the zone whose days the windows are counted in
     * @return one value per day and source, by day, then source
     */
    public List<DailyAttribution> daily(String metricName, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        Map<LocalDate, Map<String, Double>> sums = new TreeMap<>();
        for (AttributionRow r : rows(metricName)) {
            LocalDate day = r.timestamp().atZone(zone).toLocalDate();
            sums.computeIfAbsent(day, d -> new TreeMap<>()).merge(r.eventAttributionSource(), r.value(), Double::sum);
        }
        List<DailyAttribution> out = new ArrayList<>();
        sums.forEach((day, bySource) ->
                bySource.forEach((source, value) -> out.add(new DailyAttribution(day, metricName, source, value))));
        return Collections.unmodifiableList(out);
    }

    /**
     * A metric per UTC day, counting only events attributed to a campaign or recommender ({@link
     * AttributionRow#fromRecommendations()}): "clicks attributed to recommendations per day".
     *
     * @param metricName the metric's name
     * @return the sum per day, days without such events left out
     */
    public SortedMap<LocalDate, Double> dailyFromRecommendations(String metricName) {
        SortedMap<LocalDate, Double> out = new TreeMap<>();
        for (DailyAttribution d : daily(metricName)) {
            if (d.fromRecommendations()) {
                out.merge(d.day(), d.value(), Double::sum);
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /**
     * A metric's total per source.
     *
     * @param metricName the metric's name
     * @return the sum per source, largest first
     */
    public Map<String, Double> totalsBySource(String metricName) {
        Map<String, Double> sums = new TreeMap<>();
        for (AttributionRow r : rows(metricName)) {
            sums.merge(r.eventAttributionSource(), r.value(), Double::sum);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        sums.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttributionReport r && reports.equals(r.reports) && rows.equals(r.rows);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reports, rows);
    }

    @Override
    public String toString() {
        return "AttributionReport{reports=" + reports.size() + ", rows=" + rows.size() + "}";
    }
}
