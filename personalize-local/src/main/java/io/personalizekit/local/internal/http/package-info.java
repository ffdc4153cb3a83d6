/**
 * A small blocking HTTP/1.1 server for the emulator's Personalize listener: one thread per connection, no hand-off
 * between a selector and a worker, one write per response. Not API; may change without notice.
 */
@NullMarked
package io.personalizekit.local.internal.http;

import org.jspecify.annotations.NullMarked;
