package io.personalizekit.cache.redis;

import io.personalizekit.local.PersonalizeLocal;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.WaitPolicy;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * personalize-local with a trained Similar-Items campaign over 60 items ({@code item-0} to {@code item-59}), and a
 * runtime client with the SDK's default retry strategy, as an application would build it.
 */
final class LocalCampaign implements AutoCloseable {
    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();

    /** Polls every 10 to 200 ms: the emulator's steps take milliseconds. */
    static final WaitPolicy EMULATOR_POLICY = WaitPolicy.builder()
            .initialDelay(Duration.ofMillis(10))
            .maxDelay(Duration.ofMillis(200))
            .timeout(Duration.ofMinutes(2))
            .build();

    final PersonalizeLocal local;
    final String campaignArn;
    final String solutionVersionArn;
    final PersonalizeRuntimeClient runtime;

    private LocalCampaign(PersonalizeLocal local, String campaignArn, String solutionVersionArn) {
        this.local = local;
        this.campaignArn = campaignArn;
        this.solutionVersionArn = solutionVersionArn;
        this.runtime = PersonalizeRuntimeClient.builder()
                .endpointOverride(URI.create(local.endpoint().toString()))
                .region(local.region())
                .credentialsProvider(local.credentialsProvider())
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(128))
                .build();
    }

    static LocalCampaign start() {
        PersonalizeLocal local =
                PersonalizeLocal.builder().timeScale(0).threads(16).build().start();
        try {
            local.s3Client().createBucket(b -> b.bucket("serving-faults"));
            local.s3Client()
                    .putObject(
                            b -> b.bucket("serving-faults").key("interactions.csv"),
                            RequestBody.fromString(interactions()));
            PipelineSpec spec = PipelineSpec.builder()
                    .datasetGroup(g -> g.name("serving-faults")
                            .addDataset(d -> d.schema(INTERACTIONS)
                                    .addImport(i -> i.dataLocation("s3://serving-faults/interactions.csv")
                                            .roleArn("arn:aws:iam::000000000000:role/Personalize"))))
                    .solution(s -> s.name("serving-faults-similar").performAutoTraining(false))
                    .campaign(c -> c.name("serving-faults-similar"))
                    .build();
            PipelineResult result;
            // The emulator at time scale 0 finishes each step in moments: the waiter's default policies would spend
            // most of a minute in their first delays (10 s and more per step). Poll it often instead.
            try (ResourceWaiter waiter = ResourceWaiter.builder()
                            .personalizeClient(local.personalizeClient())
                            .policyForAll(EMULATOR_POLICY)
                            .build();
                    PipelineOrchestrator orchestrator = PipelineOrchestrator.builder()
                            .personalizeClient(local.personalizeClient())
                            .waiter(waiter)
                            .build()) {
                result = orchestrator.run(spec);
            }
            return new LocalCampaign(
                    local,
                    result.deployment().campaign().arn(),
                    result.deployment().solutionVersion().arn());
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
    }

    long recommendationRequests() {
        return local.requestCount("GetRecommendations");
    }

    /** 60 items in 3 clusters of 20; 90 users who each read 12 items of one cluster. */
    private static String interactions() {
        StringBuilder csv = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        long t = 1_700_000_000L;
        for (int u = 0; u < 90; u++) {
            int cluster = u % 3;
            for (int k = 0; k < 12; k++) {
                int item = cluster * 20 + (u * 7 + k * 3) % 20;
                csv.append("user-")
                        .append(u)
                        .append(",item-")
                        .append(item)
                        .append(',')
                        .append(t + u * 100 + k)
                        .append('\n');
            }
        }
        return csv.toString();
    }

    @Override
    public void close() {
        runtime.close();
        local.close();
    }
}
