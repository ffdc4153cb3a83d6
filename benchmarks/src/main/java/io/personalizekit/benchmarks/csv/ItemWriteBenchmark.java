package io.personalizekit.benchmarks.csv;

import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.personalizekit.csv.Item;
import io.personalizekit.csv.ItemCsvWriter;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.io.BufferedWriter;
import java.io.IOException;
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
 * Writes 1,000,000 item rows (ITEM_ID, LABELS with 1-3 labels, CREATION_TIMESTAMP) three ways, from the same
 * pre-built {@link Item} records, into the same sink (a {@link CountingWriter} that discards and counts chars, so
 * disk speed is not measured):
 *
 * <ul>
 *   <li>{@code itemCsvWriter}: personalize-kit's {@link ItemCsvWriter}, all checks on (required values, id length,
 *       categorical length and separators, newlines, millisecond and future timestamps, duplicate ITEM_IDs) and the
 *       profile;
 *   <li>{@code jacksonCsvGenerator}: Jackson's streaming {@link CsvGenerator}, no checks, with {@code
 *       STRICT_CHECK_FOR_QUOTING} and backslash escapes; labels joined with {@link String#join};
 *   <li>{@code commonsCsvPrinter}: commons-csv {@link CSVPrinter} (minimal quoting, backslash escape) through a
 *       64 KiB {@link BufferedWriter}, no checks; labels joined with {@link String#join}.
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

    private DatasetSchema schema;
    private List<Item> items;
    private CsvFactory csvFactory;
    private CsvSchema jacksonSchema;
    private CSVFormat commonsFormat;

    /** Builds the schema and the one million items. */
    @Setup
    public void setUp() {
        schema = SchemaBuilder.forType(DatasetType.ITEMS)
                .stringField("ITEM_ID")
                .stringField("LABELS", f -> f.categorical().nullable())
                .longField("CREATION_TIMESTAMP")
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
            items.add(Item.builder()
                    .itemId("article-" + i)
                    .putMetadata("LABELS", List.copyOf(labels))
                    .creationTime(Instant.ofEpochSecond(base + rnd.nextInt(100_000_000)))
                    .build());
        }
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
    }

    @SuppressWarnings("unchecked")
    private static List<String> labels(Item item) {
        return (List<String>) item.metadata().get("LABELS");
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
        try (ItemCsvWriter w =
                ItemCsvWriter.builder().schema(schema).writer(sink).build()) {
            for (Item item : items) {
                w.write(item);
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
        try (ItemCsvWriter w = ItemCsvWriter.builder()
                .schema(schema)
                .writer(sink)
                .checkDuplicateIds(false)
                .build()) {
            for (Item item : items) {
                w.write(item);
            }
            w.commit();
        }
        return sink.chars;
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
            for (Item item : items) {
                g.writeStartArray();
                g.writeString(item.itemId());
                g.writeString(String.join("|", labels(item)));
                g.writeNumber(item.creationTime().orElseThrow().getEpochSecond());
                g.writeEndArray();
            }
        }
        return sink.chars;
    }

    /**
     * commons-csv CSVPrinter, no checks.
     *
     * @return characters written
     * @throws IOException never (the sink does not fail)
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long commonsCsvPrinter() throws IOException {
        CountingWriter sink = new CountingWriter();
        try (CSVPrinter p = new CSVPrinter(new BufferedWriter(sink, 1 << 16), commonsFormat)) {
            for (Item item : items) {
                p.printRecord(
                        item.itemId(),
                        String.join("|", labels(item)),
                        item.creationTime().orElseThrow().getEpochSecond());
            }
        }
        return sink.chars;
    }
}
