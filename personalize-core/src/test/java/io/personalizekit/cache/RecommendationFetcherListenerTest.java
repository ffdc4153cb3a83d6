package io.personalizekit.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.observe.FetchItemEvent;
import io.personalizekit.observe.FetchItemOutcome;
import io.personalizekit.observe.FetchProgressEvent;
import io.personalizekit.observe.LiveCallEvent;
import io.personalizekit.observe.LiveCallOrigin;
import io.personalizekit.observe.LiveCallOutcome;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.testing.RecordingListener;
import io.personalizekit.testing.ThrowingListener;
import java.net.URI;
import java.time.Duration;
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
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/** What the fetcher tells its listener, calling the real SDK against WireMock answering as the runtime does. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecommendationFetcherListenerTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/articles";
    static final String SV = "arn:aws:personalize:us-east-1:000000000000:solution/articles/1a2b3c4d";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    final RecordingListener events = new RecordingListener();
    final CacheKeyspace keyspace =
            CacheKeyspace.builder().campaignArn(CAMPAIGN).solutionVersionArn(SV).build();
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
                .catalog(id -> !id.equals("new-1"))
                .build();
        store = InMemoryRecommendationStore.create();
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .atPriority(5)
                .willReturn(okJson("{\"itemList\":[{\"itemId\":\"a-2\"},{\"itemId\":\"a-3\"}]}")));
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .atPriority(1)
                .withRequestBody(containing("\"itemId\":\"broken\""))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "InternalFailure")
                        .withBody("{\"__type\":\"InternalFailure\",\"message\":\"InternalFailure\"}")));
    }

    @AfterEach
    void tearDown() {
        store.close();
        live.close();
        runtime.close();
    }

    RecommendationFetcher fetcher(io.personalizekit.observe.PersonalizeKitListener listener) {
        return RecommendationFetcher.builder()
                .client(live)
                .store(store)
                .keyspace(keyspace)
                .maxTps(200)
                .maxConcurrency(1) // one worker: the events come in the source's order
                .maxAttempts(2)
                .retryBackoff(Duration.ZERO)
                .maxFailureRatio(0.5)
                .listener(listener)
                .build();
    }

    @Test
    void run_reportsEveryCallEveryItemTheFinalProgressAndTheSummary() {
        FetchSummary summary = fetcher(events).run(List.of("a-1", "broken", "new-1", "a-4"));

        assertThat(events.fetchItems)
                .extracting(FetchItemEvent::campaignArn, FetchItemEvent::keyspaceId, FetchItemEvent::outcome)
                .containsExactly(
                        tuple(CAMPAIGN, keyspace.id(), FetchItemOutcome.FETCHED),
                        tuple(CAMPAIGN, keyspace.id(), FetchItemOutcome.RETRIED),
                        tuple(CAMPAIGN, keyspace.id(), FetchItemOutcome.FAILED),
                        tuple(CAMPAIGN, keyspace.id(), FetchItemOutcome.FALLBACK),
                        tuple(CAMPAIGN, keyspace.id(), FetchItemOutcome.FETCHED));
        assertThat(events.liveCalls)
                .extracting(LiveCallEvent::arn, LiveCallEvent::origin, LiveCallEvent::outcome)
                .containsExactly(
                        tuple(CAMPAIGN, LiveCallOrigin.FETCHER, LiveCallOutcome.SUCCESS),
                        tuple(CAMPAIGN, LiveCallOrigin.FETCHER, LiveCallOutcome.SERVER_ERROR),
                        tuple(CAMPAIGN, LiveCallOrigin.FETCHER, LiveCallOutcome.SERVER_ERROR),
                        tuple(CAMPAIGN, LiveCallOrigin.FETCHER, LiveCallOutcome.SUCCESS),
                        tuple(CAMPAIGN, LiveCallOrigin.FETCHER, LiveCallOutcome.SUCCESS));
        FetchProgressEvent last = events.fetchProgress.get(events.fetchProgress.size() - 1);
        assertThat(last.done()).isEqualTo(4);
        assertThat(last.total()).isEqualTo(4);
        assertThat(last.failed()).isEqualTo(1);
        assertThat(last.generation()).isEqualTo(summary.generation());
        assertThat(last.fractionDone()).isEqualTo(1.0);
        assertThat(last.ratePerSecond()).isPositive();
        assertThat(events.fetchRuns).containsExactly(summary);
        assertThat(summary.activated()).isTrue();
    }

    @Test
    void run_whenTheListenerThrows_fetchesAndActivatesAsWithoutIt() {
        ThrowingListener throwing = new ThrowingListener();

        FetchSummary summary = fetcher(throwing).run(List.of("a-1", "broken", "new-1", "a-4"));

        assertThat(summary.fetched()).isEqualTo(3);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.fallbacks()).isEqualTo(1);
        assertThat(summary.activated()).isTrue();
        assertThat(store.get(keyspace, "a-4")).isPresent();
        // 5 calls, 5 item events, the final progress and the summary at least
        assertThat(throwing.calls.get()).isGreaterThanOrEqualTo(12);
    }
}
