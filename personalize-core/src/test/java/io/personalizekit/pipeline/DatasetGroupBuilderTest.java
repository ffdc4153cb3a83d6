package io.personalizekit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.DriftException;
import io.personalizekit.exception.PipelineStepException;
import io.personalizekit.schema.DatasetType;
import org.junit.jupiter.api.Test;

class DatasetGroupBuilderTest extends PipelineTestBase {

    private DatasetGroupBuilder news() {
        return DatasetGroupBuilder.builder()
                .personalizeClient(client)
                .waiter(waiter)
                .name("news")
                .putTag("team", "news")
                .dataset(Article.ITEMS)
                .dataset(Article.INTERACTIONS);
    }

    @Test
    void provision_createsGroupSchemasAndDatasetsUntilActive() {
        ProvisionedDatasetGroup group = news().provision();

        assertThat(group.datasetGroup().arn())
                .isEqualTo("arn:aws:personalize:us-east-1:123456789012:dataset-group/news");
        assertThat(group.schemas().get(DatasetType.ITEMS).name()).isEqualTo("news-items-schema");
        assertThat(group.dataset(DatasetType.INTERACTIONS).arn())
                .isEqualTo("arn:aws:personalize:us-east-1:123456789012:dataset/news/INTERACTIONS");
        assertThat(group.steps()).extracting(StepOutcome::action).containsOnly(StepAction.CREATED);
        assertThat(fake.status(group.datasetGroup().arn())).isEqualTo("ACTIVE");
        assertThat(fake.status(group.datasets().get(DatasetType.ITEMS).arn())).isEqualTo("ACTIVE");
    }

    @Test
    void provision_again_reusesEverything() {
        news().provision();
        fake.resetJournal();
        ProvisionedDatasetGroup again = news().provision();
        assertThat(again.steps()).extracting(StepOutcome::action).containsOnly(StepAction.REUSED);
        assertThat(fake.mutations()).isEmpty();
    }

    @Test
    void provision_whenSchemaChanged_failsWithDriftAndCreatesNothing() {
        news().provision();
        fake.resetJournal();
        DatasetGroupBuilder changed = DatasetGroupBuilder.builder()
                .personalizeClient(client)
                .waiter(waiter)
                .name("news")
                .dataset(Article.ITEMS.toBuilder().stringField("AUTHOR").build())
                .dataset(Article.INTERACTIONS);

        assertThatThrownBy(changed::provision)
                .isInstanceOf(PipelineStepException.class)
                .cause()
                .isInstanceOf(DriftException.class)
                .hasMessageContaining("news-items-schema")
                .hasMessageContaining("AUTHOR");
        assertThat(fake.mutations()).isEmpty();
    }

    @Test
    void provision_whenKmsKeyDiffers_failsWithDrift() {
        news().provision();
        DatasetGroupBuilder withKey = news().kmsKeyArn("arn:aws:kms:us-east-1:123456789012:key/1234abcd")
                .roleArn(Article.ROLE);
        assertThatThrownBy(withKey::provision)
                .isInstanceOf(PipelineStepException.class)
                .cause()
                .isInstanceOf(DriftException.class)
                .hasMessageContaining("kmsKeyArn=null")
                .hasMessageContaining("kmsKeyArn=arn:aws:kms:us-east-1:123456789012:key/1234abcd");
    }

    @Test
    void spec_validatesAtTheEdge() {
        assertThatThrownBy(() -> DatasetGroupBuilder.builder().name("bad name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad name'");
        assertThatThrownBy(() -> DatasetGroupBuilder.builder()
                        .name("x")
                        .roleArn(Article.ROLE)
                        .spec())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kmsKeyArn");
        assertThatThrownBy(() -> DatasetGroupBuilder.builder()
                        .name("x")
                        .dataset(Article.ITEMS)
                        .dataset(Article.ITEMS)
                        .spec())
                .hasMessageContaining("ITEMS was given twice");
        assertThatThrownBy(() -> DatasetGroupBuilder.builder().name("x").provision())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("personalizeClient");
    }
}
