package io.personalizekit.examples.snippets;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.cost.TrafficCounter;
import io.personalizekit.micrometer.PersonalizeKitMetrics;
import io.personalizekit.observe.LiveCallEvent;
import io.personalizekit.observe.PersonalizeKitListener;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.waiter.ResourceWaiter;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/** Samples of docs/metrics.md. */
final class MetricsSnippets {
    private MetricsSnippets() {}

    static CachingSimilarItemsClient enable(
            MeterRegistry registry, SimilarItemsClient live, RecommendationStore store, CacheKeyspace keyspace) {
        PersonalizeKitListener metrics = PersonalizeKitMetrics.of(registry); // one per registry, shared
        CachingSimilarItemsClient cached = CachingSimilarItemsClient.builder()
                .delegate(live)
                .store(store)
                .keyspace(keyspace)
                .listener(metrics) // requests, live calls, rejections, breaker states
                .build();
        return cached;
    }

    static ResourceWaiter waiter(PersonalizeKitListener metrics, PersonalizeClient personalize) {
        ResourceWaiter waiter = ResourceWaiter.builder()
                .personalizeClient(personalize)
                .listener(metrics) // one timer sample per wait; give this waiter to the pipeline
                .build();
        return waiter;
    }

    static RecommendationFetcher fetcher(
            PersonalizeKitListener metrics,
            SimilarItemsClient live,
            RecommendationStore store,
            CacheKeyspace keyspace) {
        RecommendationFetcher fetcher = RecommendationFetcher.builder()
                .client(live)
                .store(store)
                .keyspace(keyspace)
                .listener(metrics) // items, retries, progress, rate, runs, and its live calls
                .build();
        return fetcher;
    }

    static CachingSimilarItemsClient metricsAndTraffic(
            PersonalizeKitListener metrics,
            TrafficCounter traffic,
            SimilarItemsClient live,
            RecommendationStore store,
            CacheKeyspace keyspace) {
        CachingSimilarItemsClient cached = CachingSimilarItemsClient.builder()
                .delegate(live)
                .store(store)
                .keyspace(keyspace)
                .listener(PersonalizeKitListener.of(metrics, traffic.listener()))
                .build();
        return cached;
    }

    static PersonalizeKitListener commonTags(MeterRegistry registry) {
        PersonalizeKitListener metrics = PersonalizeKitMetrics.of(registry, Tags.of("application", "news-api"));
        return metrics;
    }

    static PersonalizeKitListener ownListener(Map<String, LongAdder> callsPerArn) {
        PersonalizeKitListener tps = new PersonalizeKitListener() {
            @Override
            public void onLiveCall(LiveCallEvent event) {
                callsPerArn.computeIfAbsent(event.arn(), a -> new LongAdder()).increment(); // observed TPS per ARN
            }
        }; // every other method keeps its empty default
        return tps;
    }
}
