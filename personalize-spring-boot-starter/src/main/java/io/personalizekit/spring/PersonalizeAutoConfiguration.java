package io.personalizekit.spring;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.InMemoryRecommendationStore;
import io.personalizekit.cache.RecommendationFetcher;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.recommend.SimilarItemsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.PersonalizeClientBuilder;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClientBuilder;

/**
 * Auto-configuration of personalize-kit; every bean backs off when the application defines one of its type (the
 * health indicator and the job by name or type, see docs/spring-boot.md):
 *
 * <ul>
 *   <li>{@link AwsCredentialsProvider} (the SDK's default chain), {@link PersonalizeClient} and {@link
 *       PersonalizeRuntimeClient} from {@code personalize.client.*}: the application's own beans of these types are
 *       used instead when it has them;
 *   <li>with {@code personalize.similar-items.campaign-arn}: the live {@link SimilarItemsClient};
 *   <li>unless {@code personalize.cache.enabled=false}: a {@link RecommendationStore} (Redis from {@code
 *       personalize.cache.redis.url} or the application's {@code spring.data.redis.*}, else in memory) and the
 *       {@link CachingSimilarItemsClient} in front of the live client, {@code @Primary} so that an injected {@code
 *       SimilarItemsClient} is the cached one; it follows the campaign's solution version with {@code
 *       DescribeCampaign};
 *   <li>with {@code personalize.fetcher.enabled=true}: the {@link FetcherJob}.
 * </ul>
 */
