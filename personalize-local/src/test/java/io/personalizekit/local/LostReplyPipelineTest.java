package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.waiter.ResourceWaiter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * Issue 10, part 2: a create whose reply is lost (the emulator carried it out, the proxy then closed the connection
 * without an answer, the SDK retried) still leaves exactly one of each resource; above all one solution version,
 * since each one is a billed training.
 */
@Timeout(120)
class LostReplyPipelineTest {
    @Test
    void run_whenTheFirstReplyOfEveryCreateIsLost_endsWithExactlyOneOfEachResource() throws Exception {
        try (PersonalizeLocal local = PersonalizeLocal.create().start();
                FaultProxy proxy =
                        FaultProxy.start(local.endpoint(), FaultProxy.firstReplyOf("AmazonPersonalize.Create"));
                PersonalizeClient client = ArticlePipeline.client(proxy.endpoint());
                ResourceWaiter waiter = ResourceWaiter.builder()
                        .personalizeClient(client)
                        .policyForAll(ArticlePipeline.FAST)
                        .build();
                PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                        .personalizeClient(client)
                        .waiter(waiter)
                        .build()) {
            ArticlePipeline.upload(local.s3Client(), "lost-replies");

            PipelineResult result = pipeline.run(ArticlePipeline.spec("lost", "lost-replies"));

            assertThat(proxy.dropped())
                    .contains(
                            "AmazonPersonalize.CreateDatasetGroup",
                            "AmazonPersonalize.CreateSchema",
                            "AmazonPersonalize.CreateDataset",
                            "AmazonPersonalize.CreateDatasetImportJob",
                            "AmazonPersonalize.CreateSolution",
                            "AmazonPersonalize.CreateSolutionVersion",
                            "AmazonPersonalize.CreateCampaign",
                            "AmazonPersonalize.CreateFilter",
                            "AmazonPersonalize.CreateEventTracker");
            PersonalizeClient p = local.personalizeClient(); // straight to the emulator
            String group = result.deployment().datasetGroup().arn();
            String solution = result.deployment().solution().arn();
            assertThat(p.listDatasetGroups(r -> {}).datasetGroups()).hasSize(1);
            assertThat(p.listSchemas(r -> {}).schemas()).hasSize(2);
            assertThat(p.listDatasets(r -> r.datasetGroupArn(group)).datasets()).hasSize(2);
            for (var d : p.listDatasets(r -> r.datasetGroupArn(group)).datasets()) {
                assertThat(p.listDatasetImportJobs(r -> r.datasetArn(d.datasetArn()))
                                .datasetImportJobs())
                        .hasSize(1);
            }
            assertThat(p.listSolutions(r -> r.datasetGroupArn(group)).solutions())
                    .hasSize(1);
            assertThat(p.listSolutionVersions(r -> r.solutionArn(solution)).solutionVersions())
                    .as("one training, billed once")
                    .hasSize(1);
            assertThat(p.listCampaigns(r -> r.solutionArn(solution)).campaigns())
                    .hasSize(1);
            assertThat(p.listFilters(r -> r.datasetGroupArn(group)).filters()).hasSize(1);
            assertThat(p.listEventTrackers(r -> r.datasetGroupArn(group)).eventTrackers())
                    .hasSize(1);
            String campaign = result.deployment().campaign().arn();
            assertThat(p.describeCampaign(r -> r.campaignArn(campaign))
                            .campaign()
                            .status())
                    .isEqualTo("ACTIVE");
        }
    }
}
