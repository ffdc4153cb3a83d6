package io.personalizekit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.cache.FetchSummary;
import io.personalizekit.cache.InMemoryRecommendationStore;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.cache.redis.RedisServerProcess;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.recommend.SimilarItemsRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * The auto-configuration in real application contexts (one small context per case, through Boot's {@link
 * ApplicationContextRunner}), against personalize-local's ACTIVE campaign and a real redis-server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PersonalizeAutoConfigurationTest {
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static LocalFixtures fx;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(PersonalizeAutoConfiguration.class, PersonalizeHealthAutoConfiguration.class))
            .withBean(AwsCredentialsProvider.class, () -> fx.local.credentialsProvider())
            .withPropertyValues(
                    "personalize.client.region=us-east-1",
                    "personalize.client.endpoint=" + fx.local.endpoint(),
                    "personalize.similar-items.campaign-arn=" + fx.campaignArn);

    @BeforeAll
    static void fixtures() {
        fx = LocalFixtures.get();
    }

    /** A key prefix of this test's own, so that tests sharing the redis-server never see each other's lists. */
    private static String prefix() {
        return "t" + PREFIXES.incrementAndGet() + "-" + System.nanoTime() + ":";
    }

    private ApplicationContextRunner withRedis(String prefix) {
        return runner.withPropertyValues(
                "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + fx.redis.port(),
                "personalize.cache.redis.key-prefix=" + prefix);
    }

    @Test
    void defaults_liveAndCachingClients_inMemoryStore_cachedClientIsTheOneInjected() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(PersonalizeClient.class);
            assertThat(context).hasSingleBean(PersonalizeRuntimeClient.class);
            assertThat(context).hasSingleBean(CachingSimilarItemsClient.class);
            assertThat(context).hasSingleBean(PersonalizeHealthIndicator.class);
            assertThat(context).doesNotHaveBean(FetcherJob.class);
            assertThat(context.getBean(RecommendationStore.class)).isInstanceOf(InMemoryRecommendationStore.class);
            assertThat(context.getBean("personalizeSimilarItemsClient"))
                    .isNotInstanceOf(CachingSimilarItemsClient.class);
            // @Primary: what an application injects as a SimilarItemsClient is the cached one
            SimilarItemsClient injected = context.getBean(SimilarItemsClient.class);
            assertThat(injected).isSameAs(context.getBean(CachingSimilarItemsClient.class));

            CachingSimilarItemsClient cached = (CachingSimilarItemsClient) injected;
            assertThat(cached.keyspace().solutionVersionArn()).isEqualTo(fx.solutionVersionArn);
            assertThat(cached.keyspace().numResults()).isEqualTo(25);
            long before = fx.recommendationRequests();
            SimilarItems first = cached.similarTo("item-3");
            SimilarItems second = cached.similarTo("item-3");
            assertThat(first.source()).isEqualTo(ResultSource.LIVE);
            assertThat(first.itemIds()).hasSize(25).doesNotContain("item-3");
            assertThat(second.source()).isEqualTo(ResultSource.CACHE);
            assertThat(second.itemIds()).isEqualTo(first.itemIds());
            assertThat(fx.recommendationRequests() - before).isEqualTo(1);
        });
    }

    @Test
    void withoutCampaign_onlyTheSdkClients() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        PersonalizeAutoConfiguration.class, PersonalizeHealthAutoConfiguration.class))
                .withBean(AwsCredentialsProvider.class, () -> fx.local.credentialsProvider())
                .withPropertyValues("personalize.client.region=us-east-1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(PersonalizeRuntimeClient.class);
                    assertThat(context).doesNotHaveBean(SimilarItemsClient.class);
                    assertThat(context).doesNotHaveBean(RecommendationStore.class);
                    assertThat(context).doesNotHaveBean(HealthIndicator.class);
                });
    }

    @Test
    void cacheDisabled_theLiveClientOnly() {
        runner.withPropertyValues("personalize.cache.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(CachingSimilarItemsClient.class);
            assertThat(context).doesNotHaveBean(RecommendationStore.class);
            assertThat(context.getBean(SimilarItemsClient.class)
                            .similarTo("item-1")
                            .source())
                    .isEqualTo(ResultSource.LIVE);
        });
    }

    @Test
    void theApplicationsSdkClientsAreBorrowed() {
        PersonalizeRuntimeClient own = PersonalizeRuntimeClient.builder()
                .endpointOverride(fx.local.endpoint())
                .region(fx.local.region())
                .credentialsProvider(fx.local.credentialsProvider())
                .build();
        PersonalizeClient ownControl = PersonalizeClient.builder()
                .endpointOverride(fx.local.endpoint())
                .region(fx.local.region())
                .credentialsProvider(fx.local.credentialsProvider())
                .build();
        try {
            // Our endpoint property points at a closed port: only the application's client can answer.
            runner.withPropertyValues("personalize.client.endpoint=http://127.0.0.1:1")
                    .withBean(PersonalizeRuntimeClient.class, () -> own)
                    .withBean(PersonalizeClient.class, () -> ownControl)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(PersonalizeRuntimeClient.class))
                                .isSameAs(own);
                        assertThat(context.getBean(PersonalizeClient.class)).isSameAs(ownControl);
                        SimilarItems result =
                                context.getBean(SimilarItemsClient.class).similarTo("item-2");
                        assertThat(result.source()).isEqualTo(ResultSource.LIVE);
                        assertThat(result.itemIds()).hasSize(25);
                    });
        } finally {
            own.close();
            ownControl.close();
        }
    }

    @Test
    void theApplicationsStoreAndLiveClientWin() {
        InMemoryRecommendationStore store = InMemoryRecommendationStore.create();
        AtomicInteger liveCalls = new AtomicInteger();
        runner.withBean(RecommendationStore.class, () -> store)
                .withBean(
                        SimilarItemsClient.class,
                        () -> new CountingClient(
                                SimilarItemsClient.builder()
                                        .runtimeClient(fx.local.runtimeClient())
                                        .campaignArn(fx.campaignArn)
                                        .build(),
                                liveCalls))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean("personalizeSimilarItemsClient");
                    assertThat(context).doesNotHaveBean("personalizeRecommendationStore");
                    CachingSimilarItemsClient cached = context.getBean(CachingSimilarItemsClient.class);
                    assertThat(context.getBean(SimilarItemsClient.class)).isSameAs(cached);
                    cached.similarTo("item-8");
                    assertThat(liveCalls).hasValue(1); // the application's live client made the call
                    assertThat(store.get(cached.keyspace(), "item-8")).isPresent(); // into the application's store
                });
    }

    @Test
    void theApplicationsCachingClientAndHealthIndicatorWin() {
        CachingSimilarItemsClient own = CachingSimilarItemsClient.builder()
                .delegate(SimilarItemsClient.builder()
                        .runtimeClient(fx.local.runtimeClient())
                        .campaignArn(fx.campaignArn)
                        .build())
                .campaignArn(fx.campaignArn)
                .solutionVersionArn(fx.solutionVersionArn)
                .build();
        HealthIndicator ownHealth = () -> Health.up().withDetail("own", true).build();
        runner.withBean(CachingSimilarItemsClient.class, () -> own)
                .withBean("personalizeHealthIndicator", HealthIndicator.class, () -> ownHealth)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean("personalizeCachingSimilarItemsClient");
                    assertThat(context.getBean(CachingSimilarItemsClient.class)).isSameAs(own);
                    assertThat(context).doesNotHaveBean(PersonalizeHealthIndicator.class);
                    assertThat(context.getBean("personalizeHealthIndicator")).isSameAs(ownHealth);
                });
    }

    @Test
    void customizers_changeTheCachingClientAndTheFetcher() {
        AtomicInteger fetcherCalls = new AtomicInteger();
        runner.withPropertyValues(
                        "personalize.fetcher.enabled=true",
                        "personalize.fetcher.initial-delay=1h", // runNow() only
                        "personalize.fetcher.item-ids=item-20,item-21")
                // the caching client's clock two hours ahead: every list it reads has outlived its 1 h ttl
                .withBean(
                        CachingClientCustomizer.class,
                        () -> cache -> cache.clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(2)))
                                .refreshAhead(Duration.ZERO))
                .withBean(
                        FetcherCustomizer.class,
                        () -> fetcher -> fetcher.client(new CountingClient(
                                SimilarItemsClient.builder()
                                        .runtimeClient(fx.local.runtimeClient())
                                        .campaignArn(fx.campaignArn)
                                        .build(),
                                fetcherCalls)))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FetcherJob.class).runNow().fetched())
                            .isEqualTo(2);
                    assertThat(fetcherCalls).hasValue(2); // the fetcher customizer's client made the calls
                    CachingSimilarItemsClient cached = context.getBean(CachingSimilarItemsClient.class);
                    long before = fx.recommendationRequests();
                    assertThat(cached.similarTo("item-20").source()).isEqualTo(ResultSource.LIVE); // expired
                    assertThat(fx.recommendationRequests() - before).isEqualTo(1);
                });
    }

    @Test
    void redisStore_fromSpringDataRedisHostAndPort() {
        String prefix = prefix();
        withRedis(prefix).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RecommendationStore.class)).isInstanceOf(RedisRecommendationStore.class);
            CachingSimilarItemsClient cached = context.getBean(CachingSimilarItemsClient.class);
            List<String> served = cached.similarTo("item-4").itemIds();
            // Another client of the same server, as another instance of the application would be, reads the list.
            try (RedisRecommendationStore other = RedisRecommendationStore.builder()
                    .redisUri(fx.redis.uri())
                    .keyPrefix(prefix)
                    .build()) {
                assertThat(other.get(cached.keyspace(), "item-4"))
                        .hasValueSatisfying(s -> assertThat(s.itemIds()).isEqualTo(served));
            }
        });
    }

    @Test
    void redisStore_fromSpringDataRedisPassword_andUrl() throws Exception {
        String password = "p@ss word:1"; // reserved characters, percent-encoded into the URI
        try (RedisServerProcess secured = RedisServerProcess.launch(password)) {
            String prefix = prefix();
            runner.withPropertyValues(
                            "spring.data.redis.host=127.0.0.1",
                            "spring.data.redis.port=" + secured.port(),
                            "spring.data.redis.password=" + password,
                            "personalize.cache.redis.key-prefix=" + prefix)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        CachingSimilarItemsClient cached = context.getBean(CachingSimilarItemsClient.class);
                        cached.similarTo("item-5");
                        try (RedisRecommendationStore other = RedisRecommendationStore.builder()
                                .redisUri(secured.uri().replace(password, "p%40ss%20word%3A1"))
                                .keyPrefix(prefix)
                                .build()) {
                            assertThat(other.get(cached.keyspace(), "item-5")).isPresent();
                        }
                    });
        }
        String prefix = prefix();
        runner.withPropertyValues(
                        "spring.data.redis.url=" + fx.redis.uri(), "personalize.cache.redis.key-prefix=" + prefix)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    CachingSimilarItemsClient cached = context.getBean(CachingSimilarItemsClient.class);
                    cached.similarTo("item-6");
                    try (RedisRecommendationStore other = RedisRecommendationStore.builder()
                            .redisUri(fx.redis.uri())
                            .keyPrefix(prefix)
                            .build()) {
                        assertThat(other.get(cached.keyspace(), "item-6")).isPresent();
                    }
                });
    }

    @Test
    void memoryStore_whenConfigured_evenWithRedisSettings() {
        withRedis(prefix()).withPropertyValues("personalize.cache.store=memory").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(RecommendationStore.class)).isInstanceOf(InMemoryRecommendationStore.class);
        });
    }

    @Test
    void health_upWithActiveCampaignAndReachableStore() {
        withRedis(prefix()).run(context -> {
            assertThat(context).hasNotFailed();
            Health health = context.getBean(PersonalizeHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("status", "ACTIVE")
                    .containsEntry("campaign", fx.campaignArn)
                    .containsEntry("solutionVersion", fx.solutionVersionArn)
                    .containsEntry("store", "UP")
                    .containsEntry("activeGeneration", "none");
        });
    }

    @Test
    void health_downWhenTheStoreIsUnreachable() throws Exception {
        RedisServerProcess doomed = RedisServerProcess.launch();
        try {
            runner.withPropertyValues(
                            "personalize.cache.redis.url=" + doomed.uri(),
                            "personalize.cache.redis.command-timeout=500ms")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        HealthIndicator indicator = context.getBean(PersonalizeHealthIndicator.class);
                        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                        doomed.close(); // the Redis server dies
                        Health health = indicator.health();
                        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(health.getDetails()).containsEntry("status", "ACTIVE");
                        assertThat((String) health.getDetails().get("store")).startsWith("DOWN");
                    });
        } finally {
            doomed.close();
        }
    }

    @Test
    void health_downWhenTheCampaignIsMissing() {
        runner.withPropertyValues(
                        "personalize.similar-items.campaign-arn=arn:aws:personalize:us-east-1:000000000000:campaign/gone")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Health health =
                            context.getBean(PersonalizeHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails()).containsEntry("status", "NOT FOUND");
                });
    }

    @Test
    void health_offWhenDisabled() {
        runner.withPropertyValues("management.health.personalize.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PersonalizeHealthIndicator.class));
    }

    @Test
    void fetcherJob_runsWhenEnabled_andFillsTheRedisCache() {
        String prefix = prefix();
        withRedis(prefix)
                .withPropertyValues(
                        "personalize.fetcher.enabled=true",
                        "personalize.fetcher.item-ids=" + String.join(",", LocalFixtures.ITEM_IDS),
                        "personalize.fetcher.max-tps=500")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    FetcherJob job = context.getBean(FetcherJob.class);
                    await().atMost(Duration.ofSeconds(60)).until(() -> job.completedRuns() >= 1);
                    FetchSummary summary = job.lastSummary().orElseThrow();
                    assertThat(summary.activated()).isTrue();
                    assertThat(summary.total()).isEqualTo(60);
                    assertThat(summary.fetched()).isEqualTo(60);
                    assertThat(job.failedRuns()).isZero();

                    CachingSimilarItemsClient cached = context.getBean(CachingSimilarItemsClient.class);
                    assertThat(summary.keyspace()).isEqualTo(cached.keyspace());
                    long before = fx.recommendationRequests();
                    for (String id : LocalFixtures.ITEM_IDS) {
                        assertThat(cached.similarTo(id).source()).isEqualTo(ResultSource.CACHE);
                    }
                    assertThat(fx.recommendationRequests()).isEqualTo(before); // Personalize saw none of them
                    try (RedisRecommendationStore other = RedisRecommendationStore.builder()
                            .redisUri(fx.redis.uri())
                            .keyPrefix(prefix)
                            .build()) {
                        assertThat(other.activeGeneration(cached.keyspace())).hasValue(summary.generation());
                        assertThat(other.itemIds(cached.keyspace(), summary.generation()))
                                .containsExactlyInAnyOrderElementsOf(LocalFixtures.ITEM_IDS);
                    }
                });
    }

    @Test
    void fetcherJob_readsTheCatalogCsv_andAnItemIdSourceBeanWins(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("items.csv");
        Files.writeString(csv, "ITEM_ID,LABELS\nitem-1,A\nitem-2,B\nitem-3,A\n");
        ApplicationContextRunner fetching = runner.withPropertyValues(
                "personalize.fetcher.enabled=true",
                "personalize.fetcher.initial-delay=1h", // runNow() only
                "personalize.fetcher.catalog-csv=" + csv,
                "personalize.fetcher.max-tps=500");
        fetching.run(context -> {
            assertThat(context).hasNotFailed();
            FetchSummary summary = context.getBean(FetcherJob.class).runNow();
            assertThat(summary.total()).isEqualTo(3);
            assertThat(summary.activated()).isTrue();
        });
        fetching.withBean(ItemIdSource.class, () -> () -> Stream.of("item-10", "item-11"))
                .run(context -> {
                    FetchSummary summary = context.getBean(FetcherJob.class).runNow();
                    assertThat(summary.total()).isEqualTo(2);
                    assertThat(context.getBean(CachingSimilarItemsClient.class)
                                    .similarTo("item-11")
                                    .source())
                            .isEqualTo(ResultSource.CACHE);
                });
    }

    @Test
    void fetcherJob_withoutItems_failsAtStartupNamingTheProperties() {
        runner.withPropertyValues("personalize.fetcher.enabled=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("personalize.fetcher.catalog-csv")
                    .hasMessageContaining("personalize.fetcher.item-ids")
                    .hasMessageContaining("ItemIdSource");
        });
    }

    @Test
    void configurationMetadata_isGenerated_withEveryPropertyDescribed() throws IOException {
        JsonNode metadata = null;
        for (URL url : Collections.list(
                getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode node = new ObjectMapper().readTree(in);
                if (node.path("groups").toString().contains("io.personalizekit.spring.PersonalizeProperties")) {
                    metadata = node;
                }
            }
        }
        assertThat(metadata).as("our spring-configuration-metadata.json").isNotNull();
        List<String> names = new ArrayList<>();
        for (JsonNode p : metadata.get("properties")) {
            names.add(p.get("name").asText());
            assertThat(p.path("description").asText())
                    .as(p.get("name").asText())
                    .isNotBlank();
        }
        assertThat(names)
                .contains(
                        "personalize.client.region",
                        "personalize.client.endpoint",
                        "personalize.similar-items.campaign-arn",
                        "personalize.similar-items.num-results",
                        "personalize.cache.enabled",
                        "personalize.cache.store",
                        "personalize.cache.ttl",
                        "personalize.cache.redis.url",
                        "personalize.fetcher.enabled",
                        "personalize.fetcher.cron",
                        "personalize.fetcher.interval",
                        "personalize.fetcher.item-ids",
                        "personalize.fetcher.catalog-csv",
                        "personalize.metrics.enabled");
        Map<String, String> defaults = new java.util.HashMap<>();
        metadata.get("properties")
                .forEach(p -> defaults.put(
                        p.get("name").asText(), p.path("defaultValue").asText()));
        assertThat(defaults)
                .containsEntry("personalize.cache.ttl", "1h")
                .containsEntry("personalize.similar-items.num-results", "25")
                .containsEntry("personalize.fetcher.interval", "14d");
    }

    /** The application's own live client: counts the calls it makes. */
    private static final class CountingClient implements SimilarItemsClient {
        private final SimilarItemsClient delegate;
        private final AtomicInteger calls;

        CountingClient(SimilarItemsClient delegate, AtomicInteger calls) {
            this.delegate = delegate;
            this.calls = calls;
        }

        @Override
        public SimilarItems similarItems(SimilarItemsRequest request) {
            calls.incrementAndGet();
            return delegate.similarItems(request);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
