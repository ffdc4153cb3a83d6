package io.personalizekit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.SpecValidationException;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.schema.DatasetType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON form of campaign config, recommenders and metric attributions, as the CLI reads it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipelineSpecBreadthJsonTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/PersonalizeS3";
    private static final String GROUP = "{\"name\":\"shop\",\"domain\":\"ECOMMERCE\",\"datasets\":[{\"type\":"
            + "\"INTERACTIONS\",\"schema\":" + WireStubs.JSON.valueToTree(WireStubs.INTERACTIONS.toAvroJson()) + "}]}";

    @Test
    void fromJson_readsEveryNewMember_andToJsonWritesThemBack() {
        String json = "{\"datasetGroup\":" + GROUP + ","
                + "\"solution\":{\"name\":\"shop-up\",\"recipeArn\":\"" + Recipe.USER_PERSONALIZATION.arn() + "\","
                + "\"performAutoTraining\":true,\"autoTrainingSchedule\":\"rate(14 days)\"},"
                + "\"campaign\":{\"name\":\"shop-up\",\"minProvisionedTPS\":2,\"enableMetadataWithRecommendations\":"
                + "true,\"syncWithLatestSolutionVersion\":true,\"itemExplorationConfig\":{\"explorationWeight\":"
                + "\"0.2\"},\"rankingInfluence\":{\"POPULARITY\":0.3,\"FRESHNESS\":1}},"
                + "\"recommenders\":[{\"name\":\"for-you\",\"recipeArn\":\""
                + Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU.arn() + "\",\"minRecommendationRequestsPerSecond\":3,"
                + "\"enableMetadataWithRecommendations\":true,\"itemExplorationConfig\":{\"explorationWeight\":\"0.1\"},"
                + "\"trainingDataConfig\":{\"excludedDatasetColumns\":{\"INTERACTIONS\":[\"EVENT_VALUE\"]}},"
                + "\"state\":\"INACTIVE\"}],"
                + "\"metricAttribution\":{\"name\":\"impact\",\"metrics\":[{\"metricName\":\"CLICKS\",\"eventType\":"
                + "\"click\",\"expression\":\"SAMPLECOUNT()\"}],\"metricsOutputConfig\":{\"s3DataDestination\":"
                + "{\"path\":\"s3://b/attribution/\"},\"roleArn\":\"" + ROLE + "\"}}}";

        PipelineSpec spec = PipelineSpec.fromJson(json);

        CampaignSpec c = spec.campaign();
        assertThat(c.enableMetadataWithRecommendations()).isTrue();
        assertThat(c.syncWithLatestSolutionVersion()).isTrue();
        assertThat(c.itemExplorationConfig()).containsEntry("explorationWeight", "0.2");
        assertThat(c.rankingInfluence()).containsEntry("POPULARITY", 0.3).containsEntry("FRESHNESS", 1.0);
        RecommenderSpec r = spec.recommenders().get(0);
        assertThat(r.minRecommendationRequestsPerSecond()).isEqualTo(3);
        assertThat(r.enableMetadataWithRecommendations()).isTrue();
        assertThat(r.excludedColumns()).containsEntry(DatasetType.INTERACTIONS, List.of("EVENT_VALUE"));
        assertThat(r.state()).isEqualTo(RecommenderState.INACTIVE);
        MetricAttributionSpec m = spec.metricAttribution();
        assertThat(m.metrics()).containsExactly(MetricAttributionSpec.Metric.of("CLICKS", "click", "SAMPLECOUNT()"));
        assertThat(m.s3Path()).isEqualTo("s3://b/attribution/");
        assertThat(m.roleArn()).isEqualTo(ROLE);
        assertThat(PipelineSpec.fromJson(spec.toJson())).isEqualTo(spec);
    }

    @Test
    void fromJson_aDomainGroupWithRecommendersOnly_needsNoSolution() {
        PipelineSpec spec = PipelineSpec.fromJson("{\"datasetGroup\":" + GROUP + ",\"recommenders\":[{\"name\":"
                + "\"best\",\"recipeArn\":\"" + Recipe.ECOMMERCE_BEST_SELLERS.arn() + "\"}]}");

        assertThat(spec.hasSolution()).isFalse();
        assertThat(spec.recommenders().get(0).state()).isEqualTo(RecommenderState.ACTIVE);
        assertThat(PipelineSpec.fromJson(spec.toJson())).isEqualTo(spec);
        assertThatThrownBy(spec::solution)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("best");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"recommenders\":[{\"name\":\"r\",\"recipeArn\":\"arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you\",\"state\":\"STOPPED\"}]|$.recommenders[0].state",
                "\"recommenders\":[{\"name\":\"r\",\"recipeArn\":\"arn:aws:personalize:::recipe/aws-sims\"}]|$.recommenders[0].recipeArn",
                "\"recommenders\":[{\"name\":\"r\",\"recipeArn\":\"arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you\",\"colour\":1}]|$.recommenders[0].colour",
                "\"solution\":{\"name\":\"s\"},\"campaign\":{\"name\":\"c\",\"rankingInfluence\":{\"NOVELTY\":0.5}}|$.campaign.rankingInfluence.NOVELTY",
                "\"solution\":{\"name\":\"s\"},\"metricAttribution\":{\"name\":\"m\",\"metrics\":[],\"metricsOutputConfig\":{\"roleArn\":\""
                        + ROLE + "\"}}|$.metricAttribution",
                "\"solution\":{\"name\":\"s\"},\"metricAttribution\":{\"name\":\"m\",\"metrics\":[{\"metricName\":\"A\",\"eventType\":\"e\"}],\"metricsOutputConfig\":{\"roleArn\":\""
                        + ROLE + "\"}}|$.metricAttribution.metrics[0].expression"
            })
    void fromJson_whenANewMemberIsInvalid_namesItsPath(String members, String path) {
        assertThatThrownBy(() -> PipelineSpec.fromJson("{\"datasetGroup\":" + GROUP + "," + members + "}"))
                .isInstanceOfSatisfying(
                        SpecValidationException.class, e -> assertThat(e.path()).isEqualTo(path));
    }
}
