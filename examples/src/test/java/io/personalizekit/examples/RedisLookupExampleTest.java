package io.personalizekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.cache.redis.RedisServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the Redis-cached lookup example against a real redis-server on a free loopback port: the {@code PATH}'s, or
 * the one embedded-redis ships when there is none (see personalize-redis-cache's test {@code RedisServerBinary}).
 */
@Timeout(120)
class RedisLookupExampleTest {
    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.launch();
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void lookups_areServedFromRedis_withoutAskingPersonalize() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();

        RedisLookupExample.run(
                redis.uri(),
                List.of("article-1", "article-2", "article-3"),
                new PrintStream(buf, true, StandardCharsets.UTF_8));

        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("article-1 +CACHE +25 articles, first \\[article-\\d+");
        assertThat(out).containsPattern("article-2 +CACHE +25 articles");
        assertThat(out).containsPattern("article-3 +CACHE +25 articles");
        assertThat(out).contains("liveCalls=0").contains("storeErrors=0");
    }
}
