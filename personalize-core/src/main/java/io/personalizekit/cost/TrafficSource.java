package io.personalizekit.cost;

/** Where a {@link CostGuard} report's observed request rate comes from. */
public enum TrafficSource {
    /** The caller supplied it ({@link CostGuard.Builder#observedTps(String, double)}). */
    SUPPLIED,
    /** The {@link TrafficCounter} given to the guard counted it. */
    OBSERVED,
    /** Nothing is known: no counter and no supplied figure. */
    UNKNOWN
}
