package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.personalizekit.local.internal.DataService.S3Location;
import io.personalizekit.local.internal.data.CsvRows;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.FieldType;
import io.personalizekit.schema.SchemaField;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What metric attributions measure: for each metric (an event type and {@code SUM(Interactions.COLUMN)},
 * {@code SUM(Items.COLUMN)} or {@code SAMPLECOUNT()}), the events of that type, aggregated per source and
 * 15-minute window as the service does. The source is the event's {@code eventAttributionSource} (imported:
 * {@code EVENT_ATTRIBUTION_SOURCE}) when it has one, else the campaign or recommender its {@code recommendationId}
 * came from (see {@link RecommendationIds}), else {@code SOURCE_NAME_UNDEFINED}.
 *
 * <p>Where the service sends the figures: PutEvents and INCREMENTAL imports go to CloudWatch, which
 * personalize-local has not; their totals are kept per metric attribution ({@link #totals}) and read through
 * {@code PersonalizeLocal#attributionMetrics}. Every interactions import (FULL or INCREMENTAL) with
 * {@code publishAttributionMetricsToS3} writes a report of that import's records to the metric attribution's S3 path
 * ({@link #importReport}). As in the service, only events recorded while the metric attribution is ACTIVE, and
 * imports created after it, are counted. Thread-safe.
 */
final class AttributionMetrics {
    /** The service's source label for events that carry none. */
    static final String UNDEFINED = "SOURCE_NAME_UNDEFINED";
    /** The report's header, as the service's reports have it. */
    static final String REPORT_HEADER = "METRIC_NAME,EVENT_TYPE,VALUE,MATH_FUNCTION,EVENT_ATTRIBUTION_SOURCE,TIMESTAMP";

    private static final long WINDOW_SECONDS = 15 * 60;
    private static final Pattern SUM = Pattern.compile(
            "\\s*SUM\\s*\\(\\s*(Interactions|Items)\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SAMPLECOUNT =
            Pattern.compile("\\s*SAMPLECOUNT\\s*\\(\\s*\\)\\s*", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter REPORT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * One metric of a metric attribution.
     *
     * @param name the metric's name
     * @param eventType the event type it counts
     * @param sum true for {@code SUM(...)}, false for {@code SAMPLECOUNT()}
     * @param dataset for SUM: {@code INTERACTIONS} or {@code ITEMS}
     * @param column for SUM: the column summed (the schema's spelling)
     */
    record Metric(
            String name,
            String eventType,
            boolean sum,
            @Nullable DatasetType dataset,
            @Nullable String column) {
        /** @return the report's {@code MATH_FUNCTION}: {@code sum} or {@code samplecount} */
        String function() {
            return sum ? "sum" : "samplecount";
        }
    }

    /**
     * One aggregated figure.
     *
     * @param metricName the metric's name
     * @param eventType its event type
     * @param function {@code sum} or {@code samplecount}
     * @param source the event attribution source
     * @param windowStart the start of the 15-minute window, epoch seconds
     * @param value the sum or count
     */
    record Row(String metricName, String eventType, String function, String source, long windowStart, double value) {}

    private record Key(String metricName, String eventType, String function, String source, long windowStart) {}

    /** The running totals of one metric attribution (its "CloudWatch"), kept as the metric attribution's payload. */
    static final class Totals {
        private final Map<Key, double[]> values = new ConcurrentHashMap<>();

        void add(Metric m, String source, long timestamp, double value) {
            Key k = new Key(m.name(), m.eventType(), m.function(), source, window(timestamp));
            double[] cell = values.computeIfAbsent(k, x -> new double[1]);
            synchronized (cell) {
                cell[0] += value;
            }
        }

        List<Row> rows() {
            List<Row> out = new ArrayList<>();
            values.forEach((k, v) -> {
                synchronized (v) {
                    out.add(new Row(k.metricName(), k.eventType(), k.function(), k.source(), k.windowStart(), v[0]));
                }
            });
            out.sort(ROW_ORDER);
            return out;
        }
    }

    private static final Comparator<Row> ROW_ORDER =
            Comparator.comparing(Row::metricName).thenComparing(Row::source).thenComparingLong(Row::windowStart);

    private final DataState state;

    AttributionMetrics(DataState state) {
        this.state = state;
    }

    // --------------------------------------------------------------------------------------------- metrics

    /**
     * Parses and checks one metric of a CreateMetricAttribution or UpdateMetricAttribution request against the
     * dataset group's schemas.
     *
     * @param interactionsSchema the schema of the group's interactions dataset
     * @param itemsSchema the schema of the group's items dataset, or null when it has none
     * @throws ApiException (InvalidInput) naming the metric and what is wrong
     */
    static Metric parse(
            String metricName,
            String eventType,
            String expression,
            DatasetSchema interactionsSchema,
            @Nullable DatasetSchema itemsSchema) {
        if (SAMPLECOUNT.matcher(expression).matches()) {
            return new Metric(metricName, eventType, false, null, null);
        }
        Matcher m = SUM.matcher(expression);
        if (!m.matches()) {
            throw ApiException.invalidInput("Invalid expression " + expression + " for metric " + metricName
                    + ". Use SUM(Interactions.COLUMN_NAME), SUM(Items.COLUMN_NAME) or SAMPLECOUNT().");
        }
        boolean items = m.group(1).equalsIgnoreCase("Items");
        DatasetSchema schema = items ? itemsSchema : interactionsSchema;
        String label = items ? "Items" : "Item interactions";
        if (schema == null) {
            throw ApiException.invalidInput("Invalid expression " + expression + " for metric " + metricName
                    + ": the dataset group has no " + label + " dataset.");
        }
        SchemaField field = schema.fields().stream()
                .filter(f -> f.name().equalsIgnoreCase(m.group(2)))
                .findFirst()
                .orElseThrow(() -> ApiException.invalidInput("Invalid expression " + expression + " for metric "
                        + metricName + ": the " + label + " dataset's schema has no column " + m.group(2) + "."));
        if (!isNumeric(field.type())) {
            throw ApiException.invalidInput("Invalid expression " + expression + " for metric " + metricName
                    + ": SUM() applies only to numeric columns, and " + field.name() + " is " + field.type()
                    + ".");
        }
        return new Metric(
                metricName, eventType, true, items ? DatasetType.ITEMS : DatasetType.INTERACTIONS, field.name());
    }

    private static boolean isNumeric(FieldType type) {
        return type == FieldType.INT || type == FieldType.LONG || type == FieldType.FLOAT || type == FieldType.DOUBLE;
    }

    /**
     * A metric attribution's data-plane side, kept as its payload: its metrics as parsed (the request's list is what
     * ListMetricAttributionMetrics returns) and its running totals.
     */
    static final class Metrics {
        private volatile List<Metric> metrics;
        private volatile ArrayNode requested;
        final Totals totals = new Totals();

        Metrics(List<Metric> metrics, ArrayNode requested) {
            this.metrics = List.copyOf(metrics);
            this.requested = requested;
        }

        List<Metric> metrics() {
            return metrics;
        }

        /** The metrics as requested ({@code eventType}, {@code metricName}, {@code expression}), a copy. */
        ArrayNode requested() {
            return requested.deepCopy();
        }

        synchronized void replace(List<Metric> parsed, ArrayNode asRequested) {
            this.metrics = List.copyOf(parsed);
            this.requested = asRequested;
        }
    }

    /** The metrics of a metric attribution resource (set by its Create call). */
    static Metrics of(Resource attribution) {
        return (Metrics) java.util.Objects.requireNonNull(attribution.payload, "metric attribution payload");
    }

    /** The dataset group's metric attribution, when it has one that is not being deleted. */
    private Optional<Resource> attributionOf(String groupArn) {
        return state.cp().children(Kind.METRIC_ATTRIBUTION, "datasetGroupArn", groupArn).stream()
                .filter(r -> !r.isDeleting())
                .findFirst();
    }

    // ---------------------------------------------------------------------------------------------- events

    /** What one recorded event contributes: its type, time, item, source and column values. */
    record Event(
            String eventType,
            long timestamp,
            @Nullable String itemId,
            @Nullable String recommendationId,
            @Nullable String attributionSource,
            Function<String, @Nullable String> interactionValue) {}

    /**
     * Adds PutEvents events to the totals of the group's metric attribution, when it is ACTIVE.
     *
     * @param groupArn the event tracker's dataset group
     * @param events the events, in order
     */
    void recordEvents(String groupArn, List<Event> events) {
        Resource attribution =
                attributionOf(groupArn).filter(Resource::isActive).orElse(null);
        if (attribution == null) {
            return;
        }
        Metrics m = of(attribution);
        Totals totals = m.totals;
        Resource items = state.dataset(groupArn, DatasetType.ITEMS).orElse(null);
        List<Metric> metrics = m.metrics();
        for (Event e : events) {
            add(totals, metrics, e, items);
        }
    }

    private void add(Totals totals, List<Metric> metrics, Event e, @Nullable Resource items) {
        String source = null;
        for (Metric m : metrics) {
            if (!m.eventType().equals(e.eventType())) {
                continue;
            }
            Double value = value(m, e, items);
            if (value == null) {
                continue;
            }
            if (source == null) {
                source = source(e);
            }
            totals.add(m, source, e.timestamp(), value);
        }
    }

    private @Nullable Double value(Metric m, Event e, @Nullable Resource items) {
        if (!m.sum()) {
            return 1.0;
        }
        String column = m.column();
        String raw;
        if (m.dataset() == DatasetType.ITEMS) {
            Map<String, String> record = e.itemId() == null ? null : DataState.record(items, e.itemId());
            raw = record == null || column == null ? null : record.get(column);
        } else {
            raw = column == null ? null : e.interactionValue().apply(column);
        }
        if (raw == null) {
            return null;
        }
        try {
            return Double.parseDouble(raw.trim());
        } catch (NumberFormatException x) {
            return null;
        }
    }

    private String source(Event e) {
        if (e.attributionSource() != null && !e.attributionSource().isBlank()) {
            return e.attributionSource();
        }
        if (e.recommendationId() != null) {
            String arn = state.recommendationIds().source(e.recommendationId(), this::liveSources);
            if (arn != null) {
                return arn;
            }
        }
        return UNDEFINED;
    }

    private List<String> liveSources() {
        List<String> arns = new ArrayList<>();
        state.cp().all(Kind.CAMPAIGN).forEach(c -> arns.add(c.arn));
        state.cp().all(Kind.RECOMMENDER).forEach(r -> arns.add(r.arn));
        return arns;
    }

    // --------------------------------------------------------------------------------------------- imports

    /** A metric report to write to S3. */
    record Report(String bucket, String key, byte[] content) {}

    /**
     * What an interactions import contributes: its records go into the "CloudWatch" totals when it is INCREMENTAL,
     * and into an S3 report when the job asked for one and the metric attribution has an S3 path. Only a metric
     * attribution created before the job counts the import.
     *
     * @param job the import job
     * @param dataset its (interactions) dataset
     * @param files the imported CSV files
     * @param incremental whether the import is INCREMENTAL
     * @return the report to write, if any
     * @throws IllegalArgumentException when a file cannot be parsed (it was imported, so it can)
     */
    Optional<Report> importReport(Resource job, Resource dataset, List<byte[]> files, boolean incremental) {
        String groupArn = dataset.attr("datasetGroupArn");
        Resource attribution = attributionOf(groupArn)
                .filter(a -> a.lifecycle.failureReason() == null
                        && !a.lifecycle.created().isAfter(job.lifecycle.created()))
                .orElse(null);
        boolean publish = job.attrs.path("publishAttributionMetricsToS3").asBoolean(false);
        if (attribution == null || (!incremental && !publish)) {
            return Optional.empty();
        }
        List<Metric> metrics = of(attribution).metrics();
        Resource items = state.dataset(groupArn, DatasetType.ITEMS).orElse(null);
        Totals report = new Totals();
        Totals cloudWatch = incremental ? of(attribution).totals : null;
        for (int f = 0; f < files.size(); f++) {
            CsvRows.forEach(files.get(f), files.size() > 1 ? f + 1 : 0, row -> {
                String type = row.value("EVENT_TYPE");
                String ts = row.value("TIMESTAMP");
                if (type == null || ts == null) {
                    return;
                }
                Event e = new Event(
                        type,
                        parseTimestamp(ts),
                        row.value("ITEM_ID"),
                        row.value("RECOMMENDATION_ID"),
                        row.value("EVENT_ATTRIBUTION_SOURCE"),
                        row::value);
                add(report, metrics, e, items);
                if (cloudWatch != null) {
                    add(cloudWatch, metrics, e, items);
                }
            });
        }
        String path = attribution
                .attrs
                .path("metricsOutputConfig")
                .path("s3DataDestination")
                .path("path")
                .asText("");
        S3Location out = S3Location.parse(path);
        if (!publish || out == null) {
            return Optional.empty();
        }
        String prefix = out.key().isEmpty() || out.key().endsWith("/") ? out.key() : out.key() + "/";
        String key = prefix + "AggregatedAttributionMetrics-" + (incremental ? "INCREMENTAL" : "FULL") + "-"
                + REPORT_TIME.format(job.lifecycle.created()) + ".csv";
        return Optional.of(new Report(out.bucket(), key, render(report.rows())));
    }

    private static long parseTimestamp(String ts) {
        try {
            return (long) Math.floor(Double.parseDouble(ts.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A report in the service's CSV format. */
    static byte[] render(List<Row> rows) {
        StringBuilder b = new StringBuilder(REPORT_HEADER).append('\n');
        for (Row r : rows) {
            b.append(CsvRows.field(r.metricName()))
                    .append(',')
                    .append(CsvRows.field(r.eventType()))
                    .append(',')
                    .append(r.value())
                    .append(',')
                    .append(r.function())
                    .append(',')
                    .append(CsvRows.field(r.source()))
                    .append(',')
                    .append(r.windowStart())
                    .append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static long window(long timestamp) {
        return Math.floorDiv(timestamp, WINDOW_SECONDS) * WINDOW_SECONDS;
    }

    /** The totals of a metric attribution, or empty when there is none by that ARN. */
    Optional<List<Row>> totals(String attributionArn) {
        return state.cp()
                .find(Kind.METRIC_ATTRIBUTION, attributionArn)
                .map(a -> of(a).totals.rows());
    }
}
