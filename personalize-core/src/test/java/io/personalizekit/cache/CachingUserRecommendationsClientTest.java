package io.personalizekit.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.events.EventRecorder;
import io.personalizekit.exception.LiveCallRejectedException;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsClient;
import io.personalizekit.recommend.UserRecommendationsRequest;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.testing.FakeClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * {@link CachingUserRecommendationsClient} over the real {@link UserRecommendationsClient} and SDK, against WireMock
 * answering {@code GetRecommendations} and {@code PutEvents} in the services' wire format.
 */
@Timeout(60)
class CachingUserRecommendationsClientTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/for-you";

    record Reading(String user, String item, Instant at) {}

    static final BoundSchema<Reading> READINGS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .bind(Reading.class)
            .stringField("USER_ID", Reading::user)
            .stringField("ITEM_ID", Reading::item)
            .timestampField("TIMESTAMP", Reading::at)
            .build();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    final FakeClock clock = new FakeClock(Instant.parse("2026-12-03T10:00:00Z"));
    PersonalizeRuntimeClient runtime;
    PersonalizeEventsClient events;
    UserRecommendationsClient live;
    InMemoryRecommendationStore store;
    CachingUserRecommendationsClient cached;

    @BeforeEach
    void setUp() {
        runtime = PersonalizeRuntimeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        events = PersonalizeEventsClient.builder()
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
        store = InMemoryRecommendationStore.builder().clock(clock).build();
        cached = CachingUserRecommendationsClient.builder()
                .delegate(live)
                .campaignArn(CAMPAIGN)
                .store(store)
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
        events.close();
    }

    static void answer(String userId, String... items) {
        StringBuilder list = new StringBuilder();
        for (String i : items) {
            list.append(list.length() == 0 ? "" : ",")
                    .append("{\"itemId\":\"")
                    .append(i)
                    .append("\",\"score\":0.5}");
        }
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .withRequestBody(equalToJson(
                        "{\"campaignArn\":\"" + CAMPAIGN + "\",\"userId\":\"" + userId + "\",\"numResults\":25}"))
                .willReturn(okJson("{\"itemList\":[" + list
                        + "],\"recommendationId\":\"RID-0241e16a-374f-4f90-866a-24e4e3f02f96\"}")));
    }

    static void answerError(int status, String type) {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", type)
                        .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + type + "\"}")));
    }

    static int callsFor(String userId) {
        return wm.findAll(postRequestedFor(urlEqualTo("/recommendations"))
                        .withRequestBody(equalToJson("{\"userId\":\"" + userId + "\"}", true, true)))
                .size();
    }

    @Test
    void forUser_twiceWithinTtl_callsGetRecommendationsOnceWithTheUserAndServesTheSecondFromTheStore() {
        answer("reader-7", "a-7", "a-3");

        UserRecommendations first = cached.forUser("reader-7");
        UserRecommendations second = cached.forUser("reader-7");

        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/recommendations"))
                        .withRequestBody(equalToJson(
                                "{\"campaignArn\":\"" + CAMPAIGN + "\",\"userId\":\"reader-7\",\"numResults\":25}")));
        assertThat(first.source()).isEqualTo(ResultSource.LIVE);
        assertThat(second.source()).isEqualTo(ResultSource.CACHE);
        assertThat(second.itemIds()).containsExactly("a-7", "a-3");
        assertThat(second.items().get(0).score()).contains(0.5);
        assertThat(second.userId()).contains("reader-7");
        assertThat(cached.stats().hitCount()).isEqualTo(1);
    }

    @Test
    void forUser_afterTheTenMinuteDefaultTtl_callsAgain() {
        answer("reader-7", "a-7");
        cached.forUser("reader-7");
        clock.advance(Duration.ofMinutes(9));
        cached.forUser("reader-7");
        assertThat(callsFor("reader-7")).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        UserRecommendations later = cached.forUser("reader-7");

        assertThat(later.source()).isEqualTo(ResultSource.LIVE);
        assertThat(callsFor("reader-7")).isEqualTo(2);
    }

    @Test
    void forUser_whenPersonalizeFailsAfterExpiry_servesTheUsersLastListAsStale() {
        answer("reader-7", "a-7", "a-3");
        cached.forUser("reader-7");
        clock.advance(Duration.ofMinutes(11));
        answerError(500, "InternalFailure");

        UserRecommendations served = cached.forUser("reader-7");

        assertThat(served.source()).isEqualTo(ResultSource.STALE);
        assertThat(served.itemIds()).containsExactly("a-7", "a-3");
        assertThat(cached.stats().staleCount()).isEqualTo(1);
    }

    @Test
    void forUser_whenTheLiveBreakerIsOpenAndNothingIsCached_rejectsNamingTheUser() {
        answerError(500, "InternalFailure");
        CachingUserRecommendationsClient touchy = CachingUserRecommendationsClient.builder()
                .delegate(live)
                .campaignArn(CAMPAIGN)
                .liveCircuitBreaker(1, Duration.ofMinutes(1))
                .clock(clock)
                .build();
        try (touchy) {
            assertThatThrownBy(() -> touchy.forUser("reader-1")).isNotInstanceOf(LiveCallRejectedException.class);

            assertThatThrownBy(() -> touchy.forUser("reader-2"))
                    .isInstanceOfSatisfying(LiveCallRejectedException.class, e -> {
                        assertThat(e.userId()).contains("reader-2");
                        assertThat(e.getMessage()).contains("user reader-2").contains(CAMPAIGN);
                    });
        }
        assertThat(callsFor("reader-2")).isZero();
    }

    @Test
    void recordingAUsersEvents_throughTheRecorder_dropsOnlyThatUsersListsAndTheNextReadIsLive() {
        answer("reader-7", "a-7");
        answer("reader-8", "a-8");
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .withRequestBody(
                        equalToJson("{\"campaignArn\":\"" + CAMPAIGN + "\",\"userId\":\"reader-7\",\"numResults\":10}"))
                .willReturn(okJson("{\"itemList\":[{\"itemId\":\"a-7\"}],\"recommendationId\":\"RID-10\"}")));
        wm.stubFor(post(urlEqualTo("/events")).willReturn(okJson("{}")));
        EventRecorder<Reading> recorder = EventRecorder.builder(READINGS)
                .eventsClient(events)
                .trackingId("tracker-1")
                .eventType("read")
                .invalidates(cached)
                .build();
        cached.forUser("reader-7");
        cached.forUser("reader-8");
        cached.recommendations(r -> r.userId("reader-7").numResults(10));
        assertThat(store.getUser(cached.keyspaceFor(UserRecommendationsRequest.forUser("x")), "reader-7"))
                .isPresent();

        recorder.record(new Reading("reader-7", "a-42", clock.instant()));

        assertThat(store.getUser(cached.keyspaceFor(UserRecommendationsRequest.forUser("x")), "reader-7"))
                .isEmpty();
        assertThat(cached.forUser("reader-7").source()).isEqualTo(ResultSource.LIVE);
        assertThat(cached.forUser("reader-8").source()).isEqualTo(ResultSource.CACHE);
        assertThat(callsFor("reader-7")).isEqualTo(3); // 25, 10, then 25 again after the event
        assertThat(callsFor("reader-8")).isEqualTo(1);
    }

    @Test
    void purgeUser_namesTheKeyspacesWhoseListWasRemoved() {
        answer("reader-7", "a-7");
        cached.forUser("reader-7");
        UserKeyspace keyspace = cached.keyspaceFor(UserRecommendationsRequest.forUser("reader-7"));

        assertThat(cached.purgeUser("reader-7")).containsExactly(keyspace.id());
        assertThat(cached.purgeUser("reader-7")).isEmpty();
    }

    @Test
    void aLiveCallInFlightWhenTheUserIsInvalidated_isNeitherStoredNorSharedWithLaterReads() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        UserRecommendationsClient slow = new UserRecommendationsClient() {
            @Override
            public UserRecommendations recommendations(UserRecommendationsRequest request) {
                int n = calls.incrementAndGet();
                if (n == 1) {
                    called.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return UserRecommendations.builder()
                        .userId(request.userId().orElseThrow())
                        .items(List.of(RecommendedItem.of(n == 1 ? "before-the-event" : "after-the-event")))
                        .fetchedAt(clock.instant())
                        .build();
            }

            @Override
            public Recipe recipe() {
                return Recipe.USER_PERSONALIZATION_V2;
            }

            @Override
            public void close() {}
        };
        try (CachingUserRecommendationsClient c = CachingUserRecommendationsClient.builder()
                .delegate(slow)
                .campaignArn(CAMPAIGN)
                .clock(clock)
                .build()) {
            CompletableFuture<UserRecommendations> before = CompletableFuture.supplyAsync(() -> c.forUser("u-1"));
            assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();

            c.invalidateUser("u-1"); // the event arrives while the old answer is on its way
            CompletableFuture<UserRecommendations> after = CompletableFuture.supplyAsync(() -> c.forUser("u-1"));
            UserRecommendations second = after.get(30, TimeUnit.SECONDS); // did not wait for the old call
            release.countDown();
            before.get(30, TimeUnit.SECONDS);
            UserRecommendations third = c.forUser("u-1");

            assertThat(second.source()).isEqualTo(ResultSource.LIVE);
            assertThat(second.itemIds()).containsExactly("after-the-event");
            assertThat(third.source()).isEqualTo(ResultSource.CACHE);
            assertThat(third.itemIds()).containsExactly("after-the-event"); // not overwritten by the older answer
            assertThat(calls.get()).isEqualTo(2);
        }
    }

    @Test
    void aRequestWithoutAUser_goesToTheDelegateUncached() {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(okJson("{\"itemList\":[{\"itemId\":\"p-1\"}],\"recommendationId\":\"RID-1\"}")));
        UserRecommendationsClient popular = UserRecommendationsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(CAMPAIGN)
                .recipe(Recipe.POPULARITY_COUNT)
                .build();
        try (CachingUserRecommendationsClient c = CachingUserRecommendationsClient.builder()
                .delegate(popular)
                .campaignArn(CAMPAIGN)
                .build()) {
            c.recommendations(r -> r.numResults(5));
            c.recommendations(r -> r.numResults(5));
        }
        wm.verify(2, postRequestedFor(urlEqualTo("/recommendations")));
    }

    @Test
    void build_refusesAStoreTtlShorterThanTheTtl() {
        assertThatThrownBy(() -> CachingUserRecommendationsClient.builder()
                        .delegate(live)
                        .campaignArn(CAMPAIGN)
                        .ttl(Duration.ofHours(2))
                        .storeTtl(Duration.ofHours(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("storeTtl PT1H must not be shorter than ttl PT2H");
    }
}
