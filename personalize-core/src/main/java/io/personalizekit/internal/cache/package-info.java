/** Not API; may change without notice. Pacing, circuit breaking and single-flight helpers of the cache. */
@NullMarked
package io.personalizekit.internal.cache;

import org.jspecify.annotations.NullMarked;
