package io.personalizekit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * A whole Spring Boot application (component scan, every auto-configuration on the class path, actuator included)
 * that only adds the starter, sets {@code personalize.*} and Spring Data Redis's {@code spring.data.redis.*}, and
 * injects a {@code SimilarItemsClient} into its own service: the fetcher job fills Redis at start-up, the service
 * answers from the cache, and the actuator's health endpoint reports the {@code personalize} component.
 */
@SpringBootTest(
        classes = StarterApplicationTest.NewsApplication.class,
        properties = {
            "personalize.client.region=us-east-1",
            "personalize.fetcher.enabled=true",
            "personalize.fetcher.max-tps=500",
            "personalize.cache.redis.key-prefix=app:",
            "management.endpoint.health.show-details=always"
        })
@DirtiesContext
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StarterApplicationTest {

    @DynamicPropertySource
    static void personalizeLocalAndRedis(DynamicPropertyRegistry registry) {
        LocalFixtures fx = LocalFixtures.get();
        registry.add("personalize.client.endpoint", () -> fx.local.endpoint().toString());
        registry.add("personalize.similar-items.campaign-arn", () -> fx.campaignArn);
        registry.add("personalize.fetcher.item-ids", () -> String.join(",", LocalFixtures.ITEM_IDS));
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> fx.redis.port());
    }

    /**
     * The application: its own service, and the emulator's credentials as its AwsCredentialsProvider bean. (Not
     * {@code @SpringBootApplication}: a component scan of this package would pick up the starter's own configuration
     * classes as if they were the application's.)
     */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class NewsApplication {
        @Bean
        AwsCredentialsProvider credentials() {
            return LocalFixtures.get().local.credentialsProvider();
        }

        @Bean
        RelatedArticles relatedArticles(SimilarItemsClient similar) {
            return new RelatedArticles(similar);
        }
    }

    /** What an application writes: it asks for a SimilarItemsClient and gets the cached one. */
    static class RelatedArticles {
        final SimilarItemsClient similar;

        RelatedArticles(SimilarItemsClient similar) {
            this.similar = similar;
        }

        SimilarItems related(String articleId) {
            return similar.similarTo(articleId);
        }
    }

    @Autowired
    RelatedArticles articles;

    @Autowired
    FetcherJob job;

    @Autowired
    HealthEndpoint health;

    @Test
    void theFetcherFillsRedis_theServiceReadsTheCache_andHealthIsUp() {
        LocalFixtures fx = LocalFixtures.get();
        assertThat(articles.similar).isInstanceOf(CachingSimilarItemsClient.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> job.completedRuns() >= 1);
        assertThat(job.lastSummary().orElseThrow().activated()).isTrue();

        long before = fx.recommendationRequests();
        SimilarItems related = articles.related("item-12");
        assertThat(related.source()).isEqualTo(ResultSource.CACHE);
        assertThat(related.itemIds()).hasSize(25);
        assertThat(fx.recommendationRequests()).isEqualTo(before);

        CachingSimilarItemsClient cached = (CachingSimilarItemsClient) articles.similar;
        try (RedisRecommendationStore redis = RedisRecommendationStore.builder()
                .redisUri(fx.redis.uri())
                .keyPrefix("app:")
                .build()) {
            assertThat(redis.get(cached.keyspace(), "item-12"))
                    .hasValueSatisfying(s -> assertThat(s.itemIds()).isEqualTo(related.itemIds()));
        }

        HealthDescriptor personalize = health.healthForPath("personalize");
        assertThat(personalize).isInstanceOf(IndicatedHealthDescriptor.class);
        assertThat(personalize.getStatus()).isEqualTo(Status.UP);
        assertThat(((IndicatedHealthDescriptor) personalize).getDetails())
                .containsEntry("status", "ACTIVE")
                .containsEntry("store", "UP")
                .containsEntry(
                        "activeGeneration", job.lastSummary().orElseThrow().generation());
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(cached.stats().hitCount()).isEqualTo(1); // the one read above, from Redis
    }
}
