package io.personalizekit.exception;

import java.util.Objects;

/**
 * A caching client refused to call Personalize for a list it does not hold, not even an expired one, because the
 * live call's circuit breaker is open (Personalize has been failing: throttling, 5xx, timeouts, connection errors)
 * or because as many live calls as allowed are already in flight. Nothing was sent to Personalize; the call is
 * cheap and safe to retry later, or to answer with a default list.
 *
 * <p>Thrown by {@code CachingSimilarItemsClient} and {@code CachingUserRecommendationsClient} only for misses with no stale list: when an expired list exists it
 * is served as {@code STALE} instead.
 */
public class LiveCallRejectedException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    /** Why the live call was not made. */
    public enum Reason {
        /** The breaker is open (or its one trial call is in flight) after consecutive live-call failures. */
        CIRCUIT_OPEN,
        /** The most live calls allowed at once ({@code maxConcurrentLiveCalls}) are in flight. */
        BULKHEAD_FULL
    }

    private final Reason reason;
    private final String itemId;
    private final String campaignArn;
    private final boolean userList;

    /**
     * Creates the exception.
     *
     * @param reason why the call was refused
     * @param itemId the seed item id asked for
     * @param campaignArn the campaign that would have been called
     */
    public LiveCallRejectedException(Reason reason, String itemId, String campaignArn) {
        this(reason, "item", itemId, campaignArn);
    }

    private LiveCallRejectedException(Reason reason, String kind, String id, String campaignArn) {
        super(message(reason, kind, id, campaignArn));
        this.reason = Objects.requireNonNull(reason, "reason");
        this.itemId = id;
        this.campaignArn = campaignArn;
        this.userList = kind.equals("user");
    }

    /**
     * The exception for a user's list ({@code CachingUserRecommendationsClient}): {@link #itemId()} is then the
     * user id, and {@link #userId()} says so.
     *
     * @param reason why the call was refused
     * @param userId the user asked for
     * @param targetArn the campaign or recommender that would have been called
     * @return the exception
     */
    public static LiveCallRejectedException forUser(Reason reason, String userId, String targetArn) {
        return new LiveCallRejectedException(reason, "user", userId, targetArn);
    }

    /**
     * The user whose list was asked for, when the refused call was for a user's recommendations.
     *
     * @return the user id, or empty for a similar-items list
     */
    public java.util.Optional<String> userId() {
        return userList ? java.util.Optional.of(itemId) : java.util.Optional.empty();
    }

    private static String message(Reason reason, String kind, String itemId, String campaignArn) {
        String why = reason == Reason.CIRCUIT_OPEN
                ? "its circuit breaker is open after consecutive failures (throttling, 5xx, timeouts); one trial"
                        + " call is let through after the open period"
                : "the most live calls allowed at once are in flight (raise maxConcurrentLiveCalls if Personalize"
                        + " can take more)";
        return "No cached list for " + kind + " " + itemId + " and no live call to "
                + (kind.equals("item") ? "campaign " : "") + campaignArn + ": " + why
                + ". Retry later or answer with a default list.";
    }

    /**
     * Why the live call was not made.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The seed item id asked for; for a user's list, the user id (see {@link #userId()}).
     *
     * @return the id
     */
    public String itemId() {
        return itemId;
    }

    /**
     * The campaign (or recommender) that would have been called.
     *
     * @return the ARN
     */
    public String campaignArn() {
        return campaignArn;
    }
}
