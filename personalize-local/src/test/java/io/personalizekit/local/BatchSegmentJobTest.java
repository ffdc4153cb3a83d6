package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personalizekit.local.JobFixtures.Group;
import io.personalizekit.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.BatchSegmentJob;
import software.amazon.awssdk.services.personalize.model.BatchSegmentJobSummary;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalize.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;
import software.amazon.awssdk.services.personalize.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Batch segment jobs through the SDK, with a USER_SEGMENTATION recipe written against the recipe SPI
 * ({@link TestRecipes}): JSON lines of items or item attributes in S3 become the service's output lines, read back
 * through the S3 client.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BatchSegmentJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        TestRecipes.register();
    }

    private static String segment(PersonalizeClient p, String name, String version, String in, String out) {
        return p.createBatchSegmentJob(r -> r.jobName(name)
                        .solutionVersionArn(version)
                        .numResults(3)
                        .roleArn(Fixtures.ROLE)
                        .jobInput(i -> i.s3DataSource(s -> s.path(in)))
                        .jobOutput(o -> o.s3DataDestination(d -> d.path(out))))
                .batchSegmentJobArn();
    }

    private static BatchSegmentJob describe(PersonalizeClient p, String arn) {
        return p.describeBatchSegmentJob(r -> r.batchSegmentJobArn(arn)).batchSegmentJob();
    }

    private static List<JsonNode> output(S3Client s3, String bucket, String key) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : JobFixtures.lines(s3, bucket, key)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void segments_forItemsAndAttributes_inTheServicesJsonLines_withoutDeletedUsers() throws Exception {
        try (PersonalizeLocal local = PersonalizeLocal.create().start()) {
            PersonalizeClient p = local.personalizeClient();
            S3Client s3 = local.s3Client();
            Group g = JobFixtures.build(local, "segments");
            String version =
                    TestPipeline.train(p, JobFixtures.solution(p, g.group(), "segments", TestRecipes.ITEM_AFFINITY));
            JobFixtures.put(
                    s3,
                    g.bucket(),
                    "segments-in/queries.json",
                    "{\"itemId\": \"X\"}\n{\"itemAttributes\": \"ITEMS.GENRE = \\\"GENRE_B\\\"\"}\n"
                            + "{\"itemAttributes\": \"ITEMS.PRICE > 3\"}\n\n{\"itemId\": \"X\", \"itemAttributes\": \"x\"}\n");

            String job = segment(p, "segments-1", version, "s3://segments/segments-in/", "s3://segments/segments-out/");
            assertThat(JobFixtures.terminal(() -> describe(p, job).status())).isEqualTo("ACTIVE");
            List<JsonNode> lines = output(s3, g.bucket(), "segments-out/queries.json.out");
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0).toString())
                    .isEqualTo("{\"input\":{\"itemId\":\"X\"},\"output\":{\"recommendedUsers\":[\"A\",\"B\",\"C\"]},"
                            + "\"error\":null}");
            assertThat(lines.get(1).path("output").path("recommendedUsers").toString())
                    .isEqualTo("[\"B\"]");
            assertThat(lines.get(2).path("error").asText()).contains("Unsupported item attributes");
            assertThat(lines.get(2).has("output")).isFalse();
            assertThat(lines.get(3).path("error").asText()).contains("exactly one of itemId and itemAttributes");

            JobFixtures.put(s3, g.bucket(), "forget.csv", "USER_ID\nB\n");
            String deletion = p.createDataDeletionJob(r -> r.jobName("segments-forget-b")
                            .datasetGroupArn(g.group())
                            .dataSource(s -> s.dataLocation("s3://segments/forget.csv"))
                            .roleArn(Fixtures.ROLE))
                    .dataDeletionJobArn();
            assertThat(JobFixtures.terminal(() -> p.describeDataDeletionJob(r -> r.dataDeletionJobArn(deletion))
                            .dataDeletionJob()
                            .status()))
                    .isEqualTo("COMPLETED");
            String after =
                    segment(p, "segments-2", version, "s3://segments/segments-in/queries.json", "s3://segments/after/");
            assertThat(JobFixtures.terminal(() -> describe(p, after).status())).isEqualTo("ACTIVE");
            List<JsonNode> afterLines = output(s3, g.bucket(), "after/queries.json.out");
            assertThat(afterLines.get(0).path("output").path("recommendedUsers").toString())
                    .as("the model was trained before B was deleted; the service leaves deleted users out of segments")
                    .isEqualTo("[\"A\",\"C\"]");
            assertThat(afterLines.get(1).path("output").path("recommendedUsers").toString())
                    .isEqualTo("[]");

            BatchSegmentJob d = describe(p, job);
            assertThat(d.jobName()).isEqualTo("segments-1");
            assertThat(d.solutionVersionArn()).isEqualTo(version);
            assertThat(d.numResults()).isEqualTo(3);
            assertThat(d.roleArn()).isEqualTo(Fixtures.ROLE);
            assertThat(d.jobInput().s3DataSource().path()).isEqualTo("s3://segments/segments-in/");
            assertThat(d.jobOutput().s3DataDestination().path()).isEqualTo("s3://segments/segments-out/");
            assertThat(d.failureReason()).isNull();
            assertThat(p.listBatchSegmentJobs(r -> r.solutionVersionArn(version))
                            .batchSegmentJobs())
                    .extracting(BatchSegmentJobSummary::jobName)
                    .containsExactly("segments-1", "segments-2");
            assertThat(p.listBatchSegmentJobs(r -> r.maxResults(1)).nextToken()).isNotNull();

            String sims = TestPipeline.train(p, JobFixtures.solution(p, g.group(), "segments-sims", JobFixtures.SIMS));
            assertThatThrownBy(() ->
                            segment(p, "not-segmentation", sims, "s3://segments/segments-in/", "s3://segments/x/"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("USER_SEGMENTATION");
            assertThatThrownBy(
                            () -> segment(p, "segments-1", version, "s3://segments/segments-in/", "s3://segments/y/"))
                    .isInstanceOf(ResourceAlreadyExistsException.class);
            assertThatThrownBy(() -> segment(p, "same-path", version, "s3://segments/a/", "s3://segments/a/"))
                    .isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> segment(p, "no-version", version + "0", "s3://segments/a/", "s3://segments/b/"))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void lifecycle_pendingInProgressActive_failuresAndTags() {
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().clock(clock).timeScale(1.0).build().start()) {
            PersonalizeClient p = local.personalizeClient();
            S3Client s3 = local.s3Client();
            s3.createBucket(r -> r.bucket("seglife"));
            JobFixtures.put(s3, "seglife", "interactions.csv", JobFixtures.interactionsCsv());
            JobFixtures.put(s3, "seglife", "in.json", "{\"itemId\": \"X\"}\n");
            String group = p.createDatasetGroup(r -> r.name("seglife")).datasetGroupArn();
            clock.advance(Duration.ofMinutes(1));
            String schema = p.createSchema(r -> r.name("seglife").schema(JobFixtures.INTERACTIONS_SCHEMA))
                    .schemaArn();
            String dataset = p.createDataset(r -> r.name("seglife")
                            .datasetGroupArn(group)
                            .schemaArn(schema)
                            .datasetType("Interactions"))
                    .datasetArn();
            clock.advance(Duration.ofMinutes(1));
            String importJob = p.createDatasetImportJob(r -> r.jobName("seglife")
                            .datasetArn(dataset)
                            .roleArn(Fixtures.ROLE)
                            .dataSource(s -> s.dataLocation("s3://seglife/interactions.csv")))
                    .datasetImportJobArn();
            clock.advance(Duration.ofHours(1));
            JobFixtures.active(() -> p.describeDatasetImportJob(r -> r.datasetImportJobArn(importJob))
                    .datasetImportJob()
                    .status());
            String solution = p.createSolution(r -> r.name("seglife")
                            .datasetGroupArn(group)
                            .recipeArn(TestRecipes.ITEM_AFFINITY)
                            .performAutoTraining(false))
                    .solutionArn();
            clock.advance(Duration.ofMinutes(1));
            String version =
                    p.createSolutionVersion(r -> r.solutionArn(solution)).solutionVersionArn();
            clock.advance(Duration.ofHours(1));
            JobFixtures.active(() -> p.describeSolutionVersion(r -> r.solutionVersionArn(version))
                    .solutionVersion()
                    .status());

            String job = p.createBatchSegmentJob(r -> r.jobName("seglife")
                            .solutionVersionArn(version)
                            .roleArn(Fixtures.ROLE)
                            .jobInput(i -> i.s3DataSource(s -> s.path("s3://seglife/in.json")))
                            .jobOutput(o -> o.s3DataDestination(d -> d.path("s3://seglife/out/")))
                            .tags(Tag.builder().tagKey("k").tagValue("v").build()))
                    .batchSegmentJobArn();
            String noOutputBucket = segment(p, "seglife-2", version, "s3://seglife/in.json", "s3://nowhere/out/");
            String noInput = segment(p, "seglife-3", version, "s3://seglife/absent.json", "s3://seglife/out3/");
            assertThat(describe(p, job).status()).isEqualTo("PENDING");
            assertThat(describe(p, job).numResults()).as("the default").isEqualTo(25);
            clock.advance(Duration.ofMinutes(5));
            assertThat(describe(p, job).status()).isEqualTo("IN PROGRESS");
            clock.advance(Duration.ofMinutes(15));
            assertThat(JobFixtures.terminal(() -> describe(p, job).status())).isEqualTo("ACTIVE");
            assertThat(JobFixtures.lines(s3, "seglife", "out/in.json.out"))
                    .containsExactly(
                            "{\"input\":{\"itemId\":\"X\"},\"output\":{\"recommendedUsers\":[\"A\",\"B\",\"C\"]},"
                                    + "\"error\":null}");
            assertThat(JobFixtures.terminal(() -> describe(p, noOutputBucket).status()))
                    .isEqualTo("CREATE FAILED");
            assertThat(describe(p, noOutputBucket).failureReason()).contains("nowhere");
            assertThat(JobFixtures.terminal(() -> describe(p, noInput).status()))
                    .isEqualTo("CREATE FAILED");
            assertThat(describe(p, noInput).failureReason()).contains("absent.json");
            assertThat(p.listTagsForResource(r -> r.resourceArn(job)).tags()).hasSize(1);
            assertThat(job)
                    .isEqualTo("arn:aws:personalize:us-east-1:" + local.accountId() + ":batch-segment-job/seglife");
        }
    }
}
