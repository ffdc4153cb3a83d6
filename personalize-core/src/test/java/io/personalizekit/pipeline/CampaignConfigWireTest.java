package io.personalizekit.pipeline;

import static io.personalizekit.pipeline.WireStubs.PREFIX;
import static io.personalizekit.pipeline.WireStubs.SOLUTION;
import static io.personalizekit.pipeline.WireStubs.T0;
import static io.personalizekit.pipeline.WireStubs.VERSION;
import static io.personalizekit.pipeline.WireStubs.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.recipe.Recipe;
import io.personalizekit.resource.ResourceType;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The campaign's {@code campaignConfig} from the spec: drift in it is planned as an update and sent with {@code
 * UpdateCampaign} (awaited on {@code latestCampaignUpdate}); a synced campaign names {@code <solution>/$LATEST}.
 * Wire-exact.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CampaignConfigWireTest {
    private static final String CAMPAIGN = PREFIX + "campaign/shop-up";
    private final WireStubs wire = new WireStubs();

    @AfterEach
    void close() {
        wire.close();
    }

    private static PipelineSpec spec(Consumer<CampaignSpec.Builder> campaign) {
        return PipelineSpec.builder()
                .datasetGroup(g -> g.name("shop").addDataset(d -> d.schema(WireStubs.INTERACTIONS)))
                .solution(s -> s.name("shop-up").recipeArn(Recipe.USER_PERSONALIZATION_V2.arn()))
                .campaign(c -> campaign.accept(c.name("shop-up")))
                .build();
    }

    private static String campaign(String serving, String config, String update) {
        return "{\"campaign\":{\"name\":\"shop-up\",\"campaignArn\":\"" + CAMPAIGN + "\",\"solutionVersionArn\":\""
                + serving + "\",\"minProvisionedTPS\":1,\"campaignConfig\":" + config + ",\"status\":\"ACTIVE\","
                + "\"creationDateTime\":" + T0 + ",\"lastUpdatedDateTime\":" + T0 + update + "}}";
    }

    private static String update(String serving, String config, String status) {
        return ",\"latestCampaignUpdate\":{\"solutionVersionArn\":\"" + serving + "\",\"minProvisionedTPS\":1,"
                + "\"campaignConfig\":" + config + ",\"status\":\"" + status + "\",\"creationDateTime\":"
                + (T0 + 900) + ",\"lastUpdatedDateTime\":" + (T0 + 900) + "}";
    }

    private void existingCampaign(String before, String updating, String after) {
        wire.existingGroup("shop", null)
                .existingSolution()
                .given(
                        "ListCampaigns",
                        "{\"campaigns\":[{\"name\":\"shop-up\",\"campaignArn\":\"" + CAMPAIGN + "\",\"status\":"
                                + "\"ACTIVE\",\"creationDateTime\":" + T0 + ",\"lastUpdatedDateTime\":" + T0 + "}]}")
                .given("c", WireStubs.started(), "DescribeCampaign", before)
                .given("c", WireStubs.started(), "UpdateCampaign", "{\"campaignArn\":\"" + CAMPAIGN + "\"}", "sent")
                .given("c", "sent", "DescribeCampaign", updating, "done")
                .given("c", "done", "DescribeCampaign", after);
    }

    @Test
    void planAndRun_whenTheConfigDiffers_updateTheCampaignWithTheWholeConfig() {
        String config = "{\"itemExplorationConfig\":{\"explorationWeight\":\"0.5\",\"explorationItemAgeCutOff\":"
                + "\"30\"},\"enableMetadataWithRecommendations\":true,\"syncWithLatestSolutionVersion\":false,"
                + "\"rankingInfluence\":{\"POPULARITY\":0.2}}";
        existingCampaign(
                campaign(
                        VERSION,
                        "{\"itemExplorationConfig\":{\"explorationWeight\":\"0.3\","
                                + "\"explorationItemAgeCutOff\":\"30\"}}",
                        ""),
                campaign(VERSION, "{}", update(VERSION, config, "CREATE IN_PROGRESS")),
                campaign(VERSION, config, update(VERSION, config, "ACTIVE")));
        PipelineSpec spec = spec(c -> c.enableMetadataWithRecommendations(true)
                .putItemExplorationConfig("explorationWeight", "0.5")
                .putRankingInfluence("POPULARITY", 0.2));

        try (PipelineOrchestrator pipeline = wire.orchestrator()) {
            PlannedStep planned = pipeline.plan(spec).steps().stream()
                    .filter(s -> s.resourceType() == ResourceType.CAMPAIGN)
                    .findFirst()
                    .orElseThrow();
            assertThat(planned.action()).isEqualTo(PlannedAction.UPDATE);
            assertThat(planned.detail())
                    .contains("enableMetadataWithRecommendations false; would be true")
                    .contains("itemExplorationConfig.explorationWeight 0.3; would be 0.5")
                    .contains("rankingInfluence.POPULARITY null; would be 0.2")
                    .doesNotContain("serving"); // same version and TPS
            assertThat(wire.mutations()).isEmpty();

            PipelineResult result = pipeline.run(spec);

            assertThat(wire.mutations()).containsExactly("UpdateCampaign");
            assertThat(wire.requests("UpdateCampaign"))
                    .containsExactly(json("{\"campaignArn\":\"" + CAMPAIGN + "\",\"solutionVersionArn\":\"" + VERSION
                            + "\",\"minProvisionedTPS\":1,\"campaignConfig\":{\"itemExplorationConfig\":"
                            + "{\"explorationWeight\":\"0.5\"},\"enableMetadataWithRecommendations\":true,"
                            + "\"syncWithLatestSolutionVersion\":false,\"rankingInfluence\":{\"POPULARITY\":0.2}}}"));
            assertThat(result.steps(ResourceType.CAMPAIGN).get(0).action()).isEqualTo(StepAction.UPDATED);
            assertThat(pipeline.plan(spec).isUpToDate())
                    .as("the service's default explorationItemAgeCutOff is not drift")
                    .isTrue();
        }
    }

    @Test
    void run_whenTheCampaignShallFollowTheLatestVersion_updatesItOntoTheLatestArn() {
        String synced = "{\"syncWithLatestSolutionVersion\":true}";
        existingCampaign(
                campaign(VERSION, "{}", ""),
                campaign(VERSION, "{}", update(SOLUTION + "/$LATEST", synced, "CREATE PENDING")),
                // the service may report the version it serves: still in sync
                campaign(VERSION, synced, update(SOLUTION + "/$LATEST", synced, "ACTIVE")));
        PipelineSpec spec = spec(c -> c.syncWithLatestSolutionVersion(true));

        try (PipelineOrchestrator pipeline = wire.orchestrator()) {
            pipeline.run(spec);

            assertThat(wire.requests("UpdateCampaign"))
                    .containsExactly(json("{\"campaignArn\":\"" + CAMPAIGN + "\",\"solutionVersionArn\":\"" + SOLUTION
                            + "/$LATEST\",\"minProvisionedTPS\":1,\"campaignConfig\":{"
                            + "\"enableMetadataWithRecommendations\":false,\"syncWithLatestSolutionVersion\":true}}"));
            assertThat(pipeline.plan(spec).isUpToDate()).isTrue();
        }
    }
}
