/**
 * Caching of similar-items lists in front of Personalize.
 *
 * <ul>
 *   <li>{@link io.personalizekit.cache.RecommendationStore}: the storage SPI (get one, get many, put, generations),
 *       with {@link io.personalizekit.cache.InMemoryRecommendationStore} as the embedded default; the {@code
 *       personalize-redis-cache} artifact adds a Redis implementation.
 *   <li>{@link io.personalizekit.cache.CacheKeyspace}: which lists may share a cache; derived from the campaign,
 *       its solution version, the filter and its values and the number of results, so a new model version never
 *       serves old lists.
 *   <li>{@link io.personalizekit.cache.CachingSimilarItemsClient}: read-through with TTL, single-flight,
 *       refresh-ahead, stale-on-error and a circuit breaker around the store.
 *   <li>{@link io.personalizekit.cache.RecommendationFetcher}: the bulk job that fills a new generation for a whole
 *       catalog under a TPS budget, checkpointed in the store, and switches readers to it atomically.
 * </ul>
 */
@NullMarked
package io.personalizekit.cache;

import org.jspecify.annotations.NullMarked;
