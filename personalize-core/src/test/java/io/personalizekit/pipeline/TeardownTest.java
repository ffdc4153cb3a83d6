package io.personalizekit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.PipelineStepException;
import io.personalizekit.resource.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeardownTest extends PipelineTestBase {

    private Teardown teardown() {
        return Teardown.builder()
                .personalizeClient(client)
                .waiter(waiter)
                .listener(events)
                .build();
    }

    @Test
    void run_afterFullPipeline_deletesInDependencyOrderAndWaitsForEach() {
        PipelineResult created = orchestrator().run(Article.spec());
        fake.resetJournal();

        PipelineResult result = teardown().run(Article.spec());

        assertThat(mutatingOps())
                .containsExactly(
                        "DeleteCampaign",
                        "DeleteSolution",
                        "DeleteFilter",
                        "DeleteEventTracker",
                        "DeleteDataset",
                        "DeleteDataset",
                        "DeleteSchema",
                        "DeleteSchema",
                        "DeleteDatasetGroup");
        assertThat(result.steps()).allSatisfy(s -> {
            assertThat(s.action()).isEqualTo(StepAction.DELETED);
            assertThat(s.status()).isEqualTo("DELETED");
        });
        for (StepOutcome s : created.steps()) {
            assertThat(fake.exists(s.arn().orElseThrow())).as(s.step()).isFalse();
        }
        // each delete was awaited: the campaign's deletion takes 4 s on the fake
        assertThat(result.steps(ResourceType.CAMPAIGN).get(0).duration())
                .isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(4));
    }

    @Test
    void run_whenAResourceIsAlreadyBeingDeleted_awaitsItWithoutDeletingAgain() {
        PipelineResult created = orchestrator().run(Article.spec());
        String campaignArn = created.deployment().campaign().arn();
        client.deleteCampaign(b -> b.campaignArn(campaignArn));
        assertThat(fake.status(campaignArn)).isEqualTo("DELETE PENDING");
        fake.resetJournal();

        PipelineResult result = teardown().run(Article.spec());

        assertThat(fake.count("DeleteCampaign")).isZero();
        StepOutcome campaign = result.steps(ResourceType.CAMPAIGN).get(0);
        assertThat(campaign.action()).isEqualTo(StepAction.DELETE_AWAITED);
        assertThat(fake.exists(campaignArn)).isFalse();
        assertThat(fake.count("DeleteDatasetGroup")).isEqualTo(1);
    }

    @Test
    void run_twice_secondTeardownDoesNothing() {
        orchestrator().run(Article.spec());
        teardown().run(Article.spec());
        fake.resetJournal();

        PipelineResult second = teardown().run(Article.spec());

        assertThat(fake.mutations()).isEmpty();
        assertThat(second.steps())
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.action()).isEqualTo(StepAction.ALREADY_GONE));
    }

    @Test
    void run_whenASchemaIsSharedWithAnotherGroup_leavesItInPlace() {
        orchestrator().run(Article.spec());
        String otherGroup = client.createDatasetGroup(b -> b.name("sports")).datasetGroupArn();
        String sharedSchema = "arn:aws:personalize:us-east-1:123456789012:schema/news-items-schema";
        client.createDataset(b -> b.name("sports-items")
                .datasetGroupArn(otherGroup)
                .datasetType("Items")
                .schemaArn(sharedSchema));

        PipelineResult result = teardown().run(Article.spec());

        assertThat(result.steps())
                .filteredOn(s -> s.resourceType() == ResourceType.SCHEMA)
                .extracting(StepOutcome::name, StepOutcome::action)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("news-items-schema", StepAction.SKIPPED_IN_USE),
                        org.assertj.core.groups.Tuple.tuple("news-interactions-schema", StepAction.DELETED));
        assertThat(fake.exists(sharedSchema)).isTrue();
        assertThat(fake.exists(otherGroup)).isTrue();
    }

    @Test
    void run_whenTrainingIsUnderWay_stopsItThenDeletesEverything() {
        PipelineListener stopAtTraining = new PipelineListener() {
            @Override
            public void onStatusPolled(
                    String step, io.personalizekit.resource.ResourceRef r, String s, int a, java.time.Duration e) {
                if (step.startsWith("solution version")) {
                    throw new IllegalStateException("crash");
                }
            }
        };
        assertThatThrownBy(() -> orchestrator(stopAtTraining).run(Article.spec()))
                .isInstanceOf(PipelineStepException.class);

        PipelineResult result = teardown().run(Article.spec());

        assertThat(result.steps(ResourceType.SOLUTION_VERSION))
                .extracting(StepOutcome::action, StepOutcome::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(StepAction.STOPPED, "CREATE STOPPED"));
        assertThat(fake.count("StopSolutionVersionCreation")).isEqualTo(1);
        assertThat(result.steps(ResourceType.SOLUTION))
                .extracting(StepOutcome::action)
                .containsExactly(StepAction.DELETED);
        assertThat(fake.count("DeleteDatasetGroup")).isEqualTo(1);
        assertThat(fake.exists("arn:aws:personalize:us-east-1:123456789012:dataset-group/news"))
                .isFalse();
    }

    @Test
    void datasetGroup_deletesEverythingTheGroupHolds() {
        PipelineResult created = orchestrator().run(Article.spec());
        String groupArn = created.deployment().datasetGroup().arn();
        events.calls.clear();

        PipelineResult result = teardown().datasetGroup(groupArn);

        assertThat(result.steps())
                .extracting(StepOutcome::resourceType)
                .containsExactly(
                        ResourceType.CAMPAIGN,
                        ResourceType.SOLUTION,
                        ResourceType.FILTER,
                        ResourceType.EVENT_TRACKER,
                        ResourceType.DATASET,
                        ResourceType.DATASET,
                        ResourceType.SCHEMA,
                        ResourceType.SCHEMA,
                        ResourceType.DATASET_GROUP);
        assertThat(client.listDatasetGroups(b -> {}).datasetGroups()).isEmpty();
        assertThat(client.listSchemas(b -> {}).schemas()).isEmpty();
        assertThat(List.of(events.calls.get(0))).containsExactly("started delete campaign news-similar");
    }

    @Test
    void orchestratorTeardown_delegates() {
        PipelineOrchestrator o = orchestrator();
        o.run(Article.spec());
        assertThat(o.teardown(Article.spec()).steps()).isNotEmpty();
        assertThat(client.listCampaigns(b -> {}).campaigns()).isEmpty();
    }
}
