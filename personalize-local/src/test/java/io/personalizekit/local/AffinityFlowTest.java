package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalize.model.SolutionVersion;

/**
 * aws-item-affinity and aws-item-attribute-affinity through the SDK: they train and report metrics, and, as
 * USER_SEGMENTATION recipes, serve batch segment jobs only (their segments are tested at the model level in
 * {@code AffinityRecipesTest}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AffinityFlowTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    static final Planted.Topics TOPICS = Planted.topics(8, 30, 400, 15, 0.85);

    static PersonalizeClient p;
    static String group;
    static SolutionVersion itemAffinity;
    static SolutionVersion attributeAffinity;

    @BeforeAll
    static void train() {
        p = LOCAL.local().personalizeClient();
        group = Flows.group(p, "affinity");
        String interactions =
                Flows.dataset(p, group, "affinity-interactions", "Interactions", Planted.INTERACTIONS_SCHEMA);
        String items = Flows.dataset(p, group, "affinity-items", "Items", Planted.ITEMS_SCHEMA);
        Flows.importOk(LOCAL.local(), "affinity", "affinity-interactions", interactions, TOPICS.interactionsCsv);
        Flows.importOk(LOCAL.local(), "affinity", "affinity-items", items, TOPICS.itemsCsv);
        itemAffinity = Flows.solutionVersion(p, group, "item-affinity", "aws-item-affinity");
        attributeAffinity = Flows.solutionVersion(p, group, "attribute-affinity", "aws-item-attribute-affinity");
    }

    @Test
    void bothTrain_andReportTheirSegmentMetrics() {
        for (SolutionVersion v : new SolutionVersion[] {itemAffinity, attributeAffinity}) {
            assertThat(v.status()).as(v.failureReason()).isEqualTo("ACTIVE");
            assertThat(p.getSolutionMetrics(r -> r.solutionVersionArn(v.solutionVersionArn()))
                            .metrics())
                    .containsOnlyKeys("hits_at_1_percent", "recall_at_1_percent", "coverage");
        }
    }

    @Test
    void aUserSegmentationVersion_cannotBeDeployedWithACampaign_norRunBatchInference() {
        assertThatThrownBy(() ->
                        p.createCampaign(r -> r.name("affinity").solutionVersionArn(itemAffinity.solutionVersionArn())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("USER_SEGMENTATION")
                .hasMessageContaining("CreateBatchSegmentJob");
        assertThatThrownBy(() -> p.createBatchInferenceJob(r -> r.jobName("affinity-batch")
                        .solutionVersionArn(attributeAffinity.solutionVersionArn())
                        .roleArn(Fixtures.ROLE)
                        .jobInput(i -> i.s3DataSource(s -> s.path("s3://affinity/in/")))
                        .jobOutput(o -> o.s3DataDestination(s -> s.path("s3://affinity/out/")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("CreateBatchSegmentJob");
    }

    @Test
    void itemAttributeAffinity_withoutAnItemsDataset_failsWithTheReason() {
        String bare = Flows.group(p, "affinity-bare");
        String interactions =
                Flows.dataset(p, bare, "affinity-bare-interactions", "Interactions", Planted.INTERACTIONS_SCHEMA);
        Flows.importOk(LOCAL.local(), "affinity", "affinity-bare-interactions", interactions, TOPICS.interactionsCsv);

        SolutionVersion failed =
                Flows.solutionVersion(p, bare, "attribute-affinity-bare", "aws-item-attribute-affinity");
        SolutionVersion itemOnly = Flows.solutionVersion(p, bare, "item-affinity-bare", "aws-item-affinity");

        assertThat(failed.status()).isEqualTo("CREATE FAILED");
        assertThat(failed.failureReason()).contains("requires an Items dataset");
        assertThat(itemOnly.status()).as("Items are optional for Item-Affinity").isEqualTo("ACTIVE");
    }
}
