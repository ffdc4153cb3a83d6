package io.personalizekit.events;

/**
 * Something that holds per-user answers which a user's new events make out of date, for example the cached "for
 * you" lists of {@code io.personalizekit.cache.CachingUserRecommendationsClient}. Give it to {@link
 * EventRecorder.Builder#invalidates(UserInvalidation)}: after each {@code PutEvents} request of a user, the recorder
 * calls {@link #invalidateUser(String)} with that user's id, so the next read asks Personalize, which already counts
 * the new events.
 *
 * <p>Implementations are thread-safe and quick (the recorder's thread makes the call), and do not throw: a failure is
 * logged by the recorder at WARN and the events stay recorded.
 */
@FunctionalInterface
public interface UserInvalidation {

    /**
     * Forgets what is held for a user.
     *
     * @param userId the user whose events were just recorded
     */
    void invalidateUser(String userId);
}
