package io.personalizekit.waiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.exception.WaitInterruptedException;
import io.personalizekit.exception.WaitTimeoutException;
import io.personalizekit.resource.BatchInferenceJobRef;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.DatasetGroupRef;
import io.personalizekit.resource.DatasetImportJobRef;
import io.personalizekit.resource.DatasetRef;
import io.personalizekit.resource.ResourceRef;
import io.personalizekit.resource.ResourceStatus;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.resource.SolutionVersionRef;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakePersonalize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.DescribeCampaignResponse;
import software.amazon.awssdk.services.personalize.model.DescribeDatasetGroupResponse;
import software.amazon.awssdk.services.personalize.model.DescribeDatasetResponse;
import software.amazon.awssdk.services.personalize.model.ImportMode;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;

class ResourceWaiterTest {
    private static final String INTERACTIONS_SCHEMA =
            "{\"type\":\"record\",\"name\":\"Interactions\",\"namespace\":\"com.amazonaws.personalize.schema\","
                    + "\"fields\":[{\"name\":\"USER_ID\",\"type\":\"string\"},{\"name\":\"ITEM_ID\",\"type\":\"string\"},"
                    + "{\"name\":\"TIMESTAMP\",\"type\":\"long\"}],\"version\":\"1.0\"}";

    private final FakeClock clock = new FakeClock();
    private FakePersonalize fake;
    private PersonalizeClient client;
    private ResourceWaiter waiter;
    private final List<String> changes = new ArrayList<>();

    private static FakePersonalize sharedFake;
    private static PersonalizeClient sharedClient;

    @BeforeAll
    static void startServer() {
        sharedFake = new FakePersonalize(new FakeClock());
        sharedClient = sharedFake.newClient();
    }

    @AfterAll
    static void stopServer() {
        sharedClient.close();
        sharedFake.close();
    }

    @BeforeEach
    void setUp() {
        fake = sharedFake.reset(clock);
        client = sharedClient;
        waiter = ResourceWaiter.builder()
                .personalizeClient(client)
                .clock(clock)
                .sleeper(clock.sleeper())
                .listener(new WaitListener() {
                    @Override
                    public void onStatusChanged(ResourceRef ref, ResourceStatus status, String rawStatus) {
                        changes.add(rawStatus);
                    }
                })
                .build();
    }

    @AfterEach
    void tearDown() {
        waiter.close();
    }

    private DatasetGroupRef createGroup(String name) {
        return DatasetGroupRef.of(client.createDatasetGroup(b -> b.name(name)).datasetGroupArn());
    }

