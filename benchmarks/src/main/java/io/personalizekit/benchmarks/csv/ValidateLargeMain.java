package io.personalizekit.benchmarks.csv;

import io.personalizekit.csv.DatasetCsvValidator;
import io.personalizekit.csv.DatasetProfile;
import io.personalizekit.csv.ValidationReport;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Generates an interactions CSV (default 10,000,000 rows over 1,000,000 users and 100,000 items) in the temporary
 * directory with {@link io.personalizekit.csv.DatasetCsvWriter}, validates it with {@link DatasetCsvValidator},
 * prints rows/s and heap figures, and deletes the file. Meant to run under a small heap:
 *
 * <pre>
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar io.personalizekit.benchmarks.csv.ValidateLargeMain [rows users items]
 * </pre>
 */
public final class ValidateLargeMain {
    private ValidateLargeMain() {}

    /**
     * Runs the benchmark.
     *
     * @param args optional: rows, users, items
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int items = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        Path file = Files.createTempFile("pk-validate-large-", ".csv");
        try {
            long t0 = System.nanoTime();
            DatasetProfile written = InteractionsFile.generate(file, rows, users, items, 11);
            long t1 = System.nanoTime();
            long peakAfterWrite = peakHeap();
            resetPeaks();
            System.out.printf(
                    Locale.ROOT,
                    "wrote    %,d rows (%,d MB) in %.1f s = %,.0f rows/s; peak heap %,d MB%n",
                    rows,
                    Files.size(file) >> 20,
                    (t1 - t0) / 1e9,
                    rows / ((t1 - t0) / 1e9),
                    peakAfterWrite >> 20);
            long t2 = System.nanoTime();
            long c2 = threadCpu();
            long p2 = processCpu();
            ValidationReport report = DatasetCsvValidator.builder()
                    .schema(InteractionsFile.SCHEMA)
                    .build()
                    .validate(file);
            long t3 = System.nanoTime();
            long c3 = threadCpu();
            long p3 = processCpu();
            DatasetProfile p = report.profile();
            System.out.printf(
                    Locale.ROOT,
                    "validated %,d rows in %.1f s = %,.0f rows/s; errors %d; peak heap %,d MB; -Xmx %,d MB%n",
                    report.records(),
                    (t3 - t2) / 1e9,
                    report.records() / ((t3 - t2) / 1e9),
                    report.errorCount(),
                    peakHeap() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf(
                    Locale.ROOT,
                    "validation CPU: thread %.1f s = %,.0f rows per CPU-second; whole process (GC, JIT) %.1f s%n",
                    (c3 - c2) / 1e9,
                    report.records() / ((c3 - c2) / 1e9),
                    (p3 - p2) / 1e9);
            System.out.printf(
                    Locale.ROOT,
                    "profile: rows %,d, users %,d, items %,d, users with >= 2 interactions %,d (%.1f %%), %s .. %s"
                            + "; writer's profile equal: %s%n",
                    p.rows(),
                    p.uniqueUsers(),
                    p.uniqueItems(),
                    p.usersWithAtLeastTwoInteractions(),
                    p.shareOfUsersWithAtLeastTwoInteractions() * 100,
                    p.earliest().orElse(null),
                    p.latest().orElse(null),
                    p.equals(written));
            if (!report.valid()) {
                throw new IllegalStateException(report.toString());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long threadCpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long processCpu() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime()
                : -1;
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }
}
