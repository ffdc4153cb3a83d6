package io.personalizekit.spring.snippets;

import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.spring.CachingClientCustomizer;
import io.personalizekit.spring.FetcherCustomizer;
import io.personalizekit.spring.ItemIdSource;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Service;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * The Spring samples of docs/spring-boot.md, compiled with this module's tests (they need Spring, which the examples
 * module does not have); {@code SpringBootGuideTest} checks that the guide shows them verbatim. What they configure is
 * tested in {@code PersonalizeAutoConfigurationTest} (own beans, customizers, the item source).
 */
public final class SpringBootSnippets {
    private SpringBootSnippets() {}

    /** The application's own catalogue, for the ItemIdSource sample. */
    public interface Articles {
        /**
         * The ids of the published articles.
         *
         * @return the ids
         */
        Stream<String> publishedIds();
    }

    @Service
    public static class RelatedArticles {
        private final SimilarItemsClient similar; // the caching client: it is @Primary

        public RelatedArticles(SimilarItemsClient similar) {
            this.similar = similar;
        }

        public List<String> related(String articleId) {
            return similar.similarTo(articleId).itemIds();
        }
    }

    /** The overrides of the guide, as one application configuration. */
    @Configuration(proxyBeanMethods = false)
    public static class NewsConfiguration {
        @Bean
        PersonalizeRuntimeClient personalizeRuntimeClient() { // yours: the starter borrows it and builds none
            return PersonalizeRuntimeClient.builder()
                    .region(Region.EU_WEST_1)
                    .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
                    .build();
        }

        @Bean
        ItemIdSource publishedArticles(Articles articles) { // asked once per fetcher run
            return articles::publishedIds;
        }

        @Bean
        CachingClientCustomizer outageLimits() {
            return cache -> cache.liveCircuitBreaker(5, Duration.ofSeconds(1)).maxConcurrentLiveCalls(16);
        }

        @Bean
        FetcherCustomizer strictFetcher() {
            return fetcher -> fetcher.maxFailureRatio(0.01).maxAttempts(5);
        }
    }

    /** A store of the application's own: a Redis Cluster, which the starter does not build from properties. */
    @Configuration(proxyBeanMethods = false)
    public static class ClusterConfiguration {
        @Bean
        RecommendationStore personalizeRecommendationStore() {
            return RedisRecommendationStore.builder()
                    .cluster("redis://cache-1.internal:6379", "redis://cache-2.internal:6379")
                    .keyPrefix("news:")
                    .build();
        }
    }
}
