package io.personalizekit.attribution;

import io.personalizekit.exception.DataJobException;
import io.personalizekit.internal.csv.CsvDialect;
import io.personalizekit.storage.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.MetricAttribution;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads the reports a metric attribution publishes to S3 into typed rows.
 *
 * <p>When a dataset import job of interactions is created with {@code publishAttributionMetricsToS3}, the service
 * writes one CSV file per import into the metric attribution's {@code metricsOutputConfig.s3DataDestination.path},
 * named {@code AggregatedAttributionMetrics - <import method> - <timestamp>.csv} (personalize-local: {@code
 * AggregatedAttributionMetrics-<FULL|INCREMENTAL>-<yyyyMMddTHHmmssZ>.csv}), with the columns {@code
 * METRIC_NAME,EVENT_TYPE,VALUE,MATH_FUNCTION,EVENT_ATTRIBUTION_SOURCE,TIMESTAMP}: one line per metric, source and
 * 15-minute window. The reader lists the objects directly and indirectly under the path whose file name starts with
 * {@code AggregatedAttributionMetrics} and ends with {@code .csv}, and reads them in key order. Columns are found by
 * their header name, so their order does not matter; a missing column, a line with another number of values, or a
 * value that is not a number fails with a {@link DataJobException} naming the file, the line and the value.
 *
 * <pre>{@code
 * AttributionReportReader reader = AttributionReportReader.builder()
 *         .s3Client(s3)
 *         .personalizeClient(personalize) // to read by metric attribution ARN
 *         .build();
 * AttributionReport report = reader.read(metricAttributionArn);
 * }</pre>
 *
 * <p>Thread-safe; the clients are borrowed and never closed.
 */
public final class AttributionReportReader {
    /** The start of every report's file name. */
    public static final String REPORT_PREFIX = "AggregatedAttributionMetrics";

    private static final String[] COLUMNS = {
        "METRIC_NAME", "EVENT_TYPE", "VALUE", "MATH_FUNCTION", "EVENT_ATTRIBUTION_SOURCE", "TIMESTAMP"
    };

    private final S3Client s3;
    private final @Nullable PersonalizeClient personalize;

    private AttributionReportReader(Builder b) {
        this.s3 = Objects.requireNonNull(b.s3, "s3Client");
        this.personalize = b.personalize;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the reports of a metric attribution: {@code DescribeMetricAttribution} gives the S3 path, then {@link
     * #read(S3Location)}.
     *
     * @param metricAttributionArn the metric attribution's ARN
     * @return the reports' lines
     * @throws IllegalStateException when the reader was built without a Personalize client
     * @throws DataJobException when the metric attribution has no S3 path, or a report cannot be listed, read or
     *     parsed
     */
    public AttributionReport read(String metricAttributionArn) {
        Objects.requireNonNull(metricAttributionArn, "metricAttributionArn");
        if (personalize == null) {
            throw new IllegalStateException(
                    "read(metricAttributionArn) needs personalizeClient(..) on the builder; or read(S3Location)");
        }
        MetricAttribution attribution = personalize
                .describeMetricAttribution(b -> b.metricAttributionArn(metricAttributionArn))
                .metricAttribution();
        String path = attribution.metricsOutputConfig() == null
                        || attribution.metricsOutputConfig().s3DataDestination() == null
                ? null
                : attribution.metricsOutputConfig().s3DataDestination().path();
        if (path == null || path.isEmpty()) {
            throw new DataJobException(
                    metricAttributionArn,
                    0,
                    "Metric attribution " + metricAttributionArn + " has no metricsOutputConfig.s3DataDestination"
                            + ".path, so it publishes no reports to S3 (its figures are in CloudWatch)",
                    null);
        }
        return read(S3Location.parse(path));
    }

    /**
     * Reads every report under a folder.
     *
     * @param folder the metric attribution's S3 path
     * @return the reports' lines; empty when no report was written yet
     * @throws DataJobException when the folder cannot be listed, or a report cannot be read or parsed
     */
    public AttributionReport read(S3Location folder) {
        Objects.requireNonNull(folder, "folder");
        S3Location prefix = folder.asPrefix();
        List<S3Location> files = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(
                            b -> b.bucket(prefix.bucket()).prefix(prefix.key().isEmpty() ? null : prefix.key()))
                    .contents()) {
                S3Location file = S3Location.of(prefix.bucket(), o.key());
                if (file.fileName().startsWith(REPORT_PREFIX) && file.fileName().endsWith(".csv")) {
                    files.add(file);
                }
            }
        } catch (SdkException e) {
            throw new DataJobException(
                    prefix.uri(),
                    0,
                    "The reports' folder " + prefix.uri() + " could not be listed: " + e.getMessage(),
                    e);
        }
        files.sort(Comparator.comparing(S3Location::key));
        List<AttributionRow> rows = new ArrayList<>();
        for (S3Location file : files) {
            rows.addAll(readFile(file));
        }
        return new AttributionReport(files, rows);
    }

