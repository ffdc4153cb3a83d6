package io.personalizekit.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.recommend.SimilarItemsClient;
import io.personalizekit.testing.FakeClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.PersonalizeRuntimeException;

/** The caching client over the real SimilarItemsClient and SDK, against WireMock answering as the runtime does. */
class CachingSimilarItemsClientWireMockTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/articles";
    static final String SV = "arn:aws:personalize:us-east-1:000000000000:solution/articles/1a2b3c4d";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));
    PersonalizeRuntimeClient runtime;
    SimilarItemsClient live;
    CachingSimilarItemsClient cached;

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
        cached = CachingSimilarItemsClient.builder()
                .delegate(live)
                .campaignArn(CAMPAIGN)
                .solutionVersionArn(SV)
                .ttl(Duration.ofMinutes(10))
                .refreshAhead(Duration.ZERO)
                .liveCallTimeout(Duration.ofSeconds(30)) // the first SDK call of a loaded test JVM can be slow
                .clock(clock)
                .build();
    }

    @AfterEach
    void tearDown() {
        cached.close();
        live.close();
        runtime.close();
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
    void similarTo_whenPersonalizeReturns500AfterExpiry_servesLastGoodListAsStale() {
        answerOk();
        SimilarItems good = cached.similarTo("a-1");
        clock.advance(Duration.ofMinutes(11));
        answerError(500, "InternalFailure");

        SimilarItems served = cached.similarTo("a-1");

        assertThat(good.source()).isEqualTo(ResultSource.LIVE);
        assertThat(served.source()).isEqualTo(ResultSource.STALE);
        assertThat(served.itemIds()).containsExactly("a-2", "a-3");
        assertThat(served.recommendationId()).isEqualTo(good.recommendationId());
        wm.verify(2, postRequestedFor(urlEqualTo("/recommendations")));
    }

    @Test
    void similarTo_whenPersonalizeThrottlesAfterExpiry_servesStale() {
        answerOk();
        cached.similarTo("a-1");
        clock.advance(Duration.ofMinutes(11));
        answerError(400, "ThrottlingException");

        assertThat(cached.similarTo("a-1").source()).isEqualTo(ResultSource.STALE);
        assertThat(cached.stats().staleCount()).isEqualTo(1);
    }

    @Test
    void similarTo_whenThrottledWithNothingCached_surfacesTheSdkException() {
        answerError(400, "ThrottlingException");

        assertThatThrownBy(() -> cached.similarTo("a-1"))
                .isInstanceOfSatisfying(
                        PersonalizeRuntimeException.class,
                        e -> assertThat(e.isThrottlingException()).isTrue());
    }

    @Test
    void similarTo_whenSeedUnknownToCampaignInvalidInput_throwsEvenWithStaleList() {
        answerOk();
        cached.similarTo("a-1");
        clock.advance(Duration.ofMinutes(11));
        answerError(400, "InvalidInputException");

        assertThatThrownBy(() -> cached.similarTo("a-1")).isInstanceOf(PersonalizeRuntimeException.class);
    }
}
