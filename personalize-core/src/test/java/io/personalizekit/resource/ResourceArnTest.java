package io.personalizekit.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.schema.DatasetType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceArnTest {
    private static final String P = "arn:aws:personalize:us-east-1:123456789012:";

    @ParameterizedTest
    @CsvSource({
        "dataset-group/news, DATASET_GROUP, news, DatasetGroupRef",
        "schema/news-items, SCHEMA, news-items, SchemaRef",
        "dataset/news/INTERACTIONS, DATASET, INTERACTIONS, DatasetRef",
        "dataset-import-job/news-items-import, DATASET_IMPORT_JOB, news-items-import, DatasetImportJobRef",
        "solution/news-sims, SOLUTION, news-sims, SolutionRef",
        "solution/news-sims/3ba6a5be, SOLUTION_VERSION, 3ba6a5be, SolutionVersionRef",
        "campaign/news-campaign, CAMPAIGN, news-campaign, CampaignRef",
        "filter/same-category, FILTER, same-category, FilterRef",
        "event-tracker/d2e0162e, EVENT_TRACKER, d2e0162e, EventTrackerRef",
        "batch-inference-job/nightly, BATCH_INFERENCE_JOB, nightly, BatchInferenceJobRef"
    })
    void parse_whenEveryResourceType_roundTripsAndTypesTheRef(
            String suffix, ResourceType type, String id, String refClass) {
        ResourceArn arn = ResourceArn.parse(P + suffix);
        assertThat(arn.resourceType()).isEqualTo(type);
        assertThat(arn.resourceId()).isEqualTo(id);
        assertThat(arn.partition()).isEqualTo("aws");
        assertThat(arn.region()).isEqualTo("us-east-1");
        assertThat(arn.accountId()).isEqualTo("123456789012");
        assertThat(arn.toString()).isEqualTo(P + suffix);
        ResourceRef ref = ResourceRef.fromArn(P + suffix);
        assertThat(ref.getClass().getSimpleName()).isEqualTo(refClass);
        assertThat(ref.arn()).isEqualTo(P + suffix);
        assertThat(ref.name()).isEqualTo(id);
    }

    @Test
    void datasetRef_exposesTypeAndGroup() {
        DatasetRef ref = DatasetRef.of(P + "dataset/news/ITEMS", "news-items");
        assertThat(ref.name()).isEqualTo("news-items");
        assertThat(ref.datasetType()).isEqualTo(DatasetType.ITEMS);
        assertThat(ref.datasetGroup()).isEqualTo(DatasetGroupRef.of(P + "dataset-group/news"));
    }

    @Test
    void solutionVersionRef_exposesSolution() {
        SolutionVersionRef ref = SolutionVersionRef.of(P + "solution/news-sims/3ba6a5be");
        assertThat(ref.versionId()).isEqualTo("3ba6a5be");
        assertThat(ref.solution().arn()).isEqualTo(P + "solution/news-sims");
    }

    @Test
    void of_formatsFromParts() {
        assertThat(ResourceArn.of("aws-cn", "cn-north-1", "123456789012", ResourceType.CAMPAIGN, "c1")
                        .toString())
                .isEqualTo("arn:aws-cn:personalize:cn-north-1:123456789012:campaign/c1");
        assertThatThrownBy(() -> ResourceArn.of("aws", "us-east-1", "12", ResourceType.CAMPAIGN, "c1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'12'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not-an-arn",
                "arn:aws:s3:::bucket/key",
                "arn:aws:personalize:us-east-1:123456789012:dataset-group",
                "arn:aws:personalize:us-east-1:123456789012:widget/x",
                "arn:aws:personalize:us-east-1:123456789012:solution/a/b/c"
            })
    void parse_whenNotAPersonalizeResourceArn_throwsNamingTheValue(String bad) {
        assertThatThrownBy(() -> ResourceArn.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad);
    }

    @Test
    void typedFactory_whenArnOfAnotherType_throws() {
        assertThatThrownBy(() -> CampaignRef.of(P + "solution/news-sims"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a solution, not a campaign");
        assertThatThrownBy(() -> SolutionRef.of(P + "solution/news-sims/3ba6a5be"))
                .hasMessageContaining("is a solution version, not a solution");
    }

    @Test
    void refs_equalByClassAndArn() {
        assertThat(SolutionRef.of(P + "solution/s", "s")).isEqualTo(SolutionRef.of(P + "solution/s"));
        assertThat(SolutionRef.of(P + "solution/s").hashCode())
                .isEqualTo(SolutionRef.of(P + "solution/s").hashCode());
        assertThat(ResourceArn.parse(P + "solution/s")).isEqualTo(ResourceArn.parse(P + "solution/s"));
        assertThat(SolutionRef.of(P + "solution/s").toString()).contains("SolutionRef", P + "solution/s");
    }
}
