package io.personalizekit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.resource.ResourceType;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakePersonalize;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.WaitPolicy;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * The speed criterion, checked deterministically on a fake clock: with the default wait policies, the article's
 * whole pipeline against a fake service that moves each resource to ACTIVE after a known time finishes within 1.25x
 * the sum of those times, and makes no more Describe calls than the policies' schedules imply. Prints the figures
 * recorded in docs/benchmarks.md.
 */
class PipelineSpeedTest {
    private static final Map<ResourceType, Duration> TIMES = new EnumMap<>(ResourceType.class);

    static {
        TIMES.put(ResourceType.DATASET_GROUP, Duration.ofSeconds(30));
        TIMES.put(ResourceType.SCHEMA, Duration.ZERO);
        TIMES.put(ResourceType.DATASET, Duration.ofSeconds(20));
        TIMES.put(ResourceType.DATASET_IMPORT_JOB, Duration.ofMinutes(10));
        TIMES.put(ResourceType.SOLUTION, Duration.ofSeconds(60));
        TIMES.put(ResourceType.SOLUTION_VERSION, Duration.ofMinutes(45));
        TIMES.put(ResourceType.CAMPAIGN, Duration.ofMinutes(12));
        TIMES.put(ResourceType.FILTER, Duration.ofSeconds(60));
        TIMES.put(ResourceType.EVENT_TRACKER, Duration.ofSeconds(30));
    }

    private static final Map<ResourceType, String> DESCRIBE = Map.of(
            ResourceType.DATASET_GROUP, "DescribeDatasetGroup",
            ResourceType.SCHEMA, "DescribeSchema",
            ResourceType.DATASET, "DescribeDataset",
            ResourceType.DATASET_IMPORT_JOB, "DescribeDatasetImportJob",
            ResourceType.SOLUTION, "DescribeSolution",
            ResourceType.SOLUTION_VERSION, "DescribeSolutionVersion",
            ResourceType.CAMPAIGN, "DescribeCampaign",
            ResourceType.FILTER, "DescribeFilter",
            ResourceType.EVENT_TRACKER, "DescribeEventTracker");

    /** Describe calls the schedule implies for a resource ACTIVE after {@code t}, every delay scaled by factor. */
    static int scheduledPolls(WaitPolicy p, Duration t, double factor) {
        int polls = 1;
        double elapsed = 0;
        while (elapsed < t.toNanos()) {
            elapsed += p.nominalDelayAfter(polls).toNanos() * factor;
            polls++;
        }
        return polls;
    }

    @Test
    void articlePipeline_withDefaultPolicies_finishesWithin125PercentOfServiceTime() {
        FakeClock clock = new FakeClock();
        try (FakePersonalize fake = new FakePersonalize(clock);
                PersonalizeClient client = fake.newClient();
                ResourceWaiter waiter = ResourceWaiter.builder()
                        .personalizeClient(client)
                        .clock(clock)
                        .sleeper(clock.sleeper())
                        .build()) {
            TIMES.forEach(fake::timeToActive);

            PipelineResult result = PipelineOrchestrator.builder()
                    .personalizeClient(client)
                    .waiter(waiter)
                    .build()
                    .run(Article.spec());

            Duration serviceTime = Duration.ZERO;
            StringBuilder table = new StringBuilder(
                    "| step | service time | pipeline time | ratio | polls by schedule (nominal / jitter bound) |\n"
                            + "|---|---|---|---|---|\n");
            Map<ResourceType, Integer> bound = new EnumMap<>(ResourceType.class);
            for (StepOutcome s : result.steps()) {
                Duration t = TIMES.get(s.resourceType());
                serviceTime = serviceTime.plus(t);
                WaitPolicy p = waiter.policyFor(s.resourceType());
                int nominal = scheduledPolls(p, t, 1.0);
                int max = scheduledPolls(p, t, 1 - p.jitter());
                bound.merge(s.resourceType(), max, Integer::sum);
                table.append(String.format(
                        "| %s | %s | %s | %.3f | %d / %d |%n",
                        s.step(),
                        t,
                        s.duration(),
                        t.isZero() ? 1.0 : (double) s.duration().toMillis() / t.toMillis(),
                        nominal,
                        max));
            }
            bound.merge(ResourceType.EVENT_TRACKER, 1, Integer::sum); // reads the tracking id for the deployment
            double ratio = (double) result.duration().toMillis() / serviceTime.toMillis();
            StringBuilder calls = new StringBuilder();
            for (Map.Entry<ResourceType, Integer> e : bound.entrySet()) {
                int actual = fake.count(DESCRIBE.get(e.getKey()));
                calls.append(String.format(
                        "%s: %d calls (schedule bound %d)%n", DESCRIBE.get(e.getKey()), actual, e.getValue()));
                assertThat(actual).as(DESCRIBE.get(e.getKey())).isLessThanOrEqualTo(e.getValue());
            }
            System.out.printf(
                    "%nPipeline speed (fake clock, default policies):%n%s%ntotal: service %s, pipeline %s, ratio %.3f%n%s",
                    table, serviceTime, result.duration(), ratio, calls);
            assertThat(result.duration()).isGreaterThanOrEqualTo(serviceTime);
            assertThat(ratio).isLessThanOrEqualTo(1.25);
        }
    }
}
