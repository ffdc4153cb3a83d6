package io.personalizekit.erasure;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link UserEraser#erase} did. Immutable.
 *
 * @param jobArn the data deletion job
 * @param userIds the users asked for, without repeats, in the order given
 * @param dataLocation where the CSV of user ids was uploaded
 * @param numDeleted how many of those users the dataset group held, as the job counted them (null when the service
 *     did not say)
 * @param completedAt when the job completed (its {@code lastUpdatedDateTime})
 * @param purgedCacheEntries per user, the ids of the cached-list keyspaces removed (users with none are absent)
 * @param forgetting when the models will have forgotten the users
 */
public record ErasureReport(
        String jobArn,
        List<String> userIds,
        String dataLocation,
        @Nullable Integer numDeleted,
        Instant completedAt,
        Map<String, Set<String>> purgedCacheEntries,
        Forgetting forgetting) {

    /**
     * Copies the collections.
     *
     * @param jobArn the data deletion job
     * @param userIds the users asked for
     * @param dataLocation where the CSV was uploaded
     * @param numDeleted users the job deleted, or null
     * @param completedAt when the job completed
     * @param purgedCacheEntries per user, the keyspaces removed
     * @param forgetting when the models will have forgotten the users
     */
    public ErasureReport {
        Objects.requireNonNull(jobArn, "jobArn");
        userIds = List.copyOf(userIds);
        Objects.requireNonNull(dataLocation, "dataLocation");
        Objects.requireNonNull(completedAt, "completedAt");
        purgedCacheEntries = Map.copyOf(purgedCacheEntries);
        Objects.requireNonNull(forgetting, "forgetting");
    }

    /**
     * The number of cached lists removed, over all users.
     *
     * @return the count
     */
    public int purgedCacheEntryCount() {
        return purgedCacheEntries.values().stream().mapToInt(Set::size).sum();
    }
}
