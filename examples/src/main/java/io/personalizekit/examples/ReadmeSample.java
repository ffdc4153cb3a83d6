package io.personalizekit.examples;

import io.personalizekit.csv.Item;
import io.personalizekit.csv.ItemCsvWriter;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.storage.DatasetUploader;
import io.personalizekit.storage.S3Location;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The README's code sample, compiled here and run by ReadmeSampleTest; keep the two identical. */
final class ReadmeSample {
    private ReadmeSample() {}

    static List<String> similarArticles(
            PersonalizeClient personalize,
            PersonalizeRuntimeClient runtime,
            S3Client s3,
            DatasetSchema interactions,
            String interactionsUri,
            String roleArn,
            Path dir) {
        // README-BEGIN
        DatasetSchema items = SchemaBuilder.forType(DatasetType.ITEMS)
                .stringField("ITEM_ID")
                .stringField("LABELS", f -> f.categorical().nullable())
                .longField("CREATION_TIMESTAMP")
                .build();
        try (ItemCsvWriter csv = ItemCsvWriter.builder()
                .schema(items)
                .path(dir.resolve("items.csv"))
                .build()) {
            csv.write(Item.builder()
                    .itemId("1")
                    .putMetadata("LABELS", List.of("SPORTS", "SCIENCE"))
                    .creationTime(Instant.ofEpochSecond(1570003267))
                    .build());
        }
        String itemsUri = DatasetUploader.builder()
                .s3Client(s3)
                .build()
                .upload(dir.resolve("items.csv"), S3Location.parse("s3://news-bucket/items.csv"))
                .uri();
        PipelineSpec spec = PipelineSpec.builder()
                .datasetGroup(g -> g.name("news")
                        .addDataset(d -> d.schema(items)
                                .addImport(i -> i.dataLocation(itemsUri).roleArn(roleArn)))
                        .addDataset(d -> d.schema(interactions)
                                .addImport(i -> i.dataLocation(interactionsUri).roleArn(roleArn))))
                .solution(s -> s.name("news-similar").performAutoTraining(false)) // aws-similar-items
                .campaign(c -> c.name("news-similar"))
                .build();
        PipelineResult result = PipelineOrchestrator.builder()
                .personalizeClient(personalize)
                .build()
                .run(spec);
        SimilarItemsClient similar = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(result.arn(ResourceType.CAMPAIGN).orElseThrow())
                .build();
        List<String> top25 = similar.similarTo("1").itemIds();
        // README-END
        similar.close();
        return top25;
    }
}
