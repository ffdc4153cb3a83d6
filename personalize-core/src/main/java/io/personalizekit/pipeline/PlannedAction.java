package io.personalizekit.pipeline;

/** What {@code run(spec)} would do for a step, as reported by {@code plan(spec)}. */
public enum PlannedAction {
    /** The resource does not exist and would be created. */
    CREATE,
    /** An ACTIVE resource with the same definition exists and would be reused. */
    REUSE,
    /** The resource exists and is still being created; it would be awaited. */
    AWAIT,
    /** An existing campaign would be updated (new solution version or TPS). */
    UPDATE
}
