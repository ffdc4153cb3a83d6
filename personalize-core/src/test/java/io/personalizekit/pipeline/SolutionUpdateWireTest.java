package io.personalizekit.pipeline;

import static io.personalizekit.pipeline.WireStubs.PREFIX;
import static io.personalizekit.pipeline.WireStubs.T0;
import static io.personalizekit.pipeline.WireStubs.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.recipe.Recipe;
import io.personalizekit.resource.ResourceType;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A solution whose automatic training differs from the spec is planned as an update and updated with {@code
 * UpdateSolution} (waited on {@code latestSolutionUpdate}), never created again; wire-exact.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SolutionUpdateWireTest {
    private static final String SOLUTION = PREFIX + "solution/shop-up";
    private static final String VERSION = SOLUTION + "/1a2b3c4d";
    private final WireStubs wire = new WireStubs();

    @AfterEach
    void close() {
        wire.close();
    }

    private static PipelineSpec spec(boolean autoTraining, String schedule) {
        return PipelineSpec.builder()
                .datasetGroup(g -> g.name("shop").addDataset(d -> d.schema(WireStubs.INTERACTIONS)))
                .solution(s -> s.name("shop-up")
                        .recipeArn(Recipe.USER_PERSONALIZATION_V2.arn())
                        .performAutoTraining(autoTraining)
                        .autoTrainingSchedule(autoTraining ? schedule : null))
                .build();
    }

    private static String solution(String recipe, String body) {
        return "{\"solution\":{\"name\":\"shop-up\",\"solutionArn\":\"" + SOLUTION + "\",\"recipeArn\":\""
                + recipe + "\",\"datasetGroupArn\":\"" + PREFIX + "dataset-group/shop\",\"status\":\"ACTIVE\","
                + "\"creationDateTime\":" + T0 + ",\"lastUpdatedDateTime\":" + T0 + body + "}}";
    }

    private void existingSolution() {
        wire.existingGroup("shop", null)
                .given(
                        "ListSolutions",
                        "{\"solutions\":[{\"name\":\"shop-up\",\"solutionArn\":\"" + SOLUTION + "\",\"status\":"
                                + "\"ACTIVE\",\"creationDateTime\":" + T0 + ",\"lastUpdatedDateTime\":" + T0
                                + ",\"recipeArn\":\"" + Recipe.USER_PERSONALIZATION_V2.arn() + "\"}]}")
                .given(
                        "ListSolutionVersions",
                        "{\"solutionVersions\":[{\"solutionVersionArn\":\"" + VERSION + "\",\"status\":\"ACTIVE\","
                                + "\"trainingMode\":\"FULL\",\"trainingType\":\"MANUAL\",\"creationDateTime\":"
                                + (T0 + 60) + ",\"lastUpdatedDateTime\":" + (T0 + 600) + "}]}");
    }

    @Test
    void planAndRun_whenTheScheduleDiffers_updateTheSolutionInsteadOfCreatingOne() {
        existingSolution();
        String before =
                solution(Recipe.USER_PERSONALIZATION_V2.arn(), ",\"performAutoTraining\":false,\"solutionConfig\":{}");
        String updating = solution(
                Recipe.USER_PERSONALIZATION_V2.arn(),
                ",\"performAutoTraining\":false,\"solutionConfig\":{},\"latestSolutionUpdate\":{"
                        + "\"solutionUpdateConfig\":{\"autoTrainingConfig\":{\"schedulingExpression\":"
                        + "\"rate(14 days)\"}},\"status\":\"CREATE IN_PROGRESS\",\"performAutoTraining\":true,"
                        + "\"creationDateTime\":" + (T0 + 1000) + ",\"lastUpdatedDateTime\":" + (T0 + 1000) + "}");
        String after = solution(
                Recipe.USER_PERSONALIZATION_V2.arn(),
                ",\"performAutoTraining\":true,\"solutionConfig\":{\"autoTrainingConfig\":{\"schedulingExpression\":"
                        + "\"rate(14 days)\"}},\"latestSolutionUpdate\":{\"solutionUpdateConfig\":{"
                        + "\"autoTrainingConfig\":{\"schedulingExpression\":\"rate(14 days)\"}},\"status\":\"ACTIVE\","
                        + "\"performAutoTraining\":true,\"creationDateTime\":" + (T0 + 1000)
                        + ",\"lastUpdatedDateTime\":" + (T0 + 1010) + "}");
        wire.given("s", WireStubs.started(), "DescribeSolution", before)
                .given("s", WireStubs.started(), "UpdateSolution", "{\"solutionArn\":\"" + SOLUTION + "\"}", "sent")
                .given("s", "sent", "DescribeSolution", updating, "done")
                .given("s", "done", "DescribeSolution", after);
        PipelineSpec spec = spec(true, "rate(14 days)");

        try (PipelineOrchestrator pipeline = wire.orchestrator()) {
            PipelinePlan plan = pipeline.plan(spec);
            PlannedStep solutionStep = plan.steps().stream()
                    .filter(s -> s.resourceType() == ResourceType.SOLUTION)
                    .findFirst()
                    .orElseThrow();
            assertThat(solutionStep.action()).isEqualTo(PlannedAction.UPDATE);
            assertThat(solutionStep.detail())
                    .contains("automatic training off")
                    .contains("rate(14 days)")
                    .contains("UpdateSolution");
            assertThat(wire.mutations()).as("a plan changes nothing").isEmpty();

            PipelineResult result = pipeline.run(spec);

            assertThat(wire.mutations()).containsExactly("UpdateSolution");
            assertThat(wire.requests("UpdateSolution"))
                    .containsExactly(json("{\"solutionArn\":\"" + SOLUTION + "\",\"performAutoTraining\":true,"
                            + "\"solutionUpdateConfig\":{\"autoTrainingConfig\":{\"schedulingExpression\":"
                            + "\"rate(14 days)\"}}}"));
            StepOutcome step = result.steps(ResourceType.SOLUTION).get(0);
            assertThat(step.action()).isEqualTo(StepAction.UPDATED);
            assertThat(step.status()).isEqualTo("ACTIVE");
            assertThat(result.deployment().solutionVersion().arn()).isEqualTo(VERSION);
            assertThat(pipeline.plan(spec).isUpToDate())
                    .as("the update took effect")
                    .isTrue();
        }
    }

    @Test
    void run_whenAutoTrainingIsTurnedOff_sendsOnlyTheFlag() {
        existingSolution();
        String on = solution(
                Recipe.USER_PERSONALIZATION_V2.arn(),
                ",\"performAutoTraining\":true,\"solutionConfig\":{\"autoTrainingConfig\":{\"schedulingExpression\":"
                        + "\"rate(7 days)\"}}");
        String off = solution(
                Recipe.USER_PERSONALIZATION_V2.arn(),
                ",\"performAutoTraining\":false,\"solutionConfig\":{\"autoTrainingConfig\":{\"schedulingExpression\":"
                        + "\"rate(7 days)\"}},\"latestSolutionUpdate\":{\"solutionUpdateConfig\":{},\"status\":"
                        + "\"ACTIVE\",\"performAutoTraining\":false,\"creationDateTime\":" + (T0 + 1000)
                        + ",\"lastUpdatedDateTime\":" + (T0 + 1010) + "}");
        wire.given("s", WireStubs.started(), "DescribeSolution", on)
                .given("s", WireStubs.started(), "UpdateSolution", "{\"solutionArn\":\"" + SOLUTION + "\"}", "done")
                .given("s", "done", "DescribeSolution", off);

        try (PipelineOrchestrator pipeline = wire.orchestrator()) {
            PipelineResult result = pipeline.run(spec(false, "unused"));

            assertThat(wire.requests("UpdateSolution"))
                    .containsExactly(json("{\"solutionArn\":\"" + SOLUTION + "\",\"performAutoTraining\":false}"));
            assertThat(result.steps(ResourceType.SOLUTION).get(0).action()).isEqualTo(StepAction.UPDATED);
        }
    }
}
