package io.personalizekit.micrometer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.personalizekit.cache.CachingSimilarItemsClient;
import io.personalizekit.events.ItemSeeder;
import io.personalizekit.exception.DeliveryException;
import io.personalizekit.exception.LiveCallRejectedException;
import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.exception.WaitTimeoutException;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.resource.DatasetGroupRef;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakePersonalize;
import io.personalizekit.waiter.ResourceWaiter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * The meters of failures: the real caching client, seeder and waiter over the real SDK, against WireMock answering
 * errors in the service's wire format, recording into a {@link SimpleMeterRegistry}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PersonalizeKitMetricsFaultsTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/articles";
    static final String SV = "arn:aws:personalize:us-east-1:000000000000:solution/articles/1a2b3c4d";
    static final String DATASET = "arn:aws:personalize:us-east-1:000000000000:dataset/news/ITEMS";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    record Article(String id, List<String> labels) {}

    static final BoundSchema<Article> ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .bind(Article.class)
            .stringField("ITEM_ID", Article::id)
            .categoricalField("LABELS", Article::labels)
            .build();

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final PersonalizeKitMetrics metrics = PersonalizeKitMetrics.of(registry, Tags.of("application", "news"));
    PersonalizeRuntimeClient runtime;

    @BeforeEach
    void setUp() {
        runtime = PersonalizeRuntimeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    static void answer(String path, int status, String type) {
        wm.stubFor(post(urlEqualTo(path))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", type)
                        .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + type + "\"}")));
    }

    double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    double state(String circuit, String state) {
        return registry.get(PersonalizeKitMetrics.CIRCUIT_STATE)
                .tags("arn", CAMPAIGN, "circuit", circuit, "state", state)
                .gauge()
                .value();
    }

    @Test
    void cachingClient_underThrottling_countsStaleAndRejectedAndShowsTheOpenBreaker() {
        try (SimilarItemsClient live = SimilarItemsClient.builder()
                        .runtimeClient(runtime)
                        .campaignArn(CAMPAIGN)
                        .clock(clock)
                        .build();
                CachingSimilarItemsClient cached = CachingSimilarItemsClient.builder()
                        .delegate(live)
                        .campaignArn(CAMPAIGN)
                        .solutionVersionArn(SV)
                        .ttl(Duration.ofMinutes(10))
                        .refreshAhead(Duration.ZERO)
                        .liveCallTimeout(Duration.ofSeconds(30))
                        .liveCircuitBreaker(2, Duration.ofSeconds(1))
                        .clock(clock)
                        .listener(metrics)
                        .build()) {
            wm.stubFor(post(urlEqualTo("/recommendations"))
                    .willReturn(okJson("{\"itemList\":[{\"itemId\":\"a-2\"},{\"itemId\":\"a-3\"}]}")));
            cached.similarTo("a-1"); // miss, success
            cached.similarTo("a-1"); // hit
            clock.advance(Duration.ofMinutes(11));
            answer("/recommendations", 400, "ThrottlingException");
            assertThat(cached.similarTo("a-1").source()).isEqualTo(ResultSource.STALE); // throttled 1
            assertThatThrownBy(() -> cached.similarTo("a-9")).hasMessageContaining("Throttling"); // 2: opens
            assertThat(state("live_call", "open")).isEqualTo(1.0);
            assertThat(cached.similarTo("a-1").source()).isEqualTo(ResultSource.STALE); // not called
            assertThatThrownBy(() -> cached.similarTo("a-8")).isInstanceOf(LiveCallRejectedException.class);
        }

        assertThat(count(PersonalizeKitMetrics.CACHE_REQUESTS, "arn", CAMPAIGN, "result", "hit"))
                .isEqualTo(1);
        assertThat(count(PersonalizeKitMetrics.CACHE_REQUESTS, "arn", CAMPAIGN, "result", "miss"))
                .isEqualTo(3);
        assertThat(count(PersonalizeKitMetrics.CACHE_REQUESTS, "arn", CAMPAIGN, "result", "stale"))
                .isEqualTo(2);
        assertThat(registry.get(PersonalizeKitMetrics.LIVE_CALLS)
                        .tags("arn", CAMPAIGN, "origin", "read_through", "outcome", "throttled")
                        .timer()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get(PersonalizeKitMetrics.LIVE_CALLS)
                        .tags("outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(count(
                        PersonalizeKitMetrics.LIVE_REJECTED,
                        "arn",
                        CAMPAIGN,
                        "reason",
                        "circuit_open",
                        "served",
                        "stale"))
                .isEqualTo(1);
        assertThat(count(
                        PersonalizeKitMetrics.LIVE_REJECTED,
                        "arn",
                        CAMPAIGN,
                        "reason",
                        "circuit_open",
                        "served",
                        "error"))
                .isEqualTo(1);
        assertThat(state("live_call", "open")).isEqualTo(1.0);
        assertThat(state("live_call", "closed")).isZero();
        assertThat(state("store", "closed")).isEqualTo(1.0);
        assertThat(count(
                        PersonalizeKitMetrics.CIRCUIT_TRANSITIONS,
                        "arn",
                        CAMPAIGN,
                        "circuit",
                        "live_call",
                        "state",
                        "open"))
                .isEqualTo(1);
        assertThat(registry.getMeters())
                .allSatisfy(m -> assertThat(m.getId().getTag("application")).isEqualTo("news"));
    }

    @Test
    void seeder_whenRejectedThenStopped_countsSentFailedRetriedAndUnsent() {
        try (PersonalizeEventsClient events = PersonalizeEventsClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            ItemSeeder<Article> seeder = ItemSeeder.builder(ITEMS)
                    .eventsClient(events)
                    .datasetArn(DATASET)
                    .rateLimiter(clock.limiter(10))
                    .clock(clock)
                    .listener(metrics)
                    .build();
            wm.stubFor(post(urlEqualTo("/items")).atPriority(5).willReturn(okJson("{}")));
            wm.stubFor(post(urlEqualTo("/items"))
                    .atPriority(1)
                    .withRequestBody(containing("\"itemId\":\"a-2\""))
                    .willReturn(aResponse()
                            .withStatus(400)
                            .withHeader("Content-Type", "application/json")
                            .withHeader("x-amzn-ErrorType", "InvalidInputException")
                            .withBody("{\"__type\":\"InvalidInputException\",\"message\":\"bad item\"}")));
            seeder.seed(new Article("a-1", List.of("NEWS")), new Article("a-2", List.of("NEWS")));

            wm.stubFor(post(urlEqualTo("/items"))
                    .atPriority(1)
                    .withRequestBody(containing("\"itemId\":\"b-11\""))
                    .willReturn(aResponse()
                            .withStatus(404)
                            .withHeader("Content-Type", "application/json")
                            .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                            .withBody("{\"__type\":\"ResourceNotFoundException\",\"message\":\"no dataset\"}")));
            List<Article> many = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                many.add(new Article("b-" + i, List.of("NEWS")));
            }
            assertThatThrownBy(() -> seeder.seed(many)).isInstanceOf(DeliveryException.class);
        }

        String[] items = {"operation", "put_items"};
        assertThat(count(PersonalizeKitMetrics.EVENTS_RECORDS, "operation", "put_items", "result", "sent"))
                .isEqualTo(11); // a-1, then b-1 .. b-10
        assertThat(count(PersonalizeKitMetrics.EVENTS_RECORDS, "operation", "put_items", "result", "failed"))
                .isEqualTo(1); // a-2
        assertThat(count(PersonalizeKitMetrics.EVENTS_RECORDS, "operation", "put_items", "result", "unsent"))
                .isEqualTo(2); // b-11, b-12
        assertThat(count(PersonalizeKitMetrics.EVENTS_RETRIES, items)).isEqualTo(2);
        assertThat(registry.get(PersonalizeKitMetrics.EVENTS_DELIVERIES)
                        .tags("operation", "put_items", "outcome", "completed")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(PersonalizeKitMetrics.EVENTS_DELIVERIES)
                        .tags("operation", "put_items", "outcome", "stopped")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void waiter_timesFailedAndTimedOutWaitsByTheWaitersClock() {
        try (FakePersonalize fake = new FakePersonalize(clock);
                PersonalizeClient personalize = fake.newClient();
                ResourceWaiter waiter = ResourceWaiter.builder()
                        .personalizeClient(personalize)
                        .clock(clock)
                        .sleeper(clock.sleeper())
                        .listener(metrics)
                        .build()) {
            fake.failCreate("broken", "Internal error");
            DatasetGroupRef broken = DatasetGroupRef.of(
                    personalize.createDatasetGroup(b -> b.name("broken")).datasetGroupArn());
            assertThatThrownBy(() -> waiter.waitUntilActive(broken)).isInstanceOf(ResourceFailedException.class);
            fake.timeToActive(ResourceType.DATASET_GROUP, Duration.ofHours(1));
            DatasetGroupRef slow = DatasetGroupRef.of(
                    personalize.createDatasetGroup(b -> b.name("slow")).datasetGroupArn());
            assertThatThrownBy(() -> waiter.waitUntilActive(slow, p -> p.timeout(Duration.ofMinutes(2))))
                    .isInstanceOf(WaitTimeoutException.class);
        }

        assertThat(registry.get(PersonalizeKitMetrics.WAITER_DURATION)
                        .tags("resource.type", "dataset_group", "condition", "active", "outcome", "failed")
                        .timer()
                        .count())
                .isEqualTo(1);
        io.micrometer.core.instrument.Timer timedOut = registry.get(PersonalizeKitMetrics.WAITER_DURATION)
                .tags("resource.type", "dataset_group", "condition", "active", "outcome", "timed_out")
                .timer();
        assertThat(timedOut.count()).isEqualTo(1);
        assertThat(timedOut.totalTime(TimeUnit.SECONDS)).isEqualTo(120.0);
    }
}
