/**
 * Redis implementation of personalize-core's {@link io.personalizekit.cache.RecommendationStore} SPI: {@link
 * io.personalizekit.cache.redis.RedisRecommendationStore}, on Jedis (pooled, the default) or Lettuce ({@link
 * io.personalizekit.cache.redis.RedisDriver}).
 */
@NullMarked
package io.personalizekit.cache.redis;

import org.jspecify.annotations.NullMarked;
