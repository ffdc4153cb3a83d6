package io.personalizekit.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.exception.CacheStoreException;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.SimilarItems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code rediss://} against a real redis-server speaking TLS only, with a certificate from a throw-away authority.
 * The store verifies the server against the JVM's trust store ({@code javax.net.ssl.trustStore}).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(RedisDriver.class)
class RedisTlsTest {
    static Path dir;
    static Path trustStore;
    static RedisServerProcess server;

    @Parameter
    RedisDriver driver;

    final CacheKeyspace ks = CacheKeyspace.builder()
            .campaignArn("arn:aws:personalize:us-east-1:123456789012:campaign/news")
            .solutionVersionArn("arn:aws:personalize:us-east-1:123456789012:solution/news/v1")
            .build();

    @BeforeAll
    static void startTlsRedis() throws Exception {
        dir = Files.createTempDirectory("redis-tls");
        trustStore = TestCertificates.create(dir);
        server = RedisServerProcess.launchTls(dir, "s3cret");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }

    /** Runs with the test authority as the JVM's trust store, then puts the previous settings back. */
    static void trustingTestAuthority(ThrowingRunnable body) throws Exception {
        @Nullable String store = System.getProperty("javax.net.ssl.trustStore");
        @Nullable String password = System.getProperty("javax.net.ssl.trustStorePassword");
        @Nullable String type = System.getProperty("javax.net.ssl.trustStoreType");
        System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", new String(TestCertificates.TRUST_STORE_PASSWORD));
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        try {
            body.run();
        } finally {
            restore("javax.net.ssl.trustStore", store);
            restore("javax.net.ssl.trustStorePassword", password);
            restore("javax.net.ssl.trustStoreType", type);
        }
    }

    private static void restore(String name, @Nullable String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void rediss_withTrustedCertificateAndPassword_roundTrips() throws Exception {
        SimilarItems list = SimilarItems.builder()
                .seedItemId("a")
                .items(List.of(RecommendedItem.of("b"), RecommendedItem.of("c")))
                .fetchedAt(Instant.parse("2026-11-28T10:00:00Z"))
                .build();
        trustingTestAuthority(() -> {
            try (RedisRecommendationStore store = RedisRecommendationStore.builder()
                    .redisUri("rediss://:s3cret@localhost:" + server.port())
                    .driver(driver)
                    .build()) {
                store.put(ks, list);

                assertThat(store.get(ks, "a")).contains(list);
                assertThat(store.toString()).contains("rediss://localhost:").doesNotContain("s3cret");
            }
        });
    }

    @Test
    void rediss_whenCertificateNotTrusted_failsToConnect() {
        // The JVM's default trust store does not know the test authority.
        assertThatThrownBy(() -> RedisRecommendationStore.builder()
                        .redisUri("rediss://:s3cret@localhost:" + server.port())
                        .driver(driver)
                        .build())
                .isInstanceOf(CacheStoreException.class)
                .hasMessageContaining("Cannot connect to Redis at rediss://localhost:")
                .hasMessageNotContaining("s3cret");
    }
}