    @Test
    void waitUntilActive_whenResourceBecomesActive_returnsResultWithFinalDescription() {
        fake.timeToActive(ResourceType.DATASET_GROUP, Duration.ofSeconds(20));
        DatasetGroupRef ref = createGroup("news");

        WaitResult result = waiter.waitUntilActive(ref);

        assertThat(result.status()).isEqualTo(ResourceStatus.ACTIVE);
        assertThat(result.rawStatus()).isEqualTo("ACTIVE");
        assertThat(result.response(DescribeDatasetGroupResponse.class)
                        .datasetGroup()
                        .name())
                .isEqualTo("news");
        assertThat(result.attempts()).isEqualTo(fake.count("DescribeDatasetGroup"));
        assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(20));
        assertThat(result.elapsed()).isLessThanOrEqualTo(Duration.ofSeconds(20).plus(Duration.ofSeconds(11)));
        assertThat(changes).containsExactly("CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE");
    }

    @Test
    void waitUntilActive_whenAlreadyActive_makesOneCallAndNeverSleeps() {
        DatasetGroupRef ref = createGroup("news");
        WaitResult result = waiter.waitUntilActive(ref);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void waitUntilActive_whenImportFails_throwsWithTheServiceFailureReason() {
        String reason = "Input CSV is missing the following columns:[TIMESTAMP].";
        fake.timeToActive(ResourceType.DATASET_IMPORT_JOB, Duration.ofMinutes(5))
                .failCreate("bad-import", reason);
        DatasetGroupRef dg = createGroup("news");
        String schemaArn = client.createSchema(b -> b.name("s").schema(INTERACTIONS_SCHEMA))
                .schemaArn();
        String datasetArn = client.createDataset(b -> b.name("d")
                        .datasetGroupArn(dg.arn())
                        .datasetType("Interactions")
                        .schemaArn(schemaArn))
                .datasetArn();
        DatasetImportJobRef job = DatasetImportJobRef.of(client.createDatasetImportJob(b -> b.jobName("bad-import")
                        .datasetArn(datasetArn)
                        .importMode(ImportMode.FULL)
                        .dataSource(s -> s.dataLocation("s3://bucket/interactions.csv"))
                        .roleArn("arn:aws:iam::123456789012:role/PersonalizeS3"))
                .datasetImportJobArn());

        assertThatThrownBy(() -> waiter.waitUntilActive(job))
                .isInstanceOfSatisfying(ResourceFailedException.class, e -> {
                    assertThat(e.arn()).isEqualTo(job.arn());
                    assertThat(e.resourceType()).isEqualTo("dataset import job");
                    assertThat(e.status()).isEqualTo("CREATE FAILED");
                    assertThat(e.failureReason()).contains(reason);
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    @Test
    void waitUntilActive_whenDeadlinePasses_throwsWithLastStatus() {
        fake.timeToActive(ResourceType.DATASET_GROUP, Duration.ofHours(1));
        DatasetGroupRef slow = createGroup("slow");

        assertThatThrownBy(() -> waiter.waitUntilActive(slow, p -> p.timeout(Duration.ofMinutes(2))))
                .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
                    assertThat(e.arn()).isEqualTo(slow.arn());
                    assertThat(e.lastStatus()).isEqualTo("CREATE PENDING");
                    assertThat(e.elapsed()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(e.attempts()).isEqualTo(fake.count("DescribeDatasetGroup"));
                });
    }

    @Test
    void waitUntilActive_whenAttemptBudgetSpent_throwsTimeout() {
        fake.timeToActive(ResourceType.DATASET_GROUP, Duration.ofHours(1));
        DatasetGroupRef slow = createGroup("slow");
        assertThatThrownBy(() -> waiter.waitUntilActive(
                        slow, WaitPolicy.builder().maxAttempts(3).build()))
                .isInstanceOfSatisfying(
                        WaitTimeoutException.class,
                        e -> assertThat(e.attempts()).isEqualTo(3));
        assertThat(fake.count("DescribeDatasetGroup")).isEqualTo(3);
    }

    @Test
    void waitUntilActive_whenInterrupted_restoresFlagAndEndsPromptly() {
        fake.timeToActive(ResourceType.DATASET_GROUP, Duration.ofHours(1));
        DatasetGroupRef slow = createGroup("slow");
        ResourceWaiter interrupting = ResourceWaiter.builder()
                .personalizeClient(client)
                .clock(clock)
                .sleeper(d -> {
                    Thread.currentThread().interrupt();
                    clock.sleeper().sleep(d);
                })
                .build();
        try {
            assertThatThrownBy(() -> interrupting.waitUntilActive(slow))
                    .isInstanceOfSatisfying(WaitInterruptedException.class, e -> {
                        assertThat(e.arn()).isEqualTo(slow.arn());
                        assertThat(e.lastStatus()).isEqualTo("CREATE PENDING");
                        assertThat(e.attempts()).isEqualTo(1);
                        assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
                    });
            assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
            assertThat(fake.count("DescribeDatasetGroup")).isEqualTo(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void waitUntilActive_whenAlreadyInterrupted_makesNoCall() {
        DatasetGroupRef ref = createGroup("news");
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> waiter.waitUntilActive(ref)).isInstanceOf(WaitInterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(fake.count("DescribeDatasetGroup")).isZero();
    }

    @Test
    void waitUntilActive_whenDescribeThrottled_retriesWithBackoffAndSucceeds() {
        DatasetGroupRef ref = createGroup("news");
        fake.injectError("DescribeDatasetGroup", 3, "ThrottlingException", "Rate exceeded");

        WaitResult result = waiter.waitUntilActive(ref);

        assertThat(result.status()).isEqualTo(ResourceStatus.ACTIVE);
        assertThat(result.attempts()).isEqualTo(4);
        assertThat(clock.sleeps()).hasSize(3);
        assertThat(clock.sleeps().get(2)).isGreaterThan(clock.sleeps().get(0));
    }

    @Test
    void waitUntilActive_whenDescribeRateLimited_treatsLimitExceededAsThrottling() {
        DatasetGroupRef ref = createGroup("news");
        fake.injectError(
                "DescribeDatasetGroup",
                1,
                "LimitExceededException",
                "The limit on the number of requests per second has been exceeded.");
        assertThat(waiter.waitUntilActive(ref).attempts()).isEqualTo(2);
    }

    @Test
    void waitUntilActive_whenNotFoundAfterGrace_propagatesSdkException() {
        DatasetGroupRef ghost = DatasetGroupRef.of("arn:aws:personalize:us-east-1:123456789012:dataset-group/ghost");
        assertThatThrownBy(() -> waiter.waitUntilActive(ghost)).isInstanceOf(ResourceNotFoundException.class);
        assertThat(fake.count("DescribeDatasetGroup")).isGreaterThan(1);
        assertThat(clock.totalSlept()).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void waitUntilDeleted_whenResourceGoes_succeedsOnNotFound() {
        fake.timeToDelete(ResourceType.DATASET_GROUP, Duration.ofSeconds(30));
        DatasetGroupRef ref = createGroup("news");
        client.deleteDatasetGroup(b -> b.datasetGroupArn(ref.arn()));

        WaitResult result = waiter.waitUntilDeleted(ref);

        assertThat(result.status()).isEqualTo(ResourceStatus.DELETED);
        assertThat(result.response()).isEmpty();
        assertThat(changes).containsExactly("DELETE PENDING", "DELETE IN_PROGRESS", "DELETED");
        assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void waitUntilCampaignUpdated_waitsOnLatestCampaignUpdate() {
        fake.timeToActive(ResourceType.CAMPAIGN, Duration.ofMinutes(10));
        DatasetGroupRef dg = createGroup("news");
        String sol = client.createSolution(b -> b.name("sims")
                        .datasetGroupArn(dg.arn())
                        .recipeArn("arn:aws:personalize:::recipe/aws-similar-items")
                        .performAutoTraining(false))
                .solutionArn();
        String v1 = client.createSolutionVersion(b -> b.solutionArn(sol)).solutionVersionArn();
        String v2 = client.createSolutionVersion(b -> b.solutionArn(sol)).solutionVersionArn();
        CampaignRef campaign = CampaignRef.of(
                client.createCampaign(b -> b.name("c").solutionVersionArn(v1)).campaignArn());
        waiter.waitUntilActive(campaign);
        client.updateCampaign(b -> b.campaignArn(campaign.arn()).solutionVersionArn(v2));

        WaitResult result = waiter.waitUntilCampaignUpdated(campaign);

        DescribeCampaignResponse d = result.response(DescribeCampaignResponse.class);
        assertThat(d.campaign().latestCampaignUpdate().status()).isEqualTo("ACTIVE");
        assertThat(d.campaign().solutionVersionArn()).isEqualTo(v2);
        assertThat(SolutionVersionRef.of(v2).solution().arn()).isEqualTo(sol);
    }

    @Test
    void waitUntilDatasetUpdated_waitsOnLatestDatasetUpdate() {
        fake.timeToActive(ResourceType.DATASET, Duration.ofMinutes(3));
        DatasetGroupRef dg = createGroup("news");
        String s1 = client.createSchema(b -> b.name("s1").schema(INTERACTIONS_SCHEMA))
                .schemaArn();
        String s2 = client.createSchema(
                        b -> b.name("s2")
                                .schema(
                                        INTERACTIONS_SCHEMA.replace(
                                                "{\"name\":\"TIMESTAMP\",\"type\":\"long\"}",
                                                "{\"name\":\"TIMESTAMP\",\"type\":\"long\"},{\"name\":\"EVENT_TYPE\",\"type\":\"string\"}")))
                .schemaArn();
        DatasetRef ds = DatasetRef.of(client.createDataset(b -> b.name("d")
                        .datasetGroupArn(dg.arn())
                        .datasetType("Interactions")
                        .schemaArn(s1))
                .datasetArn());
        waiter.waitUntilActive(ds);
        client.updateDataset(b -> b.datasetArn(ds.arn()).schemaArn(s2));

        WaitResult result = waiter.waitUntilDatasetUpdated(ds);

        DescribeDatasetResponse d = result.response(DescribeDatasetResponse.class);
        assertThat(d.dataset().latestDatasetUpdate().status()).isEqualTo("ACTIVE");
        assertThat(d.dataset().schemaArn()).isEqualTo(s2);
        assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void waitUntilActive_worksForBatchInferenceJobs() {
        fake.timeToActive(ResourceType.BATCH_INFERENCE_JOB, Duration.ofMinutes(40));
        String arn = client.createBatchInferenceJob(b -> b.jobName("nightly")
                        .solutionVersionArn("arn:aws:personalize:us-east-1:123456789012:solution/s/3ba6a5be")
                        .roleArn("arn:aws:iam::123456789012:role/r")
                        .jobInput(i -> i.s3DataSource(s -> s.path("s3://b/in.jsonl")))
                        .jobOutput(o -> o.s3DataDestination(s -> s.path("s3://b/out/"))))
                .batchInferenceJobArn();

        WaitResult result = waiter.waitUntilActive(BatchInferenceJobRef.of(arn));

        assertThat(result.status()).isEqualTo(ResourceStatus.ACTIVE);
        // The last poll can come at most one capped, jittered delay after the job turned ACTIVE.
        WaitPolicy policy = WaitPolicy.defaultFor(ResourceType.BATCH_INFERENCE_JOB);
        Duration latestPoll =
                Duration.ofMinutes(40).plusMillis(Math.round(policy.maxDelay().toMillis() * (1 + policy.jitter())));
        assertThat(result.elapsed()).isBetween(Duration.ofMinutes(40), latestPoll);
    }

    @Test
    void callPolicy_takesPrecedenceOverWaiterPolicy_whichTakesPrecedenceOverDefault() {
        WaitPolicy configured = WaitPolicy.builder().maxAttempts(7).build();
        ResourceWaiter w = ResourceWaiter.builder()
                .personalizeClient(client)
                .policy(ResourceType.CAMPAIGN, configured)
                .build();
        assertThat(w.policyFor(ResourceType.CAMPAIGN)).isEqualTo(configured);
        assertThat(w.policyFor(ResourceType.SOLUTION)).isEqualTo(WaitPolicy.defaultFor(ResourceType.SOLUTION));

        fake.timeToActive(ResourceType.DATASET_GROUP, Duration.ofHours(1));
        DatasetGroupRef slow = createGroup("slow");
        ResourceWaiter w2 = ResourceWaiter.builder()
                .personalizeClient(client)
                .clock(clock)
                .sleeper(clock.sleeper())
                .policy(ResourceType.DATASET_GROUP, p -> p.maxAttempts(5))
                .build();
        assertThatThrownBy(() -> w2.waitUntilActive(
                        slow, WaitPolicy.builder().maxAttempts(2).build()))
                .isInstanceOfSatisfying(
                        WaitTimeoutException.class,
                        e -> assertThat(e.attempts()).isEqualTo(2));
        assertThatThrownBy(() -> w2.waitUntilActive(slow))
                .isInstanceOfSatisfying(
                        WaitTimeoutException.class,
                        e -> assertThat(e.attempts()).isEqualTo(5));
    }

    @Test
    void waitUntilActiveAsync_completesWithTheResult() throws Exception {
        fake.timeToActive(ResourceType.DATASET_GROUP, Duration.ofSeconds(5));
        DatasetGroupRef ref = createGroup("news");
        // the async path schedules real delays: use a policy of milliseconds, and advance the fake service clock
        clock.advance(Duration.ofSeconds(5));
        WaitResult result = waiter.waitUntilActiveAsync(
                        ref,
                        WaitPolicy.builder()
                                .initialDelay(Duration.ofMillis(1))
                                .maxDelay(Duration.ofMillis(2))
                                .build())
                .get(5, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(ResourceStatus.ACTIVE);
    }

    @Test
    void waitUntilActiveAsync_whenFailed_completesExceptionally() {
        fake.failCreate("broken", "Internal error").timeToActive(ResourceType.DATASET_GROUP, Duration.ofSeconds(1));
        DatasetGroupRef ref = createGroup("broken");
        clock.advance(Duration.ofSeconds(2));
        CompletableFuture<WaitResult> f = waiter.waitUntilActiveAsync(ref);
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ResourceFailedException.class);
    }

    @Test
    void waitUntilActiveAsync_whenCancelled_stopsPolling() throws Exception {
        fake.timeToActive(ResourceType.DATASET_GROUP, Duration.ofHours(1));
        DatasetGroupRef ref = createGroup("slow");
        CompletableFuture<WaitResult> f = waiter.waitUntilActiveAsync(
                ref,
                WaitPolicy.builder()
                        .initialDelay(Duration.ofMillis(20))
                        .maxDelay(Duration.ofMillis(20))
                        .build());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (fake.count("DescribeDatasetGroup") < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(f.cancel(true)).isTrue();
        int after = fake.count("DescribeDatasetGroup");
        CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(80, TimeUnit.MILLISECONDS))
                .get();
        assertThat(fake.count("DescribeDatasetGroup")).isLessThanOrEqualTo(after + 1);
    }

    @Test
    void await_whenConditionDoesNotFitType_throws() {
        DatasetGroupRef ref = DatasetGroupRef.of("arn:aws:personalize:us-east-1:123456789012:dataset-group/x");
        assertThatThrownBy(() -> waiter.await(ref, WaitCondition.CAMPAIGN_UPDATED, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataset group");
    }

    @Test
    void builder_requiresClient() {
        assertThatThrownBy(() -> ResourceWaiter.builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("personalizeClient");
    }
}