@AutoConfiguration
@EnableConfigurationProperties(PersonalizeProperties.class)
@Import({
    PersonalizeAutoConfiguration.LiveClientConfiguration.class,
    PersonalizeAutoConfiguration.CacheConfiguration.class,
    PersonalizeAutoConfiguration.FetcherConfiguration.class
})
public class PersonalizeAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(PersonalizeAutoConfiguration.class);

    /** Created by Spring. */
    public PersonalizeAutoConfiguration() {}

    /**
     * The SDK's default credentials chain, when the application has no credentials provider bean.
     *
     * @return the provider, closed with the context
     */
    @Bean
    @ConditionalOnMissingBean
    public AwsCredentialsProvider personalizeCredentialsProvider() {
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * The control-plane client (DescribeCampaign for the cache's keys and the health indicator), when the application
     * has none.
     *
     * @param properties the settings
     * @param credentials the credentials
     * @return the client, closed with the context
     */
    @Bean
    @ConditionalOnMissingBean
    public PersonalizeClient personalizeClient(PersonalizeProperties properties, AwsCredentialsProvider credentials) {
        PersonalizeClientBuilder b = PersonalizeClient.builder().credentialsProvider(credentials);
        PersonalizeProperties.Client c = properties.getClient();
        if (c.getRegion() != null) {
            b.region(Region.of(c.getRegion()));
        }
        if (c.getEndpoint() != null) {
            b.endpointOverride(c.getEndpoint());
        }
        return b.build();
    }

    /**
     * The runtime client (GetRecommendations), when the application has none.
     *
     * @param properties the settings
     * @param credentials the credentials
     * @return the client, closed with the context
     */
    @Bean
    @ConditionalOnMissingBean
    public PersonalizeRuntimeClient personalizeRuntimeClient(
            PersonalizeProperties properties, AwsCredentialsProvider credentials) {
        PersonalizeRuntimeClientBuilder b = PersonalizeRuntimeClient.builder().credentialsProvider(credentials);
        PersonalizeProperties.Client c = properties.getClient();
        if (c.getRegion() != null) {
            b.region(Region.of(c.getRegion()));
        }
        if (c.getEndpoint() != null) {
            b.endpointOverride(c.getEndpoint());
        }
        return b.build();
    }

    /** The live similar-items client; registered before the cache, whose client is a SimilarItemsClient too. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "personalize.similar-items", name = "campaign-arn")
    static class LiveClientConfiguration {
        @Bean
        @ConditionalOnMissingBean(SimilarItemsClient.class)
        SimilarItemsClient personalizeSimilarItemsClient(
                PersonalizeRuntimeClient runtime, PersonalizeProperties properties) {
            return SimilarItemsClient.builder()
                    .runtimeClient(runtime)
                    .campaignArn(properties.getSimilarItems().getCampaignArn())
                    .build();
        }
    }

    /** The store and the caching client. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "personalize.similar-items", name = "campaign-arn")
    @ConditionalOnProperty(prefix = "personalize.cache", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class CacheConfiguration {
        @Bean
        @ConditionalOnMissingBean
        RecommendationStore personalizeRecommendationStore(PersonalizeProperties properties, Environment env) {
            PersonalizeProperties.Cache cache = properties.getCache();
            Optional<RedisSettings> redis =
                    RedisSettings.resolve(cache.getStore(), cache.getRedis().getUrl(), env);
            if (redis.isEmpty()) {
                log.info("personalize-kit cache: in-memory store ({})", cache.getStore());
                return InMemoryRecommendationStore.create();
            }
            RedisSettings r = redis.get();
            log.info("personalize-kit cache: Redis store from {}", r.origin());
            RedisRecommendationStore.Builder b = RedisRecommendationStore.builder()
                    .keyPrefix(cache.getRedis().getKeyPrefix())
                    .commandTimeout(cache.getRedis().getCommandTimeout());
            if (r.cluster()) {
                b.cluster(r.uris().toArray(String[]::new));
            } else {
                b.redisUri(r.uris().get(0));
            }
            return b.build();
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
                    .delegate(liveClient(beans))
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

    /**
     * The application's live (not caching) similar-items client: the only one, or the one named {@code
     * personalizeSimilarItemsClient} when there are several.
     */
    static SimilarItemsClient liveClient(ListableBeanFactory beans) {
        List<String> live = new ArrayList<>();
        for (String name : beans.getBeanNamesForType(SimilarItemsClient.class)) {
            Class<?> type = beans.getType(name);
            if (type == null || !CachingSimilarItemsClient.class.isAssignableFrom(type)) {
                live.add(name);
            }
        }
        if (live.size() == 1) {
            return beans.getBean(live.get(0), SimilarItemsClient.class);
        }
        if (live.contains("personalizeSimilarItemsClient")) {
            return beans.getBean("personalizeSimilarItemsClient", SimilarItemsClient.class);
        }
        throw new IllegalStateException(live.isEmpty()
                ? "personalize-kit needs a live SimilarItemsClient bean for the cache and the fetcher, and there is"
                        + " none; set personalize.similar-items.campaign-arn or define one"
                : "personalize-kit needs one live SimilarItemsClient bean for the cache and the fetcher, but there are "
                        + live.size() + " " + live + "; name the one to use personalizeSimilarItemsClient");
    }

    /** The fetcher job, on the instance that runs it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "personalize.similar-items", name = "campaign-arn")
    @ConditionalOnProperty(prefix = "personalize.cache", name = "enabled", havingValue = "true", matchIfMissing = true)
    @ConditionalOnProperty(prefix = "personalize.fetcher", name = "enabled", havingValue = "true")
    static class FetcherConfiguration {
        @Bean
        @ConditionalOnMissingBean
        FetcherJob personalizeFetcherJob(
                ListableBeanFactory beans,
                RecommendationStore store,
                CachingSimilarItemsClient reader,
                PersonalizeProperties properties,
                ObjectProvider<ItemIdSource> source,
                ObjectProvider<FetcherCustomizer> customizers) {
            PersonalizeProperties.Fetcher f = properties.getFetcher();
            return new FetcherJob(
                    liveClient(beans),
                    store,
                    reader,
                    run(source.getIfAvailable(), f),
                    f,
                    customizers.orderedStream().toList());
        }

        private static Function<RecommendationFetcher, FetchSummary> run(
                @Nullable ItemIdSource source, PersonalizeProperties.Fetcher f) {
            if (source != null) {
                return fetcher -> fetcher.runFrom(source::itemIds);
            }
            Path csv = f.getCatalogCsv();
            if (csv != null) {
                String column = f.getItemIdColumn();
                return fetcher -> fetcher.runCatalogCsv(csv, column);
            }
            if (!f.getItemIds().isEmpty()) {
                List<String> ids = List.copyOf(f.getItemIds());
                return fetcher -> fetcher.run(ids);
            }
            throw new IllegalStateException("personalize.fetcher.enabled is true, but the job has no items to fetch:"
                    + " set personalize.fetcher.catalog-csv or personalize.fetcher.item-ids, or define an"
                    + " ItemIdSource bean");
        }
    }
}
