package io.personalizekit.observe;

/** How a caching client answered one request. */
public enum CacheResult {
    /** From the store, within the list's time to live. */
    HIT,
    /**
     * Not fresh in the store (absent, expired, or the store unavailable): answered by a live call (its own or a
     * concurrent one on the same key), or failed.
     */
    MISS,
    /** Not fresh in the store, and answered with the expired list ({@code ResultSource.STALE}). */
    STALE
}
