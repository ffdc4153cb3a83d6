package io.personalizekit.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.exception.FetchStoppedException;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsClient;
import io.personalizekit.recommend.UserRecommendationsRequest;
import io.personalizekit.testing.FakeClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * The user-list warmer's three attempts per user, its request shape on the wire, the time-to-live it stores with,
 * and its interruption, through the real SDK against WireMock.
 */
@Timeout(60)
class UserRecommendationsFetcherRetryTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/for-you";
    static final String FILTER = "arn:aws:personalize:us-east-1:000000000000:filter/unread";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    final FakeClock clock = new FakeClock(Instant.parse("2026-12-03T10:00:00Z"));
    final InMemoryRecommendationStore store =
            InMemoryRecommendationStore.builder().clock(clock).build();
    PersonalizeRuntimeClient runtime;
    UserRecommendationsClient live;

    @BeforeEach
    void setUp() {
        runtime = PersonalizeRuntimeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        live = UserRecommendationsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(CAMPAIGN)
                .recipe(Recipe.USER_PERSONALIZATION_V2)
                .clock(clock)
                .build();
    }

    @AfterEach
    void tearDown() {
        live.close();
        runtime.close();
        store.close();
    }

    static String body(String userId) {
        return "{\"campaignArn\":\"" + CAMPAIGN + "\",\"userId\":\"" + userId + "\",\"numResults\":10,\"filterArn\":\""
                + FILTER + "\",\"filterValues\":{\"GENRE\":\"\\\"news\\\"\"}}";
    }

    static ResponseDefinitionBuilder ok(String userId) {
        return RecommendationFetcherRetryTest.ok(userId);
    }

    static void answers(String userId, ResponseDefinitionBuilder... responses) {
        String state = STARTED;
        for (int i = 0; i < responses.length; i++) {
            String next = i == responses.length - 1 ? state : "call-" + (i + 2);
            wm.stubFor(post(urlEqualTo("/recommendations"))
                    .withRequestBody(equalToJson(body(userId)))
                    .inScenario(userId)
                    .whenScenarioStateIs(state)
                    .willSetStateTo(next)
                    .willReturn(responses[i]));
            state = next;
        }
    }

    static int calls(String userId) {
        return wm.findAll(postRequestedFor(urlEqualTo("/recommendations")).withRequestBody(equalToJson(body(userId))))
                .size();
    }

    UserRecommendationsFetcher.Builder fetcher() {
        return UserRecommendationsFetcher.builder()
                .client(live)
                .store(store)
                .campaignArn(CAMPAIGN)
                .request(r -> r.numResults(10).filterArn(FILTER).putFilterValue("GENRE", "\"news\""))
                .storeTtl(Duration.ofMinutes(30))
                .maxTps(500)
                .maxConcurrency(1)
                .clock(clock)
                .sleeper(clock.sleeper())
                .ticker(clock.ticker());
    }

    UserKeyspace keyspace() {
        return UserKeyspace.of(
                CAMPAIGN,
                UserRecommendationsRequest.builder()
                        .userId("-")
                        .numResults(10)
                        .filterArn(FILTER)
                        .putFilterValue("GENRE", "\"news\"")
                        .build());
    }

    @Test
    void run_triesEachUserThreeTimes_storesWithTheTtlAndReportsTheLastError() {
        answers(
                "u-1",
                RecommendationFetcherRetryTest.error(400, "ThrottlingException"),
                RecommendationFetcherRetryTest.error(500, "InternalFailure"),
                ok("u-1"));
        answers(
                "u-2",
                RecommendationFetcherRetryTest.error(400, "ThrottlingException"),
                RecommendationFetcherRetryTest.error(500, "InternalFailure"));
        answers("u-3", ok("u-3"));

        UserRecommendationsFetcher fetcher = fetcher().build();
        UserRecommendationsFetcher.Result result = fetcher.run(List.of("u-1", "u-2", "u-3", "u-1"));

        assertThat(calls("u-1")).isEqualTo(3);
        assertThat(calls("u-2")).isEqualTo(3);
        assertThat(calls("u-3")).isEqualTo(1);
        assertThat(result.total()).isEqualTo(3);
        assertThat(result.fetched()).isEqualTo(2);
        assertThat(result.failures()).containsOnlyKeys("u-2");
        assertThat(result.failures().get("u-2"))
                .startsWith("software.amazon.awssdk.services.personalizeruntime.model.PersonalizeRuntimeException:"
                        + " InternalFailure for the test");
        Duration slept = clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(result.elapsed()).isEqualTo(slept);
        assertThat(fetcher.keyspace()).isEqualTo(keyspace());

        UserRecommendations stored = store.getUser(keyspace(), "u-1").orElseThrow();
        assertThat(stored.itemIds()).containsExactly("u-1", "u-1-b", "u-1-c");
        assertThat(stored.recommendationId()).hasValue("RID-u-1");
        assertThat(stored.source()).isEqualTo(ResultSource.LIVE);
        assertThat(store.getUser(keyspace(), "u-2")).isEmpty();
        // u-3 was stored last, at the end of the run: it expires exactly 30 minutes later
        clock.advance(Duration.ofMinutes(30).minusMillis(1));
        assertThat(store.getUser(keyspace(), "u-3")).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(store.getUser(keyspace(), "u-3")).isEmpty();
    }

    @Test
    void run_whenAPacingPauseIsInterrupted_reportsThatUserAndStopsTheWorker() {
        answers("u-1", ok("u-1"));
        AtomicInteger pauses = new AtomicInteger();
        UserRecommendationsFetcher fetcher = fetcher()
                .sleeper(d -> {
                    if (pauses.incrementAndGet() == 1) {
                        throw new InterruptedException("stop");
                    }
                    clock.advance(d);
                })
                .build();

        UserRecommendationsFetcher.Result result = fetcher.run(List.of("u-1", "u-2", "u-3", "u-4"));

        assertThat(calls("u-1")).isEqualTo(1);
        assertThat(wm.getAllServeEvents()).hasSize(1);
        assertThat(result.total()).isEqualTo(4);
        assertThat(result.fetched()).isEqualTo(1);
        assertThat(result.failures()).isEqualTo(Map.of("u-2", "interrupted"));
        assertThat(pauses).hasValue(1);
    }

    @Test
    void run_whenTheCallingThreadIsInterrupted_stopsWithFetchStoppedExceptionAndKeepsTheFlag() {
        answers("u-1", ok("u-1"));
        answers("u-2", ok("u-2"));
        UserRecommendationsFetcher fetcher = fetcher().build();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> fetcher.run(List.of("u-1", "u-2")))
                    .isInstanceOfSatisfying(
                            FetchStoppedException.class,
                            e -> assertThat(e.getCause()).isInstanceOf(InterruptedException.class))
                    .hasMessage("Fetch of the lists of 2 users was interrupted; run again");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void run_whenNoUsers_makesNoCallAndReportsNothing() {
        UserRecommendationsFetcher.Result result = fetcher().build().run(List.of());

        assertThat(result).isEqualTo(new UserRecommendationsFetcher.Result(0, 0, Map.of(), Duration.ZERO));
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void builder_rejectsOutOfRangeValuesAndAMissingTarget() {
        assertThatThrownBy(() -> UserRecommendationsFetcher.builder().maxTps(0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTps must be above 0 and at most 500.0, but it is 0.0");
        assertThatThrownBy(() -> UserRecommendationsFetcher.builder().maxTps(500.5))
                .hasMessage("maxTps must be above 0 and at most 500.0, but it is 500.5");
        assertThatThrownBy(() -> UserRecommendationsFetcher.builder().maxTps(Double.NaN))
                .hasMessage("maxTps must be above 0 and at most 500.0, but it is NaN");
        assertThat(UserRecommendationsFetcher.builder().maxTps(500)).isNotNull();
        assertThatThrownBy(() -> UserRecommendationsFetcher.builder().maxConcurrency(0))
                .hasMessage("maxConcurrency must be 1 to 256, but it is 0");
        assertThatThrownBy(() -> UserRecommendationsFetcher.builder().maxConcurrency(257))
                .hasMessage("maxConcurrency must be 1 to 256, but it is 257");
        assertThat(UserRecommendationsFetcher.builder().maxConcurrency(256)).isNotNull();
        assertThat(UserRecommendationsFetcher.builder().maxConcurrency(1)).isNotNull();
        assertThatThrownBy(() -> UserRecommendationsFetcher.builder().storeTtl(Duration.ZERO))
                .hasMessage("storeTtl must be positive, but it is PT0S");
        assertThatThrownBy(() -> UserRecommendationsFetcher.builder()
                        .client(live)
                        .store(store)
                        .build())
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("campaignArn (or recommenderArn, or deployment): the caching client's");
        assertThat(UserRecommendationsFetcher.builder()
                        .client(live)
                        .store(store)
                        .recommenderArn("arn:aws:personalize:us-east-1:000000000000:recommender/r")
                        .build()
                        .keyspace()
                        .targetArn())
                .isEqualTo("arn:aws:personalize:us-east-1:000000000000:recommender/r");
    }
}
