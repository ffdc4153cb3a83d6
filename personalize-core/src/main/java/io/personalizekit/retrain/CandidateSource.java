package io.personalizekit.retrain;

/** Where a {@link RetrainingLoop} run gets the version it judges. */
public enum CandidateSource {
    /**
     * Trains one version per run id, exactly once: named {@code <solution>-<runId>}, so a re-run finds it instead of
     * training again. The default.
     */
    TRAIN,
    /**
     * Trains nothing: judges the newest version created after the live one (the one the solution's automatic
     * training made), waiting for it when it is still training.
     */
    LATEST_AUTOMATIC
}
