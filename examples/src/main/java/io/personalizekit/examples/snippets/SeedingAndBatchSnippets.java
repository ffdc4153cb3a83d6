package io.personalizekit.examples.snippets;

import io.personalizekit.batch.BatchJob;
import io.personalizekit.batch.BatchSimilarItems;
import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.events.DeliveryResult;
import io.personalizekit.events.EventRecorder;
import io.personalizekit.events.ItemSeeder;
import io.personalizekit.events.RateLimiter;
import io.personalizekit.examples.news.Article;
import io.personalizekit.exception.DeliveryException;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.Deployment;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.storage.S3Location;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Samples of docs/seeding-and-batch.md. */
final class SeedingAndBatchSnippets {
    private SeedingAndBatchSnippets() {}

    static DeliveryResult seedNewArticles(
            PersonalizeEventsClient events, Deployment news, BoundSchema<Article> items, List<Article> published) {
        ItemSeeder<Article> seeder = ItemSeeder.builder(items) // the bound schema that writes items.csv
                .eventsClient(events) // borrowed: the seeder never closes it
                .dataset(news.dataset(DatasetType.ITEMS)) // the Items dataset the pipeline made
                .build();
        DeliveryResult result = seeder.seed(published); // your own records, read through the schema's getters
        if (!result.allSent()) {
            result.failures().forEach(f -> System.err.println(f.recordId() + " " + f.stage() + ": " + f.reason()));
        }
        return result;
    }

    static int deliveryFailure(ItemSeeder<Article> seeder, List<Article> batch) {
        try {
            seeder.seed(batch);
        } catch (DeliveryException e) {
            // The dataset is missing, access is denied, or throttling outlasted the SDK's retries.
            // e.getCause() is the SDK exception; the items counted in e.sentCount() stay written.
            return e.unsentCount();
        }
        return 0;
    }

    static ItemSeeder<Article> sharedLimiter(
            PersonalizeEventsClient events, Deployment news, BoundSchema<Article> items) {
        RateLimiter putItems = RateLimiter.perSecond(ItemSeeder.DEFAULT_REQUESTS_PER_SECOND); // one per group
        ItemSeeder<Article> seeder = ItemSeeder.builder(items)
                .eventsClient(events)
                .dataset(news.dataset(DatasetType.ITEMS))
                .rateLimiter(putItems)
                .build();
        return seeder;
    }

    /**
     * A read as the application records it.
     *
     * @param session the reader's session
     * @param userId the reader
     * @param articleId the article read
     * @param at when
     * @param recommendationId the recommendation the article was picked from, if any
     * @param shown the articles the reader was shown
     */
    record ArticleRead(
            String session,
            String userId,
            String articleId,
            Instant at,
            @Nullable String recommendationId,
            List<String> shown) {}

    static EventRecorder<ArticleRead> recorder(PersonalizeEventsClient events, Deployment news) {
        BoundSchema<ArticleRead> reads = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .bind(ArticleRead.class)
                .stringField("USER_ID", ArticleRead::userId)
                .stringField("ITEM_ID", ArticleRead::articleId)
                .timestampField("TIMESTAMP", ArticleRead::at)
                .stringField("RECOMMENDATION_ID", ArticleRead::recommendationId, f -> f.nullable())
                .categoricalField("IMPRESSION", ArticleRead::shown, f -> f.nullable())
                .build();
        EventRecorder<ArticleRead> recorder = EventRecorder.builder(reads)
                .eventsClient(events) // borrowed
                .eventTracker(news.eventTracker()) // its tracking id; or trackingId(..) from CreateEventTracker
                .sessionId(ArticleRead::session) // by default the USER_ID
                .eventType("read") // the schema has no EVENT_TYPE field
                .build();
        return recorder;
    }

    static DeliveryResult recordRead(EventRecorder<ArticleRead> recorder, SimilarItems shown, String clicked) {
        ArticleRead read = new ArticleRead(
                "session-8f2c",
                "reader-35",
                clicked,
                Instant.now(),
                shown.recommendationId().orElse(null), // attributes the read
                shown.itemIds()); // what the reader was shown (at most 25)
        DeliveryResult result = recorder.record(read);
        return result;
    }

    static BatchSimilarItems batchRunner(PersonalizeClient personalize, S3Client s3, String roleArn) {
        BatchSimilarItems batch = BatchSimilarItems.builder()
                .personalizeClient(personalize) // borrowed
                .s3Client(s3) // borrowed
                .roleArn(roleArn) // Personalize reads the input and writes the output with it
                .build();
        return batch;
    }

    static BatchJob runBatch(BatchSimilarItems batch, Deployment news, List<String> articleIds) {
        BatchJob job = batch.run(
                r -> r.jobName("news-similar-2026-11-28")
                        .solutionVersion(news.solutionVersion()) // no campaign needed
                        .numResults(25)
                        .input(S3Location.parse("s3://news-personalize-data/batch/in/articles.json"))
                        .outputPrefix(S3Location.parse("s3://news-personalize-data/batch/out/2026-11-28/")),
                articleIds); // written as JSON Lines and uploaded to the input location
        // job.resultsLocation() is s3://news-personalize-data/batch/out/2026-11-28/articles.json.out
        return job;
    }

    static long readResults(BatchSimilarItems batch, BatchJob job) {
        long lines = batch.forEachResult(job, r -> {
            if (r.succeeded()) {
                System.out.println(r.itemId() + " -> " + r.recommendedItems());
            } else {
                System.err.println(r.itemId() + ": " + r.error().orElse(""));
            }
        });
        return lines;
    }

    static FetchSummary loadBatchOutput(
            S3Client s3,
            BatchJob job,
            SimilarItemsClient live,
            RecommendationStore store,
            CacheKeyspace keyspace,
            Path dir) {
        S3Location out = job.resultsLocation();
        Path downloaded = dir.resolve(out.fileName());
        s3.getObject(r -> r.bucket(out.bucket()).key(out.key()), downloaded);
        FetchSummary summary = RecommendationFetcher.builder()
                .client(live) // required by the builder; loading makes no calls
                .store(store)
                .keyspace(keyspace) // the one the caching client reads
                .build()
                .loadBatchOutput(downloaded); // a .out file, or a folder of them
        return summary;
    }
}
