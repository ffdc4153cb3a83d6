/** Redis implementation of personalize-core's {@code RecommendationStore} SPI, on Lettuce. */
@NullMarked
package io.personalizekit.cache.redis;

import org.jspecify.annotations.NullMarked;
