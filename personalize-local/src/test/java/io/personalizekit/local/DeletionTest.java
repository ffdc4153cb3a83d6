package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.StepAction;
import io.personalizekit.pipeline.StepOutcome;
import io.personalizekit.pipeline.Teardown;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.waiter.ResourceWaiter;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.DatasetGroupSummary;
import software.amazon.awssdk.services.personalize.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.personalize.model.ResourceInUseException;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;
import software.amazon.awssdk.services.personalizeevents.model.InvalidInputException;

/**
 * Deletes on the lifecycle clock (time scale 1, a clock the test advances): dataset groups, datasets, solutions,
 * campaigns and event trackers go {@code DELETE PENDING} (then {@code DELETE IN_PROGRESS}, except dataset groups)
 * and disappear after their nominal delete time; schemas and filters go at once.
 */
class DeletionTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final FakeClock clock = new FakeClock(START);
    private PersonalizeLocal local;
    private PersonalizeClient p;

    @BeforeEach
    void start() {
        local = PersonalizeLocal.builder().clock(clock).timeScale(1.0).build().start();
        p = local.personalizeClient();
    }

    @AfterEach
    void stop() {
        local.stop();
    }

    /** Advances past any nominal creation time, then waits (without sleeping) for the work to finish. */
    private void active(Supplier<String> status) {
        clock.advance(Duration.ofHours(1));
        assertThat(Await.terminal(status)).isEqualTo("ACTIVE");
    }

    private String group(String name) {
        String arn = p.createDatasetGroup(r -> r.name(name)).datasetGroupArn();
        active(() -> groupStatus(arn));
        return arn;
    }

    private String groupStatus(String arn) {
        return p.describeDatasetGroup(r -> r.datasetGroupArn(arn))
                .datasetGroup()
                .status();
    }

    private String dataset(String group, String schema, String type) {
        String arn = p.createDataset(r -> r.name("d-" + type)
                        .datasetGroupArn(group)
                        .schemaArn(schema)
                        .datasetType(type))
                .datasetArn();
        active(() -> datasetStatus(arn));
        return arn;
    }

    private String datasetStatus(String arn) {
        return p.describeDataset(r -> r.datasetArn(arn)).dataset().status();
    }

    @Test
    void deleteDatasetGroup_staysDeletePendingForItsTime_thenIsNotFound() {
        String group = group("g");
        String schema = p.createSchema(r -> r.name("s").schema(Fixtures.INTERACTIONS_SCHEMA))
                .schemaArn();
        Instant deletedAt = clock.instant();

        p.deleteDatasetGroup(r -> r.datasetGroupArn(group));

        var described = p.describeDatasetGroup(r -> r.datasetGroupArn(group)).datasetGroup();
        assertThat(described.status()).isEqualTo("DELETE PENDING");
        assertThat(described.lastUpdatedDateTime()).isEqualTo(deletedAt);
        assertThat(p.listDatasetGroups(r -> {}).datasetGroups())
                .extracting(DatasetGroupSummary::status)
                .containsExactly("DELETE PENDING");
        clock.advance(Duration.ofSeconds(9));
        assertThat(groupStatus(group))
                .as("dataset groups have no DELETE IN_PROGRESS")
                .isEqualTo("DELETE PENDING");
        assertThatThrownBy(() -> p.deleteDatasetGroup(r -> r.datasetGroupArn(group)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("already being deleted");
        assertThatThrownBy(() -> p.createDataset(r ->
                        r.name("d").datasetGroupArn(group).schemaArn(schema).datasetType("Interactions")))
                .as("a group being deleted cannot be a parent")
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("being deleted");
        assertThatThrownBy(() -> p.createDatasetGroup(r -> r.name("g")))
                .isInstanceOf(ResourceAlreadyExistsException.class);

        clock.advance(Duration.ofSeconds(1));

        assertThatThrownBy(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(p.listDatasetGroups(r -> {}).datasetGroups()).isEmpty();
        assertThatThrownBy(() -> p.deleteDatasetGroup(r -> r.datasetGroupArn(group)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(p.createDatasetGroup(r -> r.name("g")).datasetGroupArn()).isEqualTo(group);
    }

    @Test
    void deleteDatasetAndEventTracker_goPendingThenInProgress_andBlockTheGroupUntilGone() {
        String group = group("g");
        String schema = p.createSchema(r -> r.name("s").schema(Fixtures.INTERACTIONS_SCHEMA))
                .schemaArn();
        String dataset = dataset(group, schema, "Interactions");
        var tracker = p.createEventTracker(r -> r.name("t").datasetGroupArn(group));
        active(() -> p.describeEventTracker(r -> r.eventTrackerArn(tracker.eventTrackerArn()))
                .eventTracker()
                .status());

        p.deleteEventTracker(r -> r.eventTrackerArn(tracker.eventTrackerArn()));
        assertThat(p.describeEventTracker(r -> r.eventTrackerArn(tracker.eventTrackerArn()))
                        .eventTracker()
                        .status())
                .isEqualTo("DELETE PENDING");
        assertThatThrownBy(() -> local.eventsClient()
                        .putEvents(r -> r.trackingId(tracker.trackingId())
                                .sessionId("s")
                                .eventList(e -> e.eventType("click").itemId("1").sentAt(START))))
                .isInstanceOf(InvalidInputException.class);
        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(() -> p.describeEventTracker(r -> r.eventTrackerArn(tracker.eventTrackerArn())))
                .isInstanceOf(ResourceNotFoundException.class);

        p.deleteDataset(r -> r.datasetArn(dataset));
        assertThat(datasetStatus(dataset)).isEqualTo("DELETE PENDING");
        assertThatThrownBy(() -> p.createDatasetImportJob(r -> r.jobName("late")
                        .datasetArn(dataset)
                        .roleArn(Fixtures.ROLE)
                        .dataSource(s -> s.dataLocation("s3://bucket/x.csv"))))
                .isInstanceOf(ResourceInUseException.class);
        clock.advance(Duration.ofSeconds(12));
        assertThat(datasetStatus(dataset)).isEqualTo("DELETE IN_PROGRESS");
        assertThat(p.listDatasets(r -> r.datasetGroupArn(group)).datasets())
                .singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo("DELETE IN_PROGRESS"));
        assertThatThrownBy(() -> p.deleteDataset(r -> r.datasetArn(dataset)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("DELETE IN_PROGRESS");
        assertThatThrownBy(() -> p.deleteDatasetGroup(r -> r.datasetGroupArn(group)))
                .as("the dataset is still there")
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("datasets being deleted");
        assertThatThrownBy(() -> p.deleteSchema(r -> r.schemaArn(schema))).isInstanceOf(ResourceInUseException.class);

        clock.advance(Duration.ofSeconds(48));

        assertThatThrownBy(() -> p.describeDataset(r -> r.datasetArn(dataset)))
                .isInstanceOf(ResourceNotFoundException.class);
        p.deleteSchema(r -> r.schemaArn(schema));
        p.deleteDatasetGroup(r -> r.datasetGroupArn(group));
        assertThat(groupStatus(group)).isEqualTo("DELETE PENDING");
    }

    @Test
    void deleteSchemaAndFilter_areImmediate() {
        String group = group("g");
        String schema =
                p.createSchema(r -> r.name("s").schema(Fixtures.ITEMS_SCHEMA)).schemaArn();
        String filter = p.createFilter(r -> r.name("f")
                        .datasetGroupArn(group)
                        .filterExpression("EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN (\"click\")"))
                .filterArn();
        active(() -> p.describeFilter(r -> r.filterArn(filter)).filter().status());

        p.deleteFilter(r -> r.filterArn(filter));
        p.deleteSchema(r -> r.schemaArn(schema));

        assertThatThrownBy(() -> p.describeFilter(r -> r.filterArn(filter)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> p.describeSchema(r -> r.schemaArn(schema)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    private record Pipeline(String group, String dataset, String solution, String version, String campaign) {}

    /** Dataset group, Interactions dataset with the articles imported, solution, version and campaign, all ACTIVE. */
    private Pipeline pipeline() {
        local.s3Client().createBucket(r -> r.bucket("news"));
        local.s3Client()
                .putObject(r -> r.bucket("news").key("i.csv"), RequestBody.fromString(Articles.interactionsCsv()));
        String group = group("g");
        String schema = p.createSchema(r -> r.name("s").schema(Fixtures.INTERACTIONS_SCHEMA))
                .schemaArn();
        String dataset = dataset(group, schema, "Interactions");
        String job = p.createDatasetImportJob(r -> r.jobName("i")
                        .datasetArn(dataset)
                        .roleArn(Fixtures.ROLE)
                        .dataSource(s -> s.dataLocation("s3://news/i.csv")))
                .datasetImportJobArn();
        active(() -> p.describeDatasetImportJob(r -> r.datasetImportJobArn(job))
                .datasetImportJob()
                .status());
        String solution = p.createSolution(r -> r.name("sol")
                        .datasetGroupArn(group)
                        .recipeArn(Fixtures.SIMILAR_ITEMS)
                        .performAutoTraining(false))
                .solutionArn();
        active(() -> p.describeSolution(r -> r.solutionArn(solution)).solution().status());
        String version = p.createSolutionVersion(r -> r.solutionArn(solution)).solutionVersionArn();
        active(() -> p.describeSolutionVersion(r -> r.solutionVersionArn(version))
                .solutionVersion()
                .status());
        String campaign =
                p.createCampaign(r -> r.name("c").solutionVersionArn(version)).campaignArn();
        active(() -> p.describeCampaign(r -> r.campaignArn(campaign)).campaign().status());
        return new Pipeline(group, dataset, solution, version, campaign);
    }

    @Test
    void deleteCampaign_stopsServingAtOnce_andItsSolutionWaitsUntilItIsGone() {
        Pipeline pl = pipeline();
        String campaign = pl.campaign();
        String solution = pl.solution();
        String version = pl.version();
        assertThat(local.runtimeClient()
                        .getRecommendations(r -> r.campaignArn(campaign).itemId("1"))
                        .itemList())
                .isNotEmpty();

        p.deleteCampaign(r -> r.campaignArn(campaign));

        assertThat(p.describeCampaign(r -> r.campaignArn(campaign)).campaign().status())
                .isEqualTo("DELETE PENDING");
        assertThatThrownBy(() -> local.runtimeClient()
                        .getRecommendations(r -> r.campaignArn(campaign).itemId("1")))
                .isInstanceOf(software.amazon.awssdk.services.personalizeruntime.model.ResourceNotFoundException.class);
        assertThatThrownBy(() -> p.deleteSolution(r -> r.solutionArn(solution)))
                .isInstanceOf(ResourceInUseException.class);
        clock.advance(Duration.ofSeconds(24));
        assertThat(p.listCampaigns(r -> r.solutionArn(solution)).campaigns())
                .singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo("DELETE IN_PROGRESS"));
        clock.advance(Duration.ofSeconds(96));
        assertThatThrownBy(() -> p.describeCampaign(r -> r.campaignArn(campaign)))
                .isInstanceOf(ResourceNotFoundException.class);

        p.deleteSolution(r -> r.solutionArn(solution));
        assertThat(p.describeSolution(r -> r.solutionArn(solution)).solution().status())
                .isEqualTo("DELETE PENDING");
        assertThatThrownBy(() -> p.createCampaign(r -> r.name("c2").solutionVersionArn(version)))
                .as("a version of a solution being deleted cannot serve a new campaign")
                .isInstanceOf(ResourceInUseException.class);
        clock.advance(Duration.ofSeconds(60));
        assertThatThrownBy(() -> p.describeSolution(r -> r.solutionArn(solution)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> p.describeSolutionVersion(r -> r.solutionVersionArn(version)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void coreTeardown_waitsOutEachDeletion_onTheEmulatorsClock() {
        Pipeline pl = pipeline();
        p.createEventTracker(r -> r.name("t").datasetGroupArn(pl.group()));
        clock.advance(Duration.ofHours(1));
        // personalize-core's waiter with its default (service-like) policies; its pauses advance the emulator's clock
        try (ResourceWaiter waiter = ResourceWaiter.builder()
                        .personalizeClient(p)
                        .clock(clock)
                        .sleeper(clock::advance)
                        .build();
                Teardown teardown =
                        Teardown.builder().personalizeClient(p).waiter(waiter).build()) {
            Instant before = clock.instant();

            PipelineResult result = teardown.datasetGroup(pl.group());

            assertThat(result.steps())
                    .extracting(StepOutcome::resourceType, StepOutcome::action)
                    .contains(
                            tuple(ResourceType.CAMPAIGN, StepAction.DELETED),
                            tuple(ResourceType.SOLUTION, StepAction.DELETED),
                            tuple(ResourceType.EVENT_TRACKER, StepAction.DELETED),
                            tuple(ResourceType.DATASET, StepAction.DELETED),
                            tuple(ResourceType.DATASET_GROUP, StepAction.DELETED));
            assertThat(Duration.between(before, clock.instant()))
                    .as("campaign 120 s + solution 60 s + tracker 30 s + dataset 60 s + group 10 s, waited in turn")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(280));
        }
        assertThat(p.listDatasetGroups(r -> {}).datasetGroups()).isEmpty();
        assertThat(p.listCampaigns(r -> {}).campaigns()).isEmpty();
    }
}
