package io.personalizekit.benchmarks.local;

import io.personalizekit.local.PersonalizeLocal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * What {@code --fsync} ({@code fsyncEachWrite}) costs: the latency of a journaled (mutating) request, TagResource
 * through the real SDK client on loopback, with a data directory, without and with a device flush per record, one
 * client thread. The figures depend on the disk (and on whether its cache is honest about flushes) far more than on
 * the emulator.
 *
 * <p>After one unmeasured warm-up run of each mode (JIT), the two modes take turns, round by round (without, with,
 * with, without, ...: each mode runs first as often as the other), each in a fresh emulator and data directory on
 * the same disk; the table gives the medians of the rounds and the median of the per-round ratios.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.personalizekit.benchmarks.local.JournalFsyncBenchmark
 * [requests] [dir] [rounds]} (defaults 2000, a temporary directory under {@code java.io.tmpdir}, 4; pass a directory
 * on the disk you care about, as {@code /tmp} may be memory).
 */
public final class JournalFsyncBenchmark {
    private JournalFsyncBenchmark() {}

    /**
     * Measures both modes and prints one line each.
     *
     * @param args requests, directory
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path base = args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir"));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        // [mode][round] = {req/s, p50 ms, p99 ms}; mode 0 without fsync, 1 with
        double[][][] figures = new double[2][rounds][];
        System.out.println("warm-up (not counted):");
        for (int mode = 0; mode < 2; mode++) {
            runIn(base, mode == 1, requests);
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int mode = (k + r) % 2;
                figures[mode][r] = runIn(base, mode == 1, requests);
            }
        }
        String[] measures = {"journaled requests/s", "p50 ms", "p99 ms"};
        System.out.printf(
                Locale.ROOT,
                "%nTagResource, 1 SDK thread, %d requests per run, %d rounds in %s: medians (ratio: median of the"
                        + " per-round ratios)%n%n| measure | without fsync | with fsync (--fsync) | with / without |%n"
                        + "|---|---|---|---|%n",
                requests,
                rounds,
                base);
        for (int m = 0; m < measures.length; m++) {
            double[] without = new double[rounds];
            double[] with = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                without[r] = figures[0][r][m];
                with[r] = figures[1][r][m];
                ratio[r] = with[r] / without[r];
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,.3f | %,.3f | %.2fx |%n",
                    measures[m],
                    LocalEmulatorBenchmark.median(without),
                    LocalEmulatorBenchmark.median(with),
                    LocalEmulatorBenchmark.median(ratio));
        }
    }

    /** One run in a fresh emulator and a fresh directory under {@code base}, deleted after. */
    private static double[] runIn(Path base, boolean fsync, int requests) throws java.io.IOException {
        Path dir = Files.createTempDirectory(base, "journal-fsync-");
        try {
            return run(dir, fsync, requests);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One run in a fresh emulator: prints a line, returns requests/s, p50 and p99 in ms. */
    private static double[] run(Path dir, boolean fsync, int requests) {
        try (PersonalizeLocal local = PersonalizeLocal.builder()
                .timeScale(0)
                .dataDir(dir)
                .fsyncEachWrite(fsync)
                .build()
                .start()) {
            PersonalizeClient p = local.personalizeClient();
            String arn = p.createDatasetGroup(r -> r.name("fsync-bench")).datasetGroupArn();
            for (int i = 0; i < 200; i++) { // warm-up
                int n = i;
                p.tagResource(r ->
                        r.resourceArn(arn).tags(t -> t.tagKey("k" + (n % 40)).tagValue("v" + n)));
            }
            long[] nanos = new long[requests];
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                int n = i;
                long t0 = System.nanoTime();
                p.tagResource(r ->
                        r.resourceArn(arn).tags(t -> t.tagKey("k" + (n % 40)).tagValue("v" + n)));
                nanos[i] = System.nanoTime() - t0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(nanos);
            System.out.printf(
                    Locale.ROOT,
                    "fsync=%-5s %6d journaled requests: %8.0f req/s, p50 %7.3f ms, p99 %7.3f ms, max %7.3f ms%n",
                    fsync,
                    requests,
                    requests / seconds,
                    nanos[requests / 2] / 1e6,
                    nanos[(int) (requests * 0.99)] / 1e6,
                    nanos[requests - 1] / 1e6);
            return new double[] {requests / seconds, nanos[requests / 2] / 1e6, nanos[(int) (requests * 0.99)] / 1e6};
        }
    }
}
