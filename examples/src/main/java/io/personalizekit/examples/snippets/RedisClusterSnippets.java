package io.personalizekit.examples.snippets;

import io.personalizekit.cache.redis.RedisDriver;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import java.time.Duration;

/** Samples of docs/redis-cluster.md. */
final class RedisClusterSnippets {
    private RedisClusterSnippets() {}

    static RedisRecommendationStore cluster() {
        RedisRecommendationStore store = RedisRecommendationStore.builder()
                .cluster(
                        "rediss://news-api:secret@cache-1.internal:6379", // seed nodes: any that answers
                        "rediss://news-api:secret@cache-2.internal:6379",
                        "rediss://news-api:secret@cache-3.internal:6379")
                .keyPrefix("news:")
                .clusterBuckets(256) // the default; the same in every process sharing the keyspace
                .ttl(Duration.ofDays(21))
                .commandTimeout(Duration.ofMillis(200))
                .build();
        return store;
    }

    static RedisRecommendationStore clusterWithLettuce() {
        RedisRecommendationStore store = RedisRecommendationStore.builder()
                .cluster("redis://cache-1.internal:6379")
                .driver(RedisDriver.LETTUCE)
                .build();
        return store;
    }
}
