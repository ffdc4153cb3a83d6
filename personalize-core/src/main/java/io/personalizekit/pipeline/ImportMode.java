package io.personalizekit.pipeline;

/** How a dataset import job treats existing bulk data. */
public enum ImportMode {
    /** Replaces all bulk data of the dataset (the first import into a dataset must be FULL). */
    FULL,
    /** Appends, replacing records with the same id. */
    INCREMENTAL
}
