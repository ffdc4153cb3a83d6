package io.personalizekit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.PipelineStepException;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.schema.DatasetType;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The typed deployment a run, a re-run, a resumed run and an up-to-date plan return. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelineDeploymentTest extends PipelineTestBase {
    private static final String ARN = "arn:aws:personalize:us-east-1:123456789012:";

    @Test
    void run_returnsEveryResourceOfTheSpecAsTypedReferences() {
        PipelineResult result = orchestrator().run(Article.spec());
        Deployment d = result.deployment();

        assertThat(d.datasetGroup().arn()).isEqualTo(ARN + "dataset-group/news");
        assertThat(d.datasets()).containsOnlyKeys(DatasetType.ITEMS, DatasetType.INTERACTIONS);
        assertThat(d.dataset(DatasetType.ITEMS).arn()).isEqualTo(ARN + "dataset/news/ITEMS");
        assertThat(d.dataset(DatasetType.ITEMS).name()).isEqualTo("news-items");
        assertThat(d.schema(DatasetType.INTERACTIONS).arn()).isEqualTo(ARN + "schema/news-interactions-schema");
        assertThat(d.solution().arn()).isEqualTo(ARN + "solution/news-similar");
        assertThat(d.solutionVersion().solution()).isEqualTo(d.solution());
        assertThat(d.solutionVersion().arn())
                .isEqualTo(
                        result.steps(ResourceType.SOLUTION_VERSION).get(0).arn().orElseThrow());
        assertThat(d.campaign().arn()).isEqualTo(ARN + "campaign/news-similar");
        assertThat(d.filters()).containsOnlyKeys("no-obituaries");
        assertThat(d.filter("no-obituaries").arn()).isEqualTo(ARN + "filter/no-obituaries");
        assertThat(d.eventTracker().arn())
                .isEqualTo(result.steps(ResourceType.EVENT_TRACKER).get(0).arn().orElseThrow());
        assertThat(d.eventTracker().name()).isEqualTo("news-events");
        assertThat(d.eventTracker().trackingId()) // the fake's tracking id of a tracker named news-events
                .contains(UUID.nameUUIDFromBytes("news-events".getBytes()).toString());
        for (StepOutcome s : result.steps()) {
            if (s.resourceType() != ResourceType.DATASET_IMPORT_JOB) {
                assertThat(d.has(s.resourceType())).as(s.step()).isTrue();
            }
        }
    }

    @Test
    void rerun_andResumedRun_returnTheSameDeployment() {
        PipelineListener crashAfterFive = new PipelineListener() {
            int completed;

            @Override
            public void onStepCompleted(StepOutcome outcome) {
                if (++completed == 5) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        assertThatThrownBy(() -> orchestrator(crashAfterFive).run(Article.spec()))
                .isInstanceOf(PipelineStepException.class);

        Deployment resumed = orchestrator().run(Article.spec()).deployment();
        Deployment rerun = orchestrator().run(Article.spec()).deployment();

        assertThat(rerun).isEqualTo(resumed).hasSameHashCodeAs(resumed);
        assertThat(rerun.eventTracker().trackingId())
                .isEqualTo(resumed.eventTracker().trackingId());
    }

    @Test
    void plan_whenUpToDate_carriesTheDeploymentARunWouldReturn_otherwiseNone() {
        assertThat(orchestrator().plan(Article.spec()).deployment()).isEmpty();

        Deployment run = orchestrator().run(Article.spec()).deployment();
        fake.resetJournal();
        PipelinePlan plan = orchestrator().plan(Article.spec());

        assertThat(plan.deployment()).contains(run);
        assertThat(fake.mutations()).isEmpty();
    }

    @Test
    void deployment_ofASpecWithoutCampaign_failsClearlyOnCampaign() {
        PipelineSpec spec =
                Article.spec().toBuilder().campaign((CampaignSpec) null).build();

        Deployment d = orchestrator().run(spec).deployment();

        assertThat(d.has(ResourceType.CAMPAIGN)).isFalse();
        assertThatThrownBy(d::campaign)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("This deployment has no campaign (" + d + "); add one with .campaign(CampaignRef.of(..)),"
                        + " or a campaign in the pipeline spec");
    }

    @Test
    void teardownResult_hasNoDeployment_andTeardownOfADeploymentDeletesIt() {
        Deployment d = orchestrator().run(Article.spec()).deployment();

        PipelineResult deleted = Teardown.builder()
                .personalizeClient(client)
                .waiter(waiter)
                .build()
                .deployment(d);

        assertThat(fake.exists(d.campaign().arn())).isFalse();
        assertThat(fake.exists(d.schema(DatasetType.ITEMS).arn())).isFalse();
        assertThat(fake.exists(d.datasetGroup().arn())).isFalse();
        assertThatThrownBy(deleted::deployment)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("This is the result of a teardown, which has no deployment");
    }

    @Test
    void provisionedDatasetGroup_alignsWithDeployment() {
        ProvisionedDatasetGroup group = DatasetGroupBuilder.builder()
                .personalizeClient(client)
                .waiter(waiter)
                .name("news")
                .dataset(Article.ITEMS)
                .provision();

        assertThat(group.deployment().dataset(DatasetType.ITEMS)).isEqualTo(group.dataset(DatasetType.ITEMS));
        assertThat(group.schema(DatasetType.ITEMS).name()).isEqualTo("news-items-schema");
        assertThatThrownBy(() -> group.dataset(DatasetType.USERS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("This deployment has no USERS dataset; it has [ITEMS]");
    }
}
