package io.personalizekit.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.exception.LiveCallRejectedException;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsClient;
import io.personalizekit.recommend.UserRecommendationsRequest;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.PersonalizeRuntimeException;

/**
 * The user caching client's construction rules, its store TTL, its invalidation errors, what it closes and how it
 * describes itself; over the real UserRecommendationsClient and SDK against WireMock, with an injected clock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CachingUserRecommendationsClientBoundaryTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/for-you";
    static final String RECOMMENDER = "arn:aws:personalize:us-east-1:000000000000:recommender/top-picks";

    static final UserRecommendationsClient NEVER_CALLED = new UserRecommendationsClient() {
        @Override
        public UserRecommendations recommendations(UserRecommendationsRequest request) {
            throw new AssertionError("no live call expected");
        }

        @Override
        public Recipe recipe() {
            return Recipe.USER_PERSONALIZATION_V2;
        }

        @Override
        public void close() {}
    };

    /** The real in-memory store that can be taken down and remembers being closed. */
    static final class DownStore implements UserRecommendationStore {
        final InMemoryRecommendationStore inner;
        volatile boolean down;
        volatile boolean closed;

        DownStore(FakeClock clock) {
            inner = InMemoryRecommendationStore.builder().clock(clock).build();
        }

        void check() {
            if (down) {
                throw new IllegalStateException("store is down");
            }
        }

        @Override
        public Optional<UserRecommendations> getUser(UserKeyspace keyspace, String userId) {
            check();
            return inner.getUser(keyspace, userId);
        }

        @Override
        public void putUser(UserKeyspace keyspace, String userId, UserRecommendations list, Duration timeToLive) {
            check();
            inner.putUser(keyspace, userId, list, timeToLive);
        }

        @Override
        public Set<String> invalidateUser(String userId) {
            check();
            return inner.invalidateUser(userId);
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public String toString() {
            return "DownStore";
        }
    }

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig()
                    .dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    final FakeClock clock = new FakeClock(Instant.parse("2026-12-03T10:00:00Z"));
    PersonalizeRuntimeClient runtime;
    UserRecommendationsClient live;
    DownStore store;

    @BeforeEach
    void setUp() {
        runtime = CacheClientWire.runtime(wm);
        live = UserRecommendationsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(CAMPAIGN)
                .recipe(Recipe.USER_PERSONALIZATION_V2)
                .clock(clock)
                .build();
        store = new DownStore(clock);
    }

    @AfterEach
    void tearDown() {
        live.close();
        runtime.close();
    }

    CachingUserRecommendationsClient.Builder cached() {
        return CachingUserRecommendationsClient.builder()
                .delegate(live)
                .campaignArn(CAMPAIGN)
                .store(store)
                .refreshAhead(Duration.ZERO)
                .liveCallTimeout(Duration.ofSeconds(30))
                .clock(clock);
    }

    static String body(String userId) {
        return "{\"campaignArn\":\"" + CAMPAIGN + "\",\"userId\":\"" + userId + "\",\"numResults\":25}";
    }

    static void answer(String userId, String item) {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .withRequestBody(equalToJson(body(userId)))
                .willReturn(okJson("{\"itemList\":[{\"itemId\":\"" + item + "\",\"score\":0.5}],"
                        + "\"recommendationId\":\"RID-1\"}")));
    }

    static void fail(String userId) {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .withRequestBody(equalToJson(body(userId)))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "InternalFailure")
                        .withBody("{\"__type\":\"InternalFailure\",\"message\":\"InternalFailure\"}")));
    }

    static int calls(String userId) {
        return wm.findAll(postRequestedFor(urlEqualTo("/recommendations")).withRequestBody(equalToJson(body(userId))))
                .size();
    }

    @Test
    void build_refusesAMissingDelegateOrTarget_andAcceptsAStoreTtlEqualToTheTtl() {
        assertThatThrownBy(() -> CachingUserRecommendationsClient.builder()
                        .campaignArn(CAMPAIGN)
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("delegate");
        assertThatThrownBy(() -> CachingUserRecommendationsClient.builder()
                        .delegate(live)
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("campaignArn (or recommenderArn, or deployment): part of every key");
        try (CachingUserRecommendationsClient c =
                cached().ttl(Duration.ofHours(1)).storeTtl(Duration.ofHours(1)).build()) {
            assertThat(c.toString()).contains("ttl=PT1H, storeTtl=PT1H,");
        }
    }

    @Test
    void aListStaysInTheStoreForTheStoreTtl_toBeServedStale_andNotLonger() {
        answer("u-1", "a-1");
        answer("u-2", "a-2");
        try (CachingUserRecommendationsClient c =
                cached().storeTtl(Duration.ofMinutes(30)).build()) {
            c.forUser("u-1");
            c.forUser("u-2");
            clock.advance(Duration.ofMinutes(30).minusMillis(1));
            fail("u-1");
            fail("u-2");

            UserRecommendations stale = c.forUser("u-1");
            clock.advance(Duration.ofMillis(1));

            assertThat(stale.source()).isEqualTo(ResultSource.STALE);
            assertThat(stale.itemIds()).containsExactly("a-1");
            assertThatThrownBy(() -> c.forUser("u-2")).isInstanceOf(PersonalizeRuntimeException.class);
            assertThat(c.stats().staleCount()).isEqualTo(1);
        }
    }

    @Test
    void aHit_isServedFromTheStoreAsCache_andCounted() {
        answer("u-1", "a-1");
        try (CachingUserRecommendationsClient c = cached().build()) {
            UserRecommendations first = c.forUser("u-1");
            UserRecommendations second = c.forUser("u-1");
            UserRecommendations other = c.recommendations(r -> r.userId("u-1").numResults(25));

            assertThat(first.source()).isEqualTo(ResultSource.LIVE);
            assertThat(second.source()).isEqualTo(ResultSource.CACHE);
            assertThat(other.source()).isEqualTo(ResultSource.CACHE);
            assertThat(calls("u-1")).isEqualTo(1);
            assertThat(c.stats())
                    .isEqualTo(new CacheStats(2, 1, 0, 0, 0, 1, 0, 0, 0, 0, CircuitState.CLOSED, CircuitState.CLOSED));
        }
    }

    @Test
    void purgeUser_whenTheStoreFails_throwsACacheStoreExceptionNamingTheUserAndTheStore() {
        store.down = true;
        try (CachingUserRecommendationsClient c = cached().build()) {
            assertThatThrownBy(() -> c.purgeUser("u-1"))
                    .isInstanceOfSatisfying(
                            CacheStoreException.class,
                            e -> assertThat(e.keyspaceId()).contains("user"))
                    .hasMessage("Could not remove the cached lists of user u-1 from DownStore:"
                            + " java.lang.IllegalStateException: store is down")
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThatCode(() -> c.invalidateUser("u-1")).doesNotThrowAnyException();
            assertThatThrownBy(() -> c.purgeUser(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("userId");
        }
    }

    @Test
    void invalidateUser_dropsTheUsersListSoTheNextReadIsLive() {
        answer("u-1", "a-1");
        try (CachingUserRecommendationsClient c = cached().build()) {
            c.forUser("u-1");
            c.invalidateUser("u-1");
            assertThat(c.forUser("u-1").source()).isEqualTo(ResultSource.LIVE);
            assertThat(c.forUser("u-1").source()).isEqualTo(ResultSource.CACHE);
            assertThat(calls("u-1")).isEqualTo(2);
        }
    }

    @Test
    void recipe_isTheDelegates() {
        try (CachingUserRecommendationsClient c = cached().build()) {
            assertThat(c.recipe()).isEqualTo(Recipe.USER_PERSONALIZATION_V2);
        }
    }

    @Test
    void aRecommenderTarget_keysTheListsAndNamesTheRejection() {
        fail("u-1");
        try (CachingUserRecommendationsClient c = CachingUserRecommendationsClient.builder()
                .delegate(live)
                .recommenderArn(RECOMMENDER)
                .store(store)
                .liveCircuitBreaker(1, Duration.ofMinutes(1))
                .clock(clock)
                .build()) {
            UserRecommendationsRequest r = UserRecommendationsRequest.forUser("u-1");
            assertThat(c.keyspaceFor(r)).isEqualTo(UserKeyspace.of(RECOMMENDER, r));
            assertThatThrownBy(() -> c.forUser("u-1")).isInstanceOf(PersonalizeRuntimeException.class);
            assertThatThrownBy(() -> c.forUser("u-1")).isInstanceOfSatisfying(LiveCallRejectedException.class, e -> {
                assertThat(e.reason()).isEqualTo(LiveCallRejectedException.Reason.CIRCUIT_OPEN);
                assertThat(e.userId()).contains("u-1");
                assertThat(e.campaignArn()).isEqualTo(RECOMMENDER);
            });
        }
    }

    @Test
    void campaignRef_isTheTarget() {
        try (CachingUserRecommendationsClient c = CachingUserRecommendationsClient.builder()
                .delegate(live)
                .campaign(CampaignRef.of(CAMPAIGN))
                .build()) {
            UserRecommendationsRequest r = UserRecommendationsRequest.forUser("u-1");
            assertThat(c.keyspaceFor(r)).isEqualTo(UserKeyspace.of(CAMPAIGN, r));
        }
    }

    @Test
    void close_closesTheStoreItCreated_butNotAGivenOne() {
        answer("u-1", "a-1");
        try (CachingUserRecommendationsClient c = cached().build()) {
            c.forUser("u-1");
        }
        assertThat(store.closed).isFalse();
        CachingUserRecommendationsClient owning = CachingUserRecommendationsClient.builder()
                .delegate(live)
                .campaignArn(CAMPAIGN)
                .clock(clock)
                .build();
        owning.forUser("u-1");
        assertThat(owning.forUser("u-1").source()).isEqualTo(ResultSource.CACHE);
        owning.close();
        assertThat(owning.forUser("u-1").source()).isEqualTo(ResultSource.LIVE);
        assertThat(calls("u-1")).isEqualTo(3);
    }

    @Test
    void toString_namesTheTargetTheTimesTheStoreAndTheCounters() {
        try (CachingUserRecommendationsClient c = cached().build()) {
            assertThat(c.toString())
                    .isEqualTo("CachingUserRecommendationsClient{target=" + CAMPAIGN
                            + ", ttl=PT10M, storeTtl=PT24H, store=DownStore, " + c.stats() + "}");
        }
    }
}
