package io.personalizekit.retrain;

/** How a {@link RetrainingLoop} run ended. */
public enum RetrainOutcome {
    /** The gate passed: the campaign serves the new version and the cache was refreshed for it. */
    PROMOTED,
    /** The gate refused the new version: the campaign and the cache were left as they were. */
    REFUSED,
    /**
     * There was nothing to judge: with {@link CandidateSource#LATEST_AUTOMATIC}, no version newer than the live one
     * exists yet.
     */
    NO_CANDIDATE
}
