/** Not API; may change without notice. The polling loops behind {@code io.personalizekit.waiter.ResourceWaiter}. */
@NullMarked
package io.personalizekit.internal.waiters;

import org.jspecify.annotations.NullMarked;
