package io.personalizekit.observe;

import io.personalizekit.events.DeliveryResult;
import java.util.Objects;

/**
 * A delivery run ended.
 *
 * @param operation the API operation
 * @param target the Items dataset ARN ({@code PutItems}) or the event tracker's tracking id ({@code PutEvents})
 * @param result what the run sent and what failed; when it stopped, what it had done until then
 * @param unsent records not delivered because the run stopped (the failed request's and the ones after it); 0 when
 *     it completed
 * @param stopped true when the run stopped with a {@code DeliveryException}
 */
public record DeliveryEvent(
        DeliveryOperation operation, String target, DeliveryResult result, int unsent, boolean stopped) {
    /**
     * Creates an event.
     *
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when unsent is negative
     */
    public DeliveryEvent {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(result, "result");
        if (unsent < 0) {
            throw new IllegalArgumentException("unsent must not be negative, but it is " + unsent);
        }
    }

    /**
     * Records the service accepted.
     *
     * @return the count
     */
    public int sent() {
        return result.sent();
    }

    /**
     * Records reported as failed: invalid before sending, or rejected by the service.
     *
     * @return the count
     */
    public int failed() {
        return result.failed();
    }

    /**
     * Records re-sent alone after the service rejected their batch with {@code InvalidInputException} (one extra
     * request each).
     *
     * @return the count
     */
    public int retried() {
        return Math.max(0, result.requests() - result.batches());
    }
}
