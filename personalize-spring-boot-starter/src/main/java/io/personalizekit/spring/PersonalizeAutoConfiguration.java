package io.personalizekit.spring;

import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.recommend.SimilarItemsClient;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
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
// Top-level classes, imported in this order: the live client's condition (no SimilarItemsClient yet) must be decided
// before the caching client, itself a SimilarItemsClient, is registered. (Nested configuration classes would be
// registered before this class's own beans, in no order one could rely on.)
@Import({LiveClientConfiguration.class, CacheConfiguration.class, FetcherConfiguration.class})
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
        throw new IllegalStateException(
                live.isEmpty()
                        ? "personalize-kit needs a live SimilarItemsClient bean for the cache and the fetcher, and there is"
                                + " none; set personalize.similar-items.campaign-arn or define one"
                        : "personalize-kit needs one live SimilarItemsClient bean for the cache and the fetcher, but there are "
                                + live.size() + " " + live + "; name the one to use personalizeSimilarItemsClient");
    }
}
