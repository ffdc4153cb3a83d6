package io.personalizekit.exception;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Personalize resource reached a failed terminal status ({@code CREATE FAILED}, {@code CREATE STOPPED}, ...).
 * Carries the ARN, the resource type, the status as the service wrote it, and the service's {@code
 * failureReason}.
 */
public class ResourceFailedException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final String arn;
    private final String resourceType;
    private final String status;
    private final @Nullable String failureReason;

    /**
     * Creates the exception; the message is composed from the arguments.
     *
     * @param arn the resource's ARN
     * @param resourceType a human-readable resource type, for example {@code "dataset import job"}
     * @param status the terminal status as the service wrote it, for example {@code "CREATE FAILED"}
     * @param failureReason the service's {@code failureReason}, or {@code null} when it gave none
     */
    public ResourceFailedException(String arn, String resourceType, String status, @Nullable String failureReason) {
        super(resourceType + " " + arn + " ended in status " + status
                + (failureReason == null ? " (the service gave no failureReason)" : ": " + failureReason)
                + ". Fix the cause, delete the failed resource (or use a new name), then run again.");
        this.arn = arn;
        this.resourceType = resourceType;
        this.status = status;
        this.failureReason = failureReason;
    }

    /**
     * The failed resource's ARN.
     *
     * @return the ARN
     */
    public String arn() {
        return arn;
    }

    /**
     * The resource type, for example {@code "dataset import job"}.
     *
     * @return the resource type
     */
    public String resourceType() {
        return resourceType;
    }

    /**
     * The terminal status exactly as the service wrote it.
     *
     * @return the status
     */
    public String status() {
        return status;
    }

    /**
     * The service's explanation of the failure.
     *
     * @return the failure reason, or empty when the service gave none
     */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }
}
