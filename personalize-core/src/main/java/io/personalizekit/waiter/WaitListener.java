package io.personalizekit.waiter;

import io.personalizekit.resource.ResourceRef;
import io.personalizekit.resource.ResourceStatus;
import java.time.Duration;

/**
 * Receives the progress of waits. All methods have empty defaults; implement what you need. Called on the waiting
 * thread (or the scheduler's thread for asynchronous waits); keep implementations quick and do not throw.
 */
public interface WaitListener {

    /** A listener that ignores everything. */
    WaitListener NONE = new WaitListener() {};

    /**
     * Called after every describe call.
     *
     * @param ref the awaited resource
     * @param rawStatus the status as the service wrote it; when the call failed with an error the wait rides out
     *     (see {@link WaitPolicy#errorBudget()}), a progress line in parentheses instead, for example {@code
     *     "(riding out errors: 3 failed polls in 4.2 s (connection refused); budget 30 min)"}
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

    /**
     * Called after a describe call failed with an error the wait rides out (throttling, a 5xx answer, a connection
     * refused or reset, a timeout; after the SDK's own retries), before the wait pauses and polls again. {@link
     * #onPolled} is called too, with the progress line as its status.
     *
     * @param ref the awaited resource
     * @param error the failure
     * @param failedPolls the number of consecutive failed polls so far, 1 for the first
     * @param failingFor the time since the first failed poll of this run of failures
     * @param errorBudget how long a run of failures is ridden out before the wait gives up with the last error
     */
    default void onPollFailed(
            ResourceRef ref, Throwable error, int failedPolls, Duration failingFor, Duration errorBudget) {}
}
