/** Internals of personalize-local. Not API; may change without notice. */
@NullMarked
package io.personalizekit.local.internal;

import org.jspecify.annotations.NullMarked;
