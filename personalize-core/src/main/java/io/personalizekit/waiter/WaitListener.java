package io.personalizekit.waiter;

import io.personalizekit.resource.ResourceRef;
import io.personalizekit.resource.ResourceStatus;
import java.time.Duration;

/**
 * Receives the progress of waits. Both methods have empty defaults; implement what you need. Called on the waiting
 * thread (or the scheduler's thread for asynchronous waits); keep implementations quick and do not throw.
 */
public interface WaitListener {

    /** A listener that ignores everything. */
    WaitListener NONE = new WaitListener() {};

    /**
     * Called after every describe call.
     *
     * @param ref the awaited resource
     * @param rawStatus the status as the service wrote it ({@code "(throttled)"} when the call was throttled)
     * @param attempt the 1-based attempt number
     * @param elapsed the time since the wait started
     */
    default void onPolled(ResourceRef ref, String rawStatus, int attempt, Duration elapsed) {}

    /**
     * Called once each time the observed status differs from the previous observation (and for the first one).
     *
     * @param ref the awaited resource
     * @param status the new status
     * @param rawStatus the new status as the service wrote it
     */
    default void onStatusChanged(ResourceRef ref, ResourceStatus status, String rawStatus) {}
}
