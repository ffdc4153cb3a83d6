/** Not API; may change without notice. Implementation details shared by personalize-kit's public packages. */
@NullMarked
package io.personalizekit.internal;

import org.jspecify.annotations.NullMarked;