    /**
     * Reads one report file.
     *
     * @param file the report
     * @return its lines, in file order
     * @throws DataJobException when the file cannot be read or parsed
     */
    public List<AttributionRow> readFile(S3Location file) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = s3.getObject(b -> b.bucket(file.bucket()).key(file.key()))) {
            return parse(in, file);
        } catch (IOException | SdkException e) {
            throw new DataJobException(
                    file.uri(), 0, "The report " + file.uri() + " could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a report.
     *
     * @param in the report's bytes, UTF-8
     * @param file where it is from, for the rows and the messages
     * @return its lines
     * @throws IOException when reading fails
     * @throws DataJobException when the content is not a report
     */
    static List<AttributionRow> parse(InputStream in, S3Location file) throws IOException {
        CsvDialect.Tokenizer csv = new CsvDialect.Tokenizer(in, 8192, 4096);
        List<AttributionRow> rows = new ArrayList<>();
        try {
            if (!csv.next()) {
                return rows;
            }
            String[] header = csv.values().clone();
            int[] at = new int[COLUMNS.length];
            for (int c = 0; c < COLUMNS.length; c++) {
                at[c] = -1;
                for (int h = 0; h < header.length; h++) {
                    if (header[h].trim().replace("\uFEFF", "").equalsIgnoreCase(COLUMNS[c])) {
                        at[c] = h;
                    }
                }
                if (at[c] < 0) {
                    throw new DataJobException(
                            file.uri(),
                            1,
                            file.uri() + " line 1: the header lacks the column " + COLUMNS[c] + "; it is "
                                    + String.join(",", header) + ", a metric attribution report has "
                                    + String.join(",", COLUMNS),
                            null);
                }
            }
            while (csv.next()) {
                long line = csv.recordLine();
                String[] v = csv.values();
                if (v.length == 1 && v[0].isEmpty()) {
                    continue;
                }
                if (v.length != header.length) {
                    throw new DataJobException(
                            file.uri(),
                            line,
                            file.uri() + " line " + line + ": " + v.length + " values, but the header has "
                                    + header.length,
                            null);
                }
                rows.add(new AttributionRow(
                        v[at[0]],
                        v[at[1]],
                        number(v[at[2]], "VALUE", file, line),
                        v[at[3]],
                        v[at[4]],
                        Instant.ofEpochSecond((long) Math.floor(number(v[at[5]], "TIMESTAMP", file, line))),
                        file,
                        line));
            }
        } catch (CsvDialect.MalformedException | CsvDialect.EncodingException e) {
            throw new DataJobException(file.uri(), 0, file.uri() + ": " + e.getMessage(), e);
        }
        return rows;
    }

    private static double number(String value, String column, S3Location file, long line) {
        try {
            double d = Double.parseDouble(value.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataJobException(
                file.uri(),
                line,
                file.uri() + " line " + line + ", column " + column + ": '" + value + "' is not a finite number",
                null);
    }

    /** Builder of {@link AttributionReportReader}; not thread-safe. */
    public static final class Builder {
        private @Nullable S3Client s3;
        private @Nullable PersonalizeClient personalize;

        private Builder() {}

        /**
         * Sets the S3 client the reports are read with (required). It is borrowed: the reader never closes it.
         *
         * @param s3Client the client
         * @return this builder
         */
        public Builder s3Client(S3Client s3Client) {
            this.s3 = Objects.requireNonNull(s3Client, "s3Client");
            return this;
        }

        /**
         * Sets the control-plane client that {@link #read(String)} describes the metric attribution with. It is
         * borrowed: the reader never closes it.
         *
         * @param personalizeClient the client
         * @return this builder
         */
        public Builder personalizeClient(PersonalizeClient personalizeClient) {
            this.personalize = Objects.requireNonNull(personalizeClient, "personalizeClient");
            return this;
        }

        /**
         * Builds the reader.
         *
         * @return the reader
         * @throws NullPointerException when the S3 client is missing
         */
        public AttributionReportReader build() {
            return new AttributionReportReader(this);
        }
    }
}
