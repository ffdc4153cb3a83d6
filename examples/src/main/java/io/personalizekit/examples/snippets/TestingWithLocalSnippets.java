package io.personalizekit.examples.snippets;

import io.personalizekit.csv.DatasetCsvWriter;
import io.personalizekit.csv.ItemCsvWriter;
import io.personalizekit.examples.news.Article;
import io.personalizekit.examples.news.NewsCatalog;
import io.personalizekit.examples.news.Reading;
import io.personalizekit.local.PersonalizeLocal;
import io.personalizekit.local.PersonalizeLocalExtension;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.pipeline.Teardown;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.storage.DatasetUploader;
import io.personalizekit.storage.S3Location;
import io.personalizekit.storage.UploadResult;
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

    static PipelineResult fastTeardown(PersonalizeLocal local, PipelineSpec spec) {
        try (Teardown teardown = Teardown.builder()
                .personalizeClient(local.personalizeClient())
                .waiter(local.resourceWaiter()) // polls at the emulator's pace; owned by `local`
                .build()) {
            PipelineResult deleted = teardown.run(spec); // milliseconds, not the seconds AWS's policies wait
            return deleted;
        }
    }

    static WaitPolicy scaledPolicy(PersonalizeLocal local) {
        WaitPolicy training = local.waitPolicy(ResourceType.SOLUTION_VERSION); // 30 s first delay on AWS; 10 ms here
        return training;
    }

    /** The guide's test class; examples' NewsPipelineLocalTest runs it. */
    abstract static class NewsPipelineTest {
        @RegisterExtension
        static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

        @Test
        void similarArticles_comeFromTheTrainedModel(
                PersonalizeClient personalize, PersonalizeRuntimeClient runtime, S3Client s3, ResourceWaiter waiter)
                throws IOException {
            NewsCatalog news = NewsCatalog.generate(42, 120, 150, Instant.now());
            BoundSchema<Article> items = SchemaBuilder.forType(DatasetType.ITEMS)
                    .bind(Article.class)
                    .stringField("ITEM_ID", Article::id)
                    .categoricalField("LABELS", Article::labels, f -> f.nullable())
                    .timestampField("CREATION_TIMESTAMP", Article::createdAt)
                    .build();
            BoundSchema<Reading> interactions = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                    .bind(Reading.class)
                    .stringField("USER_ID", Reading::userId)
                    .stringField("ITEM_ID", Reading::articleId)
                    .timestampField("TIMESTAMP", Reading::at)
                    .build();
            Path dir = Files.createTempDirectory("news");
            try (ItemCsvWriter<Article> w =
                    ItemCsvWriter.builder(items).path(dir.resolve("items.csv")).build()) {
                w.writeAll(news.articles());
                w.commit();
            }
            try (DatasetCsvWriter<Reading> w = DatasetCsvWriter.builder(interactions)
                    .path(dir.resolve("interactions.csv"))
                    .build()) {
                w.writeAll(news.readings());
                w.commit();
            }

            s3.createBucket(b -> b.bucket("news-data"));
            DatasetUploader uploader = DatasetUploader.builder().s3Client(s3).build();
            S3Location prefix = S3Location.parse("s3://news-data/import/");
            UploadResult itemsCsv = uploader.upload(dir.resolve("items.csv"), prefix);
            UploadResult interactionsCsv = uploader.upload(dir.resolve("interactions.csv"), prefix);
            String role = "arn:aws:iam::000000000000:role/PersonalizeS3"; // any well-formed role ARN will do locally

            PipelineSpec spec = PipelineSnippets.articleSpec(
                    items.schema(), interactions.schema(), itemsCsv, interactionsCsv, role);
            Deployment deployment;
            try (PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                    .personalizeClient(personalize)
                    .waiter(waiter) // the extension's: wait policies that fit the emulator's time scale
                    .build()) {
                deployment = pipeline.run(spec).deployment();
            }

            try (SimilarItemsClient similar = SimilarItemsClient.builder()
                    .runtimeClient(runtime)
                    .deployment(deployment)
                    .build()) {
                SimilarItems sports = similar.similarTo("article-1");
                if (sports.itemIds().size() != 25 || sports.source() != ResultSource.LIVE) {
                    throw new AssertionError("expected 25 live similar articles, got " + sports);
                }
            }
        }
    }
}
