package io.personalizekit.examples;

import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.Deployment;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.storage.DatasetUploader;
import io.personalizekit.storage.S3Location;
import io.personalizekit.storage.UploadResult;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The README's code sample, compiled here and run by ReadmeSampleTest; keep the two identical (the README shows this
 * file's imports, then the code between the markers).
 */
// spotless:off
final class ReadmeSample {
    private ReadmeSample() {}

    static List<String> similarArticles(
            PersonalizeClient personalize,
            PersonalizeRuntimeClient runtime,
            S3Client s3,
            DatasetSchema interactions,
            S3Location interactionsCsv,
            String roleArn,
            Path itemsCsv) {
        // README-BEGIN
        DatasetSchema items = SchemaBuilder.forType(DatasetType.ITEMS)
                .stringField("ITEM_ID")
                .stringField("LABELS", f -> f.categorical().nullable())
                .longField("CREATION_TIMESTAMP")
                .build();
        DatasetUploader uploader = DatasetUploader.builder().s3Client(s3).build();
        UploadResult itemsUpload = uploader.upload(itemsCsv, S3Location.parse("s3://news-bucket/items.csv"));
        PipelineSpec spec = PipelineSpec.builder()
                .datasetGroup(g -> g.name("news")
                        .addDataset(d -> d.schema(items).addImport(i -> i.dataLocation(itemsUpload).roleArn(roleArn)))
                        .addDataset(d -> d.schema(interactions).addImport(i -> i.dataLocation(interactionsCsv).roleArn(roleArn))))
                .solution(s -> s.name("news-similar").performAutoTraining(false)) // aws-similar-items
                .campaign(c -> c.name("news-similar")) // minProvisionedTPS 1
                .build();
        try (PipelineOrchestrator pipeline = PipelineOrchestrator.builder().personalizeClient(personalize).build()) {
            Deployment news = pipeline.run(spec).deployment(); // waits for ACTIVE; typed references to it all
            try (SimilarItemsClient similar = SimilarItemsClient.builder().runtimeClient(runtime).deployment(news).build()) {
                return similar.similarTo("1").itemIds(); // the 25 articles most similar to article 1
            }
        }
        // README-END
    }
}
// spotless:on
