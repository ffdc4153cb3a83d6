package io.personalizekit.observe;

/** How a wait of a {@code ResourceWaiter} ended. */
public enum WaitOutcome {
    /** The condition was met (ACTIVE, updated, or deleted). */
    SUCCEEDED,
    /** The resource failed ({@code ResourceFailedException}: CREATE FAILED, a failed update, ...). */
    FAILED,
    /** The policy's deadline or attempt budget ran out ({@code WaitTimeoutException}). */
    TIMED_OUT,
    /** The waiting thread was interrupted, or an asynchronous wait cancelled. */
    INTERRUPTED,
    /** Describe calls kept failing past the error budget, or another error ended the wait. */
    ERROR
}
