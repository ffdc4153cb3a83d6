package io.personalizekit.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.personalizekit.pipeline.WireStubs.PREFIX;
import static io.personalizekit.pipeline.WireStubs.T0;
import static io.personalizekit.pipeline.WireStubs.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.PipelineStepException;
import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.resource.ResourceType;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.personalize.model.ResourceInUseException;

/**
 * A recommender's state as the spec asks for it: created and then stopped, stopped when it serves, a stop the
 * service refuses because one is under way, a failed recommender, and what the plan says for each. Wire-exact.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecommenderStateWireTest {
    private static final String RECOMMENDER = PREFIX + "recommender/for-you";
    private static final String CONFIG = "{\"minRecommendationRequestsPerSecond\":1}";
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

    private static String recommender(String status, String extra) {
        return "{\"recommender\":{\"recommenderArn\":\"" + RECOMMENDER + "\",\"datasetGroupArn\":\"" + PREFIX
                + "dataset-group/shop\",\"name\":\"for-you\",\"recipeArn\":\""
                + Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU.arn() + "\",\"recommenderConfig\":" + CONFIG
                + ",\"creationDateTime\":" + T0 + ",\"lastUpdatedDateTime\":" + T0 + ",\"status\":\"" + status + "\""
                + extra + "}}";
    }

    private void listed(boolean exists) {
        wire.existingGroup("shop", "ECOMMERCE")
                .given(
                        "ListRecommenders",
                        exists
                                ? "{\"recommenders\":[{\"name\":\"for-you\",\"recommenderArn\":\"" + RECOMMENDER
                                        + "\",\"datasetGroupArn\":\"" + PREFIX + "dataset-group/shop\",\"recipeArn\":\""
                                        + Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU.arn() + "\",\"status\":\"ACTIVE\","
                                        + "\"creationDateTime\":" + T0 + ",\"lastUpdatedDateTime\":" + T0 + "}]}"
                                : "{\"recommenders\":[]}");
    }

    private void stopRefusedInState(String state, String next) {
        wire.server.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonPersonalize.StopRecommender"))
                .inScenario("r")
                .whenScenarioStateIs(state)
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withHeader("x-amzn-ErrorType", "ResourceInUseException")
                        .withHeader("x-amzn-RequestId", "req-1")
                        .withBody("{\"__type\":\"ResourceInUseException\",\"message\":\"The recommender is in"
                                + " STOP IN_PROGRESS status\"}"))
                .willSetStateTo(next));
    }

    private static PlannedStep recommenderStep(PipelinePlan plan) {
        return plan.steps().stream()
                .filter(s -> s.resourceType() == ResourceType.RECOMMENDER)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void planAndRun_aNewRecommenderThatShallBeInactive_isCreatedThenStopped() {
        listed(false);
        wire.given(
                        "r",
                        WireStubs.started(),
                        "CreateRecommender",
                        "{\"recommenderArn\":\"" + RECOMMENDER + "\"}",
                        "created")
                .given("r", "created", "DescribeRecommender", recommender("ACTIVE", ""))
                .given("r", "created", "StopRecommender", "{\"recommenderArn\":\"" + RECOMMENDER + "\"}", "stopping")
                .given("r", "stopping", "DescribeRecommender", recommender("STOP IN_PROGRESS", ""), "stopped")
                .given("r", "stopped", "DescribeRecommender", recommender("INACTIVE", ""));

        try (PipelineOrchestrator pipeline = wire.orchestrator()) {
            PlannedStep inactive = recommenderStep(pipeline.plan(spec(r -> r.state(RecommenderState.INACTIVE))));
            assertThat(inactive.action()).isEqualTo(PlannedAction.CREATE);
            assertThat(inactive.detail()).isEqualTo("create, then stop (state INACTIVE)");
            assertThat(recommenderStep(pipeline.plan(spec(r -> {}))).detail()).isEmpty();

            PipelineResult result = pipeline.run(spec(r -> r.state(RecommenderState.INACTIVE)));

            assertThat(wire.mutations()).containsExactly("CreateRecommender", "StopRecommender");
            assertThat(wire.requests("CreateRecommender"))
                    .containsExactly(json("{\"name\":\"for-you\",\"datasetGroupArn\":\"" + PREFIX
                            + "dataset-group/shop\",\"recipeArn\":\"" + Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU.arn()
                            + "\",\"recommenderConfig\":{\"minRecommendationRequestsPerSecond\":1,"
                            + "\"enableMetadataWithRecommendations\":false}}"));
            StepOutcome step = result.steps(ResourceType.RECOMMENDER).get(0);
            assertThat(step.action()).isEqualTo(StepAction.CREATED);
            assertThat(step.status()).isEqualTo("INACTIVE");
            assertThat(step.arn()).contains(RECOMMENDER);
        }
    }

    @Test
    void planAndRun_aServingRecommenderThatShallBeInactive_isStopped() {
        listed(true);
        wire.given("r", WireStubs.started(), "DescribeRecommender", recommender("ACTIVE", ""))
                .given(
                        "r",
                        WireStubs.started(),
                        "StopRecommender",
                        "{\"recommenderArn\":\"" + RECOMMENDER + "\"}",
                        "stopping")
                .given("r", "stopping", "DescribeRecommender", recommender("STOP IN_PROGRESS", ""), "stopped")
                .given("r", "stopped", "DescribeRecommender", recommender("INACTIVE", ""));
        PipelineSpec spec = spec(r -> r.state(RecommenderState.INACTIVE));

        try (PipelineOrchestrator pipeline = wire.orchestrator()) {
            PlannedStep planned = recommenderStep(pipeline.plan(spec));
            assertThat(planned.action()).isEqualTo(PlannedAction.STOP);
            assertThat(planned.detail()).isEqualTo("status ACTIVE; would be INACTIVE");
            assertThat(planned.arn()).contains(RECOMMENDER);

            PipelineResult result = pipeline.run(spec);

            assertThat(wire.mutations()).containsExactly("StopRecommender");
            assertThat(wire.requests("StopRecommender"))
                    .containsExactly(json("{\"recommenderArn\":\"" + RECOMMENDER + "\"}"));
            StepOutcome step = result.steps(ResourceType.RECOMMENDER).get(0);
            assertThat(step.action()).isEqualTo(StepAction.STOPPED);
            assertThat(step.status()).isEqualTo("INACTIVE");

            PlannedStep settled = recommenderStep(pipeline.plan(spec));
            assertThat(settled.action()).isEqualTo(PlannedAction.REUSE);
            assertThat(settled.detail()).isEqualTo("status INACTIVE");
        }
    }

    @Test
    void run_whenTheStopIsRefusedBecauseOneIsUnderWay_awaitsIt() {
        listed(true);
        wire.given("r", WireStubs.started(), "DescribeRecommender", recommender("ACTIVE", ""));
        stopRefusedInState(WireStubs.started(), "stopping");
        wire.given("r", "stopping", "DescribeRecommender", recommender("STOP IN_PROGRESS", ""), "stopped")
                .given("r", "stopped", "DescribeRecommender", recommender("INACTIVE", ""));

        try (PipelineOrchestrator pipeline = wire.orchestrator()) {
            PipelineResult result = pipeline.run(spec(r -> r.state(RecommenderState.INACTIVE)));

            assertThat(wire.mutations()).containsExactly("StopRecommender");
            StepOutcome step = result.steps(ResourceType.RECOMMENDER).get(0);
            assertThat(step.action()).isEqualTo(StepAction.STOPPED);
            assertThat(step.status()).isEqualTo("INACTIVE");
        }
    }

    @Test
    void run_whenTheStopIsRefusedAndTheRecommenderStillServes_failsTheStepWithTheRefusal() {
        listed(true);
        wire.given("r", WireStubs.started(), "DescribeRecommender", recommender("ACTIVE", ""));
        stopRefusedInState(WireStubs.started(), WireStubs.started());

        try (PipelineOrchestrator pipeline = wire.orchestrator()) {
            assertThatThrownBy(() -> pipeline.run(spec(r -> r.state(RecommenderState.INACTIVE))))
                    .isInstanceOfSatisfying(PipelineStepException.class, e -> {
                        assertThat(e.getMessage())
                                .startsWith("Step 'recommender for-you' failed on " + RECOMMENDER + ": ");
                        assertThat(e.getCause()).isInstanceOf(ResourceInUseException.class);
                    });
            assertThat(wire.mutations()).containsExactly("StopRecommender");
        }
    }

    @Test
    void planAndRun_aFailedRecommender_failsTheStepNamingItsReason() {
        listed(true);
        wire.given("DescribeRecommender", recommender("CREATE FAILED", ",\"failureReason\":\"too few interactions\""));

        try (PipelineOrchestrator pipeline = wire.orchestrator()) {
            assertThatThrownBy(() -> pipeline.plan(spec(r -> {})))
                    .isInstanceOfSatisfying(
                            PipelineStepException.class,
                            e -> assertThat(e.getCause())
                                    .isInstanceOf(ResourceFailedException.class)
                                    .hasMessageContaining("too few interactions"));
            assertThatThrownBy(() -> pipeline.run(spec(r -> {})))
                    .isInstanceOfSatisfying(PipelineStepException.class, e -> {
                        assertThat(e.getMessage())
                                .startsWith("Step 'recommender for-you' failed on " + RECOMMENDER + ": ");
                        assertThat(e.getCause()).isInstanceOf(ResourceFailedException.class);
                    });
            assertThat(wire.mutations()).isEmpty();
        }
    }

    @Test
    void plan_aRecommenderBeingCreatedOrUpdated_isAwaited() {
        listed(true);
        wire.given("DescribeRecommender", recommender("CREATE IN_PROGRESS", ""));

        try (PipelineOrchestrator pipeline = wire.orchestrator()) {
            PlannedStep creating = recommenderStep(pipeline.plan(spec(r -> {})));
            assertThat(creating.action()).isEqualTo(PlannedAction.AWAIT);
            assertThat(creating.detail()).isEqualTo("status CREATE IN_PROGRESS");

            wire.given(
                    "DescribeRecommender",
                    recommender(
                            "ACTIVE",
                            ",\"latestRecommenderUpdate\":{\"recommenderConfig\":" + CONFIG + ",\"creationDateTime\":"
                                    + (T0 + 100) + ",\"lastUpdatedDateTime\":" + (T0 + 100)
                                    + ",\"status\":\"CREATE IN_PROGRESS\"}"));
            PlannedStep updating = recommenderStep(pipeline.plan(spec(r -> {})));
            assertThat(updating.action()).isEqualTo(PlannedAction.AWAIT);
            assertThat(updating.detail()).isEqualTo("status ACTIVE, update CREATE IN_PROGRESS");

            wire.given("DescribeRecommender", recommender("ACTIVE", ""));
            PlannedStep serving = recommenderStep(pipeline.plan(spec(r -> {})));
            assertThat(serving.action()).isEqualTo(PlannedAction.REUSE);
            assertThat(serving.detail()).isEqualTo("status ACTIVE");

            PlannedStep stopAndUpdate = recommenderStep(pipeline.plan(
                    spec(r -> r.minRecommendationRequestsPerSecond(2).state(RecommenderState.INACTIVE))));
            assertThat(stopAndUpdate.action()).isEqualTo(PlannedAction.UPDATE);
            assertThat(stopAndUpdate.detail())
                    .isEqualTo("minRecommendationRequestsPerSecond 1; would be 2 (UpdateRecommender), then stop");
            assertThat(wire.mutations()).isEmpty();
        }
    }
}
