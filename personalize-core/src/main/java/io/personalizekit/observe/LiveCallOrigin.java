package io.personalizekit.observe;

/** Why a live call to Personalize was made. */
public enum LiveCallOrigin {
    /** A caching client's miss (read-through). */
    READ_THROUGH,
    /** A caching client refreshing a list near the end of its life in the background. */
    REFRESH_AHEAD,
    /** A fetcher's bulk run (one event per attempt). */
    FETCHER
}
