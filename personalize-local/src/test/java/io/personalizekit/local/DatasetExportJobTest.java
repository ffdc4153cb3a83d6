package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.local.JobFixtures.Group;
import io.personalizekit.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.DatasetExportJob;
import software.amazon.awssdk.services.personalize.model.DatasetExportJobSummary;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalize.model.ListDatasetExportJobsResponse;
import software.amazon.awssdk.services.personalize.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;
import software.amazon.awssdk.services.personalize.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Dataset export jobs through the SDK: the records imported in bulk, put one by one, or both, as CSV part files
 * with a header in a folder named after the job, read back through the S3 client.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DatasetExportJobTest {
    private static String export(PersonalizeClient p, String name, String dataset, String mode, String path) {
        return p.createDatasetExportJob(r -> r.jobName(name)
                        .datasetArn(dataset)
                        .ingestionMode(mode)
                        .roleArn(Fixtures.ROLE)
                        .jobOutput(o -> o.s3DataDestination(d -> d.path(path))))
                .datasetExportJobArn();
    }

    private static DatasetExportJob describe(PersonalizeClient p, String arn) {
        return p.describeDatasetExportJob(r -> r.datasetExportJobArn(arn)).datasetExportJob();
    }

    private static List<String> run(PersonalizeLocal local, String name, String dataset, String mode, String bucket) {
        PersonalizeClient p = local.personalizeClient();
        String arn = export(p, name, dataset, mode, "s3://" + bucket + "/out");
        JobFixtures.active(() -> describe(p, arn).status());
        return JobFixtures.lines(local.s3Client(), bucket, "out/" + name + "/part-00000.csv");
    }

    @Test
    void bulkPutAndAll_writeTheRightRecordsAsCsvPartsWithAHeader() {
        try (PersonalizeLocal local = PersonalizeLocal.create().start()) {
            PersonalizeClient p = local.personalizeClient();
            Group g = JobFixtures.build(local, "export");
            String tracker = p.createEventTracker(r -> r.name("export").datasetGroupArn(g.group()))
                    .trackingId();
            String trackerArn = p.listEventTrackers(r -> r.datasetGroupArn(g.group()))
                    .eventTrackers()
                    .get(0)
                    .eventTrackerArn();
            JobFixtures.active(() -> p.describeEventTracker(r -> r.eventTrackerArn(trackerArn))
                    .eventTracker()
                    .status());
            local.eventsClient()
                    .putItems(r -> r.datasetArn(g.items())
                            .items(
                                    i -> i.itemId("X").properties("{\"genre\":\"PUT\",\"price\":1.5}"),
                                    i -> i.itemId("Q").properties("{\"genre\":\"a,\\\"b\\\"\"}")));
            local.eventsClient()
                    .putEvents(r -> r.trackingId(tracker)
                            .userId("A")
                            .sessionId("s")
                            .eventList(e -> e.eventType("watch")
                                    .itemId("Q")
                                    .eventValue(3.0f)
                                    .sentAt(Instant.ofEpochSecond(1700000000))));

            List<String> bulkItems = run(local, "items-bulk", g.items(), "BULK", g.bucket());
            assertThat(bulkItems.get(0)).isEqualTo("ITEM_ID,GENRE,PRICE");
            assertThat(bulkItems).contains("X,SPECIAL,10.0", "1,SCIENCE,1.0").doesNotContain("X,PUT,1.5");
            assertThat(bulkItems).hasSize(1 + Articles.ITEMS + 9);

            String putArn = p.createDatasetExportJob(r -> r.jobName("items-put")
                            .datasetArn(g.items())
                            .roleArn(Fixtures.ROLE)
                            .jobOutput(o -> o.s3DataDestination(d -> d.path("s3://" + g.bucket() + "/out/"))))
                    .datasetExportJobArn();
            JobFixtures.active(() -> describe(p, putArn).status());
            assertThat(describe(p, putArn).ingestionMode().toString())
                    .as("the default")
                    .isEqualTo("PUT");
            assertThat(JobFixtures.lines(local.s3Client(), g.bucket(), "out/items-put/part-00000.csv"))
                    .containsExactly("ITEM_ID,GENRE,PRICE", "X,PUT,1.5", "Q,\"a,\\\"b\\\"\",");

            List<String> allItems = run(local, "items-all", g.items(), "ALL", g.bucket());
            assertThat(allItems)
                    .as("a record put one by one replaces the bulk one")
                    .contains("X,PUT,1.5", "1,SCIENCE,1.0")
                    .doesNotContain("X,SPECIAL,10.0")
                    .hasSize(1 + Articles.ITEMS + 9 + 1);

            List<String> putEvents = run(local, "interactions-put", g.interactions(), "PUT", g.bucket());
            assertThat(putEvents)
                    .containsExactly(
                            "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE,RECOMMENDATION_ID,EVENT_ATTRIBUTION_SOURCE",
                            "A,Q,1700000000,watch,3.0,,");
            List<String> allEvents = run(local, "interactions-all", g.interactions(), "ALL", g.bucket());
            assertThat(allEvents).hasSize(1 + Articles.USERS * 12 + 11 + 1).contains("A,Q,1700000000,watch,3.0,,");
            assertThat(allEvents.get(1)).startsWith("u1,");

            assertThat(local.s3Client()
                            .listObjectsV2(r -> r.bucket(g.bucket()).prefix("out/interactions-all/"))
                            .contents())
                    .extracting(S3Object::key)
                    .containsExactly("out/interactions-all/part-00000.csv");
            DatasetExportJob d = describe(p, putArn);
            assertThat(d.datasetArn()).isEqualTo(g.items());
            assertThat(d.roleArn()).isEqualTo(Fixtures.ROLE);
            assertThat(d.jobOutput().s3DataDestination().path()).isEqualTo("s3://" + g.bucket() + "/out/");
            assertThat(d.jobName()).isEqualTo("items-put");
            assertThat(d.failureReason()).isNull();

            ListDatasetExportJobsResponse itemsJobs = p.listDatasetExportJobs(r -> r.datasetArn(g.items()));
            assertThat(itemsJobs.datasetExportJobs())
                    .extracting(DatasetExportJobSummary::jobName)
                    .containsExactly("items-bulk", "items-put", "items-all");
            ListDatasetExportJobsResponse first = p.listDatasetExportJobs(r -> r.maxResults(2));
            assertThat(first.datasetExportJobs()).hasSize(2);
            assertThat(p.listDatasetExportJobs(r -> r.nextToken(first.nextToken()))
                            .datasetExportJobs())
                    .extracting(DatasetExportJobSummary::jobName)
                    .containsExactly("items-all", "interactions-put", "interactions-all");
        }
    }

    @Test
    void lifecycle_failures_validationAndTags() {
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().clock(clock).timeScale(1.0).build().start()) {
            PersonalizeClient p = local.personalizeClient();
            S3Client s3 = local.s3Client();
            s3.createBucket(r -> r.bucket("exp"));
            String group = p.createDatasetGroup(r -> r.name("exp")).datasetGroupArn();
            clock.advance(Duration.ofMinutes(1));
            String schema = p.createSchema(r -> r.name("exp-items").schema(JobFixtures.ITEMS_SCHEMA))
                    .schemaArn();
            String items = p.createDataset(r -> r.name("exp-items")
                            .datasetGroupArn(group)
                            .schemaArn(schema)
                            .datasetType("Items"))
                    .datasetArn();
            String actionsSchema = p.createSchema(r -> r.name("exp-actions")
                            .schema("{\"type\":\"record\",\"name\":\"Actions\",\"namespace\":"
                                    + "\"com.amazonaws.personalize.schema\",\"fields\":[{\"name\":\"ACTION_ID\","
                                    + "\"type\":\"string\"},{\"name\":\"VALUE\",\"type\":[\"null\",\"long\"]},"
                                    + "{\"name\":\"CATEGORY\",\"type\":[\"null\",\"string\"],\"categorical\":true}],"
                                    + "\"version\":\"1.0\"}"))
                    .schemaArn();
            String actions = p.createDataset(r -> r.name("exp-actions")
                            .datasetGroupArn(group)
                            .schemaArn(actionsSchema)
                            .datasetType("Actions"))
                    .datasetArn();
            clock.advance(Duration.ofMinutes(1));

            String ok = p.createDatasetExportJob(r -> r.jobName("empty")
                            .datasetArn(items)
                            .ingestionMode("BULK")
                            .roleArn(Fixtures.ROLE)
                            .jobOutput(o -> o.s3DataDestination(d -> d.path("s3://exp/e")))
                            .tags(Tag.builder().tagKey("k").tagValue("v").build()))
                    .datasetExportJobArn();
            String noBucket = export(p, "no-bucket", items, "BULK", "s3://nowhere/e/");
            assertThat(describe(p, ok).status()).isEqualTo("CREATE PENDING");
            clock.advance(Duration.ofMinutes(2));
            assertThat(describe(p, ok).status()).isEqualTo("CREATE IN_PROGRESS");
            clock.advance(Duration.ofMinutes(5));
            assertThat(JobFixtures.terminal(() -> describe(p, ok).status())).isEqualTo("ACTIVE");
            assertThat(JobFixtures.lines(s3, "exp", "e/empty/part-00000.csv"))
                    .as("no records: the header alone")
                    .containsExactly("ITEM_ID,GENRE,PRICE");
            assertThat(JobFixtures.terminal(() -> describe(p, noBucket).status()))
                    .isEqualTo("CREATE FAILED");
            assertThat(describe(p, noBucket).failureReason())
                    .isEqualTo("Insufficient privileges for accessing data in Amazon S3.");
            assertThat(p.listTagsForResource(r -> r.resourceArn(ok)).tags())
                    .containsExactly(Tag.builder().tagKey("k").tagValue("v").build());
            assertThat(ok)
                    .isEqualTo("arn:aws:personalize:us-east-1:" + local.accountId() + ":dataset-export-job/empty");

            assertThatThrownBy(() -> export(p, "actions", actions, "ALL", "s3://exp/a/"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("Actions dataset");
            assertThatThrownBy(() -> export(p, "empty", items, "ALL", "s3://exp/a/"))
                    .isInstanceOf(ResourceAlreadyExistsException.class);
            assertThatThrownBy(() -> export(p, "missing", items + "x", "ALL", "s3://exp/a/"))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> export(p, "bad-mode", items, "SOME", "s3://exp/a/"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("ingestionMode");
            assertThatThrownBy(() -> export(p, "bad-path", items, "ALL", "ftp://exp/a/"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("jobOutput.s3DataDestination.path");
            assertThatThrownBy(() -> p.createDatasetExportJob(r -> r.jobName("no-role")
                            .datasetArn(items)
                            .jobOutput(o -> o.s3DataDestination(d -> d.path("s3://exp/a/")))))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("roleArn");
            assertThatThrownBy(() -> p.createDatasetExportJob(
                            r -> r.jobName("no-output").datasetArn(items).roleArn(Fixtures.ROLE)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("jobOutput");
        }
    }
}
