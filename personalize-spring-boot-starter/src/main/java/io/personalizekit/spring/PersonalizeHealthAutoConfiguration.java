package io.personalizekit.spring;

import io.personalizekit.cache.RecommendationStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * The {@code personalize} health indicator ({@link PersonalizeHealthIndicator}), when Boot's health support is on
 * the class path (actuator), a campaign is configured and {@code management.health.personalize.enabled} is not
 * false. A bean named {@code personalizeHealthIndicator} of the application's replaces it.
 */
@AutoConfiguration(after = PersonalizeAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnProperty(prefix = "personalize.similar-items", name = "campaign-arn")
@ConditionalOnEnabledHealthIndicator("personalize")
public class PersonalizeHealthAutoConfiguration {
    /** Created by Spring. */
    public PersonalizeHealthAutoConfiguration() {}

    /**
     * The indicator: the campaign ACTIVE, the cache's store (when there is one) reachable.
     *
     * @param personalize the control-plane client
     * @param store the cache's store, if there is exactly one
     * @param properties the settings
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "personalizeHealthIndicator")
    public PersonalizeHealthIndicator personalizeHealthIndicator(
            PersonalizeClient personalize,
            ObjectProvider<RecommendationStore> store,
            PersonalizeProperties properties) {
        return new PersonalizeHealthIndicator(
                personalize,
                properties.getSimilarItems().getCampaignArn(),
                store.getIfUnique(),
                properties.getSimilarItems().getNumResults());
    }
}
