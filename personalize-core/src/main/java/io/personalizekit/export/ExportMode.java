package io.personalizekit.export;

/**
 * Which records a dataset export job writes (the API's {@code ingestionMode}).
 */
public enum ExportMode {
    /** Only the records imported in bulk with dataset import jobs. */
    BULK,
    /** Only the records put one by one ({@code PutEvents}, {@code PutItems}, {@code PutUsers}, the console). */
    PUT,
    /** Both; for items and users the newest record per id. */
    ALL
}
