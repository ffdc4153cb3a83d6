package io.personalizekit.observe;

import io.personalizekit.cache.CircuitState;
import java.util.Objects;

/**
 * One of a caching client's circuit breakers changed state.
 *
 * @param campaignArn the campaign the client caches
 * @param circuit which breaker
 * @param from the state before
 * @param to the state after
 */
public record CircuitStateEvent(String campaignArn, Circuit circuit, CircuitState from, CircuitState to) {
    /** A caching client's breakers. */
    public enum Circuit {
        /** Around the {@code RecommendationStore}: open means the store is skipped and requests are served live. */
        STORE,
        /** Around the live call: open means Personalize is not called and misses are served stale or rejected. */
        LIVE_CALL
    }

    /**
     * Creates an event.
     *
     * @throws NullPointerException when an argument is null
     */
    public CircuitStateEvent {
        Objects.requireNonNull(campaignArn, "campaignArn");
        Objects.requireNonNull(circuit, "circuit");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
