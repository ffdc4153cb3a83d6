package io.personalizekit.examples.snippets;

import io.personalizekit.batch.BatchJob;
import io.personalizekit.batch.BatchSimilarItems;
import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.csv.Item;
import io.personalizekit.events.DeliveryResult;
import io.personalizekit.events.EventRecorder;
import io.personalizekit.events.InteractionEvent;
import io.personalizekit.events.ItemSeeder;
import io.personalizekit.events.RateLimiter;
import io.personalizekit.examples.news.Article;
import io.personalizekit.exception.DeliveryException;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.Deployment;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.storage.S3Location;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Samples of docs/seeding-and-batch.md. */
final class SeedingAndBatchSnippets {
    private SeedingAndBatchSnippets() {}

    static DeliveryResult seedNewArticles(
            PersonalizeEventsClient events, Deployment news, DatasetSchema items, List<Article> published) {
        ItemSeeder seeder = ItemSeeder.builder()
                .eventsClient(events) // borrowed: the seeder never closes it
                .dataset(news.dataset(DatasetType.ITEMS)) // the Items dataset the pipeline made
                .schema(items) // the same schema the dataset was created with
                .build();
        List<Item> batch = new ArrayList<>();
        for (Article a : published) {
            batch.add(Item.builder() // the record type of the CSV writers
                    .itemId(a.id())
                    .putMetadata("LABELS", a.labels())
                    .creationTime(a.createdAt())
                    .build());
        }
        DeliveryResult result = seeder.seed(batch);
        if (!result.allSent()) {
            result.failures().forEach(f -> System.err.println(f.recordId() + " " + f.stage() + ": " + f.reason()));
        }
        return result;
    }

    static int deliveryFailure(ItemSeeder seeder, List<Item> batch) {
        try {
            seeder.seed(batch);
        } catch (DeliveryException e) {
            // The dataset is missing, access is denied, or throttling outlasted the SDK's retries.
            // e.getCause() is the SDK exception; the items counted in e.sentCount() stay written.
            return e.unsentCount();
        }
        return 0;
    }

    static ItemSeeder sharedLimiter(PersonalizeEventsClient events, Deployment news, DatasetSchema items) {
        RateLimiter putItems = RateLimiter.perSecond(ItemSeeder.DEFAULT_REQUESTS_PER_SECOND); // one per group
        ItemSeeder seeder = ItemSeeder.builder()
                .eventsClient(events)
                .dataset(news.dataset(DatasetType.ITEMS))
                .schema(items)
                .rateLimiter(putItems)
                .build();
        return seeder;
    }

    static DeliveryResult recordRead(EventRecorder recorder, SimilarItems shown, String clicked) {
        InteractionEvent read = InteractionEvent.builder()
                .sessionId("session-8f2c")
                .userId("reader-35") // null for an anonymous reader: the session id stands in
                .itemId(clicked)
                .eventType("read")
                .sentAt(Instant.now())
                .recommendationId(shown.recommendationId().orElse(null)) // attributes the read
                .impressions(shown.itemIds()) // what the reader was shown (at most 25)
                .build();
        DeliveryResult result = recorder.record(read);
        return result;
    }

    static EventRecorder recorder(PersonalizeEventsClient events, Deployment news) {
        EventRecorder recorder = EventRecorder.builder()
                .eventsClient(events) // borrowed
                .eventTracker(news.eventTracker()) // its tracking id; or trackingId(..) from CreateEventTracker
                .build();
        return recorder;
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
