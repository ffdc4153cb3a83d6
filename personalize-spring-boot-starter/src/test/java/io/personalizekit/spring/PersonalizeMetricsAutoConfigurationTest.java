package io.personalizekit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.micrometer.PersonalizeKitMetrics;
import io.personalizekit.observe.PersonalizeKitListener;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The Micrometer binding in real application contexts against personalize-local's ACTIVE campaign: with a {@link
 * MeterRegistry} bean the auto-configured caching client reports to it; without one, or switched off, nothing is
 * bound.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PersonalizeMetricsAutoConfigurationTest {
    private static LocalFixtures fx;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    PersonalizeAutoConfiguration.class, PersonalizeMetricsAutoConfiguration.class))
            .withBean(AwsCredentialsProvider.class, () -> fx.local.credentialsProvider())
            .withPropertyValues(
                    "personalize.client.region=us-east-1",
                    "personalize.client.endpoint=" + fx.local.endpoint(),
                    "personalize.similar-items.campaign-arn=" + fx.campaignArn,
                    "personalize.cache.store=memory");

    @BeforeAll
    static void fixtures() {
        fx = LocalFixtures.get();
    }

    @Test
    void withAMeterRegistry_theCachingClientCountsItsRequestsAndLiveCalls() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasBean("personalizeKitMetricsListener");
            CachingSimilarItemsClient cached = context.getBean(CachingSimilarItemsClient.class);
            cached.similarTo("item-5");
            cached.similarTo("item-5");
            cached.similarTo("item-5");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(PersonalizeKitMetrics.CACHE_REQUESTS)
                            .tag("arn", fx.campaignArn)
                            .tag("result", "miss")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(registry.get(PersonalizeKitMetrics.CACHE_REQUESTS)
                            .tag("arn", fx.campaignArn)
                            .tag("result", "hit")
                            .counter()
                            .count())
                    .isEqualTo(2.0);
            assertThat(registry.get(PersonalizeKitMetrics.LIVE_CALLS)
                            .tag("arn", fx.campaignArn)
                            .timer()
                            .count())
                    .isEqualTo(1L);
        });
    }

    @Test
    void withoutAMeterRegistry_nothingIsBound() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(PersonalizeKitListener.class);
            assertThat(context).hasSingleBean(CachingSimilarItemsClient.class);
        });
    }

    @Test
    void switchedOff_nothingIsBound() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("personalize.metrics.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(PersonalizeKitListener.class);
                    cachedCallLeavesNoMeters(
                            context.getBean(CachingSimilarItemsClient.class), context.getBean(MeterRegistry.class));
                });
    }

    private static void cachedCallLeavesNoMeters(CachingSimilarItemsClient cached, MeterRegistry registry) {
        cached.similarTo("item-6");
        assertThat(registry.find(PersonalizeKitMetrics.CACHE_REQUESTS).meters()).isEmpty();
    }
}
