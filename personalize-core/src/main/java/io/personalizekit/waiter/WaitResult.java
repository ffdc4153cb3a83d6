package io.personalizekit.waiter;

import io.personalizekit.resource.ResourceRef;
import io.personalizekit.resource.ResourceStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.personalize.model.PersonalizeResponse;

/**
 * The outcome of a successful wait: the resource, its final status (parsed and raw), the final {@code Describe*}
 * response, the number of describe calls and the time spent. Immutable and thread-safe.
 */
public final class WaitResult {
    private final ResourceRef resource;
    private final ResourceStatus status;
    private final String rawStatus;
    private final @Nullable PersonalizeResponse response;
    private final int attempts;
    private final Duration elapsed;

    private WaitResult(
            ResourceRef resource,
            String rawStatus,
            @Nullable PersonalizeResponse response,
            int attempts,
            Duration elapsed) {
        this.resource = Objects.requireNonNull(resource, "resource");
        this.rawStatus = Objects.requireNonNull(rawStatus, "rawStatus");
        this.status = ResourceStatus.fromValue(rawStatus);
        this.response = response;
        this.attempts = attempts;
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * Creates a result (used by the waiter; also handy in tests of code that consumes results).
     *
     * @param resource the awaited resource
     * @param rawStatus the final status as the service wrote it ({@code "DELETED"} for a deletion)
     * @param response the final describe response, or {@code null} after a deletion
     * @param attempts the describe calls made, at least 1
     * @param elapsed the time spent
     * @return the result
     * @throws IllegalArgumentException if attempts is less than 1
     */
    public static WaitResult of(
            ResourceRef resource,
            String rawStatus,
            @Nullable PersonalizeResponse response,
            int attempts,
            Duration elapsed) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1: " + attempts);
        }
        return new WaitResult(resource, rawStatus, response, attempts, elapsed);
    }

    /**
     * The awaited resource.
     *
     * @return the resource reference
     */
    public ResourceRef resource() {
        return resource;
    }

    /**
     * The final status.
     *
     * @return the parsed status
     */
    public ResourceStatus status() {
        return status;
    }

    /**
     * The final status exactly as the service wrote it.
     *
     * @return the raw status
     */
    public String rawStatus() {
        return rawStatus;
    }

    /**
     * The final {@code Describe*} response, for example a {@code DescribeSolutionVersionResponse}.
     *
     * @return the response, or empty after a deletion
     */
    public Optional<PersonalizeResponse> response() {
        return Optional.ofNullable(response);
    }

    /**
     * The final {@code Describe*} response as the given type.
     *
     * @param type the expected response class, for example {@code DescribeCampaignResponse.class}
     * @param <T> the response type
     * @return the response
     * @throws IllegalStateException if there is no response or it has another type
     */
    public <T extends PersonalizeResponse> T response(Class<T> type) {
        if (!type.isInstance(response)) {
            throw new IllegalStateException("The final response of " + resource.arn() + " is "
                    + (response == null ? "absent" : response.getClass().getSimpleName()) + ", not "
                    + type.getSimpleName());
        }
        return type.cast(response);
    }

    /**
     * The number of describe calls made (throttled calls included).
     *
     * @return the attempts, at least 1
     */
    public int attempts() {
        return attempts;
    }

    /**
     * The time spent waiting, by the waiter's clock.
     *
     * @return the elapsed time
     */
    public Duration elapsed() {
        return elapsed;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WaitResult)) {
            return false;
        }
        WaitResult r = (WaitResult) o;
        return attempts == r.attempts
                && resource.equals(r.resource)
                && rawStatus.equals(r.rawStatus)
                && Objects.equals(response, r.response)
                && elapsed.equals(r.elapsed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(resource, rawStatus, response, attempts, elapsed);
    }

    @Override
    public String toString() {
        return "WaitResult{resource=" + resource.arn() + ", status=" + rawStatus + ", attempts=" + attempts
                + ", elapsed=" + elapsed + "}";
    }
}
