package io.personalizekit.spring;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.InMemoryRecommendationStore;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/** The store and the caching client. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "personalize.similar-items", name = "campaign-arn")
@ConditionalOnProperty(prefix = "personalize.cache", name = "enabled", havingValue = "true", matchIfMissing = true)
class CacheConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(PersonalizeAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    RecommendationStore personalizeRecommendationStore(PersonalizeProperties properties, Environment env) {
        PersonalizeProperties.Cache cache = properties.getCache();
        Optional<RedisSettings> redis =
                RedisSettings.resolve(cache.getStore(), cache.getRedis().getUrl(), env);
        if (redis.isEmpty()) {
            LOG.info("personalize-kit cache: in-memory store ({})", cache.getStore());
            return InMemoryRecommendationStore.create();
        }
        RedisSettings r = redis.get();
        LOG.info("personalize-kit cache: Redis store from {}", r.origin());
        RedisRecommendationStore.Builder b = RedisRecommendationStore.builder()
                .keyPrefix(cache.getRedis().getKeyPrefix())
                .commandTimeout(cache.getRedis().getCommandTimeout());
        return b.redisUri(r.uri()).build();
    }

    @Bean
    @Primary
    @ConditionalOnMissingBean
    CachingSimilarItemsClient personalizeCachingSimilarItemsClient(
            ListableBeanFactory beans,
            RecommendationStore store,
            PersonalizeClient personalize,
            PersonalizeProperties properties,
            ObjectProvider<CachingClientCustomizer> customizers) {
        String campaignArn = properties.getSimilarItems().getCampaignArn();
        PersonalizeProperties.Cache cache = properties.getCache();
        Supplier<String> solutionVersion = () -> personalize
                .describeCampaign(r -> r.campaignArn(campaignArn))
                .campaign()
                .solutionVersionArn();
        // The shape (numResults) of the keyspace; its solution version is replaced by the supplier's.
        CacheKeyspace shape = CacheKeyspace.builder()
                .campaignArn(campaignArn)
                .solutionVersionArn(campaignArn + "/current")
                .numResults(properties.getSimilarItems().getNumResults())
                .build();
        CachingSimilarItemsClient.Builder b = CachingSimilarItemsClient.builder()
                .delegate(PersonalizeAutoConfiguration.liveClient(beans))
                .store(store)
                .keyspace(shape)
                .solutionVersion(solutionVersion)
                .solutionVersionRefresh(cache.getSolutionVersionRefresh())
                .ttl(cache.getTtl())
                .liveCallTimeout(cache.getLiveCallTimeout());
        if (cache.getRefreshAhead() != null) {
            b.refreshAhead(cache.getRefreshAhead());
        }
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }
}
