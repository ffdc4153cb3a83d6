/**
 * Waiting for Amazon Personalize resources: {@link io.personalizekit.waiter.ResourceWaiter} polls a resource's
 * {@code Describe*} operation under a {@link io.personalizekit.waiter.WaitPolicy} (backoff with cap and jitter, an
 * overall deadline) until a terminal status, and returns a {@link io.personalizekit.waiter.WaitResult} or throws a
 * typed exception ({@code ResourceFailedException} with the service's {@code failureReason}, {@code
 * WaitTimeoutException}, {@code WaitInterruptedException}).
 *
 * <p>No AWS SDK ships a waiter for Personalize; this package is one. Time is injectable ({@link java.time.Clock},
 * {@link io.personalizekit.waiter.Sleeper}, a {@link java.util.concurrent.ScheduledExecutorService}), so tests never
 * sleep for real.
 */
@NullMarked
package io.personalizekit.waiter;

import org.jspecify.annotations.NullMarked;
