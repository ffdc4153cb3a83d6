package io.personalizekit.cli;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.cache.RecommendationStore;
import io.personalizekit.cache.redis.RedisRecommendationStore;
import io.personalizekit.resource.Deployment;
import picocli.CommandLine.Option;

/** The Redis cache {@code fetch} fills and {@code serve} reads, and the shape of its lists. */
final class CacheOptions {
    @Option(
            names = "--redis-url",
            required = true,
            paramLabel = "URL",
            description = "The Redis server, e.g. redis://127.0.0.1:6379 (rediss:// for TLS, redis://:password@host).")
    @SuppressWarnings("NullAway.Init")
    String redisUrl;

    @Option(
            names = "--key-prefix",
            paramLabel = "PREFIX",
            defaultValue = "pk:",
            description = "The prefix of every key the cache writes. Default: ${DEFAULT-VALUE}")
    String keyPrefix = "pk:";

    @Option(
            names = {"-n", "--num-results"},
            paramLabel = "N",
            defaultValue = "25",
            description = "The length of the cached lists (1 to 500); fetch and serve must agree. Default:"
                    + " ${DEFAULT-VALUE}.")
    int numResults = 25;

    RecommendationStore store() {
        return RedisRecommendationStore.builder()
                .redisUri(redisUrl)
                .keyPrefix(keyPrefix)
                .build();
    }

    /** One keyspace for the fetcher and the server: the campaign, its solution version and the list length. */
    CacheKeyspace keyspace(Deployment deployment) {
        return CacheKeyspace.builder()
                .deployment(deployment)
                .numResults(numResults)
                .build();
    }

    /** The URL without its password, for output. */
    String redactedUrl() {
        return redisUrl.replaceAll("//([^@/]*):[^@/]*@", "//$1:***@");
    }
}
