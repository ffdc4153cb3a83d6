/**
 * The emulator's server, routing, wire format, control-plane state machine and runtime/events endpoints.
 *
 * <p>Not API; may change without notice.
 */
@NullMarked
package io.personalizekit.local.internal;

import org.jspecify.annotations.NullMarked;
