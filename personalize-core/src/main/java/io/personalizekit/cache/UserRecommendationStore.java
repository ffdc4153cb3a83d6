package io.personalizekit.cache;

import io.personalizekit.recommend.UserRecommendations;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Where cached user lists live: the SPI behind {@link CachingUserRecommendationsClient}. Lists are kept per user
 * (every list of one user, whatever its {@link UserKeyspace}, can be removed at once) and each with its own time to
 * live. {@link InMemoryRecommendationStore} implements it, and so does the Redis store of {@code
 * personalize-redis-cache}.
 *
 * <h2>Contract for implementations</h2>
 *
 * <ul>
 *   <li>Thread-safe; one instance is shared by the whole application.
 *   <li>Values round-trip exactly (items, scores, metadata, reasons, recommendation id, fetch time, source); {@link
 *       UserRecommendationsCodec} is a compact text encoding.
 *   <li>An entry is gone once its time to live has passed, measured from its write.
 *   <li>{@link #invalidateUser(String)} removes every list of the user, in every keyspace.
 *   <li>Failures are unchecked exceptions; every call is bounded in time.
 * </ul>
 */
public interface UserRecommendationStore extends AutoCloseable {

    /**
     * The stored list of a user in a keyspace.
     *
     * @param keyspace the keyspace
     * @param userId the user id
     * @return the list, or empty when absent or expired
     */
    Optional<UserRecommendations> getUser(UserKeyspace keyspace, String userId);

    /**
     * Stores a user's list in a keyspace, replacing any list there, for a time to live.
     *
     * @param keyspace the keyspace
     * @param userId the user id
     * @param list the list
     * @param timeToLive how long the store keeps it, positive
     */
    void putUser(UserKeyspace keyspace, String userId, UserRecommendations list, Duration timeToLive);

    /**
     * Removes every list of a user, in every keyspace.
     *
     * @param userId the user id
     * @return the {@linkplain UserKeyspace#id() ids} of the keyspaces whose list was removed; empty when the store
     *     held none
     */
    Set<String> invalidateUser(String userId);

    /** Releases what the store created itself; connections passed in are borrowed and left open. */
    @Override
    void close();
}
