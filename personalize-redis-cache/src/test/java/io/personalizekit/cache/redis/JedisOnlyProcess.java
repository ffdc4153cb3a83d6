package io.personalizekit.cache.redis;

import io.personalizekit.cache.CacheKeyspace;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.SimilarItems;
import java.time.Instant;
import java.util.List;

/**
 * Run by {@link WithoutLettuceTest} in a child JVM whose class path has no Lettuce, netty or Reactor: the Jedis path
 * of the store must work, and {@link RedisDriver#LETTUCE} must fail with a message naming the dependency. Arguments:
 * a {@code redis://} URI of one server, or {@code --cluster} and the seed URIs of a Redis Cluster (then the store is
 * built with {@code cluster(..)}). Prints one line per check; exits 0 when the JVM really lacks Lettuce.
 */
final class JedisOnlyProcess {
    private JedisOnlyProcess() {}

    public static void main(String[] args) throws Exception {
        boolean cluster = args[0].equals("--cluster");
        String uri = args[0];
        String[] seeds = java.util.Arrays.copyOfRange(args, 1, args.length);
        try {
            Class.forName("io.lettuce.core.RedisClient");
            System.out.println("LETTUCE PRESENT");
            System.exit(3);
        } catch (ClassNotFoundException expected) {
            System.out.println("no Lettuce on the class path");
        }
        // The store's own class mentions no Lettuce type: reflection over it works.
        System.out.println("store methods: " + RedisRecommendationStore.class.getDeclaredMethods().length);
        CacheKeyspace ks = CacheKeyspace.builder()
                .campaignArn("arn:aws:personalize:us-east-1:123456789012:campaign/news")
                .solutionVersionArn("arn:aws:personalize:us-east-1:123456789012:solution/news/v1")
                .build();
        RedisRecommendationStore.Builder jedisOnly =
                RedisRecommendationStore.builder().keyPrefix("jedis-only:");
        if (cluster) {
            jedisOnly.cluster(seeds);
        } else {
            jedisOnly.redisUri(uri);
        }
        try (RedisRecommendationStore store = jedisOnly.build()) {
            store.put(
                    ks,
                    SimilarItems.builder()
                            .seedItemId("a")
                            .items(List.of(RecommendedItem.of("b"), RecommendedItem.of("c")))
                            .fetchedAt(Instant.parse("2026-11-28T10:00:00Z"))
                            .build());
            System.out.println("JEDIS " + store.driver() + " " + (cluster ? "clustered " + store.clustered() + " " : "")
                    + store.get(ks, "a").orElseThrow().itemIds());
        }
        try {
            RedisRecommendationStore.Builder lettuce =
                    RedisRecommendationStore.builder().driver(RedisDriver.LETTUCE);
            if (cluster) {
                lettuce.cluster(seeds);
            } else {
                lettuce.redisUri(uri);
            }
            lettuce.build().close();
            System.out.println("LETTUCE BUILT");
        } catch (IllegalStateException e) {
            System.out.println("LETTUCE ERROR " + e.getMessage());
        }
    }
}
