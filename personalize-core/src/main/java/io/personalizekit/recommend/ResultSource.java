package io.personalizekit.recommend;

/** Where a {@link SimilarItems} result came from. */
public enum ResultSource {
    /** A live {@code GetRecommendations} call just now. */
    LIVE,
    /** A cache entry that is within its time to live. */
    CACHE,
    /** A cache entry served past its freshness because the live call failed or was throttled. */
    STALE,
    /** The output of a batch inference job. */
    BATCH,
    /**
     * Not similar items: the seed is unknown to the model (or the catalog), so the service answered with popular
     * items. Serve it as "popular", not as "similar".
     */
    FALLBACK
}
