package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * {@code describeAwaitsWork}: a Describe waits for the running import or training, so a client whose waiter polls
 * with the AWS-tuned delays sees {@code ACTIVE} at its first Describe; the scaled durations still run on the clock.
 */
@Timeout(120)
class DescribeAwaitsWorkTest {

    @Test
    void describe_atTimeScaleZero_answersActiveAtTheFirstCallAfterEachImportAndTraining() {
        try (PersonalizeLocal local = PersonalizeLocal.builder()
                .timeScale(0)
                .describeAwaitsWork(Duration.ofMinutes(1))
                .build()
                .start()) {
            PersonalizeClient p = local.personalizeClient();
            local.s3Client().createBucket(r -> r.bucket("awaits"));
            local.s3Client()
                    .putObject(
                            r -> r.bucket("awaits").key("interactions.csv"),
                            RequestBody.fromString(Articles.interactionsCsv()));
            String schema = p.createSchema(r -> r.name("awaits").schema(Fixtures.INTERACTIONS_SCHEMA))
                    .schemaArn();
            String group = p.createDatasetGroup(r -> r.name("awaits")).datasetGroupArn();
            assertThat(p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                            .datasetGroup()
                            .status())
                    .isEqualTo("ACTIVE");
            String dataset = p.createDataset(r -> r.name("awaits")
                            .datasetGroupArn(group)
                            .schemaArn(schema)
                            .datasetType("Interactions"))
                    .datasetArn();
            String job = p.createDatasetImportJob(r -> r.jobName("awaits")
                            .datasetArn(dataset)
                            .roleArn(Fixtures.ROLE)
                            .dataSource(s -> s.dataLocation("s3://awaits/interactions.csv")))
                    .datasetImportJobArn();

            assertThat(p.describeDatasetImportJob(r -> r.datasetImportJobArn(job))
                            .datasetImportJob()
                            .status())
                    .isEqualTo("ACTIVE");

            String solution = p.createSolution(r -> r.name("awaits")
                            .datasetGroupArn(group)
                            .recipeArn(Fixtures.SIMILAR_ITEMS)
                            .performAutoTraining(false))
                    .solutionArn();
            String version =
                    p.createSolutionVersion(r -> r.solutionArn(solution)).solutionVersionArn();

            assertThat(p.describeSolutionVersion(r -> r.solutionVersionArn(version))
                            .solutionVersion()
                            .status())
                    .isEqualTo("ACTIVE");
            assertThat(local.requestCount("DescribeDatasetImportJob")).isEqualTo(1);
            assertThat(local.requestCount("DescribeSolutionVersion")).isEqualTo(1);
        }
    }

    @Test
    void describe_withAnInjectedClock_answersAtOnceWithTheClocksStatus() {
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (PersonalizeLocal local = PersonalizeLocal.builder()
                .clock(clock)
                .timeScale(1.0)
                .describeAwaitsWork(Duration.ofMinutes(1))
                .build()
                .start()) {
            PersonalizeClient p = local.personalizeClient();
            String group = p.createDatasetGroup(r -> r.name("g")).datasetGroupArn();

            // A dataset group has no work: its 10 nominal seconds run on the fake clock, not waited for.
            assertThat(p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                            .datasetGroup()
                            .status())
                    .isEqualTo("CREATE PENDING");
            clock.advance(Duration.ofSeconds(10));
            assertThat(p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                            .datasetGroup()
                            .status())
                    .isEqualTo("ACTIVE");
        }
    }

    @Test
    void describeAwaitsWork_whenNegative_isRejected() {
        assertThatThrownBy(() -> PersonalizeLocal.builder().describeAwaitsWork(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("describeAwaitsWork must not be negative: PT-0.001S");
    }
}
