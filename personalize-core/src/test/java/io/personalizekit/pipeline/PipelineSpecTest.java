package io.personalizekit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.SpecValidationException;
import io.personalizekit.schema.DatasetType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipelineSpecTest {

    private static final String ARTICLE_JSON = "{\n"
            + "  \"datasetGroup\": {\n"
            + "    \"name\": \"news\",\n"
            + "    \"tags\": {\"team\": \"news\"},\n"
            + "    \"datasets\": [\n"
            + "      {\"type\": \"ITEMS\",\n"
            + "       \"schema\": {\"type\": \"record\", \"name\": \"ITEMS\", \"namespace\": \"com.seeeff.personalize.schema\",\n"
            + "                  \"fields\": [{\"name\": \"ITEM_ID\", \"type\": \"string\"},\n"
            + "                             {\"name\": \"LABELS\", \"type\": [\"null\", \"string\"], \"categorical\": true},\n"
            + "                             {\"name\": \"CREATION_TIMESTAMP\", \"type\": \"long\"}],\n"
            + "                  \"version\": \"1.0\"},\n"
            + "       \"imports\": [{\"dataLocation\": \"s3://news-personalize/items.csv\", \"importMode\": \"FULL\",\n"
            + "                    \"roleArn\": \"arn:aws:iam::123456789012:role/PersonalizeS3Access\"}]},\n"
            + "      {\"type\": \"INTERACTIONS\",\n"
            + "       \"schema\": {\"type\": \"record\", \"name\": \"Interactions\", \"namespace\": \"com.amazonaws.personalize.schema\",\n"
            + "                  \"fields\": [{\"name\": \"USER_ID\", \"type\": \"string\"}, {\"name\": \"ITEM_ID\", \"type\": \"string\"},\n"
            + "                             {\"name\": \"TIMESTAMP\", \"type\": \"long\"}], \"version\": \"1.0\"},\n"
            + "       \"imports\": [{\"dataLocation\": \"s3://news-personalize/interactions.csv\",\n"
            + "                    \"roleArn\": \"arn:aws:iam::123456789012:role/PersonalizeS3Access\"}]}\n"
            + "    ]\n"
            + "  },\n"
            + "  \"solution\": {\"name\": \"news-similar\", \"performAutoTraining\": false},\n"
            + "  \"campaign\": {\"name\": \"news-similar\"},\n"
            + "  \"filters\": [{\"name\": \"no-obituaries\", \"expression\": \"EXCLUDE ItemID WHERE Items.LABELS IN (\\\"obituaries\\\")\"}],\n"
            + "  \"eventTracker\": {\"name\": \"news-events\"}\n"
            + "}";

    @Test
    void fromJson_articleFile_equalsTheJavaBuiltSpec(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pipeline.json");
        Files.writeString(file, ARTICLE_JSON);

        PipelineSpec spec = PipelineSpec.fromJson(file);

        assertThat(spec.datasetGroup()
                        .dataset(DatasetType.ITEMS)
                        .orElseThrow()
                        .schema()
                        .sameDefinitionAs(Article.ITEMS))
                .isTrue();
        assertThat(spec.solution().recipeArn()).isEqualTo("arn:aws:personalize:::recipe/aws-similar-items");
        assertThat(spec.solution().performAutoTraining()).isFalse();
        assertThat(spec.campaign().minProvisionedTps()).isEqualTo(1);
        assertThat(spec.datasetGroup().datasets())
                .extracting(DatasetSpec::name, DatasetSpec::schemaName)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("news-items", "news-items-schema"),
                        org.assertj.core.groups.Tuple.tuple("news-interactions", "news-interactions-schema"));
        assertThat(spec.datasetGroup().datasets().get(1).importJobName(0)).isEqualTo("news-interactions-import");
        PipelineSpec java = Article.spec();
        assertThat(spec.toJson())
                .isEqualTo(java.toBuilder()
                        .datasetGroup(java.datasetGroup().toBuilder()
                                .datasets(java.datasetGroup().datasets().stream()
                                        .map(d -> d.toBuilder()
                                                .schema(spec.datasetGroup()
                                                        .dataset(d.datasetType())
                                                        .orElseThrow()
                                                        .schema())
                                                .build())
                                        .collect(Collectors.toList()))
                                .build())
                        .build()
                        .toJson());
    }

    @Test
    void toJson_roundTrips() {
        PipelineSpec spec = Article.spec().toBuilder()
                .solution(s -> s.name("tuned")
                        .performAutoTraining(true)
                        .autoTrainingSchedule("rate(14 days)")
                        .eventType("click")
                        .eventValueThreshold("0.5")
                        .putAlgorithmHyperParameter("popularity_discount_factor", "0.5")
                        .putFeatureTransformationParameter("item_id_hidden_dim", "100")
                        .trainingMode("FULL"))
                .campaign(c -> c.name("tuned").minProvisionedTps(3))
                .build();
        assertThat(PipelineSpec.fromJson(spec.toJson())).isEqualTo(spec).hasSameHashCodeAs(spec);
        assertThat(spec.toString()).contains("tuned", "rate(14 days)");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{|$",
                "[]|$",
                "{\"solution\":{\"name\":\"s\"}}|$.datasetGroup",
                "{\"datasetGroup\":{\"name\":\"bad name\",\"datasets\":[]},\"solution\":{\"name\":\"s\"}}|$.datasetGroup.name",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"extra\":1}|$.extra",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":{}},\"solution\":{\"name\":\"s\"}}|$.datasetGroup.datasets",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\",\"performAutoTraining\":\"no\"}}|$.solution.performAutoTraining",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\",\"recipeArn\":\"sims\"}}|$.solution.recipeArn",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"campaign\":{\"name\":\"c\",\"minProvisionedTPS\":0}}|$.campaign.minProvisionedTPS",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[]},\"solution\":{\"name\":\"s\"},\"filters\":[{\"name\":\"f\"}]}|$.filters[0].expression",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[{\"type\":\"ITEMS\"}]},\"solution\":{\"name\":\"s\"}}|$.datasetGroup.datasets[0].schema",
                "{\"datasetGroup\":{\"name\":\"g\",\"datasets\":[{\"type\":\"WIDGETS\",\"schema\":{}}]},\"solution\":{\"name\":\"s\"}}|$.datasetGroup.datasets[0].type",
                "{\"datasetGroup\":{\"name\":\"g\",\"domain\":\"RETAIL\",\"datasets\":[]},\"solution\":{\"name\":\"s\"}}|$.datasetGroup.domain",
            })
    void fromJson_whenInvalid_namesTheJsonPath(String json, String path) {
        assertThatThrownBy(() -> PipelineSpec.fromJson(json))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.getMessage()).startsWith(path + ": ");
                });
    }

    @Test
    void fromJson_whenImportLocationIsNotS3_namesTheImport() {
        String json = ARTICLE_JSON.replace("s3://news-personalize/interactions.csv", "https://example.com/x.csv");
        assertThatThrownBy(() -> PipelineSpec.fromJson(json))
                .isInstanceOfSatisfying(
                        SpecValidationException.class,
                        e -> assertThat(e.path()).isEqualTo("$.datasetGroup.datasets[1].imports[0].dataLocation"))
                .hasMessageContaining("s3://");
    }

    @Test
    void fromJson_whenSchemaBreaksARule_namesTheSchema() {
        String json = ARTICLE_JSON.replace(
                "{\"name\": \"TIMESTAMP\", \"type\": \"long\"}", "{\"name\": \"TS\", \"type\": \"long\"}");
        assertThatThrownBy(() -> PipelineSpec.fromJson(json))
                .isInstanceOfSatisfying(
                        SpecValidationException.class,
                        e -> assertThat(e.path()).startsWith("$.datasetGroup.datasets[1].schema"));
    }

    @Test
    void builders_validateAtTheEdge() {
        assertThatThrownBy(() -> ImportSpec.builder().dataLocation("/tmp/x.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'/tmp/x.csv'");
        assertThatThrownBy(() -> ImportSpec.builder().roleArn("role")).hasMessageContaining("IAM role");
        assertThatThrownBy(() -> ImportSpec.builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("dataLocation");
        assertThatThrownBy(() -> SolutionSpec.builder().name("s").autoTrainingSchedule("weekly"))
                .hasMessageContaining("rate(N days)");
        assertThatThrownBy(() -> SolutionSpec.builder()
                        .name("s")
                        .autoTrainingSchedule("rate(7 days)")
                        .build())
                .hasMessageContaining("performAutoTraining");
        assertThatThrownBy(() -> SolutionSpec.builder().trainingMode("AUTOTRAIN"))
                .hasMessageContaining("FULL or UPDATE");
        assertThatThrownBy(() -> CampaignSpec.builder().minProvisionedTps(0)).hasMessageContaining("0");
        assertThatThrownBy(() -> FilterSpec.of("f", "")).hasMessageContaining("1-2500");
        assertThatThrownBy(
                        () -> PipelineSpec.builder().solution(s -> s.name("s")).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("datasetGroup");
        assertThatThrownBy(() -> Article.spec().toBuilder()
                        .addFilter(FilterSpec.of("no-obituaries", "EXCLUDE ItemID WHERE Items.LABELS IN (\"x\")"))
                        .build())
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> DatasetGroupSpec.builder().name("g").putTag("", "v"))
                .hasMessageContaining("tag");
    }

    @Test
    void defaults_matchTheServiceAdviceForTheArticle() {
        SolutionSpec s = SolutionSpec.builder().name("s").build();
        assertThat(s.recipeArn()).isEqualTo(SolutionSpec.SIMILAR_ITEMS_RECIPE);
        assertThat(s.performAutoTraining()).isFalse();
        assertThat(s.trainingMode()).isEqualTo("FULL");
        assertThat(CampaignSpec.builder().name("c").build().minProvisionedTps()).isEqualTo(1);
        assertThat(ImportSpec.builder().dataLocation("s3://b/k.csv").build().importMode())
                .isEqualTo(ImportMode.FULL);
        assertThat(Article.spec().toBuilder().build()).isEqualTo(Article.spec());
    }

    @Test
    void fromJson_whenTheFileCannotBeRead_throwsSpecValidationExceptionNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("missing-spec.json");

        assertThatThrownBy(() -> PipelineSpec.fromJson(missing))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> {
                    assertThat(e.path()).isEqualTo("$");
                    assertThat(e.getCause()).isInstanceOf(java.nio.file.NoSuchFileException.class);
                })
                .hasMessageContaining(missing.toString());
    }
}
