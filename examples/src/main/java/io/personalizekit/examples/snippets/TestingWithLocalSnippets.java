package io.personalizekit.examples.snippets;

import io.personalizekit.csv.Interaction;
import io.personalizekit.csv.InteractionCsvWriter;
import io.personalizekit.csv.Item;
import io.personalizekit.csv.ItemCsvWriter;
import io.personalizekit.examples.news.Article;
import io.personalizekit.examples.news.NewsCatalog;
import io.personalizekit.examples.news.Reading;
import io.personalizekit.local.PersonalizeLocal;
import io.personalizekit.local.PersonalizeLocalExtension;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.storage.DatasetUploader;
import io.personalizekit.storage.S3Location;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.WaitPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Samples of docs/testing-with-personalize-local.md. */
final class TestingWithLocalSnippets {
    private TestingWithLocalSnippets() {}

    static String embedded() {
        try (PersonalizeLocal local = PersonalizeLocal.create().start()) {
            PersonalizeClient personalize = local.personalizeClient(); // owned by `local`, closed by stop()
            String groupArn =
                    personalize.createDatasetGroup(r -> r.name("news")).datasetGroupArn();
            return groupArn; // arn:aws:personalize:us-east-1:000000000000:dataset-group/news
        }
    }

    /** The first sample of docs/local-emulator.md (owned by personalize-local), compiled here as well. */
    static void localEmulatorGuide() {
        try (PersonalizeLocal local =
                PersonalizeLocal.builder().timeScale(0).build().start()) {
            PersonalizeClient personalize =
                    local.personalizeClient(); // also runtimeClient(), eventsClient(), s3Client()
            URI endpoint = local.endpoint(); // for clients you build yourself
        }
    }

    static PersonalizeRuntimeClient yourOwnClient(PersonalizeLocal local) {
        PersonalizeRuntimeClient runtime = PersonalizeRuntimeClient.builder()
                .endpointOverride(local.endpoint()) // one endpoint serves all three APIs
                .region(local.region())
                .credentialsProvider(local.credentialsProvider())
                .build();
        S3Client s3 = S3Client.builder()
                .endpointOverride(local.s3Endpoint())
                .forcePathStyle(true) // the emulator's S3 is path-style
                .region(local.region())
                .credentialsProvider(local.credentialsProvider())
                .build();
        return runtime;
    }

    static PersonalizeLocal faults() {
        PersonalizeLocal flaky = PersonalizeLocal.builder()
                .throttlingRate("GetRecommendations", 0.2) // ThrottlingException, HTTP 400
                .serverErrorRate("PutItems", 0.05) // InternalFailure, HTTP 500
                .latency("GetRecommendations", Duration.ofMillis(40))
                .build()
                .start();
        return flaky;
    }

    static long outage(PersonalizeLocal local, Runnable serve) {
        long before = local.requestCount("GetRecommendations");
        local.setThrottlingRate("GetRecommendations", 1.0); // from the next request on
        serve.run(); // your code, while every GetRecommendations is throttled
        local.clearFaults(); // healthy again
        long callsDuringOutage = local.requestCount("GetRecommendations") - before; // SDK retries included
        return callsDuringOutage;
    }

    static PersonalizeLocal externalS3() {
        PersonalizeLocal local = PersonalizeLocal.builder()
                .externalS3(URI.create("http://127.0.0.1:9000"), "minio-user", "minio-secret") // path-style
                .build()
                .start();
        return local;
    }

    static PersonalizeLocal serviceLikeTiming(Path dir) {
        PersonalizeLocal local = PersonalizeLocal.builder()
                .timeScale(1.0) // an import takes minutes and training half an hour, as on AWS
                .dataDir(dir) // state and S3 objects survive a restart
                .build()
                .start();
        return local;
    }

    static ResourceWaiter fastWaiter(PersonalizeClient personalize) {
        ResourceWaiter waiter = ResourceWaiter.builder()
                .personalizeClient(personalize)
                .policyForAll(WaitPolicy.builder()
                        .initialDelay(Duration.ofMillis(20))
                        .maxDelay(Duration.ofMillis(200))
                        .timeout(Duration.ofMinutes(2))
                        .build())
                .build();
        return waiter;
    }

    /** The guide's test class; examples' NewsPipelineLocalTest runs it. */
    abstract static class NewsPipelineTest {
        @RegisterExtension
        static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

        @Test
        void similarArticles_comeFromTheTrainedModel(
                PersonalizeClient personalize, PersonalizeRuntimeClient runtime, S3Client s3) throws IOException {
            NewsCatalog news = NewsCatalog.generate(42, 120, 150, Instant.now());
            DatasetSchema items = SchemaBuilder.forType(DatasetType.ITEMS)
                    .stringField("ITEM_ID")
                    .stringField("LABELS", f -> f.categorical().nullable())
                    .longField("CREATION_TIMESTAMP")
                    .build();
            DatasetSchema interactions = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                    .stringField("USER_ID")
                    .stringField("ITEM_ID")
                    .longField("TIMESTAMP")
                    .build();
            Path dir = Files.createTempDirectory("news");
            try (ItemCsvWriter w = ItemCsvWriter.builder()
                    .schema(items)
                    .path(dir.resolve("items.csv"))
                    .build()) {
                for (Article a : news.articles()) {
                    w.write(Item.builder()
                            .itemId(a.id())
                            .putMetadata("LABELS", a.labels())
                            .creationTime(a.createdAt())
                            .build());
                }
                w.commit();
            }
            try (InteractionCsvWriter w = InteractionCsvWriter.builder()
                    .schema(interactions)
                    .path(dir.resolve("interactions.csv"))
                    .build()) {
                for (Reading r : news.readings()) {
                    w.write(Interaction.builder()
                            .userId(r.userId())
                            .itemId(r.articleId())
                            .timestamp(r.at())
                            .build());
                }
                w.commit();
            }

            s3.createBucket(b -> b.bucket("news-data"));
            DatasetUploader uploader = DatasetUploader.builder().s3Client(s3).build();
            S3Location prefix = S3Location.parse("s3://news-data/import/");
            String itemsUri = uploader.upload(dir.resolve("items.csv"), prefix).uri();
            String interactionsUri =
                    uploader.upload(dir.resolve("interactions.csv"), prefix).uri();
            String role = "arn:aws:iam::000000000000:role/PersonalizeS3"; // any well-formed role ARN will do locally

            PipelineSpec spec = PipelineSnippets.articleSpec(items, interactions, itemsUri, interactionsUri, role);
            PipelineResult result;
            try (ResourceWaiter waiter = fastWaiter(personalize);
                    PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                            .personalizeClient(personalize)
                            .waiter(waiter)
                            .build()) {
                result = pipeline.run(spec);
            }

            try (SimilarItemsClient similar = SimilarItemsClient.builder()
                    .runtimeClient(runtime)
                    .campaignArn(result.arn(ResourceType.CAMPAIGN).orElseThrow())
                    .build()) {
                SimilarItems sports = similar.similarTo("article-1");
                if (sports.itemIds().size() != 25 || sports.source() != ResultSource.LIVE) {
                    throw new AssertionError("expected 25 live similar articles, got " + sports);
                }
            }
        }
    }
}
