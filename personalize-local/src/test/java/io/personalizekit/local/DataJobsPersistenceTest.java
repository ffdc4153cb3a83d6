package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.local.JobFixtures.Group;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.DataDeletionJob;
import software.amazon.awssdk.services.personalize.model.MetricAttribute;

/**
 * With {@code dataDir}, data deletion jobs, dataset export jobs, metric attributions (with what they measured) and
 * batch segment jobs come back after a restart, and the deleted users stay deleted.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DataJobsPersistenceTest {
    @TempDir
    Path dir;

    static {
        TestRecipes.register();
    }

    @Test
    void restart_restoresTheJobsTheirResultsAndTheMetrics() {
        Group g;
        String deletion;
        String export;
        String attribution;
        String segments;
        List<AttributedMetric> measured;
        List<MetricAttribute> metrics;
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().dataDir(dir).build().start()) {
            PersonalizeClient p = local.personalizeClient();
            g = JobFixtures.build(local, "persist-jobs");
            attribution = MetricAttributionTest.createAttribution(p, "persist-jobs", g.group(), "s3://persist-jobs/r/");
            String a = attribution;
            JobFixtures.active(() -> p.describeMetricAttribution(r -> r.metricAttributionArn(a))
                    .metricAttribution()
                    .status());
            String trackingId = MetricAttributionTest.tracker(p, "persist-jobs", g.group());
            String sims = TestPipeline.train(p, JobFixtures.solution(p, g.group(), "persist-sims", JobFixtures.SIMS));
            String campaign = JobFixtures.campaign(p, "persist-jobs", sims);
            String rid = MetricAttributionTest.recommendationId(local, campaign);
            MetricAttributionTest.put(
                    local.eventsClient(),
                    trackingId,
                    MetricAttributionTest.event("click", "1", 1700000100L, rid, null, null),
                    MetricAttributionTest.event("purchase", "X", 1700000100L, null, "partner", null));
            measured = local.attributionMetrics(attribution);
            assertThat(measured)
                    .hasSize(2)
                    .anyMatch(m -> m.eventAttributionSource().equals(campaign));
            metrics = p.listMetricAttributionMetrics(r -> r.metricAttributionArn(a))
                    .metrics();

            String affinity = TestPipeline.train(
                    p, JobFixtures.solution(p, g.group(), "persist-affinity", TestRecipes.ITEM_AFFINITY));
            JobFixtures.put(local.s3Client(), g.bucket(), "q.json", "{\"itemId\": \"X\"}\n");
            segments = p.createBatchSegmentJob(r -> r.jobName("persist-jobs")
                            .solutionVersionArn(affinity)
                            .roleArn(Fixtures.ROLE)
                            .jobInput(i -> i.s3DataSource(s -> s.path("s3://persist-jobs/q.json")))
                            .jobOutput(o -> o.s3DataDestination(d -> d.path("s3://persist-jobs/seg/"))))
                    .batchSegmentJobArn();
            String s = segments;
            JobFixtures.active(() -> p.describeBatchSegmentJob(r -> r.batchSegmentJobArn(s))
                    .batchSegmentJob()
                    .status());

            JobFixtures.put(local.s3Client(), g.bucket(), "forget.csv", "USER_ID\nB\n");
            deletion = p.createDataDeletionJob(r -> r.jobName("persist-jobs")
                            .datasetGroupArn(g.group())
                            .dataSource(d -> d.dataLocation("s3://persist-jobs/forget.csv"))
                            .roleArn(Fixtures.ROLE))
                    .dataDeletionJobArn();
            String d = deletion;
            assertThat(JobFixtures.terminal(() -> p.describeDataDeletionJob(r -> r.dataDeletionJobArn(d))
                            .dataDeletionJob()
                            .status()))
                    .isEqualTo("COMPLETED");
            export = p.createDatasetExportJob(r -> r.jobName("persist-jobs")
                            .datasetArn(g.interactions())
                            .ingestionMode("ALL")
                            .roleArn(Fixtures.ROLE)
                            .jobOutput(o -> o.s3DataDestination(x -> x.path("s3://persist-jobs/export/"))))
                    .datasetExportJobArn();
            String e = export;
            JobFixtures.active(() -> p.describeDatasetExportJob(r -> r.datasetExportJobArn(e))
                    .datasetExportJob()
                    .status());
        }

        try (PersonalizeLocal local =
                PersonalizeLocal.builder().dataDir(dir).build().start()) {
            PersonalizeClient p = local.personalizeClient();
            String d = deletion;
            DataDeletionJob job =
                    p.describeDataDeletionJob(r -> r.dataDeletionJobArn(d)).dataDeletionJob();
            assertThat(job.status()).isEqualTo("COMPLETED");
            assertThat(job.numDeleted()).isEqualTo(1);
            String e = export;
            assertThat(p.describeDatasetExportJob(r -> r.datasetExportJobArn(e))
                            .datasetExportJob()
                            .status())
                    .isEqualTo("ACTIVE");
            String a = attribution;
            assertThat(p.describeMetricAttribution(r -> r.metricAttributionArn(a))
                            .metricAttribution()
                            .status())
                    .isEqualTo("ACTIVE");
            assertThat(p.listMetricAttributionMetrics(r -> r.metricAttributionArn(a))
                            .metrics())
                    .isEqualTo(metrics);
            assertThat(local.attributionMetrics(attribution))
                    .as("replayed events are attributed again, also through recommendation ids handed out before")
                    .isEqualTo(measured);
            String s = segments;
            assertThat(p.describeBatchSegmentJob(r -> r.batchSegmentJobArn(s))
                            .batchSegmentJob()
                            .status())
                    .isEqualTo("ACTIVE");
            assertThat(JobFixtures.lines(local.s3Client(), g.bucket(), "seg/q.json.out")
                            .get(0))
                    .contains("\"recommendedUsers\":[\"A\",\"B\",\"C\"]");

            String again = p.createDatasetExportJob(r -> r.jobName("persist-again")
                            .datasetArn(g.interactions())
                            .ingestionMode("ALL")
                            .roleArn(Fixtures.ROLE)
                            .jobOutput(o -> o.s3DataDestination(x -> x.path("s3://persist-jobs/export/"))))
                    .datasetExportJobArn();
            JobFixtures.active(() -> p.describeDatasetExportJob(r -> r.datasetExportJobArn(again))
                    .datasetExportJob()
                    .status());
            assertThat(JobFixtures.lines(local.s3Client(), g.bucket(), "export/persist-again/part-00000.csv"))
                    .as("B stays deleted")
                    .noneMatch(l -> l.startsWith("B,"))
                    .anyMatch(l -> l.startsWith("A,"));
        }
    }
}
