package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.BatchInferenceJob;
import software.amazon.awssdk.services.personalize.model.DatasetImportJob;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code externalS3(...)}: import and batch inference jobs read from (and write to) a real, separate S3-compatible
 * server (s3proxy), the embedded S3 endpoint is not started, and storage errors become failure reasons.
 */
class ExternalS3Test {
    private static S3ProxyTestServer proxy;

    @TempDir
    Path dir;

    @BeforeAll
    static void startProxy() throws Exception {
        proxy = S3ProxyTestServer.start();
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    private static PersonalizeLocal.Builder external() {
        return PersonalizeLocal.builder()
                .externalS3(proxy.endpoint(), S3ProxyTestServer.ACCESS_KEY, S3ProxyTestServer.SECRET_KEY);
    }

    private static String importStatus(PersonalizeClient p, String job, String dataset, String location) {
        String arn = p.createDatasetImportJob(r -> r.jobName(job)
                        .datasetArn(dataset)
                        .roleArn(Fixtures.ROLE)
                        .dataSource(s -> s.dataLocation(location)))
                .datasetImportJobArn();
        Await.terminal(() -> p.describeDatasetImportJob(r -> r.datasetImportJobArn(arn))
                .datasetImportJob()
                .status());
        DatasetImportJob described =
                p.describeDatasetImportJob(r -> r.datasetImportJobArn(arn)).datasetImportJob();
        return described.status() + ": " + described.failureReason();
    }

    private static BatchInferenceJob batch(PersonalizeClient p, String name, String version, String in, String out) {
        String arn = p.createBatchInferenceJob(r -> r.jobName(name)
                        .solutionVersionArn(version)
                        .numResults(5)
                        .roleArn(Fixtures.ROLE)
                        .jobInput(i -> i.s3DataSource(s -> s.path(in)))
                        .jobOutput(o -> o.s3DataDestination(s -> s.path(out))))
                .batchInferenceJobArn();
        Await.terminal(() -> p.describeBatchInferenceJob(r -> r.batchInferenceJobArn(arn))
                .batchInferenceJob()
                .status());
        return p.describeBatchInferenceJob(r -> r.batchInferenceJobArn(arn)).batchInferenceJob();
    }

    @Test
    void externalS3_importsTheCsvsAndRunsABatchJob_throughTheOtherServer() {
        try (PersonalizeLocal local = external().build().start()) {
            assertThat(local.s3Endpoint()).isEqualTo(proxy.endpoint());
            // TestPipeline writes the CSVs with local.s3Client(), which now talks to s3proxy
            TestPipeline pipeline = TestPipeline.build(local, "external", Fixtures.SIMILAR_ITEMS);
            S3Client direct = proxy.client();
            assertThat(direct.listObjectsV2(r -> r.bucket("external")).contents())
                    .extracting(o -> o.key())
                    .contains("items.csv", "interactions.csv");
            assertThat(local.runtimeClient()
                            .getRecommendations(r ->
                                    r.campaignArn(pipeline.campaign).itemId("1").numResults(25))
                            .itemList())
                    .hasSize(25);

            direct.putObject(
                    r -> r.bucket("external").key("batch/in/articles.json"),
                    RequestBody.fromString("{\"itemId\": \"1\"}\n{\"itemId\": \"2\"}\n"));
            BatchInferenceJob job = batch(
                    local.personalizeClient(),
                    "external-batch",
                    pipeline.version,
                    "s3://external/batch/in/articles.json",
                    "s3://external/batch/out/");
            assertThat(job.status()).as("%s", job.failureReason()).isEqualTo("ACTIVE");
            String out = direct.getObjectAsBytes(r -> r.bucket("external").key("batch/out/articles.json.out"))
                    .asString(StandardCharsets.UTF_8);
            List<String> lines = out.lines().collect(Collectors.toList());
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).startsWith("{\"input\":{\"itemId\":\"1\"},\"output\":{\"recommendedItems\":[");
        }
    }

