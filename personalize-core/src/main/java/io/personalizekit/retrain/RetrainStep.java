package io.personalizekit.retrain;

/** The steps of one {@link RetrainingLoop#run(RetrainRequest)}, in order. */
public enum RetrainStep {
    /** Importing the request's new data into the deployment's datasets (skipped when it has none). */
    IMPORT,
    /** Training the run's solution version, or finding the one automatic training made, and waiting for it. */
    TRAIN,
    /** {@code GetSolutionMetrics} of the candidate and the live version, judged by the quality gate. */
    EVALUATE,
    /** Moving the campaign to the candidate and waiting until the update is ACTIVE (only when the gate passed). */
    UPDATE_CAMPAIGN,
    /** Filling a new cache generation for the candidate and switching readers to it (only when the gate passed). */
    REFRESH_CACHE
}
