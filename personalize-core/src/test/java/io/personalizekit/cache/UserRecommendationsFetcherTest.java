package io.personalizekit.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.UserRecommendationsClient;
import io.personalizekit.testing.FakeClock;
import java.net.URI;
import java.time.Instant;
import java.util.List;
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

/** {@link UserRecommendationsFetcher} warming the store a {@link CachingUserRecommendationsClient} reads. */
@Timeout(60)
class UserRecommendationsFetcherTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/for-you";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    final FakeClock clock = new FakeClock(Instant.parse("2026-12-03T10:00:00Z"));
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
    }

    static void answer(String userId) {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .withRequestBody(equalToJson(
                        "{\"campaignArn\":\"" + CAMPAIGN + "\",\"userId\":\"" + userId + "\",\"numResults\":25}"))
                .willReturn(okJson("{\"itemList\":[{\"itemId\":\"for-" + userId + "\"}],\"recommendationId\":\"RID-"
                        + userId + "\"}")));
    }

    @Test
    void run_storesEachUsersListWhereTheCachingClientReadsIt_andListsTheUsersThatFailed() {
        answer("reader-1");
        answer("reader-2");
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .withRequestBody(equalToJson("{\"userId\":\"reader-3\"}", true, true))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("x-amzn-ErrorType", "InternalFailure")
                        .withBody("{\"message\":\"InternalFailure\"}")));
        InMemoryRecommendationStore store =
                InMemoryRecommendationStore.builder().clock(clock).build();

        UserRecommendationsFetcher.Result result = UserRecommendationsFetcher.builder()
                .client(live)
                .store(store)
                .campaignArn(CAMPAIGN)
                .maxConcurrency(2)
                .clock(clock)
                .sleeper(clock.sleeper())
                .ticker(clock.ticker())
                .build()
                .run(List.of("reader-1", "reader-2", "reader-3", "reader-1"));

        assertThat(result.total()).isEqualTo(3);
        assertThat(result.fetched()).isEqualTo(2);
        assertThat(result.failures()).containsOnlyKeys("reader-3");
        wm.verify(
                3,
                postRequestedFor(urlEqualTo("/recommendations"))
                        .withRequestBody(equalToJson("{\"userId\":\"reader-3\"}", true, true)));
        try (CachingUserRecommendationsClient cached = CachingUserRecommendationsClient.builder()
                .delegate(live)
                .campaignArn(CAMPAIGN)
                .store(store)
                .clock(clock)
                .build()) {
            assertThat(cached.forUser("reader-1").source()).isEqualTo(ResultSource.CACHE);
            assertThat(cached.forUser("reader-2").itemIds()).containsExactly("for-reader-2");
        }
        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/recommendations"))
                        .withRequestBody(equalToJson("{\"userId\":\"reader-1\"}", true, true)));
    }
}
