package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.PipelineStepException;
import io.personalizekit.pipeline.PipelineListener;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.pipeline.PlannedAction;
import io.personalizekit.pipeline.RecommenderSpec;
import io.personalizekit.pipeline.RecommenderState;
import io.personalizekit.pipeline.StepAction;
import io.personalizekit.pipeline.StepOutcome;
import io.personalizekit.pipeline.Teardown;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.resource.ResourceRef;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.Campaign;
import software.amazon.awssdk.services.personalize.model.MetricAttribute;
import software.amazon.awssdk.services.personalize.model.Recommender;
import software.amazon.awssdk.services.personalize.model.Solution;

/**
 * Issue 13, "the pipeline provisions everything a deployment has", end to end on the emulator: a domain dataset
 * group with a recommender and a metric attribution created, updated, stopped, started and torn down; a solution's
 * automatic training and a campaign's config updated in place; a run that crashed mid-way resumed without creating
 * anything twice.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PipelineBreadthTest {
    private static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .stringField("EVENT_TYPE")
            .longField("TIMESTAMP")
            .build();
    private static final DatasetSchema ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .floatField("PRICE")
            .stringField("CATEGORY_L1", f -> f.categorical())
            .build();

    private PersonalizeLocal local;
    private PersonalizeClient p;

    @BeforeEach
    void start() {
        local = PersonalizeLocal.create().start();
        p = local.personalizeClient();
        local.s3Client().createBucket(r -> r.bucket("shop"));
        local.s3Client()
                .putObject(
                        r -> r.bucket("shop").key("interactions.csv"),
                        RequestBody.fromString(DomainData.ecommerceInteractions(8)));
        local.s3Client()
                .putObject(r -> r.bucket("shop").key("items.csv"), RequestBody.fromString(DomainData.ecommerceItems()));
    }

    @AfterEach
    void stop() {
        local.stop();
    }

    private PipelineOrchestrator pipeline() {
        return PipelineOrchestrator.builder()
                .personalizeClient(p)
                .waiter(local.resourceWaiter())
                .build();
    }

    private static PipelineSpec shop(Consumer<RecommenderSpec.Builder> recommender, boolean revenue) {
        return PipelineSpec.builder()
                .datasetGroup(g -> g.name("shop")
                        .domain("ECOMMERCE")
                        .addDataset(d -> d.schema(INTERACTIONS)
                                .addImport(i -> i.dataLocation("s3://shop/interactions.csv")
                                        .roleArn(Fixtures.ROLE)))
                        .addDataset(d -> d.schema(ITEMS)
                                .addImport(i ->
                                        i.dataLocation("s3://shop/items.csv").roleArn(Fixtures.ROLE))))
                .addRecommender(
                        r -> recommender.accept(r.name("shop-for-you").useCase(Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU)))
                .metricAttribution(m -> {
                    m.name("shop-impact")
                            .addMetric("VIEWS", "View", "SAMPLECOUNT()")
                            .s3Path("s3://shop/attribution/")
                            .roleArn(Fixtures.ROLE);
                    if (revenue) {
                        m.addMetric("REVENUE", "Purchase", "SUM(Items.PRICE)");
                    }
                })
                .build();
    }

    private static StepAction action(PipelineResult result, ResourceType type) {
        return result.steps(type).get(0).action();
    }

    private Recommender recommender(String arn) {
        return p.describeRecommender(r -> r.recommenderArn(arn)).recommender();
    }

    private List<String> metrics(String arn) {
        return p.listMetricAttributionMetrics(r -> r.metricAttributionArn(arn)).metrics().stream()
                .map(MetricAttribute::metricName)
                .sorted()
                .collect(Collectors.toList());
    }

    @Test
    void domainGroup_recommenderAndMetricAttribution_createdUpdatedStoppedStartedAndTornDown() {
        try (PipelineOrchestrator pipeline = pipeline()) {
            PipelineResult created = pipeline.run(shop(r -> {}, false));
            String recommender =
                    created.deployment().recommender("shop-for-you").arn();
            String attribution = created.deployment().metricAttribution().arn();
            assertThat(action(created, ResourceType.RECOMMENDER)).isEqualTo(StepAction.CREATED);
            assertThat(action(created, ResourceType.METRIC_ATTRIBUTION)).isEqualTo(StepAction.CREATED);
            assertThat(recommender(recommender).status()).isEqualTo("ACTIVE");
            assertThat(metrics(attribution)).containsExactly("VIEWS");
            assertThat(pipeline.plan(shop(r -> {}, false)).isUpToDate()).isTrue();

            PipelineSpec changed = shop(
                    r -> r.minRecommendationRequestsPerSecond(3).putItemExplorationConfig("explorationWeight", "0.1"),
                    true);
            assertThat(pipeline.plan(changed).steps(PlannedAction.UPDATE).stream()
                            .map(s -> s.resourceType())
                            .collect(Collectors.toList()))
                    .containsExactly(ResourceType.METRIC_ATTRIBUTION, ResourceType.RECOMMENDER);
            PipelineResult updated = pipeline.run(changed);
            assertThat(action(updated, ResourceType.RECOMMENDER)).isEqualTo(StepAction.UPDATED);
            assertThat(action(updated, ResourceType.METRIC_ATTRIBUTION)).isEqualTo(StepAction.UPDATED);
            assertThat(recommender(recommender).recommenderConfig().minRecommendationRequestsPerSecond())
                    .isEqualTo(3);
            assertThat(recommender(recommender).recommenderConfig().itemExplorationConfig())
                    .containsEntry("explorationWeight", "0.1");
            assertThat(metrics(attribution)).containsExactly("REVENUE", "VIEWS");
            assertThat(updated.deployment()).isEqualTo(created.deployment());

            PipelineSpec stopped = shop(
                    r -> r.minRecommendationRequestsPerSecond(3)
                            .putItemExplorationConfig("explorationWeight", "0.1")
                            .state(RecommenderState.INACTIVE),
                    true);
            assertThat(action(pipeline.run(stopped), ResourceType.RECOMMENDER)).isEqualTo(StepAction.STOPPED);
            assertThat(recommender(recommender).status()).isEqualTo("INACTIVE");
            assertThat(pipeline.plan(stopped).isUpToDate()).isTrue();

            assertThat(action(pipeline.run(changed), ResourceType.RECOMMENDER)).isEqualTo(StepAction.STARTED);
            assertThat(recommender(recommender).status()).isEqualTo("ACTIVE");

            PipelineResult deleted;
            try (Teardown teardown = Teardown.builder()
                    .personalizeClient(p)
                    .waiter(local.resourceWaiter())
                    .build()) {
                deleted = teardown.run(changed);
            }
            List<String> order = deleted.steps().stream().map(StepOutcome::step).collect(Collectors.toList());
            assertThat(order.indexOf("delete recommender shop-for-you"))
                    .isGreaterThanOrEqualTo(0)
                    .isLessThan(order.indexOf("delete dataset group shop"));
            assertThat(order.indexOf("delete metric attribution shop-impact"))
                    .isGreaterThanOrEqualTo(0)
                    .isLessThan(order.indexOf("delete dataset group shop"));
            assertThat(p.listDatasetGroups(r -> {}).datasetGroups()).isEmpty();
            assertThat(p.listRecommenders(r -> {}).recommenders()).isEmpty();
            assertThat(p.listMetricAttributions(r -> {}).metricAttributions()).isEmpty();
        }
    }

    @Test
    void run_whenItCrashedWhileTheRecommenderWasBeingCreated_resumesWithoutCreatingItTwice() {
        PipelineListener crashOnFirstPoll = new PipelineListener() {
            @Override
            public void onStatusPolled(
                    String step, ResourceRef resource, String rawStatus, int attempt, Duration elapsed) {
                if (resource.type() == ResourceType.RECOMMENDER || resource.type() == ResourceType.METRIC_ATTRIBUTION) {
                    throw new IllegalStateException("crash while " + step + " is " + rawStatus);
                }
            }
        };
        PipelineSpec spec = shop(r -> {}, false);
        try (PipelineOrchestrator crashing = PipelineOrchestrator.builder()
                .personalizeClient(p)
                .waiter(local.resourceWaiter())
                .listener(crashOnFirstPoll)
                .build()) {
            assertThatThrownBy(() -> crashing.run(spec))
                    .isInstanceOf(PipelineStepException.class)
                    .hasMessageContaining("metric attribution shop-impact");
        }
        try (PipelineOrchestrator crashing = PipelineOrchestrator.builder()
                .personalizeClient(p)
                .waiter(local.resourceWaiter())
                .listener(new PipelineListener() {
                    @Override
                    public void onStatusPolled(
                            String step, ResourceRef resource, String rawStatus, int attempt, Duration elapsed) {
                        if (resource.type() == ResourceType.RECOMMENDER) {
                            throw new IllegalStateException("crash while " + step + " is " + rawStatus);
                        }
                    }
                })
                .build()) {
            assertThatThrownBy(() -> crashing.run(spec))
                    .isInstanceOf(PipelineStepException.class)
                    .hasMessageContaining("recommender shop-for-you");
        }

        try (PipelineOrchestrator pipeline = pipeline()) {
            PipelineResult resumed = pipeline.run(spec);

            assertThat(action(resumed, ResourceType.RECOMMENDER)).isIn(StepAction.AWAITED, StepAction.REUSED);
            assertThat(action(resumed, ResourceType.METRIC_ATTRIBUTION)).isIn(StepAction.AWAITED, StepAction.REUSED);
            String group = resumed.deployment().datasetGroup().arn();
            assertThat(p.listRecommenders(r -> r.datasetGroupArn(group)).recommenders())
                    .hasSize(1);
            assertThat(p.listMetricAttributions(r -> r.datasetGroupArn(group)).metricAttributions())
                    .hasSize(1);
            assertThat(recommender(resumed.deployment()
                                    .recommender("shop-for-you")
                                    .arn())
                            .status())
                    .isEqualTo("ACTIVE");
        }
    }

    @Test
    void run_whenAutoTrainingAndCampaignConfigChange_updatesTheSolutionAndTheCampaignInPlace() throws Exception {
        ArticlePipeline.upload(local.s3Client(), "news");
        PipelineSpec first = ArticlePipeline.spec("news", "news");
        try (PipelineOrchestrator pipeline = pipeline()) {
            PipelineResult created = pipeline.run(first);
            String solution = created.deployment().solution().arn();
            String campaign = created.deployment().campaign().arn();

            PipelineSpec next = first.toBuilder()
                    .solution(first.solution().toBuilder()
                            .performAutoTraining(true)
                            .autoTrainingSchedule("rate(14 days)")
                            .build())
                    .campaign(first.campaign().toBuilder()
                            .enableMetadataWithRecommendations(true)
                            .syncWithLatestSolutionVersion(true)
                            .build())
                    .build();
            PipelineResult updated = pipeline.run(next);

            assertThat(action(updated, ResourceType.SOLUTION)).isEqualTo(StepAction.UPDATED);
            assertThat(action(updated, ResourceType.CAMPAIGN)).isEqualTo(StepAction.UPDATED);
            Solution s = p.describeSolution(r -> r.solutionArn(solution)).solution();
            assertThat(s.performAutoTraining()).isTrue();
            assertThat(s.solutionConfig().autoTrainingConfig().schedulingExpression())
                    .isEqualTo("rate(14 days)");
            assertThat(p.listSolutions(r -> r.datasetGroupArn(
                                    created.deployment().datasetGroup().arn()))
                            .solutions())
                    .hasSize(1);
            Campaign c = p.describeCampaign(r -> r.campaignArn(campaign)).campaign();
            assertThat(c.solutionVersionArn()).isEqualTo(solution + "/$LATEST");
            assertThat(c.campaignConfig().enableMetadataWithRecommendations()).isTrue();
            assertThat(c.campaignConfig().syncWithLatestSolutionVersion()).isTrue();
            assertThat(updated.deployment().campaign())
                    .isEqualTo(created.deployment().campaign());
        }
    }
}
