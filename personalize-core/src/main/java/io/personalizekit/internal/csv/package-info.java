/** Not API; may change without notice. Amazon Personalize's CSV dialect, shared by every reader and writer. */
@NullMarked
package io.personalizekit.internal.csv;

import org.jspecify.annotations.NullMarked;
