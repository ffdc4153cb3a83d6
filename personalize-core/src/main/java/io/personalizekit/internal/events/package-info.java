/** Not API; may change without notice. Validation, batching and pacing behind the events package. */
@NullMarked
package io.personalizekit.internal.events;

import org.jspecify.annotations.NullMarked;
