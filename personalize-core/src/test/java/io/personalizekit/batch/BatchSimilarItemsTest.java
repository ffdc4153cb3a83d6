package io.personalizekit.batch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.exception.WaitTimeoutException;
import io.personalizekit.storage.S3Location;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.S3ProxyServer;
import io.personalizekit.waiter.ResourceWaiter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.ResourceAlreadyExistsException;

class BatchSimilarItemsTest {
    private static final String TARGET = "X-Amz-Target";
    private static final String JSON_1_1 = "application/x-amz-json-1.1";
    private static final String JOB_ARN = "arn:aws:personalize:us-east-1:123456789012:batch-inference-job/catalog-1";
    private static final String SOLUTION_VERSION_ARN =
            "arn:aws:personalize:us-east-1:123456789012:solution/articles/3f2c9a1b";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/PersonalizeBatch";
    private static final String BUCKET = "batch-bucket";
    private static final AtomicInteger JOBS = new AtomicInteger();

    @RegisterExtension
    static final WireMockExtension WM = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.create();

    private PersonalizeClient personalize;
    private String prefix;
    /** A clock that only moves when the waiter "sleeps": no test waits for real. */
    private final FakeClock time = new FakeClock();

    private ResourceWaiter waiter;

    @BeforeEach
    void setUp() {
        personalize = PersonalizeClient.builder()
                .endpointOverride(URI.create(WM.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        waiter = ResourceWaiter.builder()
                .personalizeClient(personalize)
                .clock(time)
                .sleeper(time.sleeper())
                .build();
        S3.createBucket(BUCKET);
        prefix = "run-" + JOBS.incrementAndGet() + "/";
    }

    @AfterEach
    void tearDown() {
        waiter.close();
        personalize.close();
    }

    private BatchSimilarItems.Builder batch() {
        return BatchSimilarItems.builder()
                .personalizeClient(personalize)
                .s3Client(S3.client())
                .roleArn(ROLE_ARN)
                .resourceWaiter(waiter);
    }

    private BatchSimilarItemsRequest request() {
        return BatchSimilarItemsRequest.builder()
                .jobName("catalog-1")
                .solutionVersionArn(SOLUTION_VERSION_ARN)
                .numResults(3)
                .input(S3Location.of(BUCKET, prefix + "in/items.json"))
                .outputPrefix(S3Location.of(BUCKET, prefix + "out/"))
                .build();
    }

    private static void stubCreate() {
        WM.stubFor(post(urlEqualTo("/"))
                .withHeader(TARGET, equalTo("AmazonPersonalize.CreateBatchInferenceJob"))
                .withHeader("Content-Type", equalTo(JSON_1_1))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", JSON_1_1)
                        .withBody("{\"batchInferenceJobArn\":\"" + JOB_ARN + "\"}")));
    }

    private String describeBody(String status, String extra) {
        return "{\"batchInferenceJob\":{\"jobName\":\"catalog-1\",\"batchInferenceJobArn\":\"" + JOB_ARN + "\","
                + "\"solutionVersionArn\":\"" + SOLUTION_VERSION_ARN + "\",\"numResults\":3,"
                + "\"jobInput\":{\"s3DataSource\":{\"path\":\"s3://" + BUCKET + "/" + prefix + "in/items.json\"}},"
                + "\"jobOutput\":{\"s3DataDestination\":{\"path\":\"s3://" + BUCKET + "/" + prefix + "out/\"}},"
                + "\"roleArn\":\"" + ROLE_ARN + "\",\"batchInferenceJobMode\":\"BATCH_INFERENCE\","
                + "\"status\":\"" + status + "\"" + extra + ","
                + "\"creationDateTime\":1.700000000123E9,\"lastUpdatedDateTime\":1700000100.5}}";
    }

    /** Describe answers the given statuses in order, then keeps answering the last one. */
    private void stubDescribe(String... statuses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < statuses.length; i++) {
            String next = i == statuses.length - 1 ? state : "poll-" + (i + 1);
            String extra = statuses[i].equals("CREATE FAILED")
                    ? ",\"failureReason\":\"Insufficient privileges for accessing data in Amazon S3.\""
                    : "";
            WM.stubFor(post(urlEqualTo("/"))
                    .inScenario("describe")
                    .whenScenarioStateIs(state)
                    .willSetStateTo(next)
                    .withHeader(TARGET, equalTo("AmazonPersonalize.DescribeBatchInferenceJob"))
                    .withRequestBody(matchingJsonPath("$.batchInferenceJobArn", equalTo(JOB_ARN)))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", JSON_1_1)
                            .withBody(describeBody(statuses[i], extra))));
            state = next;
        }
    }

    /** What the service does when the job runs: write {@code <input-name>.out} under the output prefix. */
    private void serviceWritesOutput(String lines) {
        S3.client().putObject(r -> r.bucket(BUCKET).key(prefix + "out/items.json.out"), RequestBody.fromString(lines));
    }

    private int describeCalls() {
        return WM.findAll(postRequestedFor(urlEqualTo("/"))
                        .withHeader(TARGET, equalTo("AmazonPersonalize.DescribeBatchInferenceJob")))
                .size();
    }

    private static void stubCreateFails(int status, String type) {
        WM.stubFor(post(urlEqualTo("/"))
                .withHeader(TARGET, equalTo("AmazonPersonalize.CreateBatchInferenceJob"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", JSON_1_1)
                        .withHeader("x-amzn-ErrorType", type)
                        .withBody("{\"__type\":\"" + type + "\",\"message\":\"failed\"}")));
    }

    /** ListBatchInferenceJobs shows job catalog-1 of the solution version, created at {@code created}. */
    private static void stubList(Instant created) {
        WM.stubFor(post(urlEqualTo("/"))
                .withHeader(TARGET, equalTo("AmazonPersonalize.ListBatchInferenceJobs"))
                .withRequestBody(matchingJsonPath("$.solutionVersionArn", equalTo(SOLUTION_VERSION_ARN)))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", JSON_1_1)
                        .withBody("{\"batchInferenceJobs\":[{\"batchInferenceJobArn\":\"" + JOB_ARN
                                + "\",\"jobName\":\"catalog-1\",\"status\":\"PENDING\",\"solutionVersionArn\":\""
                                + SOLUTION_VERSION_ARN + "\",\"creationDateTime\":" + created.getEpochSecond()
                                + "}]}")));
    }

    private int createCalls() {
        return WM.findAll(postRequestedFor(urlEqualTo("/"))
                        .withHeader(TARGET, equalTo("AmazonPersonalize.CreateBatchInferenceJob")))
                .size();
    }

    @Test
    void start_whenTheServiceStartedTheJobButAnswered500_adoptsItInsteadOfStartingAnother() {
        stubCreateFails(500, "InternalFailure");
        stubList(time.instant());
        stubDescribe("PENDING", "ACTIVE");

        BatchJob job = batch().build().run(request());

        assertThat(job.arn()).isEqualTo(JOB_ARN);
        assertThat(job.status()).isEqualTo("ACTIVE");
        assertThat(createCalls()).isEqualTo(1);
    }

    @Test
    void start_whenTheSdksRetryMeetsTheJobItsLostReplyStarted_adoptsIt() {
        // the first reply was lost and the SDK retried: the retry is told the name is taken, by our own job
        stubCreateFails(400, "ResourceAlreadyExistsException");
        stubList(time.instant().minusSeconds(1));
        stubDescribe("PENDING");

        BatchJob job = batch().build().start(request());

        assertThat(job.arn()).isEqualTo(JOB_ARN);
        assertThat(createCalls()).isEqualTo(1);
    }

    @Test
    void start_whenTheNameBelongsToAnOlderJob_keepsResourceAlreadyExists() {
        stubCreateFails(400, "ResourceAlreadyExistsException");
        stubList(time.instant().minus(Duration.ofDays(1)));

        assertThatThrownBy(() -> batch().build().start(request())).isInstanceOf(ResourceAlreadyExistsException.class);
        assertThat(createCalls()).isEqualTo(1);
    }

    @Test
    void run_uploadsInputStartsTheJobWaitsAndStreamsTheOutput() {
        stubCreate();
        stubDescribe("PENDING", "IN PROGRESS", "ACTIVE");
        serviceWritesOutput(
                "{\"input\": {\"itemId\": \"105\"}, \"output\": {\"recommendedItems\": [\"106\", \"49\"]}}\n"
                        + "{\"input\": {\"itemId\": \"106\"}, \"output\": {\"recommendedItems\": [\"105\"]}}\n");
        BatchSimilarItems batch = batch().build();

        BatchJob job = batch.run(request(), List.of("105", "106"));

        assertThat(job.arn()).isEqualTo(JOB_ARN);
        assertThat(job.status()).isEqualTo("ACTIVE");
        assertThat(job.resultsLocation().uri()).isEqualTo("s3://" + BUCKET + "/" + prefix + "out/items.json.out");
        String uploaded = S3.client()
                .getObjectAsBytes(r -> r.bucket(BUCKET).key(prefix + "in/items.json"))
                .asUtf8String();
        assertThat(uploaded).isEqualTo("{\"itemId\":\"105\"}\n{\"itemId\":\"106\"}\n");
        WM.verify(
                1,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader(TARGET, equalTo("AmazonPersonalize.CreateBatchInferenceJob"))
                        .withRequestBody(equalToJson("{\"jobName\":\"catalog-1\","
                                + "\"solutionVersionArn\":\"" + SOLUTION_VERSION_ARN + "\",\"numResults\":3,"
                                + "\"jobInput\":{\"s3DataSource\":{\"path\":\"s3://" + BUCKET + "/" + prefix
                                + "in/items.json\"}},"
                                + "\"jobOutput\":{\"s3DataDestination\":{\"path\":\"s3://" + BUCKET + "/" + prefix
                                + "out/\"}},"
                                + "\"roleArn\":\"" + ROLE_ARN + "\"}")));
        assertThat(describeCalls()).isEqualTo(4); // three polls, then the final check
        assertThat(time.sleeps()).hasSize(2); // between the polls, on the injected sleeper

        List<BatchResult> results = new ArrayList<>();
        long n = batch.forEachResult(job, results::add);

        assertThat(n).isEqualTo(2);
        assertThat(results)
                .containsExactly(
                        BatchResult.of("105", List.of("106", "49"), null), BatchResult.of("106", List.of("105"), null));
        // both borrowed clients are still open
        assertThat(personalize
                        .describeBatchInferenceJob(r -> r.batchInferenceJobArn(JOB_ARN))
                        .batchInferenceJob()
                        .status())
                .isEqualTo("ACTIVE");
        assertThat(S3.client()
                        .listObjectsV2(r -> r.bucket(BUCKET).prefix(prefix))
                        .contents())
                .hasSize(2);
    }

    @Test
    void start_sendsFilterArnWhenSetAndDoesNotWait() {
        stubCreate();
        String filterArn = "arn:aws:personalize:us-east-1:123456789012:filter/no-politics";

        BatchJob job =
                batch().build().start(request().copy(r -> r.filterArn(filterArn).numResults(null)));

        assertThat(job.status()).isEqualTo("PENDING");
        WM.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.filterArn", equalTo(filterArn)))
                .withRequestBody(
                        matchingJsonPath("$.numResults", com.github.tomakehurst.wiremock.client.WireMock.absent())));
        assertThat(describeCalls()).isZero();
    }

    @Test
    void run_whenTheJobFails_throwsResourceFailedWithTheServiceReason() {
        stubCreate();
        stubDescribe("PENDING", "CREATE FAILED");

        assertThatThrownBy(() -> batch().build().run(request()))
                .isInstanceOfSatisfying(ResourceFailedException.class, e -> {
                    assertThat(e.arn()).isEqualTo(JOB_ARN);
                    assertThat(e.status()).isEqualTo("CREATE FAILED");
                    assertThat(e.resourceType()).isEqualTo("batch inference job");
                    assertThat(e.failureReason()).contains("Insufficient privileges for accessing data in Amazon S3.");
                });
    }

    @Test
    void run_whenTheWaitPolicyTimeoutPasses_throwsWaitTimeoutWithTheLastStatus() {
        stubCreate();
        stubDescribe("PENDING", "IN PROGRESS");
        BatchSimilarItems batch = batch().waitPolicy(p -> p.initialDelay(Duration.ofMinutes(40))
                        .multiplier(1)
                        .maxDelay(Duration.ofMinutes(40))
                        .jitter(0)
                        .timeout(Duration.ofHours(2)))
                .build();

        assertThatThrownBy(() -> batch.run(request())).isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
            assertThat(e.arn()).isEqualTo(JOB_ARN);
            assertThat(e.lastStatus()).isEqualTo("IN PROGRESS");
            assertThat(e.elapsed()).isLessThanOrEqualTo(Duration.ofHours(2));
        });
        assertThat(time.sleeps()).isNotEmpty().allMatch(d -> d.equals(Duration.ofMinutes(40)));
    }

    @Test
    void run_withoutAWaiter_createsAndClosesItsOwnResourceWaiter() {
        stubCreate();
        stubDescribe("ACTIVE"); // the waiter describes at once, so no real sleeping happens

        BatchJob job = BatchSimilarItems.builder()
                .personalizeClient(personalize)
                .s3Client(S3.client())
                .roleArn(ROLE_ARN)
                .build()
                .run(request());

        assertThat(job.status()).isEqualTo("ACTIVE");
        assertThat(describeCalls()).isEqualTo(2); // the waiter's first poll, then the final check
    }

    @Test
    void awaiter_whenPluggedIn_receivesTheJobArnAndReplacesPolling() {
        stubCreate();
        stubDescribe("ACTIVE");
        List<String> awaited = new ArrayList<>();

        BatchJob job = batch().awaiter(awaited::add).build().run(request());

        assertThat(awaited).containsExactly(JOB_ARN);
        assertThat(job.status()).isEqualTo("ACTIVE");
        assertThat(describeCalls()).isEqualTo(1); // only the final check
    }

    @Test
    void await_whenTheAwaiterReturnsEarly_throwsIllegalStateNamingTheStatus() {
        stubCreate();
        stubDescribe("IN PROGRESS");
        BatchSimilarItems batch = batch().awaiter(arn -> {}).build();

        assertThatThrownBy(() -> batch.run(request()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("IN PROGRESS")
                .hasMessageContaining(JOB_ARN);
    }

    @Test
    void start_whenTheServiceRejectsTheJob_letsTheSdkExceptionThrough() {
        WM.stubFor(post(urlEqualTo("/"))
                .withHeader(TARGET, equalTo("AmazonPersonalize.CreateBatchInferenceJob"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", JSON_1_1)
                        .withHeader("x-amzn-ErrorType", "ResourceAlreadyExistsException")
                        .withHeader("x-amzn-RequestId", "req-1")
                        .withBody("{\"__type\":\"ResourceAlreadyExistsException\","
                                + "\"message\":\"Batch inference job catalog-1 already exists.\"}")));
        stubList(time.instant().minus(Duration.ofDays(30))); // an earlier job of that name

        assertThatThrownBy(() -> batch().build().start(request()))
                .isInstanceOf(ResourceAlreadyExistsException.class)
                .hasMessageContaining("already exists")
                .satisfies(e -> assertThat(((ResourceAlreadyExistsException) e).requestId())
                        .isEqualTo("req-1"));
    }

    @Test
    void openResults_streamsTheOutputForAJobStartedElsewhere() {
        serviceWritesOutput("{\"input\":{\"itemId\":\"1\"},\"output\":{\"recommendedItems\":[\"2\",\"3\"]}}\n");
        BatchJob job = BatchJob.of(
                JOB_ARN, "catalog-1", "ACTIVE", request().input(), request().resultsLocation());

        try (Stream<BatchResult> results = batch().build().openResults(job).stream()) {
            assertThat(results.map(BatchResult::recommendedItems).collect(Collectors.toList()))
                    .containsExactly(List.of("2", "3"));
        }
    }

    @Test
    void builder_validatesAtTheEdge() {
        assertThatThrownBy(() -> BatchSimilarItems.builder().roleArn("arn:aws:iam::123:role/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arn:aws:iam::123:role/x");
        assertThatThrownBy(() -> BatchSimilarItems.builder()
                        .personalizeClient(personalize)
                        .s3Client(S3.client())
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("roleArn");
    }
}
