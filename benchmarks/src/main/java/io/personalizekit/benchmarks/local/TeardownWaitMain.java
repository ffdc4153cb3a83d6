package io.personalizekit.benchmarks.local;

import io.personalizekit.local.PersonalizeLocal;
import io.personalizekit.pipeline.FilterSpec;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.pipeline.StepOutcome;
import io.personalizekit.pipeline.Teardown;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.util.Comparator;
import java.util.Locale;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * How long a {@code Teardown} of a whole pipeline (campaign, solution, filter, event tracker, dataset, schema,
 * dataset group) takes against personalize-local: with the builder's default waiter (policies tuned for AWS) and
 * with the emulator's own {@code local.resourceWaiter()}, whose policies are scaled to its time scale. A main, not
 * JMH: each teardown is one long operation.
 *
 * <p>Each delete is checked once at once; only a delete still under way at that check waits a policy's first
 * delay (15 s for a campaign by default). At the default time scale a campaign's delete takes about a millisecond,
 * so whether the first check comes too early depends on the machine's speed: an idle, fast machine loses the race
 * more often than a loaded one. The optional time scale (for example {@code 0.001}: 120 ms for a campaign's
 * delete) makes every first check come too early.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.personalizekit.benchmarks.local.TeardownWaitMain [rounds [timeScale]]
 * }</pre>
 */
public final class TeardownWaitMain {
    private TeardownWaitMain() {}

    private static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();

    /**
     * Runs the comparison.
     *
     * @param args the number of rounds (default 3)
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        double timeScale = args.length > 1 ? Double.parseDouble(args[1]) : PersonalizeLocal.DEFAULT_TIME_SCALE;
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().timeScale(timeScale).build().start()) {
            System.out.printf(Locale.ROOT, "time scale %s%n", timeScale);
            local.s3Client().createBucket(b -> b.bucket("teardown-bench"));
            local.s3Client()
                    .putObject(b -> b.bucket("teardown-bench").key("interactions.csv"), RequestBody.fromString(csv()));
            System.out.printf(Locale.ROOT, "%-28s %5s %10s%n", "waiter", "round", "teardown");
            for (int round = 1; round <= rounds; round++) {
                for (boolean emulatorWaiter : new boolean[] {false, true}) {
                    String name = "bench-" + (emulatorWaiter ? "local" : "aws") + "-" + round;
                    PipelineSpec spec = spec(name);
                    try (PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                            .personalizeClient(local.personalizeClient())
                            .waiter(local.resourceWaiter())
                            .build()) {
                        pipeline.run(spec);
                    }
                    Teardown.Builder b = Teardown.builder().personalizeClient(local.personalizeClient());
                    if (emulatorWaiter) {
                        b.waiter(local.resourceWaiter());
                    }
                    long start = System.nanoTime();
                    PipelineResult deleted;
                    try (Teardown teardown = b.build()) {
                        deleted = teardown.run(spec);
                    }
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    StepOutcome slowest = deleted.steps().stream()
                            .max(Comparator.comparing(StepOutcome::duration))
                            .orElseThrow();
                    System.out.printf(
                            Locale.ROOT,
                            "%-28s %5d %7d ms  (%d steps; slowest: %s, %d ms)%n",
                            emulatorWaiter ? "local.resourceWaiter()" : "default (AWS policies)",
                            round,
                            ms,
                            deleted.steps().size(),
                            slowest.step(),
                            slowest.duration().toMillis());
                }
            }
        }
    }

    private static PipelineSpec spec(String name) {
        return PipelineSpec.builder()
                .datasetGroup(g -> g.name(name)
                        .addDataset(d -> d.schema(INTERACTIONS)
                                .addImport(i -> i.dataLocation("s3://teardown-bench/interactions.csv")
                                        .roleArn("arn:aws:iam::000000000000:role/Personalize"))))
                .solution(s -> s.name(name + "-similar").performAutoTraining(false))
                .campaign(c -> c.name(name + "-similar"))
                .addFilter(FilterSpec.of(name + "-filter", "EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN (\"x\")"))
                .eventTrackerName(name + "-events")
                .build();
    }

    /** 60 items in 3 clusters; 90 users who each read 12 items of one cluster. */
    private static String csv() {
        StringBuilder csv = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        long t = 1_700_000_000L;
        for (int u = 0; u < 90; u++) {
            int cluster = u % 3;
            for (int k = 0; k < 12; k++) {
                int item = cluster * 20 + (u * 7 + k * 3) % 20;
                csv.append("user-")
                        .append(u)
                        .append(",item-")
                        .append(item)
                        .append(',')
                        .append(t + u * 100L + k)
                        .append('\n');
            }
        }
        return csv.toString();
    }
}
