package io.personalizekit.benchmarks.csv;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * {@link ItemWriteBenchmark}'s variants, interleaved round by round, timed by the CPU time of the writing thread
 * as well as by the wall clock. On a machine shared with other work the wall clock measures the share of the CPU the
 * process got; the thread's CPU time measures the work, so the ratios between variants stay readable (cache and
 * memory-bandwidth contention still leak in). It does not replace the JMH run on an idle machine, which is the
 * figure of record; it shows the direction while the machine is busy. Garbage collection runs in other threads and
 * is not counted, which favours the variants that allocate (the raw Jackson and commons-csv ones join the labels
 * into a new string per row).
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar io.personalizekit.benchmarks.csv.ItemWriteCpuMain [rounds]
 * </pre>
 */
public final class ItemWriteCpuMain {
    private ItemWriteCpuMain() {}

    /**
     * Runs the comparison.
     *
     * @param args optional: the number of measured rounds (default 7), after 3 warm-up rounds
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        ItemWriteBenchmark b = new ItemWriteBenchmark();
        b.setUp();
        Map<String, ToLongFunction<ItemWriteBenchmark>> variants = new LinkedHashMap<>();
        variants.put("itemCsvWriter", ItemWriteBenchmark::itemCsvWriter);
        variants.put("itemCsvWriterWithoutDuplicateCheck", ItemWriteBenchmark::itemCsvWriterWithoutDuplicateCheck);
        variants.put("jacksonCheckedCodec", ItemWriteBenchmark::jacksonCheckedCodec);
        variants.put("jacksonCsvGenerator", x -> {
            try {
                return x.jacksonCsvGenerator();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        variants.put("commonsCsvPrinter", x -> {
            try {
                return x.commonsCsvPrinter();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<Double>> wall = new LinkedHashMap<>();
        variants.keySet().forEach(k -> {
            cpu.put(k, new ArrayList<>());
            wall.put(k, new ArrayList<>());
        });
        long sink = 0;
        for (int round = 0; round < 3 + rounds; round++) {
            List<String> order = new ArrayList<>(variants.keySet());
            java.util.Collections.rotate(order, round); // a different variant goes first each round
            for (String name : order) {
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                sink += variants.get(name).applyAsLong(b);
                long w1 = System.nanoTime();
                long c1 = mx.getCurrentThreadCpuTime();
                if (round >= 3) {
                    cpu.get(name).add(ItemWriteBenchmark.ROWS / ((c1 - c0) / 1e9));
                    wall.get(name).add(ItemWriteBenchmark.ROWS / ((w1 - w0) / 1e9));
                }
            }
        }
        double jackson = median(cpu.get("jacksonCsvGenerator"));
        double jacksonWall = median(wall.get("jacksonCsvGenerator"));
        System.out.printf(
                Locale.ROOT,
                "%-36s %16s %9s %16s %9s%n",
                "variant (median of " + rounds + " rounds)",
                "rows/CPU-second",
                "vs Jackson",
                "rows/s (wall)",
                "vs Jackson");
        for (String name : variants.keySet()) {
            double c = median(cpu.get(name));
            double w = median(wall.get(name));
            System.out.printf(
                    Locale.ROOT, "%-36s %,16.0f %8.2fx %,16.0f %8.2fx%n", name, c, c / jackson, w, w / jacksonWall);
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
