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
    DATASET_UPDATED
}
