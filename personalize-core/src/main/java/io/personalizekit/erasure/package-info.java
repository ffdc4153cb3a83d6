/**
 * Erasing users (GDPR "right to erasure"): {@link io.personalizekit.erasure.UserEraser} deletes their data from a
 * dataset group with a data deletion job, purges their cached recommendations, and reports when the next model will
 * have forgotten them ({@link io.personalizekit.erasure.ErasureReport}).
 */
@NullMarked
package io.personalizekit.erasure;

import org.jspecify.annotations.NullMarked;
