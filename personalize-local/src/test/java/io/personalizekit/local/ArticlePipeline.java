package io.personalizekit.local;

import io.personalizekit.pipeline.FilterSpec;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.waiter.WaitPolicy;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The article's flow as a {@link PipelineSpec} for {@code PipelineOrchestrator} runs against the emulator. */
final class ArticlePipeline {
    static final DatasetSchema ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("LABELS", f -> f.categorical().nullable())
            .longField("CREATION_TIMESTAMP")
            .build();
    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();

    /** Polls every 50-500 ms: the emulator's lifecycles are seconds at most. */
    static final WaitPolicy FAST = WaitPolicy.builder()
            .initialDelay(Duration.ofMillis(50))
            .maxDelay(Duration.ofMillis(500))
            .timeout(Duration.ofMinutes(5))
            .errorBudget(Duration.ofMinutes(2))
            .build();

    private ArticlePipeline() {}

    /** Puts the article's two CSVs into {@code s3://bucket/}. */
    static void upload(S3Client s3, String bucket) {
        s3.createBucket(r -> r.bucket(bucket));
        s3.putObject(r -> r.bucket(bucket).key("items.csv"), RequestBody.fromString(Articles.itemsCsv()));
        s3.putObject(r -> r.bucket(bucket).key("interactions.csv"), RequestBody.fromString(Articles.interactionsCsv()));
    }

    /** Group, two datasets with an import each, an aws-similar-items solution, campaign, filter, event tracker. */
    static PipelineSpec spec(String name, String bucket) {
        return PipelineSpec.builder()
                .datasetGroup(g -> g.name(name)
                        .addDataset(d -> d.schema(ITEMS)
                                .addImport(i -> i.dataLocation("s3://" + bucket + "/items.csv")
                                        .roleArn(Fixtures.ROLE)))
                        .addDataset(d -> d.schema(INTERACTIONS)
                                .addImport(i -> i.dataLocation("s3://" + bucket + "/interactions.csv")
                                        .roleArn(Fixtures.ROLE))))
                .solution(s -> s.name(name + "-similar").performAutoTraining(false))
                .campaign(c -> c.name(name + "-similar"))
                .addFilter(FilterSpec.of(name + "-no-sports", "EXCLUDE ItemID WHERE Items.LABELS IN (\"SPORTS\")"))
                .eventTrackerName(name + "-events")
                .build();
    }

    /** A client with the SDK's default retries, as an application would build it, for any endpoint. */
    static PersonalizeClient client(URI endpoint) {
        return PersonalizeClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }
}
