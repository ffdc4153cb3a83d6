package io.personalizekit.examples.snippets;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.CacheStats;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.InMemoryRecommendationStore;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.exception.LiveCallRejectedException;
import io.personalizekit.recommend.RelatedItems;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/** Samples of docs/serving-and-caching.md. */
final class ServingAndCachingSnippets {
    private ServingAndCachingSnippets() {}

    static List<String> similarArticles(PersonalizeRuntimeClient runtime, Deployment news) {
        try (SimilarItemsClient similar = SimilarItemsClient.builder()
                .runtimeClient(runtime) // borrowed: closing `similar` leaves it open
                .deployment(news) // its campaign; or campaign(CampaignRef), or campaignArn(String)
                .build()) {
            SimilarItems result = similar.similarTo("article-42"); // 25 items, the seed left out
            return result.itemIds();
        }
    }

    static SimilarItems requestOptions(SimilarItemsClient similar, Deployment news) {
        SimilarItems result = similar.similarItems(r -> r.itemId("article-42")
                .numResults(10)
                .filter(news.filter("by-topic")) // a filter of the pipeline spec, by name
                .putFilterValue("TOPIC", "\"SPORTS\",\"SCIENCE\"") // quoted, as the service wants
                .metadataColumns(List.of("LABELS")) // at most 50 results when asking for metadata
                .addExcludedItemIds("article-7", "article-9")); // already read
        return result;
    }

    static SimilarItemsClient withCatalog(PersonalizeRuntimeClient runtime, Deployment news, Set<String> known) {
        SimilarItemsClient similar = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .campaign(news.campaign())
                .catalog(known::contains) // an unknown seed is answered with popular items: flag it
                .build();
        return similar;
    }

    static String present(SimilarItems result) {
        switch (result.source()) {
            case FALLBACK:
                return "Popular now: " + result.itemIds(); // not similar: the model has never seen the seed
            case STALE:
                return "Similar articles (from " + result.fetchedAt() + "): " + result.itemIds();
            default: // LIVE, CACHE or BATCH
                return "Similar articles: " + result.itemIds();
        }
    }

    static List<String> readerHistory(SimilarItemsClient similar) {
        RelatedItems related = similar.similarToMany(
                List.of("article-42", "article-17", "article-3"), // most recent first
                r -> r.numResults(20));
        return related.isFallback() ? List.of() : related.itemIds();
    }

    static CacheKeyspace keyspace(Deployment news) {
        CacheKeyspace keyspace = CacheKeyspace.builder()
                .deployment(news) // the campaign and the solution version it serves
                .numResults(25) // and the request shape: filter, metadata columns, ...
                .build();
        return keyspace;
    }

    static CachingSimilarItemsClient cached(
            SimilarItemsClient live, RecommendationStore store, CacheKeyspace keyspace) {
        CachingSimilarItemsClient cached = CachingSimilarItemsClient.builder()
                .delegate(live) // borrowed
                .store(store) // borrowed
                .keyspace(keyspace) // the fetcher's: similarTo(id) reads exactly what it wrote
                .ttl(Duration.ofDays(15)) // the fetcher refreshes every two weeks
                .refreshAhead(Duration.ZERO) // the fetcher refreshes, not the readers
                .build();
        return cached;
    }

    static CachingSimilarItemsClient underOutage(
            SimilarItemsClient live, RecommendationStore store, CacheKeyspace keyspace) {
        CachingSimilarItemsClient cached = CachingSimilarItemsClient.builder()
                .delegate(live)
                .store(store)
                .keyspace(keyspace)
                .liveCallTimeout(Duration.ofMillis(800)) // one live call, the SDK's retries included
                .liveCircuitBreaker(5, Duration.ofSeconds(1)) // open after 5 failures; one trial call per second
                .maxConcurrentLiveCalls(16) // about the campaign's TPS times its latency, with room
                .storeSlowCallThreshold(Duration.ofMillis(50)) // a Redis slower than this trips the store breaker
                .build();
        return cached;
    }

    static List<String> similarOrPopular(CachingSimilarItemsClient cached, String articleId, List<String> popular) {
        try {
            return cached.similarTo(articleId).itemIds(); // STALE when Personalize fails and a list exists
        } catch (LiveCallRejectedException e) {
            return popular; // no list at all, and Personalize was not called: answer with a default
        }
    }

    static String breakers(CachingSimilarItemsClient cached) {
        CacheStats stats = cached.stats();
        return "Personalize " + stats.liveCircuit() + " (" + stats.circuitRejectedCount() + " calls skipped), store "
                + stats.storeCircuit() + " (" + stats.slowStoreCallCount() + " slow calls)";
    }

    static CachingSimilarItemsClient followTheCampaign(
            SimilarItemsClient live, RecommendationStore store, PersonalizeClient personalize, CampaignRef campaign) {
        CachingSimilarItemsClient cached = CachingSimilarItemsClient.builder()
                .delegate(live)
                .store(store)
                .campaign(campaign)
                .solutionVersion(() -> personalize
                        .describeCampaign(r -> r.campaignArn(campaign.arn()))
                        .campaign()
                        .solutionVersionArn())
                .solutionVersionRefresh(Duration.ofMinutes(5))
                .build();
        return cached;
    }

    static InMemoryRecommendationStore inMemory() {
        InMemoryRecommendationStore store =
                InMemoryRecommendationStore.builder().ttl(Duration.ofDays(15)).build();
        return store;
    }

    static FetchSummary fetchAll(
            SimilarItemsClient live, RecommendationStore store, CacheKeyspace keyspace, Path itemsCsv) {
        FetchSummary summary = RecommendationFetcher.builder()
                .client(live) // the plain client, not the caching one
                .store(store)
                .keyspace(keyspace) // the one the caching client reads
                .maxTps(200) // leave the rest of the campaign's capacity to live traffic
                .maxConcurrency(16)
                .build()
                .runCatalogCsv(itemsCsv);
        if (!summary.complete()) {
            summary.failures().forEach((itemId, error) -> System.err.println(itemId + ": " + error));
        }
        return summary;
    }

    static boolean sameKeyspace(CachingSimilarItemsClient cached, RecommendationFetcher fetcher) {
        boolean same = cached.keyspace().equals(fetcher.keyspace()); // true: the API reads what the fetcher wrote
        return same;
    }

    static String stats(CachingSimilarItemsClient cached) {
        CacheStats stats = cached.stats();
        return "hit rate " + stats.hitRate() + ", calls saved " + stats.hitCount() + ", stale " + stats.staleCount();
    }

    static RedisRecommendationStore redis() {
        RedisRecommendationStore store = RedisRecommendationStore.builder()
                .redisUri("rediss://news-api:secret@cache.internal:6379/0") // TLS, AUTH, database 0
                .keyPrefix("news:") // one prefix per application sharing the Redis
                .ttl(Duration.ofDays(21)) // above the two weeks between fetcher runs
                .commandTimeout(Duration.ofMillis(200))
                .build();
        return store;
    }
}
