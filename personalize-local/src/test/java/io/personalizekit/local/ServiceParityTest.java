package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * Behaviours a probe of the service found the emulator answered differently: a JSON array body, an oversized name
 * in the validation message, an INCREMENTAL import before a successful bulk import, a filter naming an unknown
 * field and {@code metadataColumns} naming an unknown column.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServiceParityTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    @Test
    void jsonArrayBody_isASerializationException(PersonalizeLocal local) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(local.endpoint())
                                .header("X-Amz-Target", "AmazonPersonalize.CreateDatasetGroup")
                                .header("Content-Type", "application/x-amz-json-1.1")
                                .POST(HttpRequest.BodyPublishers.ofString("[{\"name\":\"x\"}]"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");
        assertThat(response.body()).contains("\"__type\":\"SerializationException\"");
    }

    @Test
    void oversizedName_isNotEchoedInTheMessage(PersonalizeClient p) {
        String name = "n".repeat(200);
        assertThatThrownBy(() -> p.createDatasetGroup(r -> r.name(name)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at 'name'")
                .hasMessageContaining("less than or equal to 63")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(name.substring(0, 64)));
    }

    @Test
    void incrementalImport_beforeASuccessfulBulkImport_isRefused(PersonalizeLocal local, PersonalizeClient p) {
        local.s3Client().createBucket(r -> r.bucket("parity-incremental"));
        local.s3Client()
                .putObject(
                        r -> r.bucket("parity-incremental").key("interactions.csv"),
                        RequestBody.fromString(Articles.interactionsCsv()));
        String group = p.createDatasetGroup(r -> r.name("parity-incremental")).datasetGroupArn();
        Await.terminal(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                .datasetGroup()
                .status());
        String schema = p.createSchema(r -> r.name("parity-incremental").schema(Fixtures.INTERACTIONS_SCHEMA))
                .schemaArn();
        String dataset = p.createDataset(r -> r.name("parity-incremental")
                        .datasetGroupArn(group)
                        .schemaArn(schema)
                        .datasetType("Interactions"))
                .datasetArn();
        Await.terminal(
                () -> p.describeDataset(r -> r.datasetArn(dataset)).dataset().status());

        String failed = importJob(p, "parity-missing", dataset, "s3://parity-incremental/missing.csv", "FULL");
        assertThat(Await.terminal(() -> p.describeDatasetImportJob(r -> r.datasetImportJobArn(failed))
                        .datasetImportJob()
                        .status()))
                .isEqualTo("CREATE FAILED");
        assertThatThrownBy(() -> importJob(
                        p, "parity-incremental-1", dataset, "s3://parity-incremental/interactions.csv", "INCREMENTAL"))
                .as("a failed bulk import is not a successful one")
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("FULL");

        TestPipeline.importCsv(p, "parity-full", dataset, "s3://parity-incremental/interactions.csv");
        String incremental = importJob(
                p, "parity-incremental-2", dataset, "s3://parity-incremental/interactions.csv", "INCREMENTAL");
        assertThat(Await.terminal(() -> p.describeDatasetImportJob(r -> r.datasetImportJobArn(incremental))
                        .datasetImportJob()
                        .status()))
                .isEqualTo("ACTIVE");
    }

    @Test
    void filterNamingAFieldNoSchemaHas_isRefused(PersonalizeLocal local, PersonalizeClient p) {
        TestPipeline pipeline = TestPipeline.build(local, "parity-filter", Fixtures.SIMILAR_ITEMS);

        assertThatThrownBy(() -> p.createFilter(r -> r.name("parity-genre")
                        .datasetGroupArn(pipeline.group)
                        .filterExpression("EXCLUDE ItemID WHERE Items.GENRE IN (\"x\")")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("GENRE")
                .hasMessageContaining("Items");
        assertThatThrownBy(() -> p.createFilter(r -> r.name("parity-user")
                        .datasetGroupArn(pipeline.group)
                        .filterExpression("EXCLUDE ItemID WHERE Items.LABELS IN (\"x\") IF CurrentUser.AGE > 3")))
                .as("the group has no Users dataset")
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Users");
        assertThat(p.createFilter(r -> r.name("parity-labels")
                                .datasetGroupArn(pipeline.group)
                                .filterExpression("EXCLUDE ItemID WHERE Items.labels IN (\"x\")"))
                        .filterArn())
                .as("field names match ignoring case")
                .endsWith("filter/parity-labels");
    }

    @Test
    void metadataColumnsNamingAnUnknownColumn_isRefused(PersonalizeLocal local, PersonalizeRuntimeClient runtime) {
        TestPipeline pipeline = TestPipeline.build(local, "parity-metadata", Fixtures.SIMILAR_ITEMS);
        local.personalizeClient()
                .updateCampaign(r -> r.campaignArn(pipeline.campaign)
                        .campaignConfig(c -> c.enableMetadataWithRecommendations(true)));
        Await.terminal(() -> {
            var c = local.personalizeClient()
                    .describeCampaign(r -> r.campaignArn(pipeline.campaign))
                    .campaign();
            return c.latestCampaignUpdate() == null
                    ? "?"
                    : c.latestCampaignUpdate().status();
        });

        assertThatThrownBy(() -> runtime.getRecommendations(r -> r.campaignArn(pipeline.campaign)
                        .itemId("1")
                        .metadataColumns(Map.of("ITEMS", List.of("LABELS", "COLOUR")))))
                .isInstanceOf(software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException.class)
                .hasMessageContaining("COLOUR");
        assertThat(runtime.getRecommendations(r -> r.campaignArn(pipeline.campaign)
                                .itemId("1")
                                .metadataColumns(Map.of("ITEMS", List.of("LABELS"))))
                        .itemList())
                .isNotEmpty();
    }

    private static String importJob(PersonalizeClient p, String name, String dataset, String location, String mode) {
        return p.createDatasetImportJob(r -> r.jobName(name)
                        .datasetArn(dataset)
                        .roleArn(Fixtures.ROLE)
                        .importMode(mode)
                        .dataSource(s -> s.dataLocation(location)))
                .datasetImportJobArn();
    }
}
