/**
 * The typed recipe catalogue: each Personalize recipe and domain use case ({@link io.personalizekit.recipe.Recipe})
 * with its type, the datasets and fields it needs, what a request to it must carry, and its limits. The
 * recommendation clients check requests against it before calling; the pipeline checks a spec against it before
 * creating anything.
 */
@NullMarked
package io.personalizekit.recipe;

import org.jspecify.annotations.NullMarked;
