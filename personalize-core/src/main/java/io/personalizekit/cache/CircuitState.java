package io.personalizekit.cache;

/** The state of one of {@link CachingSimilarItemsClient}'s circuit breakers, as reported by {@link CacheStats}. */
public enum CircuitState {
    /** Calls pass. */
    CLOSED,
    /** Calls are skipped after consecutive failures, until the open period ends. */
    OPEN,
    /** The open period ended and one trial call is in flight; its outcome closes or re-opens the breaker. */
    HALF_OPEN
}
