package io.personalizekit.local.internal.recipe;

/**
 * An item a model recommends, with its score when the model scores.
 *
 * @param itemId the item
 * @param score the score, or {@link Double#NaN}
 */
public record ScoredItem(String itemId, double score) {
    /**
     * Whether the item has a score.
     *
     * @return true unless the score is NaN
     */
    public boolean hasScore() {
        return !Double.isNaN(score);
    }
}
