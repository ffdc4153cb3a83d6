package io.personalizekit.pipeline;

/** What a pipeline or teardown step did to its resource. */
public enum StepAction {
    /** The resource did not exist and was created, then awaited. */
    CREATED,
    /** An existing resource with the same definition was reused (it was already ACTIVE). */
    REUSED,
    /** An existing resource was found still being created (for example after a crash) and was awaited. */
    AWAITED,
    /**
     * An existing resource was updated and the update awaited: a campaign (solution version, TPS or config), a
     * solution (automatic training), a recommender (config) or a metric attribution (metrics, output).
     */
    UPDATED,
    /** The resource was deleted and the deletion awaited. */
    DELETED,
    /** The resource was already being deleted; the deletion was awaited without a new delete call. */
    DELETE_AWAITED,
    /**
     * A solution version still training was stopped ({@code StopSolutionVersionCreation}) so its solution can go, or
     * a recommender was stopped ({@code StopRecommender}) and awaited until INACTIVE as its spec asks.
     */
    STOPPED,
    /** A stopped recommender was started ({@code StartRecommender}) and awaited until ACTIVE. */
    STARTED,
    /** The resource was already gone; nothing was done. */
    ALREADY_GONE,
    /** The resource was left in place because the service reported it in use elsewhere (a shared schema). */
    SKIPPED_IN_USE
}
