package io.personalizekit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.local.PersonalizeLocalExtension;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.Deployment;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.waiter.ResourceWaiter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How a user tests their own Personalize code with the JUnit 5 extension: one personalize-local per test class,
 * real SDK clients injected as parameters, no AWS account.
 */
class PersonalizeLocalExtensionExampleTest {

    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();

    @Test
    void similarItems_afterThePipeline_comeFromTheCampaign(
            PersonalizeClient personalize, PersonalizeRuntimeClient runtime, S3Client s3, ResourceWaiter waiter) {
        s3.createBucket(b -> b.bucket("ext-example"));
        s3.putObject(b -> b.bucket("ext-example").key("interactions.csv"), RequestBody.fromString(interactions()));
        PipelineSpec spec = PipelineSpec.builder()
                .datasetGroup(g -> g.name("ext-example")
                        .addDataset(d -> d.schema(INTERACTIONS)
                                .addImport(i -> i.dataLocation("s3://ext-example/interactions.csv")
                                        .roleArn("arn:aws:iam::000000000000:role/Personalize"))))
                .solution(s -> s.name("ext-example-similar").performAutoTraining(false))
                .campaign(c -> c.name("ext-example-similar"))
                .build();

        Deployment deployment;
        try (PipelineOrchestrator orchestrator = PipelineOrchestrator.builder()
                .personalizeClient(personalize)
                .waiter(waiter) // the extension's: its wait policies fit the emulator's pace
                .build()) {
            deployment = orchestrator.run(spec).deployment();
        }

        Set<String> known = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            known.add("item-" + i);
        }
        try (SimilarItemsClient similar = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .deployment(deployment)
                .catalog(known::contains)
                .build()) {
            SimilarItems items = similar.similarItems(r -> r.itemId("item-3").numResults(10));
            SimilarItems unknown = similar.similarTo("not-in-the-catalog");

            assertThat(items.items()).hasSize(10);
            assertThat(items.itemIds()).doesNotContain("item-3");
            // item-3 is in the first cluster (item-0 .. item-19), whose readers read nothing else
            assertThat(items.itemIds())
                    .allSatisfy(id -> assertThat(Integer.parseInt(id.substring("item-".length())))
                            .isBetween(0, 19));
            assertThat(items.source()).isEqualTo(ResultSource.LIVE);
            assertThat(items.items()).allSatisfy(i -> assertThat(i.score()).isEmpty());
            assertThat(unknown.source()).isEqualTo(ResultSource.FALLBACK);
        }
    }

    @Test
    void pipeline_whenTheCsvMissesAColumn_failsWithTheServicesReason(
            PersonalizeClient personalize, S3Client s3, ResourceWaiter waiter) {
        s3.createBucket(b -> b.bucket("ext-broken"));
        s3.putObject(
                b -> b.bucket("ext-broken").key("interactions.csv"),
                RequestBody.fromString("USER_ID,ITEM_ID\nu1,i1\n"));
        PipelineSpec spec = PipelineSpec.builder()
                .datasetGroup(g -> g.name("ext-broken")
                        .addDataset(d -> d.schema(INTERACTIONS)
                                .addImport(i -> i.dataLocation("s3://ext-broken/interactions.csv")
                                        .roleArn("arn:aws:iam::000000000000:role/Personalize"))))
                .solution(s -> s.name("ext-broken-similar").performAutoTraining(false))
                .build();

        try (PipelineOrchestrator orchestrator = PipelineOrchestrator.builder()
                .personalizeClient(personalize)
                .waiter(waiter)
                .build()) {
            assertThatThrownBy(() -> orchestrator.run(spec))
                    .hasRootCauseInstanceOf(ResourceFailedException.class)
                    .rootCause()
                    .hasMessageContaining("Input CSV is missing the following columns:[TIMESTAMP]");
        }
    }

    /** 60 items in 3 clusters of 20; 90 users who each read 12 items of one cluster. */
    private static String interactions() {
        StringBuilder csv = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        List<String> rows = new ArrayList<>();
        long t = 1_700_000_000L;
        for (int u = 0; u < 90; u++) {
            int cluster = u % 3;
            for (int k = 0; k < 12; k++) {
                int item = cluster * 20 + (u * 7 + k * 3) % 20;
                rows.add("user-" + u + ",item-" + item + "," + (t + u * 100 + k));
            }
        }
        rows.forEach(r -> csv.append(r).append('\n'));
        return csv.toString();
    }
}
