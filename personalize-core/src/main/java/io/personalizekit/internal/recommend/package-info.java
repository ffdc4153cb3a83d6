/** Not API; may change without notice. The default recommendation clients over the Personalize runtime. */
@NullMarked
package io.personalizekit.internal.recommend;

import org.jspecify.annotations.NullMarked;
