package io.personalizekit.export;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.resource.DatasetRef;
import io.personalizekit.storage.S3Location;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.S3ProxyServer;
import io.personalizekit.waiter.ResourceWaiter;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.ResourceAlreadyExistsException;

/** {@link DatasetExporter} against WireMock in the service's wire format, and an in-process S3. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatasetExporterTest {
    private static final String TARGET = "X-Amz-Target";
    private static final String JSON_1_1 = "application/x-amz-json-1.1";
    private static final String DATASET_ARN = "arn:aws:personalize:us-east-1:123456789012:dataset/news/INTERACTIONS";
    private static final String JOB_ARN = "arn:aws:personalize:us-east-1:123456789012:dataset-export-job/news-1";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/PersonalizeExport";
    private static final String BUCKET = "exports";
    private static final AtomicInteger RUNS = new AtomicInteger();

    @RegisterExtension
    static final WireMockExtension WM = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.create();

    private final FakeClock time = new FakeClock(Instant.parse("2026-12-01T10:00:00Z"));
    private PersonalizeClient personalize;
    private ResourceWaiter waiter;
    private String prefix;

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
        prefix = "run-" + RUNS.incrementAndGet() + "/";
    }

    @AfterEach
    void tearDown() {
        waiter.close();
        personalize.close();
    }

    private DatasetExporter exporter() {
        return DatasetExporter.builder()
                .personalizeClient(personalize)
                .s3Client(S3.client())
                .resourceWaiter(waiter)
                .build();
    }

    private DatasetExportRequest request(String jobName) {
        DatasetExportRequest.Builder b = DatasetExportRequest.builder()
                .dataset(DatasetRef.of(DATASET_ARN))
                .mode(ExportMode.BULK)
                .output(S3Location.of(BUCKET, prefix + "out"))
                .roleArn(ROLE_ARN);
        return jobName == null ? b.build() : b.jobName(jobName).build();
    }

    private String describeBody(String status, String extra) {
        return "{\"datasetExportJob\":{\"jobName\":\"news-1\",\"datasetExportJobArn\":\"" + JOB_ARN + "\","
                + "\"datasetArn\":\"" + DATASET_ARN + "\",\"ingestionMode\":\"BULK\",\"roleArn\":\"" + ROLE_ARN
                + "\",\"status\":\"" + status + "\"" + extra + ",\"jobOutput\":{\"s3DataDestination\":{\"path\":"
                + "\"s3://" + BUCKET + "/" + prefix + "out/\"}},\"creationDateTime\":1.764583200E9,"
                + "\"lastUpdatedDateTime\":1764583260.5}}";
    }

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
                    .withHeader(TARGET, equalTo("AmazonPersonalize.DescribeDatasetExportJob"))
                    .withRequestBody(equalToJson("{\"datasetExportJobArn\":\"" + JOB_ARN + "\"}"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", JSON_1_1)
                            .withBody(describeBody(statuses[i], extra))));
            state = next;
        }
    }

    private void stubCreate(String jobName) {
        WM.stubFor(post(urlEqualTo("/"))
                .withHeader(TARGET, equalTo("AmazonPersonalize.CreateDatasetExportJob"))
                .withHeader("Content-Type", equalTo(JSON_1_1))
                .withRequestBody(equalToJson("{\"jobName\":\"" + jobName + "\",\"datasetArn\":\"" + DATASET_ARN
                        + "\",\"ingestionMode\":\"BULK\",\"roleArn\":\"" + ROLE_ARN + "\",\"jobOutput\":"
                        + "{\"s3DataDestination\":{\"path\":\"s3://" + BUCKET + "/" + prefix + "out/\"}}}"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", JSON_1_1)
                        .withBody("{\"datasetExportJobArn\":\"" + JOB_ARN + "\"}")));
    }

    private void put(String key, String body) {
        S3.client().putObject(r -> r.bucket(BUCKET).key(prefix + key), RequestBody.fromString(body));
    }

    private int calls(String op) {
        return WM.findAll(postRequestedFor(urlEqualTo("/")).withHeader(TARGET, equalTo("AmazonPersonalize." + op)))
                .size();
    }

    @Test
    void export_whenTheJobBecomesActive_returnsTheJobsFilesWithTheirSizes() {
        stubCreate("news-1");
        stubDescribe("CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE");
        put("out/news-1/part-00001.csv", "USER_ID,ITEM_ID,TIMESTAMP\nu2,i2,2\n");
        put("out/news-1/part-00000.csv", "USER_ID,ITEM_ID,TIMESTAMP\nu1,i1,1\n");
        put("out/news-0/part-00000.csv", "another job's file");

        DatasetExport export = exporter().export(request("news-1"));

        assertThat(export.job().arn()).isEqualTo(JOB_ARN);
        assertThat(export.output()).isEqualTo(S3Location.of(BUCKET, prefix + "out/"));
        assertThat(export.mode()).isEqualTo(ExportMode.BULK);
        assertThat(export.files())
                .containsExactly(
                        new ExportedFile(S3Location.of(BUCKET, prefix + "out/news-1/part-00000.csv"), 34),
                        new ExportedFile(S3Location.of(BUCKET, prefix + "out/news-1/part-00001.csv"), 34));
        assertThat(export.totalBytes()).isEqualTo(68);
        assertThat(calls("DescribeDatasetExportJob")).isEqualTo(3);
    }

    @Test
    void export_withoutAJobName_namesTheJobAfterTheDatasetAndTheClock() {
        String name = "news-interactions-" + time.instant().getEpochSecond();
        stubCreate(name);
        stubDescribe("ACTIVE");

        DatasetExport export = exporter().export(request(null));

        assertThat(export.job().name()).isEqualTo(name);
        assertThat(export.files()).isEmpty();
    }

    @Test
    void export_whenTheJobFails_throwsWithTheServicesReasonAndListsNothing() {
        stubCreate("news-1");
        stubDescribe("CREATE PENDING", "CREATE FAILED");

        assertThatThrownBy(() -> exporter().export(request("news-1")))
                .isInstanceOf(ResourceFailedException.class)
                .hasMessageContaining(JOB_ARN)
                .hasMessageContaining("Insufficient privileges for accessing data in Amazon S3.");
    }

    @Test
    void export_whenARetriedCreateMeetsItsOwnJob_adoptsItInsteadOfFailing() {
        WM.stubFor(post(urlEqualTo("/"))
                .withHeader(TARGET, equalTo("AmazonPersonalize.CreateDatasetExportJob"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", JSON_1_1)
                        .withBody("{\"__type\":\"ResourceAlreadyExistsException\",\"message\":\"exists\"}")));
        stubDescribe("ACTIVE");
        put("out/news-1/part-00000.csv", "USER_ID,ITEM_ID,TIMESTAMP\n");

        DatasetExport export = exporter().export(request("news-1"));

        assertThat(export.job().arn()).isEqualTo(JOB_ARN);
        assertThat(export.locations()).containsExactly(S3Location.of(BUCKET, prefix + "out/news-1/part-00000.csv"));
        assertThat(calls("CreateDatasetExportJob")).isEqualTo(1);
    }

    @Test
    void export_whenTheNameBelongsToAnotherExport_rethrowsTheServicesError() {
        WM.stubFor(post(urlEqualTo("/"))
                .withHeader(TARGET, equalTo("AmazonPersonalize.CreateDatasetExportJob"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", JSON_1_1)
                        .withBody("{\"__type\":\"ResourceAlreadyExistsException\",\"message\":\"exists\"}")));
        stubDescribe("ACTIVE");
        DatasetExportRequest elsewhere = DatasetExportRequest.builder()
                .dataset(DatasetRef.of(DATASET_ARN))
                .jobName("news-1")
                .output(S3Location.of(BUCKET, prefix + "elsewhere/"))
                .roleArn(ROLE_ARN)
                .build();

        assertThatThrownBy(() -> exporter().export(elsewhere)).isInstanceOf(ResourceAlreadyExistsException.class);
    }

    @Test
    void request_rejectsBadNamesAndRolesNamingThem() {
        assertThatThrownBy(() -> DatasetExportRequest.builder().jobName("-bad"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'-bad'");
        assertThatThrownBy(() -> DatasetExportRequest.builder().roleArn("arn:aws:s3:::bucket"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arn:aws:s3:::bucket");
        assertThatThrownBy(() -> DatasetExportRequest.builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("dataset");
        assertThat(List.of(ExportMode.values())).containsExactly(ExportMode.BULK, ExportMode.PUT, ExportMode.ALL);
    }
}
