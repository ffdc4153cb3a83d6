package io.personalizekit.benchmarks.csv;

import io.personalizekit.csv.DatasetCsvValidator;
import io.personalizekit.csv.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validates a 1,000,000-row interactions CSV (100,000 users, 10,000 items; about 30 MB in a temporary file, page
 * cache warm) with {@link DatasetCsvValidator}, which also computes the {@link io.personalizekit.csv.DatasetProfile}.
 * Score = rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m"})
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class ValidateBenchmark {
    static final int ROWS = 1_000_000;

    private Path file;
    private DatasetCsvValidator validator;

    /**
     * Generates the file.
     *
     * @throws IOException when the temporary file cannot be created
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        file = Files.createTempFile("pk-validate-bench-", ".csv");
        InteractionsFile.generate(file, ROWS, 100_000, 10_000, 7);
        validator =
                DatasetCsvValidator.builder().schema(InteractionsFile.SCHEMA).build();
    }

    /**
     * Deletes the file.
     *
     * @throws IOException when deleting fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    /**
     * Validates the file and profiles it.
     *
     * @return the report
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public ValidationReport validate() {
        ValidationReport report = validator.validate(file);
        if (!report.valid() || report.profile().rows() != ROWS) {
            throw new IllegalStateException(report.toString());
        }
        return report;
    }
}
