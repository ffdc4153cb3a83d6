package io.personalizekit.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.personalizekit.micrometer.PersonalizeKitMetrics;
import io.personalizekit.observe.PersonalizeKitListener;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Binds the toolkit's run-time events to the application's {@link MeterRegistry} (the meters of {@code
 * personalize-micrometer}, see docs/metrics.md), when Micrometer and {@code personalize-micrometer} are on the class
 * path, the application has a {@code MeterRegistry} bean (actuator makes one) and {@code
 * personalize.metrics.enabled} is not false. The listener goes onto the auto-configured caching client and fetcher
 * through a {@link CachingClientCustomizer} and a {@link FetcherCustomizer}, applied first so that an application's
 * own customizer can still replace it.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass({MeterRegistry.class, PersonalizeKitMetrics.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = "personalize.metrics", name = "enabled", matchIfMissing = true)
public class PersonalizeMetricsAutoConfiguration {
    /** Created by Spring. */
    public PersonalizeMetricsAutoConfiguration() {}

    /**
     * The listener that records to the registry.
     *
     * @param registry the application's registry
     * @return the listener
     */
    @Bean
    @ConditionalOnMissingBean(name = "personalizeKitMetricsListener")
    public PersonalizeKitListener personalizeKitMetricsListener(MeterRegistry registry) {
        return PersonalizeKitMetrics.of(registry);
    }

    /**
     * Puts the listener on the caching client.
     *
     * @param personalizeKitMetricsListener the listener
     * @return the customizer
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public CachingClientCustomizer personalizeMetricsCachingClientCustomizer(
            PersonalizeKitListener personalizeKitMetricsListener) {
        return b -> b.listener(personalizeKitMetricsListener);
    }

    /**
     * Puts the listener on the fetcher.
     *
     * @param personalizeKitMetricsListener the listener
     * @return the customizer
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public FetcherCustomizer personalizeMetricsFetcherCustomizer(PersonalizeKitListener personalizeKitMetricsListener) {
        return b -> b.listener(personalizeKitMetricsListener);
    }
}
