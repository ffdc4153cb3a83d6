package io.personalizekit.exception;

import java.time.Duration;

/**
 * A wait's deadline (or attempt budget) passed before the resource reached a terminal status. Carries the last
 * status observed, the attempts made and the time spent.
 */
public class WaitTimeoutException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final String arn;
    private final String lastStatus;
    private final int attempts;
    private final Duration elapsed;

    /**
     * Creates the exception; the message is composed from the arguments.
     *
     * @param arn the awaited resource's ARN
     * @param lastStatus the last status observed, as the service wrote it
     * @param attempts the number of describe calls made
     * @param elapsed the time spent waiting
     */
    public WaitTimeoutException(String arn, String lastStatus, int attempts, Duration elapsed) {
        super("Gave up waiting for " + arn + " after " + attempts + " attempts and " + elapsed
                + "; last status was " + lastStatus
                + ". The resource may still finish: wait again, or raise the WaitPolicy deadline.");
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
     * The last status observed before giving up.
     *
     * @return the status as the service wrote it
     */
    public String lastStatus() {
        return lastStatus;
    }

    /**
     * The number of describe calls made.
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
