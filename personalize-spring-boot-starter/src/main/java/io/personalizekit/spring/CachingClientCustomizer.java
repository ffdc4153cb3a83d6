package io.personalizekit.spring;

import io.personalizekit.cache.CachingSimilarItemsClient;

/**
 * Changes the builder of the auto-configured {@link CachingSimilarItemsClient} before it is built: a bean of this type
 * is applied after the {@code personalize.cache.*} properties, in {@code @Order}, for settings the properties do not
 * cover (breakers, bulkhead, {@code serveStaleOn}, a listener).
 */
@FunctionalInterface
public interface CachingClientCustomizer {
    /**
     * Changes the builder.
     *
     * @param builder the builder, with the properties already applied
     */
    void customize(CachingSimilarItemsClient.Builder builder);
}
