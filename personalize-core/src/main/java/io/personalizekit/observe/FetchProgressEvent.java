package io.personalizekit.observe;

import java.time.Duration;
import java.util.Objects;

/**
 * A fetcher run's progress.
 *
 * @param campaignArn the keyspace's campaign
 * @param keyspaceId the keyspace filled ({@code CacheKeyspace.id()})
 * @param generation the generation written
 * @param done items done so far, resumed ones included (fetched, fallbacks and failed)
 * @param total distinct items of the run's source
 * @param failed items that failed so far
 * @param ratePerSecond items done per second by this run (resumed ones not counted)
 * @param elapsed the time since the run started
 */
public record FetchProgressEvent(
        String campaignArn,
        String keyspaceId,
        long generation,
        long done,
        long total,
        long failed,
        double ratePerSecond,
        Duration elapsed) {
    /**
     * Creates an event.
     *
     * @throws NullPointerException when an argument is null
     */
    public FetchProgressEvent {
        Objects.requireNonNull(campaignArn, "campaignArn");
        Objects.requireNonNull(keyspaceId, "keyspaceId");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * The share of the run's items done.
     *
     * @return a ratio in [0, 1]; 1 when the source is empty
     */
    public double fractionDone() {
        return total == 0 ? 1 : Math.min(1, (double) done / total);
    }
}
