package io.personalizekit.pipeline;

/** What {@code run(spec)} would do for a step, as reported by {@code plan(spec)}. */
public enum PlannedAction {
    /** The resource does not exist and would be created. */
    CREATE,
    /** An ACTIVE resource with the same definition exists and would be reused. */
    REUSE,
    /** The resource exists and is still being created; it would be awaited. */
    AWAIT,
    /**
     * An existing resource would be updated: a campaign (solution version, TPS or config), a solution (automatic
     * training), a recommender (config; then started or stopped when its state differs too) or a metric attribution.
     */
    UPDATE,
    /** A stopped recommender would be started. */
    START,
    /** An active recommender would be stopped. */
    STOP
}
