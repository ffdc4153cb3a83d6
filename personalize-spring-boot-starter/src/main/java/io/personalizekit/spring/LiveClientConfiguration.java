package io.personalizekit.spring;

import io.personalizekit.recommend.SimilarItemsClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/** The live similar-items client; registered before the cache, whose client is a SimilarItemsClient too. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "personalize.similar-items", name = "campaign-arn")
class LiveClientConfiguration {
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
