/** Not API; may change without notice. Delivery of events to {@code io.personalizekit.observe} listeners. */
@NullMarked
package io.personalizekit.internal.observe;

import org.jspecify.annotations.NullMarked;
