package io.personalizekit.exception;

import java.time.Duration;

/**
 * A wait ended early because the waiting thread was interrupted (or an asynchronous wait was cancelled). The
 * thread's interrupt flag has been restored before this is thrown. The resource itself is unaffected and may still
 * finish; wait again to pick it up.
 */
public class WaitInterruptedException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final String arn;
    private final String lastStatus;
    private final int attempts;
    private final Duration elapsed;

    /**
     * Creates the exception; the message is composed from the arguments.
     *
     * @param arn the awaited resource's ARN
     * @param lastStatus the last status observed, as the service wrote it ({@code "(none)"} before the first poll)
     * @param attempts the describe calls made
     * @param elapsed the time spent waiting
     * @param cause the {@link InterruptedException} (or SDK abort) that ended the wait, if any
     */
    public WaitInterruptedException(
            String arn,
            String lastStatus,
            int attempts,
            Duration elapsed,
            @org.jspecify.annotations.Nullable Throwable cause) {
        super(
                "Interrupted while waiting for " + arn + " after " + attempts + " attempts and " + elapsed
                        + "; last status was " + lastStatus + ". The resource is unaffected; wait again to resume.",
                cause);
        this.arn = arn;
        this.lastStatus = lastStatus;
        this.attempts = attempts;
        this.elapsed = elapsed;
    }

    /**
     * The awaited resource's ARN.
     *
     * @return the ARN
     */
    public String arn() {
        return arn;
    }

    /**
     * The last status observed before the interrupt.
     *
     * @return the status as the service wrote it
     */
    public String lastStatus() {
        return lastStatus;
    }

    /**
     * The describe calls made.
     *
     * @return the attempts
     */
    public int attempts() {
        return attempts;
    }

    /**
     * The time spent waiting.
     *
     * @return the elapsed time
     */
    public Duration elapsed() {
        return elapsed;
    }
}
