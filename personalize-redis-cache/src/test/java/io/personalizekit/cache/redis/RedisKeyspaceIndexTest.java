package io.personalizekit.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.FakeSimilarItemsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Redis store records the keyspaces a bulk job activated, per campaign, so that a caching client in another
 * process can tell that it reads another request shape than the fetcher filled.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisKeyspaceIndexTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/news";
    static RedisServerProcess server;

    final FakeClock clock = new FakeClock(Instant.parse("2026-11-28T10:00:00Z"));

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServerProcess.launch();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        server.close();
    }

    RedisRecommendationStore store(String prefix) {
        return RedisRecommendationStore.builder()
                .redisUri(server.uri())
                .keyPrefix(prefix)
                .ttl(Duration.ofHours(1))
                .build();
    }

    @Test
    void activeKeyspaces_listsWhatActivateRecorded_readByAnotherProcess() {
        CacheKeyspace fetched = CacheKeyspace.builder()
                .campaignArn(CAMPAIGN)
                .solutionVersionArn("arn:aws:personalize:us-east-1:123456789012:solution/news/v1")
                .numResults(50)
                .filterArn("arn:aws:personalize:us-east-1:123456789012:filter/unread")
                .filterValues(Map.of("CAT", "\"sports\""))
                .metadataColumns(List.of("LABELS"))
                .build();
        CacheKeyspace pendingOnly = fetched.copy(k -> k.numResults(10));
        CacheKeyspace readThroughOnly = fetched.copy(k -> k.numResults(20));
        CacheKeyspace otherCampaign = fetched.copy(k -> k.campaignArn(CAMPAIGN + "-2"));
        try (RedisRecommendationStore fetcherSide = store("idx1:");
                RedisRecommendationStore readerSide = store("idx1:")) {
            assertThat(readerSide.activeKeyspaces(CAMPAIGN)).isEmpty();

            fetcherSide.activate(fetched, fetcherSide.beginGeneration(fetched));
            fetcherSide.beginGeneration(pendingOnly);
            fetcherSide.put(readThroughOnly, FakeSimilarItemsClient.answer("a1", 3, "v", clock));
            fetcherSide.activate(otherCampaign, fetcherSide.beginGeneration(otherCampaign));

            assertThat(readerSide.activeKeyspaces(CAMPAIGN)).containsExactly(fetched);
            assertThat(readerSide.activeKeyspaces(CAMPAIGN + "-2")).containsExactly(otherCampaign);
        }
        try (RedisRecommendationStore otherPrefix = store("idx2:")) {
            assertThat(otherPrefix.activeKeyspaces(CAMPAIGN)).isEmpty();
        }
    }
}
