package io.personalizekit.cache.redis;

/**
 * The Redis client library a {@link RedisRecommendationStore} uses when it connects by URI. Both send the same
 * commands and scripts over the same key layout; they differ in how a call waits for its reply.
 */
public enum RedisDriver {
    /**
     * Jedis, a pool of blocking connections: the calling thread sends the command and reads the reply itself. The
     * default: on a cache hit (one HGET), it avoids Lettuce's two thread hand-offs per call, which is what bounds
     * throughput and tail latency on small machines (see docs/benchmarks.md).
     */
    JEDIS,

    /**
     * Lettuce, one multiplexed connection driven by netty's event loop; each call is handed to the event loop and its
     * reply back to the caller. Reconnects in the background. Needs the optional dependency {@code
     * io.lettuce:lettuce-core} (which brings netty and Reactor), added by the application.
     */
    LETTUCE
}
