package io.personalizekit.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.ResultSource;
import io.personalizekit.recommend.SimilarItems;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakeSimilarItemsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.UnifiedJedis;

@ParameterizedClass(name = "{0}")
@EnumSource(RedisDriver.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisRecommendationStoreTest {
    @Parameter
    RedisDriver driver;

    static RedisServerProcess server;
    static RedisClient rawClient;
    static StatefulRedisConnection<String, String> raw;
    static RedisCommands<String, String> redis;

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));
    final CacheKeyspace ks = CacheKeyspace.builder()
            .campaignArn("arn:aws:personalize:us-east-1:123456789012:campaign/news")
            .solutionVersionArn("arn:aws:personalize:us-east-1:123456789012:solution/news/v1")
            .build();
    RedisRecommendationStore store;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServerProcess.launch();
        rawClient = RedisClient.create(server.uri());
        raw = rawClient.connect();
        redis = raw.sync();
    }

    static UnifiedJedis jedisClient() {
        return server.jedis();
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
                .ttl(Duration.ofHours(1))
                .generationCacheTtl(Duration.ZERO)
                .build();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    SimilarItems list(String seed, String version) {
        return FakeSimilarItemsClient.answer(seed, 3, version, clock);
    }

    @Test
    void put_thenGet_roundTripsEveryField() {
        SimilarItems rich = SimilarItems.builder()
                .seedItemId("a")
                .items(List.of(
                        RecommendedItem.builder()
                                .itemId("b")
                                .score(0.5)
                                .putMetadata("GENRE", "x|y")
                                .build(),
                        RecommendedItem.of("c")))
                .recommendationId("RID-1")
                .source(ResultSource.FALLBACK)
                .fetchedAt(Instant.parse("2026-11-28T10:00:00.123Z"))
                .build();
        store.put(ks, rich);

        assertThat(store.get(ks, "a")).contains(rich);
        assertThat(store.get(ks, "nope")).isEmpty();
        assertThat(store.getAll(ks, List.of("a", "nope"))).isEqualTo(Map.of("a", rich));
        assertThat(store.itemIds(ks, RecommendationStore.LIVE_GENERATION)).containsExactly("a");
    }

    @Test
    void keys_areNamespacedByPrefixAndKeyspaceWithTtl() {
        store.put(ks, list("a", "v1"));

        List<String> keys = redis.keys("*");
        assertThat(keys).containsExactly("news:{" + ks.id() + "}:g:0");
        // ttl(1 h), set a moment ago: at most 3,600,000 ms, less only by the time since (a few on a loaded machine).
        assertThat(redis.pttl(keys.get(0))).isBetween(3_590_000L, 3_600_000L);

        try (RedisRecommendationStore other = RedisRecommendationStore.builder()
                .redisUri(server.uri())
                .driver(driver)
                .keyPrefix("shop:")
                .build()) {
            assertThat(other.get(ks, "a")).isEmpty();
        }
    }

    @Test
    void activate_switchesReadersAtomicallyAndRetiresOldGenerations() {
        store.put(ks, list("a", "live"));
        long g1 = store.beginGeneration(ks);
        store.putAll(ks, g1, List.of(list("a", "g1"), list("b", "g1")));

        assertThat(store.pendingGeneration(ks)).hasValue(g1);
        assertThat(store.get(ks, "a")).contains(list("a", "live"));
        assertThat(store.itemIds(ks, g1)).containsExactlyInAnyOrder("a", "b");

        store.activate(ks, g1);

        assertThat(store.activeGeneration(ks)).hasValue(g1);
        assertThat(store.pendingGeneration(ks)).isEmpty();
        assertThat(store.getAll(ks, List.of("a", "b"))).isEqualTo(Map.of("a", list("a", "g1"), "b", list("b", "g1")));
        // Retired, not deleted: readers of other processes may still hold generation 0 for their cache TTL.
        assertThat(redis.hgetall("news:{" + ks.id() + "}:g:0")).containsOnlyKeys("a");
        // The grace: generationCacheTtl (0 here) plus the 60 s margin.
        assertThat(store.retiredGenerationGrace()).isEqualTo(Duration.ofSeconds(60));
        assertThat(redis.pttl("news:{" + ks.id() + "}:g:0")).isBetween(50_000L, 60_000L);
        assertThat(redis.pttl("news:{" + ks.id() + "}:g:" + g1)).isBetween(3_590_000L, 3_600_000L);

        long g2 = store.beginGeneration(ks);
        assertThat(g2).isGreaterThan(g1);
        store.putAll(ks, g2, List.of(list("a", "g2")));
        store.activate(ks, g2);

        assertThat(store.get(ks, "b")).isEmpty();
        assertThat(redis.keys("news:*g:*"))
                .containsExactlyInAnyOrder(
                        "news:{" + ks.id() + "}:g:0",
                        "news:{" + ks.id() + "}:g:" + g1,
                        "news:{" + ks.id() + "}:g:" + g2);
        assertThat(redis.pttl("news:{" + ks.id() + "}:g:" + g1)).isBetween(50_000L, 60_000L);
        assertThat(redis.pttl("news:{" + ks.id() + "}:g:" + g2)).isBetween(3_590_000L, 3_600_000L);
    }

    @Test
    void activate_whenARetiredGenerationExpiresBeforeTheGrace_keepsItsEarlierExpiry() {
        try (RedisRecommendationStore shortLived = RedisRecommendationStore.builder()
                .redisUri(server.uri())
                .driver(driver)
                .keyPrefix("news:")
                .ttl(Duration.ofSeconds(20))
                .retiredGenerationGrace(Duration.ofMinutes(5))
                .build()) {
            shortLived.put(ks, list("a", "live"));
            long g1 = shortLived.beginGeneration(ks);
            shortLived.putAll(ks, g1, List.of(list("a", "g1")));

            shortLived.activate(ks, g1);

            // Its own 20 s TTL ends before the 5 min grace would: kept, not lengthened.
            assertThat(redis.pttl("news:{" + ks.id() + "}:g:0")).isBetween(10_000L, 20_000L);
            assertThat(shortLived.retiredGenerationGrace()).isEqualTo(Duration.ofMinutes(5));
        }
    }

    @Test
    void put_whenAnotherProcessSwitchedGenerations_writesIntoTheNewActiveOneNeverTheRetiredOne() {
        try (RedisRecommendationStore otherProcess = RedisRecommendationStore.builder()
                .redisUri(server.uri())
                .driver(driver)
                .keyPrefix("news:")
                .generationCacheTtl(Duration.ofMinutes(1))
                .build()) {
            store.put(ks, list("a", "live"));
            assertThat(otherProcess.get(ks, "a")).contains(list("a", "live")); // holds generation 0 for a minute
            long g1 = store.beginGeneration(ks);
            store.putAll(ks, g1, List.of(list("a", "g1")));
            store.activate(ks, g1);
            long retiredTtl = redis.pttl("news:{" + ks.id() + "}:g:0");

            otherProcess.put(ks, list("b", "live"));

            assertThat(redis.hkeys("news:{" + ks.id() + "}:g:0")).containsExactly("a");
            assertThat(redis.pttl("news:{" + ks.id() + "}:g:0")).isBetween(1L, retiredTtl);
            assertThat(store.get(ks, "b")).contains(list("b", "live"));
            // The failed conditional write made it read the pointer again: it now reads generation g1.
            assertThat(otherProcess.get(ks, "a")).contains(list("a", "g1"));
        }
    }

    @Test
    void otherDriver_readsWhatThisOneWrote() {
        RedisDriver other = driver == RedisDriver.JEDIS ? RedisDriver.LETTUCE : RedisDriver.JEDIS;
        long g = store.beginGeneration(ks);
        store.putAll(ks, g, List.of(list("a", "g1"), list("b", "g1")));
        store.activate(ks, g);

        try (RedisRecommendationStore reader = RedisRecommendationStore.builder()
                .redisUri(server.uri())
                .driver(other)
                .keyPrefix("news:")
                .build()) {
            assertThat(reader.activeGeneration(ks)).hasValue(g);
            assertThat(reader.getAll(ks, List.of("a", "b", "c")))
                    .isEqualTo(Map.of("a", list("a", "g1"), "b", list("b", "g1")));
            assertThat(reader.get(ks, "a")).contains(list("a", "g1"));
        }
    }

    @Test
    void putAll_whenManyLists_writesThemInChunks() {
        long g = store.beginGeneration(ks);
        List<SimilarItems> lists =
                IntStream.range(0, 1234).mapToObj(i -> list("item-" + i, "g")).collect(Collectors.toList());

        store.putAll(ks, g, lists);

        assertThat(redis.hlen("news:{" + ks.id() + "}:g:" + g)).isEqualTo(1234);
        Map<String, SimilarItems> some = store.getAll(ks, List.of("item-0"));
        assertThat(some).isEmpty(); // not active yet
    }

    @Test
    void readers_withGenerationCache_seeTheSwitchWithinItsTtl() {
        try (RedisRecommendationStore otherProcess = RedisRecommendationStore.builder()
                .redisUri(server.uri())
                .driver(driver)
                .keyPrefix("news:")
                .generationCacheTtl(Duration.ofMinutes(1))
                .build()) {
            store.put(ks, list("a", "live"));
            assertThat(otherProcess.get(ks, "a")).contains(list("a", "live"));
            long g = store.beginGeneration(ks);
            store.putAll(ks, g, List.of(list("a", "g1")));
            store.activate(ks, g);

            // Still on the retired generation, which is whole until its grace ends: the old list, never a mix.
            assertThat(otherProcess.get(ks, "a")).contains(list("a", "live"));
            assertThat(store.get(ks, "a")).contains(list("a", "g1"));
            assertThat(otherProcess.retiredGenerationGrace()).isEqualTo(Duration.ofSeconds(120));
        }
    }

    @Test
    void redisUri_withPassword_authenticates() throws Exception {
        try (RedisServerProcess secured = RedisServerProcess.launch("s3cret")) {
            try (RedisRecommendationStore s = RedisRecommendationStore.builder()
                    .redisUri(secured.uri())
                    .driver(driver)
                    .build()) {
                s.put(ks, list("a", "v1"));
                assertThat(s.get(ks, "a")).contains(list("a", "v1"));
                assertThat(s.toString()).doesNotContain("s3cret");
            }
            assertThatThrownBy(() -> RedisRecommendationStore.builder()
                            .redisUri("redis://:wrong@127.0.0.1:" + secured.port())
                            .driver(driver)
                            .build())
                    .isInstanceOf(CacheStoreException.class)
                    .hasMessageNotContaining("wrong");
        }
    }

    @Test
    void redisUri_rediss_parsesTlsPasswordAndDatabase() {
        // A TLS server is not started here; the URI handling is what is ours.
        RedisEndpoint uri = RedisRecommendationStore.parse("rediss://app:pw@cache.example.com:6380/2");

        assertThat(uri.ssl()).isTrue();
        assertThat(uri.username()).isEqualTo("app");
        assertThat(uri.password()).containsExactly('p', 'w');
        assertThat(uri.host()).isEqualTo("cache.example.com");
        assertThat(uri.port()).isEqualTo(6380);
        assertThat(uri.database()).isEqualTo(2);
        assertThat(uri).hasToString("rediss://cache.example.com:6380/2");
        RedisEndpoint plain = RedisRecommendationStore.parse("redis://localhost");
        assertThat(plain.ssl()).isFalse();
        assertThat(plain.port()).isEqualTo(6379);
        assertThat(plain.database()).isZero();
        assertThat(plain.username()).isNull();
        assertThat(plain.password()).isNull();
    }

    @Test
    void redisUri_userInfoForms_passwordAloneUserAndPasswordAndPercentEncoding() {
        RedisEndpoint passwordOnly = RedisRecommendationStore.parse("redis://:s3cret@10.0.0.1:7000/15");
        assertThat(passwordOnly.username()).isNull();
        assertThat(new String(passwordOnly.password())).isEqualTo("s3cret");
        assertThat(passwordOnly.database()).isEqualTo(15);

        RedisEndpoint bare = RedisRecommendationStore.parse("redis://s3cret@cache.internal");
        assertThat(bare.username()).isNull();
        assertThat(new String(bare.password())).isEqualTo("s3cret");

        RedisEndpoint encoded = RedisRecommendationStore.parse("redis://app:p%40ss%3Aw+rd%25@cache.internal:6379/");
        assertThat(encoded.username()).isEqualTo("app");
        assertThat(new String(encoded.password())).isEqualTo("p@ss:w+rd%");
        assertThat(encoded.database()).isZero();

        RedisEndpoint ipv6 = RedisRecommendationStore.parse("redis://[::1]:6390");
        assertThat(ipv6.host()).isEqualTo("::1");
        assertThat(ipv6.port()).isEqualTo(6390);
        assertThat(ipv6).hasToString("redis://[::1]:6390/0");
    }

    @Test
    void redisUri_whenPathQueryOrHostIsWrong_saysWhatIsWrongWithoutTheSecret() {
        assertThatThrownBy(() -> RedisRecommendationStore.parse("redis://:s3cret@cache.internal:6379/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database number")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RedisRecommendationStore.parse("redis://:s3cret@cache.internal:6379?timeout=5s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query parameters")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RedisRecommendationStore.parse("redis://:s3cret@cache.internal:port"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RedisRecommendationStore.parse("redis:///0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no host");
    }

    @Test
    void builder_whenInvalid_rejects() {
        assertThatThrownBy(() -> RedisRecommendationStore.builder().redisUri("http://:pw@host"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> RedisRecommendationStore.builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("redisUri");
        assertThatThrownBy(() -> RedisRecommendationStore.builder().keyPrefix("a b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisRecommendationStore.builder().ttl(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisRecommendationStore.builder()
                        .redisUri(server.uri())
                        .connection(raw)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only one of");
        try (UnifiedJedis jedis = jedisClient()) {
            assertThatThrownBy(() -> RedisRecommendationStore.builder()
                            .jedis(jedis)
                            .connection(raw)
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("only one of");
        }
        assertThatThrownBy(() -> RedisRecommendationStore.builder().maxConnections(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> RedisRecommendationStore.builder().retiredGenerationGrace(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retiredGenerationGrace");
        assertThatThrownBy(() -> RedisRecommendationStore.builder()
                        .redisUri(server.uri())
                        .generationCacheTtl(Duration.ofSeconds(30))
                        .retiredGenerationGrace(Duration.ofSeconds(30))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retiredGenerationGrace PT30S")
                .hasMessageContaining("generationCacheTtl PT30S");
    }

    @Test
    void close_whenClientBorrowed_leavesItOpen() {
        if (driver == RedisDriver.LETTUCE) {
            RedisRecommendationStore borrowed =
                    RedisRecommendationStore.builder().connection(raw).build();
            borrowed.put(ks, list("a", "v1"));
            assertThat(borrowed.driver()).isEqualTo(RedisDriver.LETTUCE);

            borrowed.close();

            assertThat(raw.isOpen()).isTrue();
        } else {
            try (UnifiedJedis jedis = jedisClient()) {
                RedisRecommendationStore borrowed =
                        RedisRecommendationStore.builder().jedis(jedis).build();
                borrowed.put(ks, list("a", "v1"));
                assertThat(borrowed.driver()).isEqualTo(RedisDriver.JEDIS);

                borrowed.close();

                assertThat(jedis.hlen("pk:{" + ks.id() + "}:g:0")).isEqualTo(1);
            }
        }
        assertThat(redis.ping()).isEqualTo("PONG");
    }

    @Test
    void get_whenRedisStallsLongerThanCommandTimeout_failsWithinIt() throws Exception {
        try (DelayProxy stalling = new DelayProxy(server.port());
                RedisRecommendationStore quick = RedisRecommendationStore.builder()
                        .redisUri(stalling.uri())
                        .driver(driver)
                        .keyPrefix("news:")
                        .commandTimeout(Duration.ofMillis(30))
                        .generationCacheTtl(Duration.ofHours(1)) // so the stalled call is the HGET
                        .build()) {
            quick.put(ks, list("a", "v1"));
            assertThat(quick.get(ks, "a")).contains(list("a", "v1"));
            // From now on every reply is held for an hour: only the store's own timeout can end the call.
            stalling.delayMillis = Duration.ofHours(1).toMillis();
            long start = System.nanoTime();

            assertThatThrownBy(() -> quick.get(ks, "a"))
                    .isInstanceOf(CacheStoreException.class)
                    .hasMessageContaining("Redis HGET on redis://127.0.0.1:" + stalling.port())
                    // Lettuce's own deadline in Lettuce's terms (D25: LettuceFutures.awaitOrCancel, about 30 ms in
                    // nanoseconds), or Jedis's socket read timeout (which the store sets to it).
                    .hasMessageMatching(
                            driver == RedisDriver.LETTUCE
                                    ? "(?s).*failed: Command timed out after \\d+ ns"
                                    : "(?s).*failed: java\\.net\\.SocketTimeoutException: Read timed out")
                    .satisfies(e ->
                            assertThat(((CacheStoreException) e).keyspaceId()).contains(ks.id()));
            // Which timeout fired is in the message; the clock only rules out waiting for the server (an hour),
            // with room for a loaded machine.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void toString_namesDriverAndAddressButNoPassword() {
        assertThat(store.driver()).isEqualTo(driver);
        assertThat(store.toString())
                .contains("redis://127.0.0.1:" + server.port())
                .contains(driver == RedisDriver.JEDIS ? "Jedis" : "Lettuce")
                .contains("news:");
    }

    @Test
    void escapeGlob_escapesPatternCharacters() {
        assertThat(RedisRecommendationStore.escapeGlob("a*b?[c]\\")).isEqualTo("a\\*b\\?\\[c\\]\\\\");
    }
}
