package io.personalizekit.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.exception.LiveCallRejectedException;
import io.personalizekit.observe.CacheRequestEvent;
import io.personalizekit.observe.CacheResult;
import io.personalizekit.observe.CircuitStateEvent;
import io.personalizekit.observe.CircuitStateEvent.Circuit;
import io.personalizekit.observe.LiveCallEvent;
import io.personalizekit.observe.LiveCallOrigin;
import io.personalizekit.observe.LiveCallOutcome;
import io.personalizekit.observe.LiveCallRejectedEvent;
import io.personalizekit.observe.PersonalizeKitListener;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.RecordingListener;
import io.personalizekit.testing.ThrowingListener;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/** What the caching client tells its listener, over the real SDK against WireMock answering as the runtime does. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CachingSimilarItemsClientListenerTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/articles";
    static final String SV = "arn:aws:personalize:us-east-1:000000000000:solution/articles/1a2b3c4d";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));
    final RecordingListener events = new RecordingListener();
    PersonalizeRuntimeClient runtime;
    SimilarItemsClient live;

    @BeforeEach
    void setUp() {
        runtime = PersonalizeRuntimeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        live = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(CAMPAIGN)
                .clock(clock)
                .build();
    }

    @AfterEach
    void tearDown() {
        live.close();
        runtime.close();
    }

    CachingSimilarItemsClient.Builder cached(PersonalizeKitListener listener) {
        return CachingSimilarItemsClient.builder()
                .delegate(live)
                .campaignArn(CAMPAIGN)
                .solutionVersionArn(SV)
                .ttl(Duration.ofMinutes(10))
                .refreshAhead(Duration.ZERO)
                .liveCallTimeout(Duration.ofSeconds(30)) // the first SDK call of a loaded test JVM can be slow
                .clock(clock)
                .listener(listener);
    }

    static void answerOk() {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(okJson("{\"itemList\":[{\"itemId\":\"a-2\"},{\"itemId\":\"a-3\"}],"
                        + "\"recommendationId\":\"RID-0241e16a-374f-4f90-866a-24e4e3f02f96\"}")));
    }

    static void answerError(int status, String type) {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", type)
                        .withHeader("x-amzn-RequestId", "req-1")
                        .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + type + "\"}")));
    }

    @Test
    void trafficCounterListener_countsTheLiveCallsAndNotTheHits() {
        io.personalizekit.cost.TrafficCounter counter =
                io.personalizekit.cost.TrafficCounter.create(clock, Duration.ofSeconds(10));
        try (CachingSimilarItemsClient cached = cached(counter.listener()).build()) {
            answerOk();
            cached.similarTo("a-1"); // miss: a live call
            cached.similarTo("a-1"); // hit: no call
            cached.similarTo("a-2"); // miss: a live call
            cached.similarTo("a-2"); // hit
        }
        assertThat(counter.arns()).containsExactly(CAMPAIGN);
        assertThat(counter.tps(CAMPAIGN)).isEqualTo(0.2); // 2 calls over the 10 s window
        assertThat(counter.lastSeen(CAMPAIGN)).contains(clock.instant());
    }

    @Test
    void similarTo_missThenHitThenStale_reportsOneResultPerRequestAndEachLiveCall() {
        try (CachingSimilarItemsClient cached = cached(events).build()) {
            answerOk();
            cached.similarTo("a-1"); // miss, live call
            cached.similarTo("a-1"); // hit
            clock.advance(Duration.ofMinutes(11));
            answerError(500, "InternalFailure");
            assertThat(cached.similarTo("a-1").source()).isEqualTo(ResultSource.STALE);
        }

        assertThat(events.cacheRequests)
                .extracting(CacheRequestEvent::campaignArn, CacheRequestEvent::result)
                .containsExactly(
                        tuple(CAMPAIGN, CacheResult.MISS),
                        tuple(CAMPAIGN, CacheResult.HIT),
                        tuple(CAMPAIGN, CacheResult.STALE));
        assertThat(events.liveCalls)
                .extracting(LiveCallEvent::arn, LiveCallEvent::origin, LiveCallEvent::outcome)
                .containsExactly(
                        tuple(CAMPAIGN, LiveCallOrigin.READ_THROUGH, LiveCallOutcome.SUCCESS),
                        tuple(CAMPAIGN, LiveCallOrigin.READ_THROUGH, LiveCallOutcome.SERVER_ERROR));
        assertThat(events.liveCalls.get(0).error()).isNull();
        assertThat(events.liveCalls.get(1).error()).hasMessageContaining("InternalFailure");
        assertThat(events.liveCalls).allSatisfy(e -> assertThat(e.latency()).isPositive());
        assertThat(events.circuits).isEmpty();
    }

    @Test
    void similarTo_whenTheLiveBreakerOpensAndRecovers_reportsTransitionsAndTheRejection() {
        try (CachingSimilarItemsClient cached =
                cached(events).liveCircuitBreaker(1, Duration.ofSeconds(1)).build()) {
            answerError(400, "ThrottlingException");
            assertThatThrownBy(() -> cached.similarTo("a-1")).hasMessageContaining("ThrottlingException");
            assertThatThrownBy(() -> cached.similarTo("a-2")).isInstanceOf(LiveCallRejectedException.class);
            clock.advance(Duration.ofSeconds(1));
            answerOk();
            assertThat(cached.similarTo("a-3").source()).isEqualTo(ResultSource.LIVE);
        }

        assertThat(events.liveCalls)
                .extracting(LiveCallEvent::outcome)
                .containsExactly(LiveCallOutcome.THROTTLED, LiveCallOutcome.SUCCESS);
        assertThat(events.rejections)
                .containsExactly(
                        new LiveCallRejectedEvent(CAMPAIGN, LiveCallRejectedException.Reason.CIRCUIT_OPEN, false));
        assertThat(events.cacheRequests)
                .extracting(CacheRequestEvent::result)
                .containsExactly(CacheResult.MISS, CacheResult.MISS, CacheResult.MISS);
        assertThat(events.circuits)
                .containsExactly(
                        new CircuitStateEvent(CAMPAIGN, Circuit.LIVE_CALL, CircuitState.CLOSED, CircuitState.OPEN),
                        new CircuitStateEvent(CAMPAIGN, Circuit.LIVE_CALL, CircuitState.OPEN, CircuitState.HALF_OPEN),
                        new CircuitStateEvent(
                                CAMPAIGN, Circuit.LIVE_CALL, CircuitState.HALF_OPEN, CircuitState.CLOSED));
    }

    @Test
    void similarTo_whenTheStoreFails_reportsTheStoreBreakerOpening() {
        FlakyStore store = new FlakyStore(InMemoryRecommendationStore.create());
        store.down = true;
        try (CachingSimilarItemsClient cached = cached(events)
                .store(store)
                .circuitBreaker(2, Duration.ofSeconds(5))
                .build()) {
            answerOk();
            cached.similarTo("a-1"); // read fails (1), live call, write fails (2): the breaker opens
            cached.similarTo("a-2"); // store skipped
        }

        assertThat(events.circuits)
                .containsExactly(
                        new CircuitStateEvent(CAMPAIGN, Circuit.STORE, CircuitState.CLOSED, CircuitState.OPEN));
        assertThat(events.cacheRequests)
                .extracting(CacheRequestEvent::result)
                .containsExactly(CacheResult.MISS, CacheResult.MISS);
    }

    @Test
    void similarTo_whenTheListenerThrows_answersAsWithoutIt() {
        ThrowingListener throwing = new ThrowingListener();
        try (CachingSimilarItemsClient cached =
                cached(throwing).liveCircuitBreaker(1, Duration.ofSeconds(1)).build()) {
            answerOk();
            assertThat(cached.similarTo("a-1").source()).isEqualTo(ResultSource.LIVE);
            assertThat(cached.similarTo("a-1").source()).isEqualTo(ResultSource.CACHE);
            answerError(500, "InternalFailure");
            assertThatThrownBy(() -> cached.similarTo("a-2")).hasMessageContaining("InternalFailure");
            assertThatThrownBy(() -> cached.similarTo("a-3")).isInstanceOf(LiveCallRejectedException.class);

            assertThat(cached.stats().hitCount()).isEqualTo(1);
            assertThat(cached.stats().liveCallCount()).isEqualTo(2);
            assertThat(cached.stats().liveCircuit()).isEqualTo(CircuitState.OPEN);
        }
        // requests 4, live calls 2, breaker opened 1, rejection 1
        assertThat(throwing.calls).hasValue(8);
    }

    @Test
    void liveCalls_thatTimeOutOrCannotConnect_areClassifiedAsSuch() throws Exception {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(okJson("{\"itemList\":[{\"itemId\":\"a-2\"}]}").withFixedDelay(3_000)));
        try (CachingSimilarItemsClient cached =
                cached(events).liveCallTimeout(Duration.ofMillis(300)).build()) {
            assertThatThrownBy(() -> cached.similarTo("a-1")).isInstanceOf(ApiCallTimeoutException.class);
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (PersonalizeRuntimeClient nowhere = PersonalizeRuntimeClient.builder()
                        .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build();
                SimilarItemsClient unreachable = SimilarItemsClient.builder()
                        .runtimeClient(nowhere)
                        .campaignArn(CAMPAIGN)
                        .build();
                CachingSimilarItemsClient cached = CachingSimilarItemsClient.builder()
                        .delegate(unreachable)
                        .campaignArn(CAMPAIGN)
                        .solutionVersionArn(SV)
                        .listener(events)
                        .build()) {
            assertThatThrownBy(() -> cached.similarTo("a-1")).isInstanceOf(SdkClientException.class);
        }

        assertThat(events.liveCalls)
                .extracting(LiveCallEvent::outcome)
                .containsExactly(LiveCallOutcome.TIMEOUT, LiveCallOutcome.IO_ERROR);
        assertThat(events.liveCalls.get(0).latency()).isLessThan(Duration.ofSeconds(3));
    }
}
