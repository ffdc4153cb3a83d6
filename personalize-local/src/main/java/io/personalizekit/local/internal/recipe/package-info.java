/**
 * The recipes personalize-local trains, behind one small SPI: a {@link Recipe} (what the service's recipe is,
 * which data it reads and its minimums, its hyperparameters, training and held-out metrics) produces a
 * {@link Model} (the candidates it serves), and {@link RecipeCatalog} lists every recipe of the service's catalog
 * in one place. Filtering, exclusions and limits are applied by {@link Serving}, the same for every recipe. The
 * rest of the package is reusable training components: user histories, item universes, co-occurrence graphs, item
 * metadata, item-to-item similarity, popularity and held-out evaluation. Not API; may change without notice.
 */
@NullMarked
package io.personalizekit.local.internal.recipe;

import org.jspecify.annotations.NullMarked;
