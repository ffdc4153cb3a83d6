package io.personalizekit.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.personalizekit.cache.UserKeyspace;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The Redis store's per-user lists on a real redis-server, through both drivers. */
@ParameterizedClass(name = "{0}")
@EnumSource(RedisDriver.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisUserStoreTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/for-you";

    @Parameter
    RedisDriver driver;

    static RedisServerProcess server;
    static RedisClient rawClient;
    static StatefulRedisConnection<String, String> raw;
    static RedisCommands<String, String> redis;

    final UserKeyspace top25 = UserKeyspace.of(CAMPAIGN, UserRecommendationsRequest.forUser("-"));
    final UserKeyspace top10 = UserKeyspace.of(
            CAMPAIGN,
            UserRecommendationsRequest.builder().userId("-").numResults(10).build());
    RedisRecommendationStore store;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServerProcess.launch();
        rawClient = RedisClient.create(server.uri());
        raw = rawClient.connect();
        redis = raw.sync();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        raw.close();
        rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        server.close();
    }

    @BeforeEach
    void setUp() {
        redis.flushall();
        store = RedisRecommendationStore.builder()
                .redisUri(server.uri())
                .driver(driver)
                .keyPrefix("news:")
                .build();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static UserRecommendations list(String userId, String... items) {
        return UserRecommendations.builder()
                .userId(userId)
                .items(List.of(
                        RecommendedItem.builder()
                                .itemId(items[0])
                                .score(0.25)
                                .reasons(List.of("Exploration"))
                                .build(),
                        RecommendedItem.of(items[1])))
                .recommendationId("RID-7")
                .source(ResultSource.LIVE)
                .fetchedAt(Instant.parse("2026-12-03T10:00:00.123Z"))
                .build();
    }

    @Test
    void putUser_thenGetUser_roundTripsTheListAndSetsItsTtlInRedis() {
        UserRecommendations written = list("reader-7", "a-1", "a-2");

        store.putUser(top25, "reader-7", written, Duration.ofMinutes(30));

        assertThat(store.getUser(top25, "reader-7")).contains(written);
        assertThat(store.getUser(top10, "reader-7")).isEmpty();
        assertThat(store.getUser(top25, "reader-8")).isEmpty();
        String key = store.userIndexKey("reader-7") + ":" + top25.id();
        long pttl = redis.pttl(key);
        assertThat(pttl)
                .isBetween(
                        Duration.ofMinutes(29).toMillis(),
                        Duration.ofMinutes(30).toMillis());
        assertThat(redis.pttl(store.userIndexKey("reader-7"))).isGreaterThanOrEqualTo(pttl - 1_000);
        assertThat(redis.keys("*reader-7*")).as("no user id in key names").isEmpty();
    }

    @Test
    void eachEntry_hasItsOwnTtl_andTheIndexLivesAsLongAsTheLongest() {
        store.putUser(top25, "reader-7", list("reader-7", "a-1", "a-2"), Duration.ofHours(2));
        store.putUser(top10, "reader-7", list("reader-7", "a-3", "a-4"), Duration.ofMinutes(5));

        assertThat(redis.pttl(store.userIndexKey("reader-7") + ":" + top10.id()))
                .isLessThanOrEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(redis.pttl(store.userIndexKey("reader-7") + ":" + top25.id()))
                .isGreaterThan(Duration.ofMinutes(119).toMillis());
        assertThat(redis.pttl(store.userIndexKey("reader-7")))
                .isGreaterThan(Duration.ofMinutes(119).toMillis());
    }

    @Test
    void invalidateUser_deletesEveryListOfTheUserAndNothingElse() {
        store.putUser(top25, "reader-7", list("reader-7", "a-1", "a-2"), Duration.ofHours(1));
        store.putUser(top10, "reader-7", list("reader-7", "a-3", "a-4"), Duration.ofHours(1));
        store.putUser(top25, "reader-8", list("reader-8", "a-5", "a-6"), Duration.ofHours(1));

        assertThat(store.invalidateUser("reader-7")).containsExactlyInAnyOrder(top25.id(), top10.id());

        assertThat(store.getUser(top25, "reader-7")).isEmpty();
        assertThat(store.getUser(top10, "reader-7")).isEmpty();
        assertThat(redis.exists(store.userIndexKey("reader-7"))).isZero();
        assertThat(store.getUser(top25, "reader-8")).isPresent();
        assertThat(store.invalidateUser("reader-7")).isEmpty();
    }

    @Test
    void invalidateUser_reportsOnlyListsStillThere() {
        store.putUser(top25, "reader-7", list("reader-7", "a-1", "a-2"), Duration.ofHours(1));
        store.putUser(top10, "reader-7", list("reader-7", "a-3", "a-4"), Duration.ofHours(1));
        redis.del(store.userIndexKey("reader-7") + ":" + top10.id()); // as if it had expired

        assertThat(store.invalidateUser("reader-7")).containsExactly(top25.id());
    }
}
