package io.personalizekit.pipeline;

/** The state a recommender should be in after a run: serving (and billed), or stopped. */
public enum RecommenderState {
    /** Serving recommendations; billed for its {@code minRecommendationRequestsPerSecond} while it is. */
    ACTIVE,
    /** Stopped ({@code StopRecommender}): serves nothing, is not retrained and not billed for requests. */
    INACTIVE
}
