package io.personalizekit.waiter;

/** What a wait waits for. */
public enum WaitCondition {
    /**
     * The resource's status becomes {@code ACTIVE}; {@code CREATE FAILED} / {@code CREATE STOPPED} (or a delete
     * under way) fail the wait. A schema, which has no status, is active as soon as it can be described.
     */
    ACTIVE,
    /** The resource is gone: the service answers {@code ResourceNotFoundException}. */
    DELETED,
    /**
     * A campaign's {@code latestCampaignUpdate.status} becomes {@code ACTIVE} (or, before any update, the campaign's
     * own status does). Only for campaigns.
     */
    CAMPAIGN_UPDATED,
    /**
     * A dataset's {@code latestDatasetUpdate.status} becomes {@code ACTIVE} (or, before any update, the dataset's
     * own status does). Only for datasets.
     */
    DATASET_UPDATED,
    /**
     * A solution's {@code latestSolutionUpdate.status} becomes {@code ACTIVE} (or, before any update, the solution's
     * own status does); {@code CREATE FAILED} fails the wait with the update's {@code failureReason}. Only for
     * solutions.
     */
    SOLUTION_UPDATED,
    /**
     * A recommender's {@code latestRecommenderUpdate.status} becomes {@code ACTIVE} (or, before any update, the
     * recommender's own status does). Only for recommenders.
     */
    RECOMMENDER_UPDATED,
    /**
     * A recommender has stopped: its status becomes {@code INACTIVE} ({@code StopRecommender} moves it through
     * {@code STOP PENDING} and {@code STOP IN_PROGRESS}). Only for recommenders.
     */
    INACTIVE
}
