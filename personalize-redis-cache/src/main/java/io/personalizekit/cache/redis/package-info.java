/**
 * Redis implementation of personalize-core's {@link io.personalizekit.cache.RecommendationStore} SPI, on Lettuce:
 * {@link io.personalizekit.cache.redis.RedisRecommendationStore}.
 */
@NullMarked
package io.personalizekit.cache.redis;

import org.jspecify.annotations.NullMarked;
