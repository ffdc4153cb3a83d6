/**
 * Micrometer meters for personalize-kit. {@link io.personalizekit.micrometer.PersonalizeKitMetrics#of(
 * io.micrometer.core.instrument.MeterRegistry)} returns a {@link io.personalizekit.observe.PersonalizeKitListener}
 * that records cache requests, live calls, circuit breaker states, the bulk fetcher's progress, waits and streamed
 * deliveries to a {@code MeterRegistry}; pass it to the builders' {@code listener(..)} option. The meters are listed
 * in docs/metrics.md.
 */
@NullMarked
package io.personalizekit.micrometer;

import org.jspecify.annotations.NullMarked;
