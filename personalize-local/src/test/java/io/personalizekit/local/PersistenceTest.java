package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dataDir}: state, trained models and S3 objects survive a restart. */
class PersistenceTest {
    @TempDir
    Path dir;

    @Test
    void restartWithTheSameDataDir_restoresResourcesModelsAndObjects() {
        TestPipeline pipeline;
        List<String> before;
        String trackingId;
        String created;
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().dataDir(dir).build().start()) {
            pipeline = TestPipeline.build(local, "persisted", Fixtures.SIMILAR_ITEMS);
            trackingId = local.personalizeClient()
                    .createEventTracker(r -> r.name("persisted").datasetGroupArn(pipeline.group))
                    .trackingId();
            before = TestPipeline.similarToItem1(local, pipeline.campaign);
            created = local.personalizeClient()
                    .describeCampaign(r -> r.campaignArn(pipeline.campaign))
                    .campaign()
                    .creationDateTime()
                    .toString();
        }
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().dataDir(dir).build().start()) {
            var campaign = local.personalizeClient()
                    .describeCampaign(r -> r.campaignArn(pipeline.campaign))
                    .campaign();
            assertThat(campaign.status()).isEqualTo("ACTIVE");
            assertThat(campaign.creationDateTime().toString()).isEqualTo(created);
            assertThat(TestPipeline.similarToItem1(local, pipeline.campaign)).isEqualTo(before);
            assertThat(local.personalizeClient()
                            .listEventTrackers(r -> r.datasetGroupArn(pipeline.group))
                            .eventTrackers())
                    .hasSize(1);
            assertThat(local.personalizeClient()
                            .describeSolutionVersion(r -> r.solutionVersionArn(pipeline.version))
                            .solutionVersion()
                            .status())
                    .isEqualTo("ACTIVE");
            assertThat(local.s3Client()
                            .listObjectsV2(r -> r.bucket("persisted"))
                            .contents())
                    .extracting(o -> o.key())
                    .contains("items.csv", "interactions.csv");
            local.eventsClient()
                    .putEvents(r -> r.trackingId(trackingId)
                            .sessionId("s")
                            .eventList(e -> e.eventType("click").itemId("1").sentAt(java.time.Instant.now())));
        }
    }

    @Test
    void restart_afterADelete_keepsTheResourceGone() {
        String group;
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().dataDir(dir).build().start()) {
            var p = local.personalizeClient();
            group = p.createDatasetGroup(r -> r.name("short-lived")).datasetGroupArn();
            Await.terminal(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                    .datasetGroup()
                    .status());
            p.deleteDatasetGroup(r -> r.datasetGroupArn(group));
            Await.gone(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group)));
        }
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().dataDir(dir).build().start()) {
            assertThat(local.personalizeClient().listDatasetGroups(r -> {}).datasetGroups())
                    .isEmpty();
            assertThat(local.personalizeClient()
                            .createDatasetGroup(r -> r.name("short-lived"))
                            .datasetGroupArn())
                    .isEqualTo(group);
        }
    }
}