    @Test
    void externalS3_whenBucketOrObjectMissingOrKeyWrong_jobsFailWithTheServiceReasons() {
        try (PersonalizeLocal local = external().build().start()) {
            TestPipeline pipeline = TestPipeline.build(local, "external-errors", Fixtures.SIMILAR_ITEMS);
            PersonalizeClient p = local.personalizeClient();

            assertThat(importStatus(p, "no-bucket", pipeline.itemsDataset, "s3://no-such-bucket/items.csv"))
                    .isEqualTo("CREATE FAILED: Insufficient privileges for accessing data in Amazon S3.");
            assertThat(importStatus(p, "no-object", pipeline.itemsDataset, "s3://external-errors/missing.csv"))
                    .isEqualTo("CREATE FAILED: Invalid Data location.");
            assertThat(importStatus(p, "empty-folder", pipeline.itemsDataset, "s3://external-errors/nothing/"))
                    .isEqualTo("CREATE FAILED: Invalid Data location.");

            BatchInferenceJob noInput = batch(
                    p, "no-input", pipeline.version, "s3://external-errors/none.json", "s3://external-errors/out/");
            assertThat(noInput.status()).isEqualTo("CREATE FAILED");
            assertThat(noInput.failureReason())
                    .isEqualTo("Invalid S3 input path: no input file found at s3://external-errors/none.json");
            proxy.client()
                    .putObject(
                            r -> r.bucket("external-errors").key("in.json"),
                            RequestBody.fromString("{\"itemId\": \"1\"}\n"));
            BatchInferenceJob noOutputBucket =
                    batch(p, "no-output", pipeline.version, "s3://external-errors/in.json", "s3://nowhere/out/");
            assertThat(noOutputBucket.failureReason())
                    .isEqualTo("Invalid S3 output path: bucket nowhere does not exist.");
        }
        // the objects exist, but the emulator signs with a secret s3proxy does not accept (HTTP 403)
        try (PersonalizeLocal wrongKey = PersonalizeLocal.builder()
                .externalS3(proxy.endpoint(), S3ProxyTestServer.ACCESS_KEY, "not-the-secret")
                .build()
                .start()) {
            PersonalizeClient p = wrongKey.personalizeClient();
            String schema = p.createSchema(r -> r.name("k").schema(Fixtures.INTERACTIONS_SCHEMA))
                    .schemaArn();
            String group = p.createDatasetGroup(r -> r.name("k")).datasetGroupArn();
            Await.terminal(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                    .datasetGroup()
                    .status());
            String dataset = p.createDataset(r ->
                            r.name("k").datasetGroupArn(group).schemaArn(schema).datasetType("Interactions"))
                    .datasetArn();
            Await.terminal(() ->
                    p.describeDataset(r -> r.datasetArn(dataset)).dataset().status());
            assertThat(importStatus(p, "wrong-key", dataset, "s3://external-errors/interactions.csv"))
                    .isEqualTo("CREATE FAILED: Insufficient privileges for accessing data in Amazon S3.");
        }
    }

    @Test
    void externalS3_whenEndpointUnreachable_importFailsWithAReasonNotAnError() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (PersonalizeLocal local = PersonalizeLocal.builder()
                .externalS3(java.net.URI.create("http://127.0.0.1:" + closedPort), "a", "b")
                .build()
                .start()) {
            PersonalizeClient p = local.personalizeClient();
            String schema = p.createSchema(r -> r.name("u").schema(Fixtures.INTERACTIONS_SCHEMA))
                    .schemaArn();
            String group = p.createDatasetGroup(r -> r.name("u")).datasetGroupArn();
            Await.terminal(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                    .datasetGroup()
                    .status());
            String dataset = p.createDataset(r ->
                            r.name("u").datasetGroupArn(group).schemaArn(schema).datasetType("Interactions"))
                    .datasetArn();
            Await.terminal(() ->
                    p.describeDataset(r -> r.datasetArn(dataset)).dataset().status());
            assertThat(importStatus(p, "unreachable", dataset, "s3://b/i.csv"))
                    .startsWith(
                            "CREATE FAILED: Cannot access s3://b at the S3 endpoint http://127.0.0.1:" + closedPort);
        }
    }

    @Test
    void externalS3_withDataDir_keepsStateOnlyAndRestoresTheCampaign() {
        TestPipeline pipeline;
        List<String> before;
        try (PersonalizeLocal local = external().dataDir(dir).build().start()) {
            pipeline = TestPipeline.build(local, "external-persisted", Fixtures.SIMILAR_ITEMS);
            before = TestPipeline.similarToItem1(local, pipeline.campaign);
        }
        assertThat(dir.resolve("objects")).doesNotExist();
        assertThat(Files.exists(dir.resolve("journal.jsonl"))).isTrue();
        try (PersonalizeLocal local = external().dataDir(dir).build().start()) {
            assertThat(local.personalizeClient()
                            .describeCampaign(r -> r.campaignArn(pipeline.campaign))
                            .campaign()
                            .status())
                    .isEqualTo("ACTIVE");
            assertThat(TestPipeline.similarToItem1(local, pipeline.campaign)).isEqualTo(before);
        }
    }

    @Test
    void builder_whenS3PortAndExternalS3BothSet_refuses() {
        assertThatThrownBy(() -> external().s3Port(4566).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("s3Port");
        assertThatThrownBy(() -> PersonalizeLocal.builder().externalS3(java.net.URI.create("s3.local"), "a", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3.local");
    }
}
