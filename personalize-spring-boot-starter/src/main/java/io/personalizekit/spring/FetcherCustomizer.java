package io.personalizekit.spring;

import io.personalizekit.cache.RecommendationFetcher;

/**
 * Changes the builder of the fetcher job's {@link RecommendationFetcher} before each run: a bean of this type is
 * applied after the {@code personalize.fetcher.*} properties, in {@code @Order} (retry policy, failure ratio, a
 * listener).
 */
@FunctionalInterface
public interface FetcherCustomizer {
    /**
     * Changes the builder.
     *
     * @param builder the builder, with the properties already applied
     */
    void customize(RecommendationFetcher.Builder builder);
}
