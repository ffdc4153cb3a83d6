package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalize.model.LimitExceededException;
import software.amazon.awssdk.services.personalize.model.ResourceInUseException;

/** The lifecycle clock: time-scaled nominal durations, driven here by a clock the test advances. */
class LifecycleTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private PersonalizeLocal local;
    private PersonalizeClient p;

    @BeforeEach
    void start() {
        // time scale 1: nominal durations as the service (dataset group 10 s, import job 300 s, ...)
        local = PersonalizeLocal.builder().clock(clock).timeScale(1.0).build().start();
        p = local.personalizeClient();
    }

    @AfterEach
    void stop() {
        local.stop();
    }

    private String groupStatus(String arn) {
        return p.describeDatasetGroup(r -> r.datasetGroupArn(arn))
                .datasetGroup()
                .status();
    }

    @Test
    void datasetGroup_movesThroughPendingAndInProgressToActive() {
        String arn = p.createDatasetGroup(r -> r.name("g")).datasetGroupArn();

        assertThat(groupStatus(arn)).isEqualTo("CREATE PENDING");
        clock.advance(Duration.ofSeconds(3));
        assertThat(groupStatus(arn)).isEqualTo("CREATE IN_PROGRESS");
        assertThat(p.listDatasetGroups(r -> {}).datasetGroups().get(0).status()).isEqualTo("CREATE IN_PROGRESS");
        clock.advance(Duration.ofSeconds(7));
        var g = p.describeDatasetGroup(r -> r.datasetGroupArn(arn)).datasetGroup();
        assertThat(g.status()).isEqualTo("ACTIVE");
        assertThat(g.creationDateTime()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(g.lastUpdatedDateTime()).isEqualTo(Instant.parse("2026-01-01T00:00:10Z"));
    }

    @Test
    void createDataset_whenGroupNotActive_throwsResourceInUse() {
        String group = p.createDatasetGroup(r -> r.name("g")).datasetGroupArn();
        String schema = p.createSchema(r -> r.name("s").schema(Fixtures.INTERACTIONS_SCHEMA))
                .schemaArn();

        assertThatThrownBy(() -> p.createDataset(r ->
                        r.name("d").datasetGroupArn(group).schemaArn(schema).datasetType("Interactions")))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("CREATE PENDING");
    }

    @Test
    void importJobs_whenFiveInProgress_sixthIsLimitExceededWithServiceMessage() {
        String group = p.createDatasetGroup(r -> r.name("g")).datasetGroupArn();
        String schema = p.createSchema(r -> r.name("s").schema(Fixtures.INTERACTIONS_SCHEMA))
                .schemaArn();
        clock.advance(Duration.ofSeconds(10));
        String dataset = p.createDataset(r ->
                        r.name("d").datasetGroupArn(group).schemaArn(schema).datasetType("Interactions"))
                .datasetArn();
        clock.advance(Duration.ofSeconds(10));

        assertThatThrownBy(() -> p.createDatasetImportJob(r -> r.jobName("first-incremental")
                        .datasetArn(dataset)
                        .importMode("INCREMENTAL")
                        .roleArn(Fixtures.ROLE)
                        .dataSource(s -> s.dataLocation("s3://bucket/x.csv"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("FULL");
        for (int i = 0; i < 5; i++) {
            String name = "job-" + i;
            p.createDatasetImportJob(r -> r.jobName(name)
                    .datasetArn(dataset)
                    .roleArn(Fixtures.ROLE)
                    .dataSource(s -> s.dataLocation("s3://bucket/x.csv")));
        }
        assertThatThrownBy(() -> p.createDatasetImportJob(r -> r.jobName("job-6")
                        .datasetArn(dataset)
                        .roleArn(Fixtures.ROLE)
                        .dataSource(s -> s.dataLocation("s3://bucket/x.csv"))))
                .isInstanceOf(LimitExceededException.class)
                .satisfies(e -> assertThat(
                                ((LimitExceededException) e).awsErrorDetails().errorMessage())
                        .isEqualTo("More than 5 resources with PENDING or IN_PROGRESS status."));
        assertThatThrownBy(() -> p.deleteDataset(r -> r.datasetArn(dataset)))
                .isInstanceOf(ResourceInUseException.class);
    }
}
