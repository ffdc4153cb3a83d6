/**
 * Similar-items recommendations: {@link io.personalizekit.recommend.SimilarItemsClient} over the Personalize
 * runtime, and the immutable results it returns ({@link io.personalizekit.recommend.SimilarItems}, {@link
 * io.personalizekit.recommend.RecommendedItem}), each telling where it came from ({@link
 * io.personalizekit.recommend.ResultSource}).
 */
@NullMarked
package io.personalizekit.recommend;

import org.jspecify.annotations.NullMarked;
