package io.personalizekit.benchmarks.csv;

import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.personalizekit.csv.ItemCsvWriter;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writes 1,000,000 item rows (ITEM_ID, LABELS with 1-3 labels, CREATION_TIMESTAMP) five ways, from the same
 * pre-built records of the caller's own type ({@link Article}), into the same sink: a bare {@link CountingWriter} that
 * discards and counts chars (no disk, and no variant gets an extra buffer: each buffers the way it does by itself).
 *
 * <ul>
 *   <li>{@code itemCsvWriter}: personalize-kit's {@link ItemCsvWriter} through a {@link BoundSchema}, all checks on
 *       (required values, id length, categorical length and separators, newlines, millisecond and future
 *       timestamps, duplicate ITEM_IDs) and the profile;
 *   <li>{@code itemCsvWriterWithoutDuplicateCheck}: the same with {@code checkDuplicateIds(false)};
 *   <li>{@code jacksonCheckedCodec}: the same records, bound schema and checks (duplicates included, through the same
 *       {@code IdHashLog}), encoded by Jackson's {@link CsvGenerator} instead ({@link JacksonCheckedCsvWriter}): the
 *       library-based codec the issue asked to measure;
 *   <li>{@code jacksonCsvGenerator}: raw Jackson {@link CsvGenerator}, no checks, with {@code
 *       STRICT_CHECK_FOR_QUOTING} and backslash escapes; labels joined with {@link String#join};
 *   <li>{@code commonsCsvPrinter}: commons-csv {@link CSVPrinter} (minimal quoting, backslash escape), no checks;
 *       labels joined with {@link String#join}.
 * </ul>
 *
 * Score = rows per second (one operation = one row).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class ItemWriteBenchmark {
    static final int ROWS = 1_000_000;
    private static final String[] LABELS = {
        "SPORTS", "SCIENCE", "INTERNATIONAL", "ENTERTAINMENT", "LIFESTYLE", "COVID", "ECONOMICS", "POLITICS",
        "EDUCATION", "TECHNOLOGY", "USA", "GENERAL", "HEALTH", "TRAVEL", "FOOD", "CULTURE"
    };

    /**
     * The caller's own item type.
     *
     * @param id the ITEM_ID
     * @param labels the LABELS
     * @param created the CREATION_TIMESTAMP
     */
    public record Article(String id, List<String> labels, Instant created) {}

    private BoundSchema<Article> schema;
    private List<Article> items;
    private CsvFactory csvFactory;
    private CsvSchema jacksonSchema;
    private CSVFormat commonsFormat;
    private Clock clock;

    /** Builds the schema and the one million items. */
    @Setup
    public void setUp() {
        schema = SchemaBuilder.forType(DatasetType.ITEMS)
                .bind(Article.class)
                .stringField("ITEM_ID", Article::id)
                .categoricalField("LABELS", Article::labels, f -> f.nullable())
                .timestampField("CREATION_TIMESTAMP", Article::created)
                .build();
        Random rnd = new Random(42);
        items = new ArrayList<>(ROWS);
        long base = 1_570_000_000L;
        for (int i = 0; i < ROWS; i++) {
            int n = 1 + rnd.nextInt(3);
            List<String> labels = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                labels.add(LABELS[rnd.nextInt(LABELS.length)]);
            }
            items.add(new Article(
                    "article-" + i, List.copyOf(labels), Instant.ofEpochSecond(base + rnd.nextInt(100_000_000))));
        }
        clock = Clock.systemUTC();
        csvFactory = new CsvFactory();
        jacksonSchema = CsvSchema.builder()
                .addColumn("ITEM_ID")
                .addColumn("LABELS")
                .addColumn("CREATION_TIMESTAMP", CsvSchema.ColumnType.NUMBER)
                .setUseHeader(true)
                .setEscapeChar('\\')
                .setLineSeparator("\n")
                .build();
        commonsFormat = CSVFormat.DEFAULT
                .builder()
                .setHeader("ITEM_ID", "LABELS", "CREATION_TIMESTAMP")
                .setEscape('\\')
                .setQuoteMode(QuoteMode.MINIMAL)
                .setRecordSeparator("\n")
                .get();
        checkSameOutput();
    }

    /** Every variant must write the same characters, or the comparison compares different work. */
    private void checkSameOutput() {
        List<Article> sample = items.subList(0, 10_000);
        StringWriter ours = new StringWriter();
        try (ItemCsvWriter<Article> w =
                ItemCsvWriter.builder(schema).writer(ours).build()) {
            w.writeAll(sample);
            w.commit();
        }
        StringWriter jackson = new StringWriter();
        JacksonCheckedCsvWriter<Article> j = new JacksonCheckedCsvWriter<>(schema, csvFactory, jackson, clock);
        sample.forEach(j::write);
        j.commit();
        StringWriter raw = new StringWriter();
        StringWriter commons = new StringWriter();
        try (CsvGenerator g = csvFactory.createGenerator(raw);
                CSVPrinter p = new CSVPrinter(commons, commonsFormat)) {
            g.setSchema(jacksonSchema);
            g.enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
            g.enable(CsvGenerator.Feature.ESCAPE_QUOTE_CHAR_WITH_ESCAPE_CHAR);
            for (Article a : sample) {
                g.writeStartArray();
                g.writeString(a.id());
                g.writeString(String.join("|", a.labels()));
                g.writeNumber(a.created().getEpochSecond());
                g.writeEndArray();
                p.printRecord(a.id(), String.join("|", a.labels()), a.created().getEpochSecond());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (StringWriter other : List.of(jackson, raw, commons)) {
            if (!other.toString().equals(ours.toString())) {
                throw new IllegalStateException("the variants do not write the same CSV");
            }
        }
    }

    /**
     * personalize-kit's ItemCsvWriter with every check on.
     *
     * @return characters written
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long itemCsvWriter() {
        CountingWriter sink = new CountingWriter();
        try (ItemCsvWriter<Article> w =
                ItemCsvWriter.builder(schema).writer(sink).build()) {
            for (Article a : items) {
                w.write(a);
            }
            w.commit();
        }
        return sink.chars;
    }

    /**
     * personalize-kit's ItemCsvWriter with every check on except duplicate ITEM_ID detection (for comparison only).
     *
     * @return characters written
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long itemCsvWriterWithoutDuplicateCheck() {
        CountingWriter sink = new CountingWriter();
        try (ItemCsvWriter<Article> w = ItemCsvWriter.builder(schema)
                .writer(sink)
                .checkDuplicateIds(false)
                .build()) {
            for (Article a : items) {
                w.write(a);
            }
            w.commit();
        }
        return sink.chars;
    }

    /**
     * The same records and checks, duplicates included, encoded by Jackson's CsvGenerator.
     *
     * @return characters written
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long jacksonCheckedCodec() {
        CountingWriter sink = new CountingWriter();
        JacksonCheckedCsvWriter<Article> w = new JacksonCheckedCsvWriter<>(schema, csvFactory, sink, clock);
        for (Article a : items) {
            w.write(a);
        }
        w.commit();
        return sink.chars + w.timeRange();
    }

    /**
     * Jackson's CsvGenerator, no checks.
     *
     * @return characters written
     * @throws IOException never (the sink does not fail)
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long jacksonCsvGenerator() throws IOException {
        CountingWriter sink = new CountingWriter();
        try (CsvGenerator g = csvFactory.createGenerator(sink)) {
            g.setSchema(jacksonSchema);
            g.enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
            g.enable(CsvGenerator.Feature.ESCAPE_QUOTE_CHAR_WITH_ESCAPE_CHAR);
            for (Article a : items) {
                g.writeStartArray();
                g.writeString(a.id());
                g.writeString(String.join("|", a.labels()));
                g.writeNumber(a.created().getEpochSecond());
                g.writeEndArray();
            }
        }
        return sink.chars;
    }

    /**
     * commons-csv CSVPrinter, no checks, into the same bare sink.
     *
     * @return characters written
     * @throws IOException never (the sink does not fail)
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long commonsCsvPrinter() throws IOException {
        CountingWriter sink = new CountingWriter();
        try (CSVPrinter p = new CSVPrinter(sink, commonsFormat)) {
            for (Article a : items) {
                p.printRecord(a.id(), String.join("|", a.labels()), a.created().getEpochSecond());
            }
        }
        return sink.chars;
    }
}
