package io.personalizekit.examples.dataops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.cost.AppliedAction;
import io.personalizekit.cost.CampaignCost;
import io.personalizekit.cost.CostAction;
import io.personalizekit.cost.CostGuard;
import io.personalizekit.cost.CostReport;
import io.personalizekit.cost.TrafficCounter;
import io.personalizekit.cost.TrafficSource;
import io.personalizekit.local.PersonalizeLocalExtension;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.waiter.ResourceWaiter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.Campaign;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The cost guard end to end on personalize-local: an idle campaign provisioned at 5 TPS and a solution that trains
 * itself without new data; the dry run changes nothing, apply changes exactly what was picked.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CostGuardLocalTest {
    static final String ROLE = "arn:aws:iam::000000000000:role/Personalize";

    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();

    @Test
    void anIdleCampaignAtFiveTps_isReportedWithLowerAndDelete_dryRunChangesNothing_applyChangesIt(
            PersonalizeClient personalize, S3Client s3) {
        s3.createBucket(b -> b.bucket("cost-e2e"));
        StringBuilder csv = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        for (int i = 0; i < 1200; i++) {
            csv.append("user-")
                    .append(i % 40)
                    .append(",item-")
                    .append((i * 7) % 60)
                    .append(',')
                    .append(1_700_000_000L + i)
                    .append('\n');
        }
        s3.putObject(b -> b.bucket("cost-e2e").key("reads.csv"), RequestBody.fromString(csv.toString()));
        ResourceWaiter waiter = LOCAL.local().resourceWaiter();
        Deployment deployment;
        try (PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                .personalizeClient(personalize)
                .waiter(waiter)
                .build()) {
            deployment = pipeline.run(PipelineSpec.builder()
                            .datasetGroup(g -> g.name("cost-e2e")
                                    .addDataset(d -> d.schema(INTERACTIONS)
                                            .addImport(i -> i.dataLocation("s3://cost-e2e/reads.csv")
                                                    .roleArn(ROLE))))
                            .solution(s -> s.name("cost-e2e-popular")
                                    .recipeArn(Recipe.POPULARITY_COUNT.arn())
                                    .performAutoTraining(true))
                            .campaign(c -> c.name("cost-e2e").minProvisionedTps(5))
                            .build())
                    .deployment();
        }
        String campaignArn = deployment.campaign().arn();
        String solutionArn = deployment.solution().arn();
        // Every call of the application goes through the counter; this one got none for 30 days.
        TrafficCounter counter = TrafficCounter.create();
        CostGuard guard = CostGuard.builder()
                .personalizeClient(personalize)
                .trafficCounter(counter)
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(30)))
                .build();

        CostReport report = guard.report(deployment.datasetGroup());

        CampaignCost campaign = report.campaigns().get(0);
        assertThat(report.campaigns()).hasSize(1);
        assertThat(campaign.arn()).isEqualTo(campaignArn);
        assertThat(campaign.minProvisionedTps()).isEqualTo(5);
        assertThat(campaign.observedTps()).isEqualTo(0.0);
        assertThat(campaign.trafficSource()).isEqualTo(TrafficSource.OBSERVED);
        assertThat(campaign.daysIdle()).isEqualTo(30);
        assertThat(campaign.estimatedMonthlyCost())
                .isCloseTo(5 * 730 * 0.20, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(report.solutions()).singleElement().satisfies(s -> {
            assertThat(s.arn()).isEqualTo(solutionArn);
            assertThat(s.autoTraining()).isTrue();
            assertThat(s.newDataSinceLastTraining()).isFalse();
        });
        assertThat(report.actions())
                .extracting(CostAction::type, CostAction::arn, CostAction::minTps)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CostAction.Type.DELETE_CAMPAIGN, campaignArn, null),
                        org.assertj.core.groups.Tuple.tuple(CostAction.Type.LOWER_MIN_TPS, campaignArn, 1),
                        org.assertj.core.groups.Tuple.tuple(CostAction.Type.DISABLE_AUTO_TRAINING, solutionArn, null));
        // The dry run changed nothing.
        Campaign unchanged =
                personalize.describeCampaign(b -> b.campaignArn(campaignArn)).campaign();
        assertThat(unchanged.minProvisionedTPS()).isEqualTo(5);
        assertThat(unchanged.latestCampaignUpdate()).isNull();
        assertThat(personalize
                        .describeSolution(b -> b.solutionArn(solutionArn))
                        .solution()
                        .latestSolutionUpdate())
                .isNull();

        List<AppliedAction> lowered = guard.apply(List.of(
                report.actions(CostAction.Type.LOWER_MIN_TPS).get(0),
                report.actions(CostAction.Type.DISABLE_AUTO_TRAINING).get(0)));

        assertThat(lowered).allSatisfy(a -> assertThat(a.succeeded()).isTrue());
        waiter.waitUntilCampaignUpdated(CampaignRef.of(campaignArn));
        assertThat(personalize
                        .describeCampaign(b -> b.campaignArn(campaignArn))
                        .campaign()
                        .minProvisionedTPS())
                .isEqualTo(1);
        assertThat(personalize
                        .describeSolution(b -> b.solutionArn(solutionArn))
                        .solution()
                        .latestSolutionUpdate()
                        .performAutoTraining())
                .isFalse();
        CostReport after = guard.report(deployment.datasetGroup());
        assertThat(after.campaigns().get(0).estimatedMonthlyCost())
                .isCloseTo(730 * 0.20, org.assertj.core.data.Offset.offset(1e-6));

        List<AppliedAction> deleted = guard.apply(after.actions(CostAction.Type.DELETE_CAMPAIGN));

        assertThat(deleted)
                .singleElement()
                .satisfies(a -> assertThat(a.succeeded()).isTrue());
        waiter.waitUntilDeleted(CampaignRef.of(campaignArn));
        assertThatThrownBy(() -> personalize.describeCampaign(b -> b.campaignArn(campaignArn)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(guard.report(deployment.datasetGroup()).campaigns()).isEmpty();
    }
}
