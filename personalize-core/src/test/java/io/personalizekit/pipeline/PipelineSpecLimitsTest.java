package io.personalizekit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.recipe.Recipe;
import io.personalizekit.schema.DatasetType;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The service's limits as the spec builders enforce them: the last value allowed passes, the first one past it
 * fails with a message naming the field, the value and the limit.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipelineSpecLimitsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/PersonalizeS3";
    private static final String KMS = "arn:aws:kms:us-east-1:123456789012:key/k1";

    private static String chars(int n) {
        return "a".repeat(n);
    }

    @Test
    void names_are1To63CharactersOfTheServiceAlphabet() {
        assertThat(FilterSpec.of(chars(63), "x").name()).hasSize(63);
        assertThat(FilterSpec.of("0_a-b", "x").name()).isEqualTo("0_a-b");
        assertThatThrownBy(() -> FilterSpec.of(chars(64), "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must be 1-63 characters of [a-zA-Z0-9-_], starting with a letter or digit: '"
                        + chars(64) + "'");
        assertThatThrownBy(() -> FilterSpec.of("", "x")).hasMessageContaining("name must be 1-63 characters");
        assertThatThrownBy(() -> FilterSpec.of("-a", "x")).hasMessageContaining("'-a'");
        assertThatThrownBy(() -> ImportSpec.builder().jobName("bad name"))
                .hasMessageStartingWith("jobName must be 1-63 characters");
        assertThatThrownBy(() -> PipelineSpec.builder().eventTrackerName("bad name"))
                .hasMessageStartingWith("eventTrackerName must be 1-63 characters");
        assertThatThrownBy(() -> DatasetSpec.builder().schemaName("bad name"))
                .hasMessageStartingWith("schemaName must be 1-63 characters");
    }

    @Test
    void roleArns_areAtMost256Characters() {
        String prefix = "arn:aws:iam::123456789012:role/";
        String longest = prefix + chars(256 - prefix.length());
        assertThat(ImportSpec.builder()
                        .roleArn(longest)
                        .dataLocation("s3://b/k")
                        .build()
                        .roleArn())
                .isEqualTo(longest);
        assertThatThrownBy(() -> ImportSpec.builder().roleArn(longest + "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("roleArn must be an IAM role ARN: '" + longest + "a'");
        assertThat(ImportSpec.builder()
                        .roleArn(null)
                        .dataLocation("s3://b/k")
                        .build()
                        .roleArn())
                .isNull();
    }

    @Test
    void kmsKeyArns_areAtMost2048Characters() {
        String prefix = "arn:aws:kms:us-east-1:123456789012:key/";
        String longest = prefix + chars(2048 - prefix.length());
        assertThat(DatasetGroupSpec.builder()
                        .name("g")
                        .kmsKeyArn(longest)
                        .build()
                        .kmsKeyArn())
                .isEqualTo(longest);
        assertThatThrownBy(() -> DatasetGroupSpec.builder().kmsKeyArn(longest + "a"))
                .hasMessage("kmsKeyArn must be a KMS key ARN: '" + longest + "a'");
        assertThatThrownBy(() -> DatasetGroupSpec.builder().kmsKeyArn("arn:aws:kms:us-east-1:1:key/k"))
                .hasMessageContaining("KMS key ARN");
    }

    @Test
    void importLocations_areS3UrisOf6To256Characters() {
        assertThat(ImportSpec.builder().dataLocation("s3://b").build().dataLocation())
                .isEqualTo("s3://b");
        String longest = "s3://" + chars(251);
        assertThat(ImportSpec.builder().dataLocation(longest).build().dataLocation())
                .isEqualTo(longest);
        assertThatThrownBy(() -> ImportSpec.builder().dataLocation("s3://"))
                .hasMessage("dataLocation must be an s3:// URI (a file, or a folder ending in '/'), at most 256"
                        + " chars: 's3://'");
        assertThatThrownBy(() -> ImportSpec.builder().dataLocation(longest + "a"))
                .hasMessageContaining("at most 256 chars");
    }

    @Test
    void filterExpressions_are1To2500Characters() {
        assertThat(FilterSpec.of("f", chars(2500)).expression()).hasSize(2500);
        assertThat(FilterSpec.of("f", "x").expression()).isEqualTo("x");
        assertThatThrownBy(() -> FilterSpec.of("f", chars(2501)))
                .hasMessage("expression must be 1-2500 characters, got 2501");
        assertThatThrownBy(() -> FilterSpec.of("f", "")).hasMessage("expression must be 1-2500 characters, got 0");
    }

    @Test
    void campaign_tpsAndExplorationAndRankingLimits() {
        assertThat(CampaignSpec.builder().name("c").minProvisionedTps(1).build().minProvisionedTps())
                .isEqualTo(1);
        assertThatThrownBy(() -> CampaignSpec.builder().minProvisionedTps(0))
                .hasMessage("minProvisionedTps must be >= 1: 0");

        CampaignSpec.Builder b = CampaignSpec.builder().name("c");
        b.putItemExplorationConfig(chars(256), chars(1000));
        b.putItemExplorationConfig("explorationWeight", "0");
        b.putItemExplorationConfig("explorationWeight", "1");
        assertThat(b.build().itemExplorationConfig())
                .containsEntry(chars(256), chars(1000))
                .containsEntry("explorationWeight", "1");
        assertThatThrownBy(() -> b.putItemExplorationConfig(chars(257), "v"))
                .hasMessage("itemExplorationConfig keys are 1-256 characters and values at most 1000: '" + chars(257)
                        + "'");
        assertThatThrownBy(() -> b.putItemExplorationConfig("k", chars(1001)))
                .hasMessageContaining("values at most 1000: 'k'");
        assertThatThrownBy(() -> b.putItemExplorationConfig("", "v")).hasMessageContaining("keys are 1-256");
        assertThatThrownBy(() -> b.putItemExplorationConfig("explorationWeight", "1.01"))
                .hasMessage("itemExplorationConfig.explorationWeight must be from 0 to 1: '1.01'");
        assertThatThrownBy(() -> b.putItemExplorationConfig("explorationWeight", "-0.01"))
                .hasMessage("itemExplorationConfig.explorationWeight must be from 0 to 1: '-0.01'");
        assertThatThrownBy(() -> b.putItemExplorationConfig("explorationWeight", "lots"))
                .hasMessage("itemExplorationConfig.explorationWeight must be a number: 'lots'");
        assertThat(CampaignSpec.builder()
                        .name("c")
                        .putItemExplorationConfig("explorationItemAgeCutOff", "-5")
                        .build()
                        .itemExplorationConfig())
                .as("only explorationWeight is range-checked")
                .containsEntry("explorationItemAgeCutOff", "-5");

        b.putRankingInfluence("POPULARITY", 0).putRankingInfluence("FRESHNESS", 1);
        assertThat(b.build().rankingInfluence())
                .containsEntry("POPULARITY", 0.0)
                .containsEntry("FRESHNESS", 1.0);
        assertThatThrownBy(() -> b.putRankingInfluence("POPULARITY", 1.0001))
                .hasMessage("rankingInfluence.POPULARITY must be from 0 to 1: 1.0001");
        assertThatThrownBy(() -> b.putRankingInfluence("FRESHNESS", -0.0001))
                .hasMessage("rankingInfluence.FRESHNESS must be from 0 to 1: -1.0E-4");
        assertThatThrownBy(() -> b.putRankingInfluence("FRESHNESS", Double.NaN))
                .hasMessage("rankingInfluence.FRESHNESS must be from 0 to 1: NaN");
        assertThatThrownBy(() -> b.putRankingInfluence("NOVELTY", 0.5))
                .hasMessage("rankingInfluence takes POPULARITY or FRESHNESS, not 'NOVELTY'");
    }

    @Test
    void recommender_limits() {
        RecommenderSpec.Builder b = RecommenderSpec.builder().name("r").useCase(Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU);
        assertThat(b.minRecommendationRequestsPerSecond(1).build().minRecommendationRequestsPerSecond())
                .isEqualTo(1);
        assertThatThrownBy(() -> b.minRecommendationRequestsPerSecond(0))
                .hasMessage("minRecommendationRequestsPerSecond must be >= 1: 0");

        assertThatThrownBy(() -> b.recipeArn("aws-sims"))
                .hasMessage("recipeArn must be a Personalize recipe ARN: 'aws-sims'");
        assertThatThrownBy(() -> b.recipeArn("arn:aws:s3:::recipe/x")).hasMessageContaining("'arn:aws:s3:::recipe/x'");
        assertThatThrownBy(() -> b.recipeArn("arn:aws:personalize:::solution/x"))
                .hasMessageContaining("'arn:aws:personalize:::solution/x'");
        assertThatThrownBy(() -> b.useCase(Recipe.SIMS))
                .hasMessageStartingWith("recipe " + Recipe.SIMS.recipeName() + " is a custom recipe, trained by a"
                        + " solution; a recommender takes a domain use case such as "
                        + Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU.arn());
        assertThat(b.recipeArn("arn:aws:personalize:::recipe/aws-ecomm-not-yet-known")
                        .build()
                        .recipeArn())
                .as("a recipe this version does not list is left to the service")
                .isEqualTo("arn:aws:personalize:::recipe/aws-ecomm-not-yet-known");

        b.putItemExplorationConfig("explorationWeight", "0.1")
                .putItemExplorationConfig("explorationItemAgeCutOff", "7");
        assertThat(b.build().itemExplorationConfig())
                .containsExactly(
                        java.util.Map.entry("explorationWeight", "0.1"),
                        java.util.Map.entry("explorationItemAgeCutOff", "7"));
        assertThatThrownBy(() -> b.putItemExplorationConfig("explorationBias", "1"))
                .hasMessage("itemExplorationConfig takes explorationWeight and explorationItemAgeCutOff, not"
                        + " 'explorationBias'");

        List<String> fifty = Collections.nCopies(50, "C");
        assertThat(b.excludeColumns(DatasetType.INTERACTIONS, fifty)
                        .includeColumns(DatasetType.ITEMS, List.of("A"))
                        .includeColumns(DatasetType.USERS, List.of("B"))
                        .build()
                        .excludedColumns())
                .containsEntry(DatasetType.INTERACTIONS, fifty);
        assertThatThrownBy(() -> b.excludeColumns(DatasetType.ITEMS, Collections.nCopies(51, "C")))
                .hasMessage("trainingDataConfig takes at most 50 columns per dataset: 51");
        assertThatThrownBy(() -> b.includeColumns(DatasetType.ACTIONS, List.of("A")))
                .hasMessage("trainingDataConfig takes INTERACTIONS, ITEMS and USERS columns, not ACTIONS");
    }

    @Test
    void solution_limits() {
        SolutionSpec.Builder b = SolutionSpec.builder().name("s");
        assertThat(b.eventType(chars(256)).build().eventType()).hasSize(256);
        assertThatThrownBy(() -> b.eventType(chars(257))).hasMessage("eventType must be at most 256 characters");
        assertThatThrownBy(() -> b.recipeArn("arn:aws:s3:::recipe/x"))
                .hasMessage("recipeArn must be a Personalize recipe ARN: 'arn:aws:s3:::recipe/x'");
        assertThatThrownBy(() -> b.recipeArn("arn:aws:personalize:::solution/x"))
                .hasMessageContaining("'arn:aws:personalize:::solution/x'");
        assertThatThrownBy(() -> b.recipeArn("aws-sims")).hasMessageContaining("'aws-sims'");
        assertThat(b.performAutoTraining(true)
                        .autoTrainingSchedule("rate(1 day)")
                        .build()
                        .autoTrainingSchedule())
                .isEqualTo("rate(1 day)");
        assertThat(b.trainingMode("UPDATE").build().trainingMode()).isEqualTo("UPDATE");
        assertThatThrownBy(() -> b.trainingMode("full")).hasMessage("trainingMode must be FULL or UPDATE: 'full'");
        assertThatThrownBy(() -> SolutionSpec.builder()
                        .name("s")
                        .autoTrainingSchedule("rate(7 days)")
                        .build())
                .hasMessage("autoTrainingSchedule ('rate(7 days)') requires performAutoTraining=true");
    }

    @Test
    void metricAttribution_limits() {
        MetricAttributionSpec.Builder b =
                MetricAttributionSpec.builder().name("m").roleArn(ROLE);
        for (int i = 0; i < MetricAttributionSpec.MAX_METRICS; i++) {
            b.addMetric("M" + i, "click", "SAMPLECOUNT()");
        }
        assertThat(b.build().metrics()).hasSize(10);
        b.addMetric("M10", "click", "SAMPLECOUNT()");
        assertThatThrownBy(b::build).hasMessage("metric attribution 'm' needs 1 to 10 metrics; it has 11");
        assertThatThrownBy(() ->
                        MetricAttributionSpec.builder().name("m").roleArn(ROLE).build())
                .hasMessage("metric attribution 'm' needs 1 to 10 metrics; it has 0");
        assertThatThrownBy(() -> MetricAttributionSpec.builder()
                        .name("m")
                        .roleArn(ROLE)
                        .addMetric("A", "click", "SAMPLECOUNT()")
                        .addMetric("B", "click", "SAMPLECOUNT()")
                        .addMetric("A", "view", "SAMPLECOUNT()")
                        .build())
                .hasMessage("metric name 'A' is given twice");

        assertThat(MetricAttributionSpec.Metric.of(chars(256), "e", "x").name()).hasSize(256);
        assertThatThrownBy(() -> MetricAttributionSpec.Metric.of(chars(257), "e", "x"))
                .hasMessage("metricName must be 1-256 characters: '" + chars(257) + "'");
        assertThatThrownBy(() -> MetricAttributionSpec.Metric.of("m", "", "x"))
                .hasMessage("eventType must be 1-256 characters: ''");
        assertThatThrownBy(() -> MetricAttributionSpec.Metric.of("m", "e", chars(257)))
                .hasMessageStartingWith("expression must be 1-256 characters");

        MetricAttributionSpec.Builder one =
                MetricAttributionSpec.builder().name("m").roleArn(ROLE).addMetric("A", "click", "SAMPLECOUNT()");
        assertThat(one.s3Path("s3://b").build().s3Path()).isEqualTo("s3://b");
        String longest = "s3://" + chars(251);
        assertThat(one.s3Path(longest).build().s3Path()).isEqualTo(longest);
        assertThatThrownBy(() -> one.s3Path(longest + "a"))
                .hasMessage("s3Path must be an s3:// path of at most 256 characters: '" + longest + "a'");
        assertThatThrownBy(() -> one.s3Path("s3://")).hasMessageContaining("'s3://'");
        assertThatThrownBy(() -> one.s3Path("https://b/x")).hasMessageContaining("'https://b/x'");
        assertThatThrownBy(() -> one.s3Path(null).kmsKeyArn(KMS).build())
                .hasMessage("kmsKeyArn ('" + KMS + "') is only valid with an s3Path");

        assertThatThrownBy(() -> one.roleArn("role")).hasMessage("roleArn must be an IAM role ARN: 'role'");
        assertThatThrownBy(() -> one.roleArn("arn:aws:sts::123456789012:role/x"))
                .hasMessageContaining("'arn:aws:sts::123456789012:role/x'");
        assertThatThrownBy(() -> one.roleArn("arn:aws:iam::123456789012:user/x"))
                .hasMessageContaining("'arn:aws:iam::123456789012:user/x'");
    }

    @Test
    void datasetGroup_limits() {
        DatasetGroupSpec.Builder b = DatasetGroupSpec.builder().name("g");
        assertThat(b.domain("VIDEO_ON_DEMAND").build().domain()).isEqualTo("VIDEO_ON_DEMAND");
        assertThat(b.domain("ECOMMERCE").build().domain()).isEqualTo("ECOMMERCE");
        assertThatThrownBy(() -> b.domain("RETAIL"))
                .hasMessage("domain must be ECOMMERCE or VIDEO_ON_DEMAND: 'RETAIL'");
        assertThatThrownBy(
                        () -> DatasetGroupSpec.builder().name("g").roleArn(ROLE).build())
                .hasMessage("roleArn is only valid together with kmsKeyArn (roleArn='" + ROLE + "', kmsKeyArn=null)");
        assertThat(b.putTag(chars(128), chars(256)).putTag("empty", "").build().tags())
                .containsEntry(chars(128), chars(256))
                .containsEntry("empty", "");
        assertThatThrownBy(() -> b.putTag(chars(129), "v"))
                .hasMessage("tag key must be 1-128 and value 0-256 characters: '" + chars(129) + "'");
        assertThatThrownBy(() -> b.putTag("k", chars(257))).hasMessageContaining("'k'");
        assertThatThrownBy(() -> DatasetGroupSpec.builder()
                        .name("g")
                        .addDataset(WireStubs.INTERACTIONS)
                        .addDataset(d -> d.schema(Article.ITEMS))
                        .addDataset(Article.INTERACTIONS)
                        .build())
                .hasMessage("A dataset group holds one dataset per type; INTERACTIONS was given twice");
    }

    @Test
    void defaultNames_areCutTo63Characters_andImportJobsAreNumberedFromTheSecond() {
        String group = chars(60);
        DatasetGroupSpec g = DatasetGroupSpec.builder()
                .name(group)
                .addDataset(d -> d.schema(WireStubs.INTERACTIONS)
                        .addImport(i -> i.dataLocation("s3://b/1.csv"))
                        .addImport(i -> i.dataLocation("s3://b/2.csv"))
                        .addImport(i -> i.dataLocation("s3://b/3.csv").jobName("mine")))
                .build();
        DatasetSpec d = g.datasets().get(0);
        assertThat(d.name()).isEqualTo((group + "-interactions").substring(0, 63));
        assertThat(d.schemaName()).isEqualTo((group + "-interactions-schema").substring(0, 63));
        String base = d.name() + "-import";
        assertThat(d.importJobName(0)).isEqualTo(base.substring(base.length() - 63));
        assertThat(d.importJobName(1)).isEqualTo((base + "-2").substring((base + "-2").length() - 63));
        assertThat(d.importJobName(2)).isEqualTo("mine");

        DatasetSpec shortNames = DatasetGroupSpec.builder()
                .name("shop")
                .addDataset(x -> x.schema(WireStubs.INTERACTIONS)
                        .addImport(i -> i.dataLocation("s3://b/1.csv"))
                        .addImport(i -> i.dataLocation("s3://b/2.csv")))
                .build()
                .datasets()
                .get(0);
        assertThat(shortNames.name()).isEqualTo("shop-interactions");
        assertThat(shortNames.schemaName()).isEqualTo("shop-interactions-schema");
        assertThat(shortNames.importJobName(0)).isEqualTo("shop-interactions-import");
        assertThat(shortNames.importJobName(1)).isEqualTo("shop-interactions-import-2");

        String exactly = chars(63 - "-interactions".length());
        assertThat(DatasetGroupSpec.builder()
                        .name(exactly)
                        .addDataset(WireStubs.INTERACTIONS)
                        .build()
                        .datasets()
                        .get(0)
                        .name())
                .isEqualTo(exactly + "-interactions");
    }

    @Test
    void pipelineSpec_crossMemberRules() {
        DatasetGroupSpec custom = DatasetGroupSpec.builder()
                .name("g")
                .addDataset(WireStubs.INTERACTIONS)
                .build();
        DatasetGroupSpec domain = custom.toBuilder().domain("ECOMMERCE").build();
        RecommenderSpec r = RecommenderSpec.builder()
                .name("best")
                .useCase(Recipe.ECOMMERCE_BEST_SELLERS)
                .build();

        assertThatThrownBy(() -> PipelineSpec.builder()
                        .datasetGroup(domain)
                        .addRecommender(r)
                        .campaign(c -> c.name("c"))
                        .build())
                .hasMessage("campaign 'c' needs a solution to serve; the spec has none");
        assertThatThrownBy(() -> PipelineSpec.builder()
                        .datasetGroup(custom)
                        .addRecommender(r)
                        .build())
                .hasMessage("recommender 'best' needs a domain dataset group (domain ECOMMERCE or VIDEO_ON_DEMAND);"
                        + " dataset group 'g' has no domain");
        assertThatThrownBy(() -> PipelineSpec.builder()
                        .datasetGroup(domain)
                        .addRecommender(r)
                        .addRecommender(x -> x.name("other").useCase(Recipe.ECOMMERCE_MOST_VIEWED))
                        .addRecommender(r)
                        .build())
                .hasMessage("recommender name 'best' is given twice");
        assertThatThrownBy(() -> PipelineSpec.builder()
                        .datasetGroup(domain)
                        .solution(s -> s.name("s"))
                        .addFilter(FilterSpec.of("f", "x"))
                        .addFilter(FilterSpec.of("g", "x"))
                        .addFilter(FilterSpec.of("f", "y"))
                        .build())
                .hasMessage("filter name 'f' is given twice");

        PipelineSpec recommendersOnly = PipelineSpec.builder()
                .datasetGroup(domain)
                .addRecommender(r)
                .addRecommender(x -> x.name("viewed").useCase(Recipe.ECOMMERCE_MOST_VIEWED))
                .build();
        assertThat(recommendersOnly.hasSolution()).isFalse();
        assertThatThrownBy(recommendersOnly::solution)
                .hasMessage("This spec has no solution, only recommenders [best, viewed]");
        assertThat(PipelineSpec.builder()
                        .datasetGroup(custom)
                        .solution(s -> s.name("s"))
                        .build()
                        .hasSolution())
                .isTrue();
    }
}
