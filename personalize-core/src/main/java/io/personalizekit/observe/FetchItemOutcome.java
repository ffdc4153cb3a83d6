package io.personalizekit.observe;

/** What became of one item of a fetcher run. */
public enum FetchItemOutcome {
    /** A list of similar items was obtained (or, for a batch-output load, read) and queued for the store. */
    FETCHED,
    /** The service answered with popular items because it does not know the seed ({@code FALLBACK}); stored too. */
    FALLBACK,
    /** An attempt failed and the item will be tried again. */
    RETRIED,
    /** Every attempt failed (or the batch output has an error for it); the item is left out of the generation. */
    FAILED
}
