package io.personalizekit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.recipe.Recipe;
import io.personalizekit.schema.DatasetType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.personalize.model.CampaignConfig;
import software.amazon.awssdk.services.personalize.model.RecommenderConfig;
import software.amazon.awssdk.services.personalize.model.TrainingDataConfig;

/**
 * How the engine compares a campaign's and a recommender's config, as the service describes it (the SDK's model
 * values), with the spec: each difference is one line naming the member, what the service has and what the spec
 * wants; defaults the service fills in are not differences.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EngineDifferencesTest {
    private static final CampaignSpec BARE_CAMPAIGN =
            CampaignSpec.builder().name("c").build();
    private static final RecommenderSpec BARE_RECOMMENDER = RecommenderSpec.builder()
            .name("r")
            .useCase(Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU)
            .build();

    @Test
    void campaign_noConfig_matchesASpecWithoutOne() {
        assertThat(Engine.configDifferences(BARE_CAMPAIGN, null)).isEmpty();
        assertThat(Engine.configDifferences(
                        BARE_CAMPAIGN, CampaignConfig.builder().build()))
                .isEmpty();
        assertThat(Engine.configDifferences(
                        BARE_CAMPAIGN,
                        CampaignConfig.builder()
                                .enableMetadataWithRecommendations(false)
                                .syncWithLatestSolutionVersion(false)
                                .itemExplorationConfig(Map.of("explorationWeight", "0.3"))
                                .rankingInfluenceWithStrings(Map.of("POPULARITY", 0.2))
                                .build()))
                .as("the service's defaults for keys the spec does not set are no difference")
                .isEmpty();
    }

    @Test
    void campaign_flags_areComparedBothWays() {
        CampaignSpec on = BARE_CAMPAIGN.toBuilder()
                .enableMetadataWithRecommendations(true)
                .syncWithLatestSolutionVersion(true)
                .build();
        assertThat(Engine.configDifferences(on, null))
                .containsExactly(
                        "enableMetadataWithRecommendations false; would be true",
                        "syncWithLatestSolutionVersion false; would be true");
        CampaignConfig bothOn = CampaignConfig.builder()
                .enableMetadataWithRecommendations(true)
                .syncWithLatestSolutionVersion(true)
                .build();
        assertThat(Engine.configDifferences(on, bothOn)).isEmpty();
        assertThat(Engine.configDifferences(BARE_CAMPAIGN, bothOn))
                .containsExactly(
                        "enableMetadataWithRecommendations true; would be false",
                        "syncWithLatestSolutionVersion true; would be false");
    }

    @Test
    void campaign_explorationValues_areComparedAsNumbersWhenBothAreNumbers() {
        CampaignSpec spec = BARE_CAMPAIGN.toBuilder()
                .putItemExplorationConfig("explorationWeight", "0.3")
                .putItemExplorationConfig("explorationItemAgeCutOff", "thirty")
                .build();
        assertThat(Engine.configDifferences(
                        spec,
                        CampaignConfig.builder()
                                .itemExplorationConfig(
                                        Map.of("explorationWeight", "0.30", "explorationItemAgeCutOff", "thirty"))
                                .build()))
                .isEmpty();
        assertThat(Engine.configDifferences(
                        spec,
                        CampaignConfig.builder()
                                .itemExplorationConfig(
                                        Map.of("explorationWeight", "0.4", "explorationItemAgeCutOff", "thirty-one"))
                                .build()))
                .containsExactly(
                        "itemExplorationConfig.explorationWeight 0.4; would be 0.3",
                        "itemExplorationConfig.explorationItemAgeCutOff thirty-one; would be thirty");
        assertThat(Engine.configDifferences(spec, null))
                .containsExactly(
                        "itemExplorationConfig.explorationWeight null; would be 0.3",
                        "itemExplorationConfig.explorationItemAgeCutOff null; would be thirty");
        assertThat(Engine.configDifferences(
                        BARE_CAMPAIGN.toBuilder()
                                .putItemExplorationConfig("explorationItemAgeCutOff", "30")
                                .build(),
                        CampaignConfig.builder()
                                .itemExplorationConfig(Map.of("explorationItemAgeCutOff", "x30"))
                                .build()))
                .containsExactly("itemExplorationConfig.explorationItemAgeCutOff x30; would be 30");
    }

    @Test
    void campaign_rankingInfluence_isComparedPerFactorTheSpecSets() {
        CampaignSpec spec = BARE_CAMPAIGN.toBuilder()
                .putRankingInfluence("POPULARITY", 0.5)
                .putRankingInfluence("FRESHNESS", 0)
                .build();
        assertThat(Engine.configDifferences(
                        spec,
                        CampaignConfig.builder()
                                .rankingInfluenceWithStrings(Map.of("POPULARITY", 0.5, "FRESHNESS", 0.0))
                                .build()))
                .isEmpty();
        assertThat(Engine.configDifferences(
                        spec,
                        CampaignConfig.builder()
                                .rankingInfluenceWithStrings(Map.of("POPULARITY", 0.6))
                                .build()))
                .containsExactly(
                        "rankingInfluence.POPULARITY 0.6; would be 0.5",
                        "rankingInfluence.FRESHNESS null; would be 0.0");
        assertThat(Engine.configDifferences(spec, null))
                .containsExactly(
                        "rankingInfluence.POPULARITY null; would be 0.5",
                        "rankingInfluence.FRESHNESS null; would be 0.0");
    }

    @Test
    void recommender_defaults_matchAnEmptyConfig() {
        assertThat(Engine.recommenderDifferences(BARE_RECOMMENDER, null)).isEmpty();
        assertThat(Engine.recommenderDifferences(
                        BARE_RECOMMENDER, RecommenderConfig.builder().build()))
                .as("unset minRecommendationRequestsPerSecond is 1, unset metadata is false")
                .isEmpty();
        assertThat(Engine.recommenderDifferences(
                        BARE_RECOMMENDER,
                        RecommenderConfig.builder()
                                .minRecommendationRequestsPerSecond(1)
                                .enableMetadataWithRecommendations(false)
                                .itemExplorationConfig(Map.of("explorationWeight", "0.3"))
                                .trainingDataConfig(TrainingDataConfig.builder()
                                        .excludedDatasetColumns(Map.of("ITEMS", List.of()))
                                        .build())
                                .build()))
                .as("an empty column list is no column list")
                .isEmpty();
    }

    @Test
    void recommender_everyMember_namesItsDifference() {
        RecommenderSpec spec = BARE_RECOMMENDER.toBuilder()
                .minRecommendationRequestsPerSecond(3)
                .enableMetadataWithRecommendations(true)
                .putItemExplorationConfig("explorationWeight", "0.2")
                .excludeColumns(DatasetType.ITEMS, List.of("PRICE"))
                .includeColumns(DatasetType.USERS, List.of("AGE"))
                .build();

        assertThat(Engine.recommenderDifferences(spec, null))
                .containsExactly(
                        "minRecommendationRequestsPerSecond 1; would be 3",
                        "enableMetadataWithRecommendations false; would be true",
                        "itemExplorationConfig.explorationWeight null; would be 0.2",
                        "trainingDataConfig.excludedDatasetColumns {}; would be {ITEMS=[PRICE]}",
                        "trainingDataConfig.includedDatasetColumns {}; would be {USERS=[AGE]}");
        assertThat(Engine.recommenderDifferences(
                        spec,
                        RecommenderConfig.builder()
                                .minRecommendationRequestsPerSecond(3)
                                .enableMetadataWithRecommendations(true)
                                .itemExplorationConfig(Map.of("explorationWeight", "0.20"))
                                .trainingDataConfig(TrainingDataConfig.builder()
                                        .excludedDatasetColumns(Map.of("Items", List.of("PRICE")))
                                        .includedDatasetColumns(Map.of("users", List.of("AGE")))
                                        .build())
                                .build()))
                .as("dataset types are compared in any case, exploration values as numbers")
                .isEmpty();
        assertThat(Engine.recommenderDifferences(
                        BARE_RECOMMENDER,
                        RecommenderConfig.builder()
                                .minRecommendationRequestsPerSecond(2)
                                .enableMetadataWithRecommendations(true)
                                .trainingDataConfig(TrainingDataConfig.builder()
                                        .excludedDatasetColumns(Map.of("ITEMS", List.of("PRICE")))
                                        .includedDatasetColumns(Map.of("USERS", List.of("AGE")))
                                        .build())
                                .build()))
                .containsExactly(
                        "minRecommendationRequestsPerSecond 2; would be 1",
                        "enableMetadataWithRecommendations true; would be false",
                        "trainingDataConfig.excludedDatasetColumns {ITEMS=[PRICE]}; would be {}",
                        "trainingDataConfig.includedDatasetColumns {USERS=[AGE]}; would be {}");
        assertThat(Engine.recommenderDifferences(
                        spec,
                        RecommenderConfig.builder()
                                .minRecommendationRequestsPerSecond(3)
                                .enableMetadataWithRecommendations(true)
                                .itemExplorationConfig(Map.of("explorationWeight", "0.5"))
                                .trainingDataConfig(TrainingDataConfig.builder()
                                        .excludedDatasetColumns(Map.of("ITEMS", List.of("COLOUR")))
                                        .includedDatasetColumns(Map.of("USERS", List.of("AGE")))
                                        .build())
                                .build()))
                .containsExactly(
                        "itemExplorationConfig.explorationWeight 0.5; would be 0.2",
                        "trainingDataConfig.excludedDatasetColumns {ITEMS=[COLOUR]}; would be {ITEMS=[PRICE]}");
    }

    @Test
    void transientLimits_areThoseThatEndWhenResourcesInProgressFinish() {
        assertThat(Engine.isTransientLimit("You have 5 resources in PENDING or IN_PROGRESS state"))
                .isTrue();
        assertThat(Engine.isTransientLimit("too many solution versions in IN_PROGRESS status"))
                .isTrue();
        assertThat(Engine.isTransientLimit("Exceeded 10 requests per second")).isTrue();
        assertThat(Engine.isTransientLimit("You have reached the maximum of 500 dataset groups"))
                .isFalse();
    }

    @Test
    void versionNames_areTheSolutionNameAndAFreshSuffix() {
        String a = Engine.versionName("shop-up");
        String b = Engine.versionName("shop-up");
        assertThat(a).matches("shop-up-[0-9a-f]{8}");
        assertThat(b).matches("shop-up-[0-9a-f]{8}").isNotEqualTo(a);
        assertThat(Engine.versionName("s".repeat(63))).hasSizeLessThanOrEqualTo(63);
    }
}
