package io.personalizekit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.recipe.Recipe;
import io.personalizekit.resource.DatasetGroupRef;
import io.personalizekit.resource.DatasetRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.resource.SchemaRef;
import io.personalizekit.schema.DatasetType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The value classes of the pipeline package: equality over every member (each member alone makes two values
 * differ), hash codes that follow equality, and the exact {@code toString} a log line or a CLI prints.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipelineValuesTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/PersonalizeS3";
    private static final String KMS = "arn:aws:kms:us-east-1:123456789012:key/k1";
    private static final String GROUP_ARN = "arn:aws:personalize:us-east-1:123456789012:dataset-group/shop";

    /** {@code base} equals {@code same} (and itself), and differs from each of {@code others}, both ways. */
    @SafeVarargs
    private static <T> void assertValue(T base, T same, T... others) {
        assertThat(base).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(base.equals(base)).isTrue();
        assertThat(base.equals(null)).isFalse();
        assertThat(base.equals("not a value")).isFalse();
        for (T other : others) {
            assertThat(base.equals(other)).as("%s vs %s", base, other).isFalse();
            assertThat(other.equals(base)).as("%s vs %s", other, base).isFalse();
            assertThat(other.hashCode()).as("hash of %s", other).isNotEqualTo(base.hashCode());
        }
    }

    @Test
    void plannedStep_equalityToStringAndAccessors() {
        PlannedStep p = PlannedStep.of("solution s", ResourceType.SOLUTION, "s", "arn:x", PlannedAction.CREATE, "d");
        assertValue(
                p,
                PlannedStep.of("solution s", ResourceType.SOLUTION, "s", "arn:x", PlannedAction.CREATE, "d"),
                PlannedStep.of("solution t", ResourceType.SOLUTION, "s", "arn:x", PlannedAction.CREATE, "d"),
                PlannedStep.of("solution s", ResourceType.CAMPAIGN, "s", "arn:x", PlannedAction.CREATE, "d"),
                PlannedStep.of("solution s", ResourceType.SOLUTION, "t", "arn:x", PlannedAction.CREATE, "d"),
                PlannedStep.of("solution s", ResourceType.SOLUTION, "s", null, PlannedAction.CREATE, "d"),
                PlannedStep.of("solution s", ResourceType.SOLUTION, "s", "arn:y", PlannedAction.CREATE, "d"),
                PlannedStep.of("solution s", ResourceType.SOLUTION, "s", "arn:x", PlannedAction.REUSE, "d"),
                PlannedStep.of("solution s", ResourceType.SOLUTION, "s", "arn:x", PlannedAction.CREATE, "e"));
        assertThat(p.toString()).isEqualTo("CREATE solution s (arn:x): d");
        assertThat(PlannedStep.of("filter f", ResourceType.FILTER, "f", null, PlannedAction.REUSE, "")
                        .toString())
                .isEqualTo("REUSE filter f");
        assertThat(p.step()).isEqualTo("solution s");
        assertThat(p.resourceType()).isEqualTo(ResourceType.SOLUTION);
        assertThat(p.name()).isEqualTo("s");
        assertThat(p.arn()).contains("arn:x");
        assertThat(p.action()).isEqualTo(PlannedAction.CREATE);
        assertThat(p.detail()).isEqualTo("d");
    }

    @Test
    void stepOutcome_equalityToStringAndAccessors() {
        Duration d = Duration.ofSeconds(3);
        StepOutcome o = StepOutcome.of("filter f", ResourceType.FILTER, "f", "arn:f", StepAction.CREATED, "ACTIVE", d);
        assertValue(
                o,
                StepOutcome.of("filter f", ResourceType.FILTER, "f", "arn:f", StepAction.CREATED, "ACTIVE", d),
                StepOutcome.of("filter g", ResourceType.FILTER, "f", "arn:f", StepAction.CREATED, "ACTIVE", d),
                StepOutcome.of("filter f", ResourceType.CAMPAIGN, "f", "arn:f", StepAction.CREATED, "ACTIVE", d),
                StepOutcome.of("filter f", ResourceType.FILTER, "g", "arn:f", StepAction.CREATED, "ACTIVE", d),
                StepOutcome.of("filter f", ResourceType.FILTER, "f", null, StepAction.CREATED, "ACTIVE", d),
                StepOutcome.of("filter f", ResourceType.FILTER, "f", "arn:f", StepAction.REUSED, "ACTIVE", d),
                StepOutcome.of("filter f", ResourceType.FILTER, "f", "arn:f", StepAction.CREATED, "FAILED", d),
                StepOutcome.of(
                        "filter f", ResourceType.FILTER, "f", "arn:f", StepAction.CREATED, "ACTIVE", d.plusSeconds(1)));
        assertThat(o.toString()).isEqualTo("filter f: CREATED arn:f (ACTIVE, PT3S)");
        assertThat(StepOutcome.of("filter f", ResourceType.FILTER, "f", null, StepAction.ALREADY_GONE, "DELETED", d)
                        .toString())
                .isEqualTo("filter f: ALREADY_GONE f (DELETED, PT3S)");
        assertThat(o.step()).isEqualTo("filter f");
        assertThat(o.resourceType()).isEqualTo(ResourceType.FILTER);
        assertThat(o.name()).isEqualTo("f");
        assertThat(o.arn()).contains("arn:f");
        assertThat(o.action()).isEqualTo(StepAction.CREATED);
        assertThat(o.status()).isEqualTo("ACTIVE");
        assertThat(o.duration()).isEqualTo(d);
    }

    @Test
    void pipelineResult_filtersStepsByType_andATeardownResultHasNoDeployment() {
        StepOutcome filter = StepOutcome.of(
                "filter f", ResourceType.FILTER, "f", "arn:f", StepAction.CREATED, "ACTIVE", Duration.ZERO);
        StepOutcome group = StepOutcome.of(
                "dataset group g",
                ResourceType.DATASET_GROUP,
                "g",
                GROUP_ARN,
                StepAction.REUSED,
                "ACTIVE",
                Duration.ZERO);
        Deployment dep = Deployment.builder()
                .datasetGroup(DatasetGroupRef.of(GROUP_ARN, "shop"))
                .build();
        PipelineResult r = PipelineResult.of(List.of(group, filter), Duration.ofMinutes(2), dep);

        assertThat(r.steps(ResourceType.FILTER)).containsExactly(filter);
        assertThat(r.steps(ResourceType.CAMPAIGN)).isEmpty();
        assertThat(r.steps()).containsExactly(group, filter);
        assertThat(r.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(r.deployment()).isSameAs(dep);
        assertThat(r.toString())
                .isEqualTo("PipelineResult{duration=PT2M, " + dep + ", steps=[" + group + ", " + filter + "]}");
        assertValue(
                r,
                PipelineResult.of(List.of(group, filter), Duration.ofMinutes(2), dep),
                PipelineResult.of(List.of(group), Duration.ofMinutes(2), dep),
                PipelineResult.of(List.of(group, filter), Duration.ofMinutes(3), dep),
                PipelineResult.of(List.of(group, filter), Duration.ofMinutes(2)));

        PipelineResult teardown = PipelineResult.of(List.of(filter), Duration.ofSeconds(5));
        assertThat(teardown.toString()).isEqualTo("PipelineResult{duration=PT5S, steps=[" + filter + "]}");
        assertThatThrownBy(teardown::deployment)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This is the result of a teardown, which has no deployment: " + teardown);
    }

    @Test
    void pipelinePlan_isUpToDateOnlyWhenEveryStepIsReused_andOnlyThenHasADeployment() {
        PlannedStep reuse = PlannedStep.of(
                "dataset group g", ResourceType.DATASET_GROUP, "g", GROUP_ARN, PlannedAction.REUSE, "status ACTIVE");
        PlannedStep create = PlannedStep.of("filter f", ResourceType.FILTER, "f", null, PlannedAction.CREATE, "");
        Deployment dep = Deployment.builder()
                .datasetGroup(DatasetGroupRef.of(GROUP_ARN, "shop"))
                .build();

        PipelinePlan upToDate = PipelinePlan.of(List.of(reuse), dep);
        assertThat(upToDate.isUpToDate()).isTrue();
        assertThat(upToDate.deployment()).containsSame(dep);
        assertThat(PipelinePlan.of(List.of(reuse)).deployment()).isEmpty();
        assertThat(PipelinePlan.of(List.of()).isUpToDate()).isTrue();

        PipelinePlan changes = PipelinePlan.of(List.of(reuse, create), dep);
        assertThat(changes.isUpToDate()).isFalse();
        assertThat(changes.deployment()).isEmpty();
        assertThat(changes.steps()).containsExactly(reuse, create);
        assertThat(changes.steps(PlannedAction.CREATE)).containsExactly(create);
        assertThat(changes.steps(PlannedAction.REUSE)).containsExactly(reuse);
        assertThat(changes.steps(PlannedAction.UPDATE)).isEmpty();
        assertThat(changes.toString())
                .isEqualTo("REUSE dataset group g (" + GROUP_ARN + "): status ACTIVE\nCREATE filter f");
        assertValue(
                changes,
                PipelinePlan.of(List.of(reuse, create), dep),
                PipelinePlan.of(List.of(reuse), dep),
                PipelinePlan.of(List.of(reuse, create)));
    }

    @Test
    void provisionedDatasetGroup_exposesItsDeployment() {
        DatasetGroupRef group = DatasetGroupRef.of(GROUP_ARN, "shop");
        SchemaRef schema = SchemaRef.of("arn:aws:personalize:us-east-1:123456789012:schema/shop-interactions-schema");
        DatasetRef dataset = DatasetRef.of(GROUP_ARN.replace("dataset-group", "dataset") + "/INTERACTIONS");
        StepOutcome step = StepOutcome.of(
                "dataset group shop",
                ResourceType.DATASET_GROUP,
                "shop",
                GROUP_ARN,
                StepAction.CREATED,
                "ACTIVE",
                Duration.ZERO);
        ProvisionedDatasetGroup p = new ProvisionedDatasetGroup(
                group,
                Map.of(DatasetType.INTERACTIONS, schema),
                Map.of(DatasetType.INTERACTIONS, dataset),
                List.of(step));

        assertThat(p.datasetGroup()).isEqualTo(group);
        assertThat(p.schema(DatasetType.INTERACTIONS)).isEqualTo(schema);
        assertThat(p.schemas()).containsOnlyKeys(DatasetType.INTERACTIONS);
        assertThat(p.dataset(DatasetType.INTERACTIONS)).isEqualTo(dataset);
        assertThat(p.datasets()).containsOnlyKeys(DatasetType.INTERACTIONS);
        assertThat(p.deployment().datasetGroup()).isEqualTo(group);
        assertThat(p.steps()).containsExactly(step);
        assertThat(p.toString())
                .isEqualTo("ProvisionedDatasetGroup{datasetGroup=" + GROUP_ARN + ", datasets=[INTERACTIONS]}");
        assertValue(
                p,
                new ProvisionedDatasetGroup(
                        group,
                        Map.of(DatasetType.INTERACTIONS, schema),
                        Map.of(DatasetType.INTERACTIONS, dataset),
                        List.of(step)),
                new ProvisionedDatasetGroup(group, Map.of(), Map.of(DatasetType.INTERACTIONS, dataset), List.of(step)),
                new ProvisionedDatasetGroup(
                        group,
                        Map.of(DatasetType.INTERACTIONS, schema),
                        Map.of(DatasetType.INTERACTIONS, dataset),
                        List.of()));
    }

    @Test
    void filterSpec_andMetric_equalityAndToString() {
        FilterSpec f = FilterSpec.of("f", "EXCLUDE ItemID WHERE Items.X IN (\"a\")");
        assertValue(
                f,
                FilterSpec.of("f", "EXCLUDE ItemID WHERE Items.X IN (\"a\")"),
                FilterSpec.of("g", "EXCLUDE ItemID WHERE Items.X IN (\"a\")"),
                FilterSpec.of("f", "EXCLUDE ItemID WHERE Items.X IN (\"b\")"));
        assertThat(f.toString()).isEqualTo("FilterSpec{name=f, expression=EXCLUDE ItemID WHERE Items.X IN (\"a\")}");

        MetricAttributionSpec.Metric m = MetricAttributionSpec.Metric.of("CLICKS", "click", "SAMPLECOUNT()");
        assertValue(
                m,
                MetricAttributionSpec.Metric.of("CLICKS", "click", "SAMPLECOUNT()"),
                MetricAttributionSpec.Metric.of("VIEWS", "click", "SAMPLECOUNT()"),
                MetricAttributionSpec.Metric.of("CLICKS", "view", "SAMPLECOUNT()"),
                MetricAttributionSpec.Metric.of("CLICKS", "click", "SUM(Items.PRICE)"));
        assertThat(m.toString()).isEqualTo("CLICKS=SAMPLECOUNT() of click");
    }

    @Test
    void importSpec_equalityToStringAndToBuilder() {
        ImportSpec i = ImportSpec.builder()
                .jobName("j")
                .dataLocation("s3://b/k.csv")
                .importMode(ImportMode.INCREMENTAL)
                .roleArn(ROLE)
                .build();
        assertValue(
                i,
                i.toBuilder().build(),
                i.toBuilder().jobName("k").build(),
                i.toBuilder().jobName(null).build(),
                i.toBuilder().dataLocation("s3://b/l.csv").build(),
                i.toBuilder().importMode(ImportMode.FULL).build(),
                i.toBuilder().roleArn(null).build());
        assertThat(i.toString())
                .isEqualTo("ImportSpec{jobName=j, dataLocation=s3://b/k.csv, importMode=INCREMENTAL, roleArn=" + ROLE
                        + "}");
        assertThat(i.jobName()).isEqualTo("j");
        assertThat(i.roleArn()).isEqualTo(ROLE);
    }

    @Test
    void solutionSpec_equalityToStringAndToBuilder() {
        SolutionSpec s = SolutionSpec.builder()
                .name("s")
                .recipeArn(Recipe.USER_PERSONALIZATION_V2.arn())
                .performAutoTraining(true)
                .autoTrainingSchedule("rate(3 days)")
                .eventType("click")
                .eventValueThreshold("0.5")
                .putAlgorithmHyperParameter("a", "1")
                .putFeatureTransformationParameter("f", "2")
                .trainingMode("UPDATE")
                .build();
        SolutionSpec.Builder off = s.toBuilder().autoTrainingSchedule(null);
        assertValue(
                s,
                s.toBuilder().build(),
                s.toBuilder().name("t").build(),
                s.toBuilder().recipeArn(SolutionSpec.SIMILAR_ITEMS_RECIPE).build(),
                off.performAutoTraining(false).build(),
                s.toBuilder().autoTrainingSchedule("rate(4 days)").build(),
                s.toBuilder().eventType("view").build(),
                s.toBuilder().eventValueThreshold("0.6").build(),
                s.toBuilder().putAlgorithmHyperParameter("a", "2").build(),
                s.toBuilder().putFeatureTransformationParameter("f", "3").build(),
                s.toBuilder().trainingMode("FULL").build());
        assertThat(s.toString())
                .isEqualTo("SolutionSpec{name=s, recipeArn=" + Recipe.USER_PERSONALIZATION_V2.arn()
                        + ", performAutoTraining=true, autoTrainingSchedule=rate(3 days), eventType=click,"
                        + " eventValueThreshold=0.5, algorithmHyperParameters={a=1},"
                        + " featureTransformationParameters={f=2}, trainingMode=UPDATE}");
        assertThat(s.eventValueThreshold()).isEqualTo("0.5");
    }

    @Test
    void solutionSpec_hasSolutionConfig_whenAnyConfigMemberIsSet() {
        SolutionSpec bare = SolutionSpec.builder().name("s").build();
        assertThat(bare.hasSolutionConfig()).isFalse();
        assertThat(bare.toBuilder()
                        .performAutoTraining(true)
                        .autoTrainingSchedule("rate(1 day)")
                        .build()
                        .hasSolutionConfig())
                .isTrue();
        assertThat(bare.toBuilder().eventValueThreshold("0.1").build().hasSolutionConfig())
                .isTrue();
        assertThat(bare.toBuilder().putAlgorithmHyperParameter("k", "v").build().hasSolutionConfig())
                .isTrue();
        assertThat(bare.toBuilder()
                        .putFeatureTransformationParameter("k", "v")
                        .build()
                        .hasSolutionConfig())
                .isTrue();
        assertThat(bare.toBuilder().performAutoTraining(true).build().hasSolutionConfig())
                .as("performAutoTraining is a member of CreateSolution, not of solutionConfig")
                .isFalse();
    }

    @Test
    void campaignSpec_equalityToStringAndHasCampaignConfig() {
        CampaignSpec c = CampaignSpec.builder()
                .name("c")
                .minProvisionedTps(2)
                .enableMetadataWithRecommendations(true)
                .syncWithLatestSolutionVersion(true)
                .putItemExplorationConfig("explorationWeight", "0.3")
                .putRankingInfluence("POPULARITY", 0.5)
                .build();
        assertValue(
                c,
                c.toBuilder().build(),
                c.toBuilder().name("d").build(),
                c.toBuilder().minProvisionedTps(3).build(),
                c.toBuilder().enableMetadataWithRecommendations(false).build(),
                c.toBuilder().syncWithLatestSolutionVersion(false).build(),
                c.toBuilder()
                        .putItemExplorationConfig("explorationWeight", "0.4")
                        .build(),
                c.toBuilder().putRankingInfluence("POPULARITY", 0.6).build());
        assertThat(c.toString())
                .isEqualTo("CampaignSpec{name=c, minProvisionedTps=2, enableMetadataWithRecommendations=true,"
                        + " syncWithLatestSolutionVersion=true, itemExplorationConfig={explorationWeight=0.3},"
                        + " rankingInfluence={POPULARITY=0.5}}");

        CampaignSpec bare = CampaignSpec.builder().name("c").build();
        assertThat(bare.hasCampaignConfig()).isFalse();
        assertThat(bare.toBuilder()
                        .enableMetadataWithRecommendations(true)
                        .build()
                        .hasCampaignConfig())
                .isTrue();
        assertThat(bare.toBuilder().syncWithLatestSolutionVersion(true).build().hasCampaignConfig())
                .isTrue();
        assertThat(bare.toBuilder()
                        .putItemExplorationConfig("explorationItemAgeCutOff", "30")
                        .build()
                        .hasCampaignConfig())
                .isTrue();
        assertThat(bare.toBuilder().putRankingInfluence("FRESHNESS", 0).build().hasCampaignConfig())
                .isTrue();
        assertThat(bare.toBuilder().minProvisionedTps(5).build().hasCampaignConfig())
                .isFalse();
    }

    @Test
    void campaignSpec_mapSetters_replaceTheWholeMap() {
        CampaignSpec c = CampaignSpec.builder()
                .name("c")
                .putItemExplorationConfig("a", "1")
                .itemExplorationConfig(Map.of("b", "2"))
                .putRankingInfluence("POPULARITY", 0.1)
                .rankingInfluence(Map.of("FRESHNESS", 0.2))
                .build();
        assertThat(c.itemExplorationConfig()).containsExactly(Map.entry("b", "2"));
        assertThat(c.rankingInfluence()).containsExactly(Map.entry("FRESHNESS", 0.2));
    }

    @Test
    void recommenderSpec_equalityToStringAndToBuilder() {
        RecommenderSpec r = RecommenderSpec.builder()
                .name("r")
                .useCase(Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU)
                .minRecommendationRequestsPerSecond(2)
                .enableMetadataWithRecommendations(true)
                .putItemExplorationConfig("explorationWeight", "0.2")
                .excludeColumns(DatasetType.ITEMS, List.of("PRICE"))
                .includeColumns(DatasetType.USERS, List.of("AGE"))
                .state(RecommenderState.INACTIVE)
                .build();
        assertValue(
                r,
                r.toBuilder().build(),
                r.toBuilder().name("s").build(),
                r.toBuilder().useCase(Recipe.ECOMMERCE_BEST_SELLERS).build(),
                r.toBuilder().minRecommendationRequestsPerSecond(3).build(),
                r.toBuilder().enableMetadataWithRecommendations(false).build(),
                r.toBuilder()
                        .putItemExplorationConfig("explorationWeight", "0.3")
                        .build(),
                r.toBuilder()
                        .excludeColumns(DatasetType.ITEMS, List.of("COLOUR"))
                        .build(),
                r.toBuilder()
                        .includeColumns(DatasetType.USERS, List.of("GENDER"))
                        .build(),
                r.toBuilder().state(RecommenderState.ACTIVE).build());
        assertThat(r.toString())
                .isEqualTo("RecommenderSpec{name=r, recipeArn=" + Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU.arn()
                        + ", minRecommendationRequestsPerSecond=2, enableMetadataWithRecommendations=true,"
                        + " itemExplorationConfig={explorationWeight=0.2}, excludedColumns={ITEMS=[PRICE]},"
                        + " includedColumns={USERS=[AGE]}, state=INACTIVE}");
        assertThat(r.includedColumns()).containsExactly(Map.entry(DatasetType.USERS, List.of("AGE")));
    }

    @Test
    void metricAttributionSpec_equalityToStringAndToBuilder() {
        MetricAttributionSpec m = MetricAttributionSpec.builder()
                .name("m")
                .addMetric("CLICKS", "click", "SAMPLECOUNT()")
                .s3Path("s3://b/out/")
                .kmsKeyArn(KMS)
                .roleArn(ROLE)
                .build();
        assertValue(
                m,
                m.toBuilder().build(),
                m.toBuilder().name("n").build(),
                m.toBuilder().addMetric("VIEWS", "view", "SAMPLECOUNT()").build(),
                m.toBuilder().s3Path("s3://b/other/").build(),
                m.toBuilder().kmsKeyArn(null).build(),
                m.toBuilder().roleArn(ROLE + "2").build());
        assertThat(m.toString())
                .isEqualTo("MetricAttributionSpec{name=m, metrics=[CLICKS=SAMPLECOUNT() of click], s3Path=s3://b/out/,"
                        + " kmsKeyArn=" + KMS + ", roleArn=" + ROLE + "}");
        assertThat(m.kmsKeyArn()).isEqualTo(KMS);
    }

    @Test
    void datasetSpecs_equalityToStringAndDefaultNames() {
        DatasetSpec d = DatasetSpec.builder()
                .schema(WireStubs.INTERACTIONS)
                .name("events")
                .schemaName("events-schema")
                .addImport(i -> i.dataLocation("s3://b/e.csv"))
                .build();
        assertValue(
                d,
                d.toBuilder().build(),
                d.toBuilder().schema(Article.INTERACTIONS).build(),
                d.toBuilder().name("other").build(),
                d.toBuilder().name(null).build(),
                d.toBuilder().schemaName("other-schema").build(),
                d.toBuilder().imports(List.of()).build());
        assertThat(d.toString())
                .isEqualTo("DatasetSpec{type=INTERACTIONS, name=events, schemaName=events-schema, imports=["
                        + d.imports().get(0) + "]}");

        DatasetGroupSpec g = DatasetGroupSpec.builder()
                .name("shop")
                .domain("ECOMMERCE")
                .kmsKeyArn(KMS)
                .roleArn(ROLE)
                .putTag("team", "a")
                .addDataset(d)
                .build();
        assertValue(
                g,
                g.toBuilder().build(),
                g.toBuilder().name("shop2").build(),
                g.toBuilder().domain("VIDEO_ON_DEMAND").build(),
                g.toBuilder().kmsKeyArn(KMS + "2").build(),
                g.toBuilder().roleArn(ROLE + "2").build(),
                g.toBuilder().putTag("team", "b").build(),
                g.toBuilder().datasets(List.of()).build());
        assertThat(g.toString())
                .isEqualTo("DatasetGroupSpec{name=shop, domain=ECOMMERCE, kmsKeyArn=" + KMS + ", roleArn=" + ROLE
                        + ", tags={team=a}, datasets=[" + d + "]}");
        assertThat(g.dataset(DatasetType.INTERACTIONS)).contains(d);
        assertThat(g.dataset(DatasetType.ITEMS)).isEmpty();
    }

    @Test
    void pipelineSpec_equalityOverEveryMember() {
        PipelineSpec base = PipelineSpec.builder()
                .datasetGroup(g -> g.name("shop").domain("ECOMMERCE").addDataset(WireStubs.INTERACTIONS))
                .solution(s -> s.name("s").recipeArn(Recipe.USER_PERSONALIZATION_V2.arn()))
                .campaign(c -> c.name("c"))
                .addFilter(FilterSpec.of("f", "EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN (\"buy\")"))
                .eventTrackerName("t")
                .addRecommender(r -> r.name("r").useCase(Recipe.ECOMMERCE_BEST_SELLERS))
                .metricAttribution(m ->
                        m.name("m").addMetric("C", "click", "SAMPLECOUNT()").roleArn(ROLE))
                .build();
        assertValue(
                base,
                base.toBuilder().build(),
                base.toBuilder()
                        .datasetGroup(
                                base.datasetGroup().toBuilder().name("shop2").build())
                        .build(),
                base.toBuilder().solution(s -> s.name("s2")).build(),
                base.toBuilder().campaign(c -> c.name("c2")).build(),
                base.toBuilder().filters(List.of()).build(),
                base.toBuilder().eventTrackerName("t2").build(),
                base.toBuilder()
                        .recommenders(List.of(RecommenderSpec.builder()
                                .name("r2")
                                .useCase(Recipe.ECOMMERCE_BEST_SELLERS)
                                .build()))
                        .build(),
                base.toBuilder().metricAttribution((MetricAttributionSpec) null).build());
        assertThat(base.toString())
                .isEqualTo("PipelineSpec{datasetGroup=" + base.datasetGroup() + ", solution=" + base.solution()
                        + ", campaign=" + base.campaign() + ", filters=" + base.filters() + ", eventTrackerName=t,"
                        + " recommenders=" + base.recommenders() + ", metricAttribution="
                        + base.metricAttribution() + "}");
    }
}
