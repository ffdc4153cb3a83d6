package io.personalizekit.local.internal.recipe;

/** Receives a model's candidates, best first, until it has enough. */
@FunctionalInterface
public interface CandidateSink {
    /**
     * Offers the next candidate.
     *
     * @param itemId the item
     * @param score its score, or {@link Double#NaN} when the model does not score
     * @return false when no more candidates are wanted
     */
    boolean offer(String itemId, double score);
}
