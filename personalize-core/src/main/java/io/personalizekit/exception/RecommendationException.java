package io.personalizekit.exception;

import java.util.List;

/**
 * A call for recommendations failed in a way the AWS SDK does not report itself: the wait for a fan-out of calls
 * ({@code SimilarItemsClient.similarToMany}) was interrupted (the interrupt flag has been restored and the cause is
 * the {@link InterruptedException}), or one of its calls failed with a checked exception. A failed {@code
 * GetRecommendations} call itself propagates as the SDK's own exception, unchanged.
 */
public class RecommendationException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final String target;
    private final List<String> seedItemIds;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param target the campaign or recommender ARN asked
     * @param seedItemIds the seed item ids of the call
     * @param cause the interruption or failure
     */
    public RecommendationException(String message, String target, List<String> seedItemIds, Throwable cause) {
        super(message, cause);
        this.target = target;
        this.seedItemIds = List.copyOf(seedItemIds);
    }

    /**
     * The campaign or recommender that was asked.
     *
     * @return the ARN
     */
    public String target() {
        return target;
    }

    /**
     * The seed item ids of the failed call.
     *
     * @return the ids, unmodifiable
     */
    public List<String> seedItemIds() {
        return seedItemIds;
    }

    /**
     * Whether the call stopped because the calling thread was interrupted.
     *
     * @return true when the cause is an {@link InterruptedException}
     */
    public boolean interrupted() {
        return getCause() instanceof InterruptedException;
    }
}
