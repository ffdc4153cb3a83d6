package io.personalizekit.examples.snippets;

import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.recommend.SimilarItemsClient;
import java.util.List;

/**
 * The plain-Java sample of docs/spring-boot.md; its Spring samples are compiled in personalize-spring-boot-starter's
 * tests ({@code io.personalizekit.spring.snippets.SpringBootSnippets}), as this module has no Spring.
 */
final class SpringBootSnippets {
    private SpringBootSnippets() {}

    static FetchSummary fetcherRun(
            SimilarItemsClient live,
            RecommendationStore store,
            CachingSimilarItemsClient cached,
            List<String> itemIds) {
        FetchSummary summary = RecommendationFetcher.builder()
                .client(live) // the live client, not the caching one
                .store(store)
                .keyspace(cached.keyspace()) // what the caching client reads: campaign, current solution version, shape
                .maxTps(100) // personalize.fetcher.max-tps
                .maxConcurrency(16) // personalize.fetcher.max-concurrency
                .build()
                .run(itemIds);
        return summary;
    }
}
