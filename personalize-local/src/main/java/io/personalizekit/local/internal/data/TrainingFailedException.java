package io.personalizekit.local.internal.data;

/**
 * Training could not produce a model; the message is the solution version's {@code failureReason}, worded as
 * the service words it (for example {@code Create failed. Dataset has fewer than 25 users with at least 2
 * interactions each.}).
 */
public final class TrainingFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param failureReason the reason, as reported in {@code failureReason}
     */
    public TrainingFailedException(String failureReason) {
        super(failureReason);
    }

    /**
     * The failure reason (the same as {@link #getMessage()}).
     *
     * @return the reason
     */
    public String failureReason() {
        return getMessage();
    }
}
