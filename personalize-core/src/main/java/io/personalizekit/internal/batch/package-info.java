/** Not API; may change without notice. Implementation details of {@code io.personalizekit.batch}. */
@NullMarked
package io.personalizekit.internal.batch;

import org.jspecify.annotations.NullMarked;
