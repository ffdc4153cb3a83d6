package io.personalizekit.examples.snippets;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.csv.DatasetCsvWriter;
import io.personalizekit.csv.ItemCsvWriter;
import io.personalizekit.events.DeliveryResult;
import io.personalizekit.events.ItemSeeder;
import io.personalizekit.examples.news.Article;
import io.personalizekit.examples.news.NewsCatalog;
import io.personalizekit.examples.news.Reading;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineResult;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.pipeline.Teardown;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.Deployment;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.storage.DatasetUploader;
import io.personalizekit.storage.S3Location;
import io.personalizekit.storage.UploadResult;
import io.personalizekit.waiter.ResourceWaiter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Samples of docs/getting-started.md: the article's system, step by step. */
final class GettingStartedSnippets {
    private GettingStartedSnippets() {}

    static void clients() {
        // The default credential chain (environment, profile, SSO, instance or task role) signs every call.
        Region region = Region.EU_WEST_1; // where your bucket and Personalize resources live
        PersonalizeClient personalize =
                PersonalizeClient.builder().region(region).build();
        PersonalizeRuntimeClient runtime =
                PersonalizeRuntimeClient.builder().region(region).build();
        PersonalizeEventsClient events =
                PersonalizeEventsClient.builder().region(region).build();
        S3Client s3 = S3Client.builder().region(region).build();
    }

    static PipelineSpec provision(
            PersonalizeClient personalize, S3Client s3, NewsCatalog news, Path dir, String bucket, String roleArn) {
        // 1. The two schemas of the article, bound to the application's own records.
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

        // 2. The CSV files, in the schemas' column order, checked row by row.
        try (ItemCsvWriter<Article> csv =
                ItemCsvWriter.builder(items).path(dir.resolve("items.csv")).build()) {
            csv.writeAll(news.articles());
            csv.commit(); // publishes items.csv; an exception before it leaves no file
        }
        try (DatasetCsvWriter<Reading> csv = DatasetCsvWriter.builder(interactions)
                .path(dir.resolve("interactions.csv"))
                .build()) {
            csv.writeAll(news.readings());
            if (!csv.profile().meetsMinimums()) {
                csv.abort(); // publish no file that cannot train a model
                throw new IllegalStateException(
                        "Not enough data to train: " + csv.profile().failedChecks());
            }
            csv.commit();
        }

        // 3. Up to S3.
        DatasetUploader uploader = DatasetUploader.builder().s3Client(s3).build();
        S3Location prefix = S3Location.of(bucket, "news/import/");
        UploadResult itemsCsv = uploader.upload(dir.resolve("items.csv"), prefix);
        UploadResult interactionsCsv = uploader.upload(dir.resolve("interactions.csv"), prefix);

        // 4. Dataset group, schemas, datasets, import jobs, solution, solution version, campaign.
        PipelineSpec spec = PipelineSpec.builder()
                .datasetGroup(g -> g.name("news")
                        .addDataset(d -> d.schema(items.schema())
                                .addImport(i -> i.dataLocation(itemsCsv).roleArn(roleArn)))
                        .addDataset(d -> d.schema(interactions.schema())
                                .addImport(i -> i.dataLocation(interactionsCsv).roleArn(roleArn))))
                .solution(s -> s.name("news-similar-articles").performAutoTraining(false))
                .campaign(c -> c.name("news-similar-articles"))
                .build();
        return spec;
    }

    static Deployment runPipeline(PersonalizeClient personalize, PipelineSpec spec) {
        try (PipelineOrchestrator pipeline =
                PipelineOrchestrator.builder().personalizeClient(personalize).build()) {
            PipelineResult result = pipeline.run(spec); // waits for every step; seconds when all exists
            Deployment news = result.deployment(); // the campaign, solution version, datasets: typed references
            return news;
        }
    }

    static List<String> getRecommendations(PersonalizeRuntimeClient runtime, Deployment news) {
        // 5. GetRecommendations(itemId, numResults = 25).
        try (SimilarItemsClient similar = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .deployment(news) // asks its campaign
                .build()) {
            SimilarItems result =
                    similar.similarItems(r -> r.itemId("article-42").numResults(25));
            return result.itemIds();
        }
    }

    static DeliveryResult seederJob(
            PersonalizeEventsClient events, Deployment news, BoundSchema<Article> items, List<Article> published) {
        // 6. The seeder job: new and updated articles, between trainings, through the Items CSV's bound schema.
        ItemSeeder<Article> seeder = ItemSeeder.builder(items)
                .eventsClient(events)
                .dataset(news.dataset(DatasetType.ITEMS))
                .build();
        DeliveryResult result = seeder.seed(published);
        return result;
    }

    static CacheKeyspace keyspace(Deployment news) {
        // The lists the fetcher writes and the API reads: one value for both.
        CacheKeyspace keyspace =
                CacheKeyspace.builder().deployment(news).numResults(25).build();
        return keyspace;
    }

    static FetchSummary fetcherJob(PersonalizeRuntimeClient runtime, CacheKeyspace keyspace, Path itemsCsv) {
        // 7. The biweekly fetcher job: every article's similar articles into Redis.
        try (RedisRecommendationStore redis = RedisRecommendationStore.builder()
                        .redisUri("redis://cache.internal:6379")
                        .ttl(Duration.ofDays(21)) // longer than the two weeks between runs
                        .build();
                SimilarItemsClient live = SimilarItemsClient.builder()
                        .runtimeClient(runtime)
                        .campaignArn(keyspace.campaignArn())
                        .build()) {
            FetchSummary summary = RecommendationFetcher.builder()
                    .client(live)
                    .store(redis)
                    .keyspace(keyspace)
                    .maxTps(200)
                    .build()
                    .runCatalogCsv(itemsCsv);
            return summary;
        }
    }

    static CachingSimilarItemsClient api(
            PersonalizeClient personalize, PersonalizeRuntimeClient runtime, CacheKeyspace keyspace) {
        // 8. The API: one store and one client for the whole application, answering from Redis.
        RedisRecommendationStore redis = RedisRecommendationStore.builder()
                .redisUri("redis://cache.internal:6379")
                .build();
        SimilarItemsClient live = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(keyspace.campaignArn())
                .build();
        CachingSimilarItemsClient similar = CachingSimilarItemsClient.builder()
                .delegate(live)
                .store(redis)
                .keyspace(keyspace) // the fetcher's: same campaign, model and request shape
                .solutionVersion(() -> personalize // then follow the campaign to each new model
                        .describeCampaign(r -> r.campaignArn(keyspace.campaignArn()))
                        .campaign()
                        .solutionVersionArn())
                .ttl(Duration.ofDays(15))
                .refreshAhead(Duration.ZERO)
                .build();
        return similar;
    }

    static List<String> handle(CachingSimilarItemsClient similar, String articleId) {
        List<String> similarArticleIds = similar.similarTo(articleId).itemIds(); // a Redis read; a live call on a miss
        return similarArticleIds;
    }

    static void deleteIdleCampaign(PersonalizeClient personalize, Deployment news) {
        try (ResourceWaiter waiter = ResourceWaiter.create(personalize)) {
            personalize.deleteCampaign(r -> r.campaignArn(news.campaign().arn()));
            waiter.waitUntilDeleted(news.campaign());
        }
    }

    static void teardownEverything(PersonalizeClient personalize, PipelineSpec spec) {
        try (Teardown teardown =
                Teardown.builder().personalizeClient(personalize).build()) {
            teardown.run(spec);
        }
    }
}
