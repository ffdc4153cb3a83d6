/** personalize-local: an offline, wire-compatible emulator of Amazon Personalize. */
@NullMarked
package io.personalizekit.local;

import org.jspecify.annotations.NullMarked;
