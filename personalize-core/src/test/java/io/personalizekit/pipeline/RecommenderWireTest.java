package io.personalizekit.pipeline;

import static io.personalizekit.pipeline.WireStubs.PREFIX;
import static io.personalizekit.pipeline.WireStubs.T0;
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
 * Recommenders of a domain dataset group: config drift is planned and sent as {@code UpdateRecommender} (awaited on
 * {@code latestRecommenderUpdate}), the spec's state is reached with {@code StopRecommender} / {@code
 * StartRecommender} (awaited until INACTIVE / ACTIVE). Wire-exact.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecommenderWireTest {
    private static final String RECOMMENDER = PREFIX + "recommender/for-you";
    private final WireStubs wire = new WireStubs();

    @AfterEach
    void close() {
        wire.close();
    }

    private static PipelineSpec spec(Consumer<RecommenderSpec.Builder> recommender) {
        return PipelineSpec.builder()
                .datasetGroup(g -> g.name("shop").domain("ECOMMERCE").addDataset(d -> d.schema(WireStubs.INTERACTIONS)))
                .addRecommender(
                        r -> recommender.accept(r.name("for-you").useCase(Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU)))
                .build();
    }

    private static String recommender(String status, String config, String update) {
        return "{\"recommender\":{\"recommenderArn\":\"" + RECOMMENDER + "\",\"datasetGroupArn\":\"" + PREFIX
                + "dataset-group/shop\",\"name\":\"for-you\",\"recipeArn\":\""
                + Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU.arn() + "\",\"recommenderConfig\":" + config
                + ",\"creationDateTime\":" + T0 + ",\"lastUpdatedDateTime\":" + T0 + ",\"status\":\"" + status + "\""
                + update + ",\"modelMetrics\":{\"coverage\":0.4}}}";
    }

    private static String update(String config, String status) {
        return ",\"latestRecommenderUpdate\":{\"recommenderConfig\":" + config + ",\"creationDateTime\":" + (T0 + 100)
                + ",\"lastUpdatedDateTime\":" + (T0 + 100) + ",\"status\":\"" + status + "\"}";
    }

    private void listed(String status) {
        wire.existingGroup("shop", "ECOMMERCE")
                .given(
                        "ListRecommenders",
                        "{\"recommenders\":[{\"name\":\"for-you\",\"recommenderArn\":\"" + RECOMMENDER
                                + "\",\"datasetGroupArn\":\"" + PREFIX + "dataset-group/shop\",\"recipeArn\":\""
                                + Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU.arn() + "\",\"status\":\"" + status
                                + "\",\"creationDateTime\":" + T0 + ",\"lastUpdatedDateTime\":" + T0 + "}]}");
    }

    @Test
    void planAndRun_whenTheConfigDiffersAndTheSpecWantsItStopped_updateThenStop() {
        String old = "{\"minRecommendationRequestsPerSecond\":1,\"itemExplorationConfig\":{\"explorationWeight\":"
                + "\"0.3\",\"explorationItemAgeCutOff\":\"30\"}}";
        String next = "{\"minRecommendationRequestsPerSecond\":5,\"enableMetadataWithRecommendations\":false,"
                + "\"itemExplorationConfig\":{\"explorationWeight\":\"0.2\",\"explorationItemAgeCutOff\":\"30\"}}";
        listed("ACTIVE");
        wire.given("r", WireStubs.started(), "DescribeRecommender", recommender("ACTIVE", old, ""))
                .given(
                        "r",
                        WireStubs.started(),
                        "UpdateRecommender",
                        "{\"recommenderArn\":\"" + RECOMMENDER + "\"}",
                        "updating")
                .given(
                        "r",
                        "updating",
                        "DescribeRecommender",
                        recommender("ACTIVE", old, update(next, "CREATE IN_PROGRESS")),
                        "updated")
                .given("r", "updated", "DescribeRecommender", recommender("ACTIVE", next, update(next, "ACTIVE")))
                .given("r", "updated", "StopRecommender", "{\"recommenderArn\":\"" + RECOMMENDER + "\"}", "stopping")
                .given(
                        "r",
                        "stopping",
                        "DescribeRecommender",
                        recommender("STOP IN_PROGRESS", next, update(next, "ACTIVE")),
                        "stopped")
                .given("r", "stopped", "DescribeRecommender", recommender("INACTIVE", next, update(next, "ACTIVE")));
        PipelineSpec spec = spec(r -> r.minRecommendationRequestsPerSecond(5)
                .putItemExplorationConfig("explorationWeight", "0.2")
                .state(RecommenderState.INACTIVE));

        try (PipelineOrchestrator pipeline = wire.orchestrator()) {
            PlannedStep planned = pipeline.plan(spec).steps().stream()
                    .filter(s -> s.resourceType() == ResourceType.RECOMMENDER)
                    .findFirst()
                    .orElseThrow();
            assertThat(planned.action()).isEqualTo(PlannedAction.UPDATE);
            assertThat(planned.detail())
                    .contains("minRecommendationRequestsPerSecond 1; would be 5")
                    .contains("itemExplorationConfig.explorationWeight 0.3; would be 0.2")
                    .endsWith("then stop");
            assertThat(wire.mutations()).isEmpty();

            PipelineResult result = pipeline.run(spec);

            assertThat(wire.mutations()).containsExactly("UpdateRecommender", "StopRecommender");
            assertThat(wire.requests("UpdateRecommender"))
                    .containsExactly(
                            json(
                                    "{\"recommenderArn\":\"" + RECOMMENDER + "\",\"recommenderConfig\":{"
                                            + "\"itemExplorationConfig\":{\"explorationWeight\":\"0.2\"},"
                                            + "\"minRecommendationRequestsPerSecond\":5,\"enableMetadataWithRecommendations\":false}}"));
            assertThat(wire.requests("StopRecommender"))
                    .containsExactly(json("{\"recommenderArn\":\"" + RECOMMENDER + "\"}"));
            StepOutcome step = result.steps(ResourceType.RECOMMENDER).get(0);
            assertThat(step.action()).isEqualTo(StepAction.UPDATED);
            assertThat(step.status()).isEqualTo("INACTIVE");
            assertThat(result.deployment().recommender("for-you").arn()).isEqualTo(RECOMMENDER);
            assertThat(pipeline.plan(spec).isUpToDate()).isTrue();
        }
    }

    @Test
    void planAndRun_whenAStoppedRecommenderShallServe_startIt() {
        String config = "{\"minRecommendationRequestsPerSecond\":1}";
        listed("INACTIVE");
        wire.given("r", WireStubs.started(), "DescribeRecommender", recommender("INACTIVE", config, ""))
                .given(
                        "r",
                        WireStubs.started(),
                        "StartRecommender",
                        "{\"recommenderArn\":\"" + RECOMMENDER + "\"}",
                        "starting")
                .given("r", "starting", "DescribeRecommender", recommender("START PENDING", config, ""), "started")
                .given("r", "started", "DescribeRecommender", recommender("ACTIVE", config, ""));
        PipelineSpec spec = spec(r -> {});

        try (PipelineOrchestrator pipeline = wire.orchestrator()) {
            PlannedStep planned = pipeline.plan(spec).steps().stream()
                    .filter(s -> s.resourceType() == ResourceType.RECOMMENDER)
                    .findFirst()
                    .orElseThrow();
            assertThat(planned.action()).isEqualTo(PlannedAction.START);
            assertThat(planned.detail()).isEqualTo("status INACTIVE; would be ACTIVE");

            PipelineResult result = pipeline.run(spec);

            assertThat(wire.mutations()).containsExactly("StartRecommender");
            StepOutcome step = result.steps(ResourceType.RECOMMENDER).get(0);
            assertThat(step.action()).isEqualTo(StepAction.STARTED);
            assertThat(step.status()).isEqualTo("ACTIVE");
        }
    }
}
