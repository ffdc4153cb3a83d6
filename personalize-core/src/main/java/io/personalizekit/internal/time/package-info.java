/**
 * Not API; may change without notice. The toolkit's one timing kit: {@link io.personalizekit.internal.time.Ticker}
 * (a monotonic nanosecond source), {@link io.personalizekit.internal.time.ThreadSleeper} (the only place main code
 * really sleeps; it implements the public {@link io.personalizekit.waiter.Sleeper}) and {@link
 * io.personalizekit.internal.time.SmoothRateLimiter} (the one rate limiter, behind the seeder, the event recorder
 * and the bulk fetcher).
 */
@NullMarked
package io.personalizekit.internal.time;

import org.jspecify.annotations.NullMarked;
