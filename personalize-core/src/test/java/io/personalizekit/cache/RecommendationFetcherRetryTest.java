package io.personalizekit.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.observe.FetchItemEvent;
import io.personalizekit.observe.FetchItemOutcome;
import io.personalizekit.observe.FetchProgressEvent;
import io.personalizekit.observe.LiveCallEvent;
import io.personalizekit.observe.LiveCallOutcome;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.RecordingListener;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
import software.amazon.awssdk.services.personalizeruntime.model.PersonalizeRuntimeException;

/**
 * The fetcher's item retries through the real SDK (its own retries off, so every call is the fetcher's) against
 * WireMock answering GetRecommendations as the runtime does: throttling, 5xx and connection resets, with the exact
 * number of calls on WireMock's journal, the exact pauses on fake time, and the exact figures of the summary.
 */
@Timeout(60)
class RecommendationFetcherRetryTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/articles";
    static final String SV = "arn:aws:personalize:us-east-1:000000000000:solution/articles/1a2b3c4d";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    final FakeClock clock = new FakeClock(Instant.parse("2026-12-03T10:00:00Z"));
    final CacheKeyspace keyspace = CacheKeyspace.builder()
            .campaignArn(CAMPAIGN)
            .solutionVersionArn(SV)
            .numResults(5)
            .build();
    final RecordingListener events = new RecordingListener();
    PersonalizeRuntimeClient runtime;
    SimilarItemsClient live;
    InMemoryRecommendationStore store;

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
        store = InMemoryRecommendationStore.builder().clock(clock).build();
    }

    @AfterEach
    void tearDown() {
        store.close();
        live.close();
        runtime.close();
    }

    /** The exact body the SDK sends for a seed: numResults is the keyspace's 5 plus the excluded seed. */
    static String body(String seed) {
        return "{\"campaignArn\":\"" + CAMPAIGN + "\",\"itemId\":\"" + seed + "\",\"numResults\":6}";
    }

    static ResponseDefinitionBuilder ok(String seed) {
        return okJson("{\"itemList\":[{\"itemId\":\"" + seed + "\"},{\"itemId\":\"" + seed + "-b\"},{\"itemId\":\""
                + seed + "-c\"}],\"recommendationId\":\"RID-" + seed + "\"}");
    }

    static ResponseDefinitionBuilder error(int status, String type) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-ErrorType", type)
                .withHeader("x-amzn-RequestId", "req-" + type)
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + type + " for the test\"}");
    }

    static ResponseDefinitionBuilder reset() {
        return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
    }

    /** Answers a seed's calls in turn with the given responses; the last one for every later call. */
    static void answers(String seed, ResponseDefinitionBuilder... responses) {
        String state = STARTED;
        for (int i = 0; i < responses.length; i++) {
            String next = i == responses.length - 1 ? state : "call-" + (i + 2);
            wm.stubFor(post(urlEqualTo("/recommendations"))
                    .withRequestBody(equalToJson(body(seed)))
                    .inScenario(seed)
                    .whenScenarioStateIs(state)
                    .willSetStateTo(next)
                    .willReturn(responses[i]));
            state = next;
        }
    }

    static int calls(String seed) {
        return wm.findAll(postRequestedFor(urlEqualTo("/recommendations")).withRequestBody(equalToJson(body(seed))))
                .size();
    }

    RecommendationFetcher.Builder fetcher() {
        return RecommendationFetcher.builder()
                .client(live)
                .store(store)
                .keyspace(keyspace)
                .maxTps(500)
                .maxConcurrency(1) // one worker: calls, events and failures come in the source's order
                .retryBackoff(Duration.ofMillis(200))
                .progressInterval(Duration.ofHours(1)) // only the final progress event
                .clock(clock)
                .listener(events)
                .timing(clock.ticker(), clock.sleeper());
    }

    /** The item retry pauses (the pacer's own pauses are 2 ms at 500 TPS). */
    List<Duration> retryPauses() {
        return clock.sleeps().stream()
                .filter(d -> d.compareTo(Duration.ofMillis(100)) >= 0)
                .collect(Collectors.toList());
    }

    Duration slept() {
        return clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus);
    }

    List<FetchItemOutcome> outcomes() {
        return events.fetchItems.stream().map(FetchItemEvent::outcome).collect(Collectors.toList());
    }

    List<LiveCallOutcome> callOutcomes() {
        return events.liveCalls.stream().map(LiveCallEvent::outcome).collect(Collectors.toList());
    }

    @Test
    void run_whenThrottledTwice_pausesBackoffTimesTheAttemptAndFetchesOnTheThirdCall() {
        answers("a-1", error(400, "ThrottlingException"), error(400, "ThrottlingException"), ok("a-1"));

        FetchSummary summary = fetcher().maxAttempts(3).build().run(List.of("a-1"));

        assertThat(calls("a-1")).isEqualTo(3);
        assertThat(retryPauses()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(outcomes())
                .containsExactly(FetchItemOutcome.RETRIED, FetchItemOutcome.RETRIED, FetchItemOutcome.FETCHED);
        assertThat(callOutcomes())
                .containsExactly(LiveCallOutcome.THROTTLED, LiveCallOutcome.THROTTLED, LiveCallOutcome.SUCCESS);
        assertThat(events.liveCalls).extracting(LiveCallEvent::latency).containsOnly(Duration.ZERO);
        assertThat(events.liveCalls).extracting(LiveCallEvent::arn).containsOnly(CAMPAIGN);
        assertThat(events.liveCalls.get(0).error()).isInstanceOf(PersonalizeRuntimeException.class);
        assertThat(events.liveCalls.get(2).error()).isNull();
        assertThat(summary).isEqualTo(new FetchSummary(keyspace, 1, 1, 1, 0, 0, 0, Map.of(), slept(), true));
        SimilarItems stored = store.get(keyspace, "a-1").orElseThrow();
        assertThat(stored.itemIds()).containsExactly("a-1-b", "a-1-c");
        assertThat(stored.recommendationId()).hasValue("RID-a-1");
        assertThat(stored.source()).isEqualTo(ResultSource.LIVE);
        assertThat(store.activeGeneration(keyspace)).hasValue(1);
    }

    @Test
    void run_whenEveryAttemptFailsWith500_callsExactlyMaxAttemptsTimesAndPausesOnlyBetweenThem() {
        answers("broken", error(500, "InternalFailure"));
        List<String> ids = new ArrayList<>(List.of("broken"));
        IntStream.range(1, 20).forEach(i -> {
            answers("ok-" + i, ok("ok-" + i));
            ids.add("ok-" + i);
        });

        FetchSummary summary = fetcher().maxAttempts(4).build().run(ids);

        assertThat(calls("broken")).isEqualTo(4);
        assertThat(calls("ok-7")).isEqualTo(1);
        assertThat(retryPauses())
                .containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(600));
        assertThat(outcomes().subList(0, 4))
                .containsExactly(
                        FetchItemOutcome.RETRIED,
                        FetchItemOutcome.RETRIED,
                        FetchItemOutcome.RETRIED,
                        FetchItemOutcome.FAILED);
        assertThat(callOutcomes().subList(0, 5))
                .containsExactly(
                        LiveCallOutcome.SERVER_ERROR,
                        LiveCallOutcome.SERVER_ERROR,
                        LiveCallOutcome.SERVER_ERROR,
                        LiveCallOutcome.SERVER_ERROR,
                        LiveCallOutcome.SUCCESS);
        // 1 of 20 failed: exactly the default maxFailureRatio 0.05, so the generation is still activated
        assertThat(summary.total()).isEqualTo(20);
        assertThat(summary.fetched()).isEqualTo(19);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.resumed()).isZero();
        assertThat(summary.fallbacks()).isZero();
        assertThat(summary.activated()).isTrue();
        assertThat(summary.failures()).containsOnlyKeys("broken");
        assertThat(summary.failures().get("broken"))
                .startsWith("software.amazon.awssdk.services.personalizeruntime.model.PersonalizeRuntimeException:"
                        + " InternalFailure for the test (Service: PersonalizeRuntime, Status Code: 500, Request ID:"
                        + " req-InternalFailure)");
        assertThat(summary.elapsed()).isEqualTo(slept());
        assertThat(store.get(keyspace, "broken")).isEmpty();
        assertThat(store.get(keyspace, "ok-19")).isPresent();
    }

    @Test
    void run_whenOneMoreItemFailsThanTheRatioAllows_leavesTheGenerationPending() {
        answers("broken-1", error(500, "InternalFailure"));
        answers("broken-2", error(400, "ThrottlingException"));
        List<String> ids = new ArrayList<>(List.of("broken-1", "broken-2"));
        IntStream.range(2, 20).forEach(i -> {
            answers("ok-" + i, ok("ok-" + i));
            ids.add("ok-" + i);
        });

        FetchSummary summary = fetcher().maxAttempts(2).build().run(ids);

        assertThat(calls("broken-1")).isEqualTo(2);
        assertThat(calls("broken-2")).isEqualTo(2);
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(summary.fetched()).isEqualTo(18);
        assertThat(summary.activated()).isFalse();
        assertThat(summary.failures().keySet()).containsExactly("broken-1", "broken-2");
        assertThat(store.activeGeneration(keyspace)).isEmpty();
        assertThat(store.pendingGeneration(keyspace)).hasValue(summary.generation());
        assertThat(store.itemIds(keyspace, summary.generation())).hasSize(18).doesNotContain("broken-1");
    }

    @Test
    void run_whenTheConnectionIsResetOnce_retriesAndFetches() {
        answers("a-1", reset(), ok("a-1"));
        answers("a-2", ok("a-2"));

        FetchSummary summary = fetcher().maxAttempts(2).build().run(List.of("a-1", "a-2"));

        assertThat(calls("a-1")).isEqualTo(2);
        assertThat(calls("a-2")).isEqualTo(1);
        assertThat(retryPauses()).containsExactly(Duration.ofMillis(200));
        assertThat(callOutcomes())
                .containsExactly(LiveCallOutcome.IO_ERROR, LiveCallOutcome.SUCCESS, LiveCallOutcome.SUCCESS);
        assertThat(outcomes())
                .containsExactly(FetchItemOutcome.RETRIED, FetchItemOutcome.FETCHED, FetchItemOutcome.FETCHED);
        assertThat(summary).isEqualTo(new FetchSummary(keyspace, 1, 2, 2, 0, 0, 0, Map.of(), slept(), true));
    }

    @Test
    void run_withOneAttempt_neverRetriesNorPauses_andARatioOfOneStillActivates() {
        answers("a-1", error(400, "ThrottlingException"), ok("a-1"));

        FetchSummary summary =
                fetcher().maxAttempts(1).maxFailureRatio(1.0).build().run(List.of("a-1"));

        assertThat(calls("a-1")).isEqualTo(1);
        assertThat(retryPauses()).isEmpty();
        assertThat(outcomes()).containsExactly(FetchItemOutcome.FAILED);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.fetched()).isZero();
        assertThat(summary.activated()).isTrue();
        assertThat(store.activeGeneration(keyspace)).hasValue(summary.generation());
    }

    @Test
    void run_whenNoFailureIsAllowed_oneFailureOfManyLeavesThePendingGeneration() {
        answers("broken", error(500, "InternalFailure"));
        List<String> ids = new ArrayList<>(List.of("broken"));
        IntStream.range(1, 30).forEach(i -> {
            answers("ok-" + i, ok("ok-" + i));
            ids.add("ok-" + i);
        });

        FetchSummary summary =
                fetcher().maxAttempts(1).maxFailureRatio(0).build().run(ids);

        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.fetched()).isEqualTo(29);
        assertThat(summary.activated()).isFalse();
    }

    @Test
    void run_whenAPendingGenerationHoldsSomeItems_fetchesOnlyTheRestAndReportsExactFigures() {
        long pending = store.beginGeneration(keyspace);
        store.putAll(
                keyspace,
                pending,
                List.of(
                        SimilarItems.builder()
                                .seedItemId("a-1")
                                .fetchedAt(clock.instant())
                                .build(),
                        SimilarItems.builder()
                                .seedItemId("a-3")
                                .fetchedAt(clock.instant())
                                .build()));
        answers("a-2", ok("a-2"));
        answers("a-4", error(400, "ThrottlingException"), ok("a-4"));

        FetchSummary summary = fetcher().maxAttempts(2).build().run(List.of("a-1", "a-2", "a-3", "a-4"));

        assertThat(calls("a-2")).isEqualTo(1);
        assertThat(calls("a-4")).isEqualTo(2);
        assertThat(wm.getAllServeEvents()).hasSize(3);
        assertThat(summary).isEqualTo(new FetchSummary(keyspace, pending, 4, 2, 2, 0, 0, Map.of(), slept(), true));
        FetchProgressEvent last = events.fetchProgress.get(events.fetchProgress.size() - 1);
        Duration elapsed = slept();
        assertThat(last)
                .isEqualTo(new FetchProgressEvent(
                        CAMPAIGN, keyspace.id(), pending, 4, 4, 0, 2 / (elapsed.toNanos() / 1e9), elapsed));
        assertThat(events.fetchRuns).containsExactly(summary);
        assertThat(store.activeGeneration(keyspace)).hasValue(pending);
        assertThat(store.get(keyspace, "a-4").orElseThrow().itemIds()).containsExactly("a-4-b", "a-4-c");
    }

    @Test
    void run_whenResumeIsOff_beginsANewGenerationAndFetchesEverything() {
        long pending = store.beginGeneration(keyspace);
        store.putAll(
                keyspace,
                pending,
                List.of(SimilarItems.builder()
                        .seedItemId("a-1")
                        .fetchedAt(clock.instant())
                        .build()));
        answers("a-1", ok("a-1"));
        answers("a-2", ok("a-2"));

        FetchSummary summary = fetcher().resume(false).build().run(List.of("a-1", "a-2"));

        assertThat(calls("a-1")).isEqualTo(1);
        assertThat(summary.generation()).isEqualTo(pending + 1);
        assertThat(summary.resumed()).isZero();
        assertThat(summary.fetched()).isEqualTo(2);
        assertThat(store.activeGeneration(keyspace)).hasValue(pending + 1);
    }

    @Test
    void run_whenTheSourceIsEmpty_makesNoCallAndActivatesNothing() {
        FetchSummary summary = fetcher().build().run(List.of());

        assertThat(wm.getAllServeEvents()).isEmpty();
        assertThat(summary).isEqualTo(new FetchSummary(keyspace, 1, 0, 0, 0, 0, 0, Map.of(), Duration.ZERO, false));
        FetchProgressEvent last = events.fetchProgress.get(events.fetchProgress.size() - 1);
        assertThat(last).isEqualTo(new FetchProgressEvent(CAMPAIGN, keyspace.id(), 1, 0, 0, 0, 0.0, Duration.ZERO));
        assertThat(store.pendingGeneration(keyspace)).hasValue(1);
    }
}
