package io.personalizekit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.personalizekit.exception.SpecValidationException;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.schema.DatasetType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JSON form of a pipeline spec, member by member: every member is read into the spec, every error names the
 * JSON path and the problem, and {@code toJson} writes exactly the members that are set.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipelineSpecJsonPathsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/PersonalizeS3";
    private static final String KMS = "arn:aws:kms:us-east-1:123456789012:key/k1";
    private static final String SCHEMA = WireStubs.INTERACTIONS.toAvroJson();
    private static final String DATASET = "{\"type\":\"INTERACTIONS\",\"schema\":" + SCHEMA + "}";
    private static final String GROUP = "{\"name\":\"shop\",\"datasets\":[" + DATASET + "]}";
    private static final String DOMAIN_GROUP =
            "{\"name\":\"shop\",\"domain\":\"ECOMMERCE\",\"datasets\":[" + DATASET + "]}";
    private static final String RECOMMENDER =
            "\"name\":\"r\",\"recipeArn\":\"arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you\"";

    private static SpecValidationException failure(String json) {
        try {
            PipelineSpec.fromJson(json);
        } catch (SpecValidationException e) {
            return e;
        }
        throw new AssertionError("no SpecValidationException for " + json);
    }

    private static void assertFails(String json, String path, String problem) {
        SpecValidationException e = failure(json);
        assertThat(e.path()).isEqualTo(path);
        assertThat(e.getMessage()).isEqualTo(path + ": " + problem);
    }

    @Test
    void read_everyMemberOfTheGroupDatasetsAndImports() {
        String json = "{\"datasetGroup\":{\"name\":\"shop\",\"kmsKeyArn\":\"" + KMS + "\",\"roleArn\":\"" + ROLE
                + "\",\"tags\":{\"team\":\"a\",\"cost\":\"b\"},\"datasets\":[{\"name\":\"events\",\"schemaName\":"
                + "\"events-v1\",\"schema\":" + WireStubs.JSON.valueToTree(SCHEMA) + ",\"imports\":[{\"jobName\":"
                + "\"first\",\"dataLocation\":\"s3://b/1.csv\",\"importMode\":\"INCREMENTAL\",\"roleArn\":\"" + ROLE
                + "\"},{\"dataLocation\":\"s3://b/2.csv\"}]}]},\"solution\":{\"name\":\"s\",\"recipeArn\":\""
                + Recipe.USER_PERSONALIZATION_V2.arn() + "\",\"eventType\":\"click\",\"eventValueThreshold\":\"0.5\","
                + "\"algorithmHyperParameters\":{\"h\":\"1\"},\"featureTransformationParameters\":{\"f\":\"2\"},"
                + "\"trainingMode\":\"UPDATE\",\"performAutoTraining\":true,\"autoTrainingSchedule\":\"rate(2 days)\"}"
                + ",\"filters\":[{\"name\":\"f1\",\"expression\":\"e1\"},{\"name\":\"f2\",\"expression\":\"e2\"}],"
                + "\"eventTracker\":{\"name\":\"t\"}}";

        PipelineSpec spec = PipelineSpec.fromJson(json);

        DatasetGroupSpec g = spec.datasetGroup();
        assertThat(g.kmsKeyArn()).isEqualTo(KMS);
        assertThat(g.roleArn()).isEqualTo(ROLE);
        assertThat(g.tags()).containsExactly(Map.entry("team", "a"), Map.entry("cost", "b"));
        DatasetSpec d = g.datasets().get(0);
        assertThat(d.datasetType()).isEqualTo(DatasetType.INTERACTIONS);
        assertThat(d.name()).isEqualTo("events");
        assertThat(d.schemaName()).isEqualTo("events-v1");
        assertThat(d.schema().sameDefinitionAs(WireStubs.INTERACTIONS)).isTrue();
        assertThat(d.imports())
                .containsExactly(
                        ImportSpec.builder()
                                .jobName("first")
                                .dataLocation("s3://b/1.csv")
                                .importMode(ImportMode.INCREMENTAL)
                                .roleArn(ROLE)
                                .build(),
                        ImportSpec.builder().dataLocation("s3://b/2.csv").build());
        SolutionSpec s = spec.solution();
        assertThat(s.recipeArn()).isEqualTo(Recipe.USER_PERSONALIZATION_V2.arn());
        assertThat(s.eventType()).isEqualTo("click");
        assertThat(s.eventValueThreshold()).isEqualTo("0.5");
        assertThat(s.algorithmHyperParameters()).containsExactly(Map.entry("h", "1"));
        assertThat(s.featureTransformationParameters()).containsExactly(Map.entry("f", "2"));
        assertThat(s.trainingMode()).isEqualTo("UPDATE");
        assertThat(s.performAutoTraining()).isTrue();
        assertThat(s.autoTrainingSchedule()).isEqualTo("rate(2 days)");
        assertThat(spec.filters()).containsExactly(FilterSpec.of("f1", "e1"), FilterSpec.of("f2", "e2"));
        assertThat(spec.eventTrackerName()).isEqualTo("t");
        assertThat(PipelineSpec.fromJson(spec.toJson())).isEqualTo(spec);
    }

    @Test
    void read_aSchemaGivenAsAStringAndWithoutAType_isParsedForItsRecordName() {
        String json = "{\"datasetGroup\":{\"name\":\"shop\",\"datasets\":[{\"schema\":"
                + WireStubs.JSON.valueToTree(SCHEMA) + "}]},\"solution\":{\"name\":\"s\"}}";

        DatasetSpec d = PipelineSpec.fromJson(json).datasetGroup().datasets().get(0);

        assertThat(d.datasetType()).isEqualTo(DatasetType.INTERACTIONS);
        assertThat(d.schema().sameDefinitionAs(WireStubs.INTERACTIONS)).isTrue();
        assertThat(d.name()).isEqualTo("shop-interactions");
    }

    @Test
    void read_includedColumnsAndASolutionNextToRecommenders() {
        String json = "{\"datasetGroup\":" + DOMAIN_GROUP + ",\"solution\":{\"name\":\"s\",\"recipeArn\":\""
                + Recipe.USER_PERSONALIZATION_V2.arn() + "\"},\"recommenders\":[{" + RECOMMENDER
                + ",\"trainingDataConfig\":{\"includedDatasetColumns\":{\"ITEMS\":[\"PRICE\",\"COLOUR\"]},"
                + "\"excludedDatasetColumns\":{\"USERS\":[\"AGE\"]}},\"itemExplorationConfig\":"
                + "{\"explorationItemAgeCutOff\":\"30\"},\"state\":\"ACTIVE\"}]}";

        PipelineSpec spec = PipelineSpec.fromJson(json);

        assertThat(spec.hasSolution()).isTrue();
        assertThat(spec.solution().name()).isEqualTo("s");
        RecommenderSpec r = spec.recommenders().get(0);
        assertThat(r.includedColumns()).containsExactly(Map.entry(DatasetType.ITEMS, List.of("PRICE", "COLOUR")));
        assertThat(r.excludedColumns()).containsExactly(Map.entry(DatasetType.USERS, List.of("AGE")));
        assertThat(r.itemExplorationConfig()).containsExactly(Map.entry("explorationItemAgeCutOff", "30"));
        assertThat(r.minRecommendationRequestsPerSecond()).isEqualTo(1);
        assertThat(r.enableMetadataWithRecommendations()).isFalse();
        assertThat(PipelineSpec.fromJson(spec.toJson())).isEqualTo(spec);
    }

    @Test
    void read_aMetricAttributionWithAKmsKey_andFalseFlags() {
        String json = "{\"datasetGroup\":" + GROUP + ",\"solution\":{\"name\":\"s\",\"performAutoTraining\":false},"
                + "\"campaign\":{\"name\":\"c\",\"enableMetadataWithRecommendations\":false,"
                + "\"syncWithLatestSolutionVersion\":false},\"metricAttribution\":{\"name\":\"m\",\"metrics\":["
                + "{\"metricName\":\"A\",\"eventType\":\"click\",\"expression\":\"SAMPLECOUNT()\"},"
                + "{\"metricName\":\"B\",\"eventType\":\"buy\",\"expression\":\"SUM(Items.PRICE)\"}],"
                + "\"metricsOutputConfig\":{\"s3DataDestination\":{\"path\":\"s3://b/m/\",\"kmsKeyArn\":\"" + KMS
                + "\"},\"roleArn\":\"" + ROLE + "\"}}}";

        PipelineSpec spec = PipelineSpec.fromJson(json);

        assertThat(spec.solution().performAutoTraining()).isFalse();
        assertThat(spec.campaign().enableMetadataWithRecommendations()).isFalse();
        assertThat(spec.campaign().syncWithLatestSolutionVersion()).isFalse();
        MetricAttributionSpec m = spec.metricAttribution();
        assertThat(m.metrics())
                .containsExactly(
                        MetricAttributionSpec.Metric.of("A", "click", "SAMPLECOUNT()"),
                        MetricAttributionSpec.Metric.of("B", "buy", "SUM(Items.PRICE)"));
        assertThat(m.s3Path()).isEqualTo("s3://b/m/");
        assertThat(m.kmsKeyArn()).isEqualTo(KMS);
        JsonNode written = WireStubs.json(spec.toJson()).get("metricAttribution");
        assertThat(written)
                .isEqualTo(WireStubs.json("{\"name\":\"m\",\"metrics\":[{\"metricName\":\"A\",\"eventType\":\"click\","
                        + "\"expression\":\"SAMPLECOUNT()\"},{\"metricName\":\"B\",\"eventType\":\"buy\",\"expression\":"
                        + "\"SUM(Items.PRICE)\"}],\"metricsOutputConfig\":{\"s3DataDestination\":{\"path\":\"s3://b/m/\","
                        + "\"kmsKeyArn\":\"" + KMS + "\"},\"roleArn\":\"" + ROLE + "\"}}"));
    }

    @Test
    void write_aMinimalSpec_writesOnlyWhatIsSet() {
        PipelineSpec spec = PipelineSpec.builder()
                .datasetGroup(g -> g.name("shop").addDataset(WireStubs.INTERACTIONS))
                .solution(s -> s.name("s"))
                .build();

        JsonNode root = WireStubs.json(spec.toJson());

        assertThat(root)
                .isEqualTo(WireStubs.json("{\"datasetGroup\":{\"name\":\"shop\",\"datasets\":[{\"type\":"
                        + "\"INTERACTIONS\",\"name\":\"shop-interactions\",\"schemaName\":\"shop-interactions-schema\","
                        + "\"schema\":" + SCHEMA + ",\"imports\":[]}]},\"solution\":{\"name\":\"s\",\"recipeArn\":\""
                        + SolutionSpec.SIMILAR_ITEMS_RECIPE + "\",\"performAutoTraining\":false,\"trainingMode\":"
                        + "\"FULL\"}}"));
        assertThat(spec.toJson()).startsWith("{\n  \"datasetGroup\" : {");
    }

    @Test
    void write_aFullSpec_writesEveryMember() {
        PipelineSpec spec = PipelineSpec.builder()
                .datasetGroup(g -> g.name("shop")
                        .domain("ECOMMERCE")
                        .kmsKeyArn(KMS)
                        .roleArn(ROLE)
                        .putTag("team", "a")
                        .addDataset(d -> d.schema(WireStubs.INTERACTIONS)
                                .addImport(i -> i.jobName("j")
                                        .dataLocation("s3://b/1.csv")
                                        .importMode(ImportMode.INCREMENTAL)
                                        .roleArn(ROLE))))
                .solution(s -> s.name("s")
                        .recipeArn(Recipe.USER_PERSONALIZATION_V2.arn())
                        .performAutoTraining(true)
                        .autoTrainingSchedule("rate(3 days)")
                        .eventType("click")
                        .eventValueThreshold("0.5")
                        .putAlgorithmHyperParameter("h", "1")
                        .putFeatureTransformationParameter("f", "2"))
                .campaign(c -> c.name("c")
                        .minProvisionedTps(2)
                        .enableMetadataWithRecommendations(true)
                        .syncWithLatestSolutionVersion(true)
                        .putItemExplorationConfig("explorationWeight", "0.1")
                        .putRankingInfluence("FRESHNESS", 0.5))
                .addFilter(FilterSpec.of("f", "e"))
                .eventTrackerName("t")
                .addRecommender(r -> r.name("r")
                        .useCase(Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU)
                        .minRecommendationRequestsPerSecond(4)
                        .enableMetadataWithRecommendations(true)
                        .putItemExplorationConfig("explorationWeight", "0.2")
                        .includeColumns(DatasetType.ITEMS, List.of("PRICE"))
                        .state(RecommenderState.INACTIVE))
                .addRecommender(r -> r.name("best").useCase(Recipe.ECOMMERCE_BEST_SELLERS))
                .metricAttribution(m ->
                        m.name("m").addMetric("A", "click", "SAMPLECOUNT()").roleArn(ROLE))
                .build();

        JsonNode root = WireStubs.json(spec.toJson());

        assertThat(root.get("datasetGroup"))
                .isEqualTo(WireStubs.json("{\"name\":\"shop\",\"domain\":\"ECOMMERCE\",\"kmsKeyArn\":\"" + KMS
                        + "\",\"roleArn\":\"" + ROLE + "\",\"tags\":{\"team\":\"a\"},\"datasets\":[{\"type\":"
                        + "\"INTERACTIONS\",\"name\":\"shop-interactions\",\"schemaName\":\"shop-interactions-schema\","
                        + "\"schema\":" + SCHEMA + ",\"imports\":[{\"jobName\":\"j\",\"dataLocation\":\"s3://b/1.csv\","
                        + "\"importMode\":\"INCREMENTAL\",\"roleArn\":\"" + ROLE + "\"}]}]}"));
        assertThat(root.get("solution"))
                .isEqualTo(WireStubs.json("{\"name\":\"s\",\"recipeArn\":\"" + Recipe.USER_PERSONALIZATION_V2.arn()
                        + "\",\"performAutoTraining\":true,\"autoTrainingSchedule\":\"rate(3 days)\",\"eventType\":"
                        + "\"click\",\"eventValueThreshold\":\"0.5\",\"algorithmHyperParameters\":{\"h\":\"1\"},"
                        + "\"featureTransformationParameters\":{\"f\":\"2\"},\"trainingMode\":\"FULL\"}"));
        assertThat(root.get("campaign"))
                .isEqualTo(WireStubs.json("{\"name\":\"c\",\"minProvisionedTPS\":2,"
                        + "\"enableMetadataWithRecommendations\":true,\"syncWithLatestSolutionVersion\":true,"
                        + "\"itemExplorationConfig\":{\"explorationWeight\":\"0.1\"},\"rankingInfluence\":"
                        + "{\"FRESHNESS\":0.5}}"));
        assertThat(root.get("filters")).isEqualTo(WireStubs.json("[{\"name\":\"f\",\"expression\":\"e\"}]"));
        assertThat(root.get("eventTracker")).isEqualTo(WireStubs.json("{\"name\":\"t\"}"));
        assertThat(root.get("recommenders"))
                .isEqualTo(WireStubs.json("[{\"name\":\"r\",\"recipeArn\":\""
                        + Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU.arn() + "\",\"minRecommendationRequestsPerSecond\":4,"
                        + "\"enableMetadataWithRecommendations\":true,\"itemExplorationConfig\":{\"explorationWeight\":"
                        + "\"0.2\"},\"trainingDataConfig\":{\"includedDatasetColumns\":{\"ITEMS\":[\"PRICE\"]}},"
                        + "\"state\":\"INACTIVE\"},{\"name\":\"best\",\"recipeArn\":\""
                        + Recipe.ECOMMERCE_BEST_SELLERS.arn() + "\",\"minRecommendationRequestsPerSecond\":1,"
                        + "\"state\":\"ACTIVE\"}]"));
        assertThat(root.get("metricAttribution"))
                .isEqualTo(WireStubs.json("{\"name\":\"m\",\"metrics\":[{\"metricName\":\"A\",\"eventType\":\"click\","
                        + "\"expression\":\"SAMPLECOUNT()\"}],\"metricsOutputConfig\":{\"roleArn\":\"" + ROLE
                        + "\"}}"));
        assertThat(PipelineSpec.fromJson(spec.toJson())).isEqualTo(spec);
    }

    @Test
    void read_invalidJson_namesTheLine() {
        SpecValidationException e = failure("{\n\"datasetGroup\":\n}");
        assertThat(e.path()).isEqualTo("$");
        assertThat(e.getMessage()).startsWith("$: not valid JSON (line 3): Unexpected character ('}' (code 125))");
        assertThat(e.getCause()).isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                // the type checks, each with what it got
                "{\"datasetGroup\":[]}|$.datasetGroup|must be an object, got ARRAY",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":\"x\"}}|$.datasetGroup.datasets|must be an array, got STRING",
                "{\"datasetGroup\":{\"name\":7,\"datasets\":[]}}|$.datasetGroup.name|must be a string, got NUMBER",
                "{\"datasetGroup\":{\"datasets\":[]}}|$.datasetGroup.name|is required",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]}}|$.solution|is required",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[],\"colour\":1},\"solution\":{\"name\":\"s\"}}|$.datasetGroup.colour|unknown member; expected one of name, domain, kmsKeyArn, roleArn, tags, datasets",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"campaign\":{\"name\":\"c\",\"minProvisionedTPS\":1.5}}|$.campaign.minProvisionedTPS|must be an integer, got 1.5",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"campaign\":{\"name\":\"c\",\"enableMetadataWithRecommendations\":1}}|$.campaign.enableMetadataWithRecommendations|must be true or false",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"campaign\":{\"name\":\"c\",\"syncWithLatestSolutionVersion\":\"yes\"}}|$.campaign.syncWithLatestSolutionVersion|must be true or false",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"campaign\":{\"name\":\"c\",\"rankingInfluence\":{\"POPULARITY\":\"0.5\"}}}|$.campaign.rankingInfluence.POPULARITY|must be a number from 0 to 1, got \"0.5\"",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"campaign\":{\"name\":\"c\",\"rankingInfluence\":{\"POPULARITY\":2}}}|$.campaign.rankingInfluence.POPULARITY|rankingInfluence.POPULARITY must be from 0 to 1: 2.0",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"campaign\":{\"name\":\"c\",\"itemExplorationConfig\":{\"explorationWeight\":\"2\"}}}|$.campaign.itemExplorationConfig.explorationWeight|itemExplorationConfig.explorationWeight must be from 0 to 1: '2'",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"campaign\":{\"name\":\"c\",\"itemExplorationConfig\":{\"explorationWeight\":0.5}}}|$.campaign.itemExplorationConfig.explorationWeight|must be a string, got NUMBER",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"campaign\":{\"name\":\"bad name\"}}|$.campaign.name|name must be 1-63 characters of [a-zA-Z0-9-_], starting with a letter or digit: 'bad name'",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"campaign\":{\"colour\":1}}|$.campaign.colour|unknown member; expected one of name, minProvisionedTPS, enableMetadataWithRecommendations, syncWithLatestSolutionVersion, itemExplorationConfig, rankingInfluence",
                // the group's members
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[],\"tags\":{\"\":\"v\"}},\"solution\":{\"name\":\"s\"}}|$.datasetGroup.tags.|tag key must be 1-128 and value 0-256 characters: ''",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[],\"kmsKeyArn\":\"k\"},\"solution\":{\"name\":\"s\"}}|$.datasetGroup.kmsKeyArn|kmsKeyArn must be a KMS key ARN: 'k'",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[],\"roleArn\":\"r\"},\"solution\":{\"name\":\"s\"}}|$.datasetGroup.roleArn|roleArn must be an IAM role ARN: 'r'",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[],\"roleArn\":\"arn:aws:iam::123456789012:role/r\"},\"solution\":{\"name\":\"s\"}}|$.datasetGroup|roleArn is only valid together with kmsKeyArn (roleArn='arn:aws:iam::123456789012:role/r', kmsKeyArn=null)",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[7]},\"solution\":{\"name\":\"s\"}}|$.datasetGroup.datasets[0]|must be an object, got NUMBER",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[{\"type\":\"ITEMS\",\"schema\":7}]},\"solution\":{\"name\":\"s\"}}|$.datasetGroup.datasets[0].schema|must be an object, got NUMBER",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[{\"type\":3,\"schema\":{}}]},\"solution\":{\"name\":\"s\"}}|$.datasetGroup.datasets[0].type|must be a string, got NUMBER",
                // the solution's members
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\",\"autoTrainingSchedule\":\"weekly\"}}|$.solution.autoTrainingSchedule|autoTrainingSchedule must be 'rate(N days)': 'weekly'",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\",\"trainingMode\":\"AUTO\"}}|$.solution.trainingMode|trainingMode must be FULL or UPDATE: 'AUTO'",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\",\"autoTrainingSchedule\":\"rate(1 day)\"}}|$.solution|autoTrainingSchedule ('rate(1 day)') requires performAutoTraining=true",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\",\"algorithmHyperParameters\":{\"h\":1}}}|$.solution.algorithmHyperParameters.h|must be a string, got NUMBER",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\",\"featureTransformationParameters\":[]}}|$.solution.featureTransformationParameters|must be an object, got ARRAY",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\",\"colour\":1}}|$.solution.colour|unknown member; expected one of name, recipeArn, performAutoTraining, autoTrainingSchedule, eventType, eventValueThreshold, algorithmHyperParameters, featureTransformationParameters, trainingMode",
                // filters and event tracker
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"filters\":{}}|$.filters|must be an array, got OBJECT",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"filters\":[{\"name\":\"f\",\"expression\":\"\"}]}|$.filters[0]|expression must be 1-2500 characters, got 0",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"filters\":[{\"name\":\"f\",\"expression\":\"e\",\"colour\":1}]}|$.filters[0].colour|unknown member; expected one of name, expression",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"eventTracker\":{\"name\":\"bad name\"}}|$.eventTracker.name|eventTrackerName must be 1-63 characters of [a-zA-Z0-9-_], starting with a letter or digit: 'bad name'",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"eventTracker\":{\"name\":\"t\",\"id\":1}}|$.eventTracker.id|unknown member; expected one of name",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"eventTracker\":{}}|$.eventTracker.name|is required",
            })
    void read_whenAMemberIsInvalid_namesItsPathAndTheProblem(String json, String path, String problem) {
        assertFails(json, path, problem);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "\"imports\":[{\"dataLocation\":\"s3://b/k\",\"importMode\":\"SOME\"}]|$.datasetGroup.datasets[0].imports[0].importMode|must be FULL or INCREMENTAL: 'SOME'",
                "\"imports\":[{\"dataLocation\":\"s3://b/k\",\"jobName\":\"bad name\"}]|$.datasetGroup.datasets[0].imports[0].jobName|jobName must be 1-63 characters of [a-zA-Z0-9-_], starting with a letter or digit: 'bad name'",
                "\"imports\":[{\"dataLocation\":\"s3://b/k\",\"roleArn\":\"r\"}]|$.datasetGroup.datasets[0].imports[0].roleArn|roleArn must be an IAM role ARN: 'r'",
                "\"imports\":[{\"dataLocation\":\"s3://b/k\",\"mode\":\"FULL\"}]|$.datasetGroup.datasets[0].imports[0].mode|unknown member; expected one of jobName, dataLocation, importMode, roleArn",
                "\"imports\":[{\"jobName\":\"j\"}]|$.datasetGroup.datasets[0].imports[0].dataLocation|is required",
                "\"imports\":{}|$.datasetGroup.datasets[0].imports|must be an array, got OBJECT",
                "\"name\":\"bad name\"|$.datasetGroup.datasets[0].name|name must be 1-63 characters of [a-zA-Z0-9-_], starting with a letter or digit: 'bad name'",
                "\"schemaName\":\"bad name\"|$.datasetGroup.datasets[0].schemaName|schemaName must be 1-63 characters of [a-zA-Z0-9-_], starting with a letter or digit: 'bad name'",
                "\"colour\":1|$.datasetGroup.datasets[0].colour|unknown member; expected one of type, name, schemaName, schema, imports",
            })
    void read_whenADatasetMemberIsInvalid_namesItsPath(String member, String path, String problem) {
        String json = "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[{\"type\":\"INTERACTIONS\",\"schema\":" + SCHEMA
                + "," + member + "}]},\"solution\":{\"name\":\"s\"}}";
        assertFails(json, path, problem);
    }

    @Test
    void read_whenTheSchemaBreaksARuleOnAField_namesTheField() {
        String bad = SCHEMA.replace("\"TIMESTAMP\",\"type\":\"long\"", "\"TIMESTAMP\",\"type\":\"boolean\"");
        assertThat(bad).isNotEqualTo(SCHEMA);
        SpecValidationException e =
                failure("{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[{\"type\":\"INTERACTIONS\"," + "\"schema\":"
                        + bad + "}]},\"solution\":{\"name\":\"s\"}}");
        assertThat(e.path()).isEqualTo("$.datasetGroup.datasets[0].schema (field TIMESTAMP)");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "\"recommenders\":{}|$.recommenders|must be an array, got OBJECT",
                "\"recommenders\":[{\"name\":\"r\"}]|$.recommenders[0].recipeArn|is required",
                "\"recommenders\":[{" + RECOMMENDER
                        + ",\"minRecommendationRequestsPerSecond\":0}]|$.recommenders[0].minRecommendationRequestsPerSecond|minRecommendationRequestsPerSecond must be >= 1: 0",
                "\"recommenders\":[{" + RECOMMENDER
                        + ",\"minRecommendationRequestsPerSecond\":\"2\"}]|$.recommenders[0].minRecommendationRequestsPerSecond|must be an integer, got \"2\"",
                "\"recommenders\":[{" + RECOMMENDER
                        + ",\"enableMetadataWithRecommendations\":\"true\"}]|$.recommenders[0].enableMetadataWithRecommendations|must be true or false",
                "\"recommenders\":[{" + RECOMMENDER
                        + ",\"itemExplorationConfig\":{\"bias\":\"1\"}}]|$.recommenders[0].itemExplorationConfig.bias|itemExplorationConfig takes explorationWeight and explorationItemAgeCutOff, not 'bias'",
                "\"recommenders\":[{" + RECOMMENDER
                        + ",\"trainingDataConfig\":{\"columns\":{}}}]|$.recommenders[0].trainingDataConfig.columns|unknown member; expected one of excludedDatasetColumns, includedDatasetColumns",
                "\"recommenders\":[{" + RECOMMENDER
                        + ",\"trainingDataConfig\":{\"excludedDatasetColumns\":{\"ACTIONS\":[\"A\"]}}}]|$.recommenders[0].trainingDataConfig.excludedDatasetColumns.ACTIONS|trainingDataConfig takes INTERACTIONS, ITEMS and USERS columns, not ACTIONS",
                "\"recommenders\":[{" + RECOMMENDER
                        + ",\"trainingDataConfig\":{\"includedDatasetColumns\":{\"ITEMS\":[\"A\",2]}}}]|$.recommenders[0].trainingDataConfig.includedDatasetColumns.ITEMS[1]|must be a string, got NUMBER",
                "\"recommenders\":[{" + RECOMMENDER
                        + ",\"trainingDataConfig\":{\"includedDatasetColumns\":{\"ITEMS\":\"A\"}}}]|$.recommenders[0].trainingDataConfig.includedDatasetColumns.ITEMS|must be an array, got STRING",
                "\"recommenders\":[{" + RECOMMENDER
                        + ",\"trainingDataConfig\":{\"includedDatasetColumns\":[]}}]|$.recommenders[0].trainingDataConfig.includedDatasetColumns|must be an object, got ARRAY",
                "\"recommenders\":[{" + RECOMMENDER
                        + ",\"state\":\"STOPPED\"}]|$.recommenders[0].state|must be ACTIVE or INACTIVE: 'STOPPED'",
                "\"recommenders\":[{" + RECOMMENDER + "},{" + RECOMMENDER + "}]|$|recommender name 'r' is given twice",
            })
    void read_whenARecommenderMemberIsInvalid_namesItsPath(String members, String path, String problem) {
        assertFails("{\"datasetGroup\":" + DOMAIN_GROUP + "," + members + "}", path, problem);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"name\":\"m\",\"metrics\":[{\"metricName\":\"A\",\"eventType\":\"e\",\"expression\":\"x\"}]}|$.metricAttribution.metricsOutputConfig|is required",
                "{\"name\":\"m\",\"metrics\":{},\"metricsOutputConfig\":{}}|$.metricAttribution.metrics|must be an array, got OBJECT",
                "{\"name\":\"m\",\"metrics\":[{\"metricName\":\"A\",\"eventType\":\"e\",\"expression\":\"x\",\"unit\":1}],\"metricsOutputConfig\":{}}|$.metricAttribution.metrics[0].unit|unknown member; expected one of metricName, eventType, expression",
                "{\"name\":\"m\",\"metrics\":[{\"metricName\":\"\",\"eventType\":\"e\",\"expression\":\"x\"}],\"metricsOutputConfig\":{}}|$.metricAttribution.metrics[0]|metricName must be 1-256 characters: ''",
                "{\"name\":\"m\",\"metrics\":[{\"metricName\":\"A\",\"eventType\":\"e\",\"expression\":\"x\"}],\"metricsOutputConfig\":{}}|$.metricAttribution.metricsOutputConfig.roleArn|is required",
                "{\"name\":\"m\",\"metrics\":[{\"metricName\":\"A\",\"eventType\":\"e\",\"expression\":\"x\"}],\"metricsOutputConfig\":{\"roleArn\":\"r\"}}|$.metricAttribution.metricsOutputConfig.roleArn|roleArn must be an IAM role ARN: 'r'",
                "{\"name\":\"m\",\"metrics\":[{\"metricName\":\"A\",\"eventType\":\"e\",\"expression\":\"x\"}],\"metricsOutputConfig\":{\"roleArn\":\""
                        + ROLE
                        + "\",\"s3DataDestination\":{\"path\":\"b/k\"}}}|$.metricAttribution.metricsOutputConfig.s3DataDestination.path|s3Path must be an s3:// path of at most 256 characters: 'b/k'",
                "{\"name\":\"m\",\"metrics\":[{\"metricName\":\"A\",\"eventType\":\"e\",\"expression\":\"x\"}],\"metricsOutputConfig\":{\"roleArn\":\""
                        + ROLE + "\",\"s3DataDestination\":{\"kmsKeyArn\":\"" + KMS
                        + "\"}}}|$.metricAttribution.metricsOutputConfig.s3DataDestination.path|is required",
                "{\"name\":\"m\",\"metrics\":[{\"metricName\":\"A\",\"eventType\":\"e\",\"expression\":\"x\"}],\"metricsOutputConfig\":{\"roleArn\":\""
                        + ROLE
                        + "\",\"s3DataDestination\":{\"path\":\"s3://b/\",\"bucket\":\"b\"}}}|$.metricAttribution.metricsOutputConfig.s3DataDestination.bucket|unknown member; expected one of path, kmsKeyArn",
                "{\"name\":\"m\",\"metrics\":[{\"metricName\":\"A\",\"eventType\":\"e\",\"expression\":\"x\"}],\"metricsOutputConfig\":{\"roleArn\":\""
                        + ROLE
                        + "\",\"format\":\"csv\"}}|$.metricAttribution.metricsOutputConfig.format|unknown member; expected one of s3DataDestination, roleArn",
                "{\"name\":\"bad name\",\"metrics\":[],\"metricsOutputConfig\":{}}|$.metricAttribution.name|name must be 1-63 characters of [a-zA-Z0-9-_], starting with a letter or digit: 'bad name'",
                "{\"name\":\"m\",\"metrics\":[],\"metricsOutputConfig\":{},\"extra\":1}|$.metricAttribution.extra|unknown member; expected one of name, metrics, metricsOutputConfig",
            })
    void read_whenAMetricAttributionMemberIsInvalid_namesItsPath(String attribution, String path, String problem) {
        assertFails(
                "{\"datasetGroup\":" + GROUP + ",\"solution\":{\"name\":\"s\"},\"metricAttribution\":" + attribution
                        + "}",
                path,
                problem);
    }
}
