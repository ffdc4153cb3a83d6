package io.personalizekit.local;

import static io.personalizekit.local.JobFixtures.B_ITEMS;
import static io.personalizekit.local.JobFixtures.recommend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.local.JobFixtures.Group;
import io.personalizekit.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.DataDeletionJob;
import software.amazon.awssdk.services.personalize.model.DataDeletionJobSummary;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalize.model.LimitExceededException;
import software.amazon.awssdk.services.personalize.model.ListDataDeletionJobsResponse;
import software.amazon.awssdk.services.personalize.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;
import software.amazon.awssdk.services.personalize.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Data deletion jobs through the SDK: a CSV of USER_IDs in S3 removes those users' interactions (imported and
 * streamed) and user records, {@code numDeleted} counts them, and the next trained version no longer knows them.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DataDeletionJobTest {
    static {
        TestRecipes.register();
    }

    private static DataDeletionJob describe(PersonalizeClient p, String arn) {
        return p.describeDataDeletionJob(r -> r.dataDeletionJobArn(arn)).dataDeletionJob();
    }

    private static String delete(PersonalizeClient p, String name, String group, String location) {
        return p.createDataDeletionJob(r -> r.jobName(name)
                        .datasetGroupArn(group)
                        .dataSource(s -> s.dataLocation(location))
                        .roleArn(Fixtures.ROLE))
                .dataDeletionJobArn();
    }

    private static List<String> export(PersonalizeLocal local, String name, String dataset, String bucket) {
        PersonalizeClient p = local.personalizeClient();
        String arn = p.createDatasetExportJob(r -> r.jobName(name)
                        .datasetArn(dataset)
                        .ingestionMode("ALL")
                        .roleArn(Fixtures.ROLE)
                        .jobOutput(o -> o.s3DataDestination(d -> d.path("s3://" + bucket + "/exports/"))))
                .datasetExportJobArn();
        JobFixtures.active(() -> p.describeDatasetExportJob(r -> r.datasetExportJobArn(arn))
                .datasetExportJob()
                .status());
        return JobFixtures.lines(local.s3Client(), bucket, "exports/" + name + "/part-00000.csv");
    }

    @Test
    void gdpr_deletingAUser_removesTheirDataAndTheNextVersionNoLongerKnowsThem() {
        try (PersonalizeLocal local = PersonalizeLocal.create().start()) {
            PersonalizeClient p = local.personalizeClient();
            S3Client s3 = local.s3Client();
            Group g = JobFixtures.build(local, "gdpr");
            String tracker = p.createEventTracker(r -> r.name("gdpr").datasetGroupArn(g.group()))
                    .trackingId();
            String trackerArn = p.listEventTrackers(r -> r.datasetGroupArn(g.group()))
                    .eventTrackers()
                    .get(0)
                    .eventTrackerArn();
            JobFixtures.active(() -> p.describeEventTracker(r -> r.eventTrackerArn(trackerArn))
                    .eventTracker()
                    .status());
            local.eventsClient()
                    .putEvents(r -> r.trackingId(tracker)
                            .userId("B")
                            .sessionId("b-session")
                            .eventList(
                                    e -> e.eventType("click").itemId("B2").sentAt(Instant.ofEpochSecond(1600000000))));
            local.eventsClient()
                    .putUsers(r ->
                            r.datasetArn(g.users()).users(u -> u.userId("B").properties("{\"segment\":\"platinum\"}")));

            String sims =
                    JobFixtures.solution(p, g.group(), "gdpr-sims", JobFixtures.SIMS, "min_cointeraction_count", "1");
            String history = JobFixtures.solution(p, g.group(), "gdpr-history", TestRecipes.USER_HISTORY);
            String simsV1 = JobFixtures.campaign(p, "gdpr-sims-1", TestPipeline.train(p, sims));
            String historyV1 = JobFixtures.campaign(p, "gdpr-history-1", TestPipeline.train(p, history));
            assertThat(recommend(local, simsV1, "X", null))
                    .as("B links X to B's items")
                    .containsAll(B_ITEMS);
            assertThat(recommend(local, historyV1, null, "B").subList(0, 5)).containsAll(B_ITEMS);

            JobFixtures.put(s3, g.bucket(), "forget/users.csv", "USER_ID\nB\nghost\n");
            String job = delete(p, "forget-b", g.group(), "s3://" + g.bucket() + "/forget/users.csv");
            assertThat(JobFixtures.terminal(() -> describe(p, job).status())).isEqualTo("COMPLETED");
            DataDeletionJob done = describe(p, job);
            assertThat(done.numDeleted()).as("B; ghost was never there").isEqualTo(1);
            assertThat(done.failureReason()).isNull();
            assertThat(done.datasetGroupArn()).isEqualTo(g.group());
            assertThat(done.dataSource().dataLocation()).isEqualTo("s3://" + g.bucket() + "/forget/users.csv");
            assertThat(done.roleArn()).isEqualTo(Fixtures.ROLE);

            String simsV2 = JobFixtures.campaign(p, "gdpr-sims-2", TestPipeline.train(p, sims));
            String historyV2 = JobFixtures.campaign(p, "gdpr-history-2", TestPipeline.train(p, history));
            assertThat(recommend(local, simsV2, "X", null))
                    .as("nothing links X to B's items")
                    .doesNotContainAnyElementsOf(B_ITEMS);
            assertThat(recommend(local, simsV2, "B1", null))
                    .as("B's items are unknown now: the cold-start answer")
                    .isEqualTo(recommend(local, simsV2, "never-seen", null));
            assertThat(recommend(local, historyV2, null, "B"))
                    .as("B is unknown now: the cold-start answer")
                    .isEqualTo(recommend(local, historyV2, null, "never-seen"))
                    .doesNotContainAnyElementsOf(B_ITEMS);
            assertThat(recommend(local, historyV2, null, "A").subList(0, 4)).containsAll(JobFixtures.ownItems("A"));
            assertThat(recommend(local, simsV1, "X", null))
                    .as("a version trained before keeps its model, as the service asks to retrain")
                    .containsAll(B_ITEMS);

            List<String> interactions = export(local, "gdpr-interactions", g.interactions(), g.bucket());
            assertThat(interactions).noneMatch(l -> l.startsWith("B,"));
            assertThat(interactions).anyMatch(l -> l.startsWith("A,X,"));
            List<String> users = export(local, "gdpr-users", g.users(), g.bucket());
            assertThat(users).noneMatch(l -> l.startsWith("B,")).contains("A,gold", "C,silver");
        }
    }

    @Test
    void lifecycle_pendingInProgressCompleted_numDeletedOnlyWhenCompleted_listedNewestFirst() {
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().clock(clock).timeScale(1.0).build().start()) {
            PersonalizeClient p = local.personalizeClient();
            local.s3Client().createBucket(r -> r.bucket("life"));
            JobFixtures.put(local.s3Client(), "life", "users.csv", "USER_ID\nu1\n");
            String group = p.createDatasetGroup(r -> r.name("life")).datasetGroupArn();
            clock.advance(Duration.ofMinutes(1));
            String first = delete(p, "life-1", group, "s3://life/users.csv");
            assertThat(describe(p, first).status()).isEqualTo("PENDING");
            assertThat(describe(p, first).numDeleted()).isNull();
            clock.advance(Duration.ofMinutes(3));
            assertThat(describe(p, first).status()).isEqualTo("IN_PROGRESS");
            assertThat(describe(p, first).numDeleted()).isNull();
            String second = p.createDataDeletionJob(r -> r.jobName("life-2")
                            .datasetGroupArn(group)
                            .dataSource(s -> s.dataLocation("s3://life/users.csv"))
                            .roleArn(Fixtures.ROLE)
                            .tags(Tag.builder()
                                    .tagKey("team")
                                    .tagValue("privacy")
                                    .build()))
                    .dataDeletionJobArn();
            clock.advance(Duration.ofMinutes(20));
            assertThat(JobFixtures.terminal(() -> describe(p, first).status())).isEqualTo("COMPLETED");
            assertThat(describe(p, first).numDeleted()).isZero();
            assertThat(describe(p, first).lastUpdatedDateTime())
                    .isAfter(describe(p, first).creationDateTime());
            assertThat(first)
                    .isEqualTo("arn:aws:personalize:us-east-1:" + local.accountId() + ":data-deletion-job/life-1");

            ListDataDeletionJobsResponse page1 =
                    p.listDataDeletionJobs(r -> r.datasetGroupArn(group).maxResults(1));
            assertThat(page1.dataDeletionJobs())
                    .extracting(DataDeletionJobSummary::dataDeletionJobArn)
                    .containsExactly(second);
            ListDataDeletionJobsResponse page2 = p.listDataDeletionJobs(
                    r -> r.datasetGroupArn(group).maxResults(1).nextToken(page1.nextToken()));
            assertThat(page2.dataDeletionJobs())
                    .extracting(DataDeletionJobSummary::dataDeletionJobArn)
                    .containsExactly(first);
            assertThat(page2.nextToken()).isNull();
            assertThat(page2.dataDeletionJobs().get(0).status()).isEqualTo("COMPLETED");
            assertThat(page2.dataDeletionJobs().get(0).jobName()).isEqualTo("life-1");
            assertThat(p.listDataDeletionJobs(r -> r.datasetGroupArn(group + "-other"))
                            .dataDeletionJobs())
                    .isEmpty();
            assertThat(p.listTagsForResource(r -> r.resourceArn(second)).tags())
                    .containsExactly(
                            Tag.builder().tagKey("team").tagValue("privacy").build());
        }
    }

    @Test
    void failures_inTheServicesWords_andValidation() {
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().clock(clock).timeScale(1.0).build().start()) {
            PersonalizeClient p = local.personalizeClient();
            S3Client s3 = local.s3Client();
            s3.createBucket(r -> r.bucket("bad"));
            JobFixtures.put(s3, "bad", "no-header.csv", "ID\nB\n");
            String group = p.createDatasetGroup(r -> r.name("bad")).datasetGroupArn();
            clock.advance(Duration.ofMinutes(1));
            String noBucket = delete(p, "no-bucket", group, "s3://missing-bucket/users.csv");
            String noObject = delete(p, "no-object", group, "s3://bad/absent.csv");
            String noColumn = delete(p, "no-column", group, "s3://bad/no-header.csv");
            clock.advance(Duration.ofHours(1));
            assertThat(JobFixtures.terminal(() -> describe(p, noBucket).status()))
                    .isEqualTo("FAILED");
            assertThat(describe(p, noBucket).failureReason())
                    .isEqualTo("Insufficient privileges for accessing data in Amazon S3.");
            assertThat(JobFixtures.terminal(() -> describe(p, noObject).status()))
                    .isEqualTo("FAILED");
            assertThat(describe(p, noObject).failureReason()).isEqualTo("Invalid Data location.");
            assertThat(JobFixtures.terminal(() -> describe(p, noColumn).status()))
                    .isEqualTo("FAILED");
            assertThat(describe(p, noColumn).failureReason())
                    .isEqualTo("Input CSV is missing the following columns:[USER_ID].");
            assertThat(describe(p, noColumn).numDeleted()).isNull();

            assertThatThrownBy(() -> p.createDataDeletionJob(r -> r.jobName("no-role")
                            .datasetGroupArn(group)
                            .dataSource(s -> s.dataLocation("s3://bad/users.csv"))))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("roleArn");
            assertThatThrownBy(() -> p.createDataDeletionJob(r -> r.jobName("no-source")
                            .datasetGroupArn(group)
                            .dataSource(s -> {})
                            .roleArn(Fixtures.ROLE)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("dataSource.dataLocation");
            assertThatThrownBy(() -> delete(p, "no-group", group + "x", "s3://bad/users.csv"))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> delete(p, "no-bucket", group, "s3://bad/users.csv"))
                    .isInstanceOf(ResourceAlreadyExistsException.class);
            assertThatThrownBy(() -> p.describeDataDeletionJob(r -> r.dataDeletionJobArn(noBucket + "x")))
                    .isInstanceOf(ResourceNotFoundException.class);

            List<String> pending = java.util.stream.IntStream.range(0, 5)
                    .mapToObj(i -> delete(p, "pending-" + i, group, "s3://bad/users.csv"))
                    .collect(Collectors.toList());
            assertThat(pending)
                    .allSatisfy(a -> assertThat(describe(p, a).status()).isEqualTo("PENDING"));
            assertThatThrownBy(() -> delete(p, "sixth", group, "s3://bad/users.csv"))
                    .isInstanceOf(LimitExceededException.class);
        }
    }
}
