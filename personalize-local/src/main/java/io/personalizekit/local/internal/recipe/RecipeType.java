package io.personalizekit.local.internal.recipe;

/** A recipe's type, as DescribeRecipe's {@code recipeType} names it; it decides what a request must carry. */
public enum RecipeType {
    /** Items related to an item (GetRecommendations with an {@code itemId}). */
    RELATED_ITEMS,
    /** Popular items (GetRecommendations, {@code userId} optional). */
    POPULAR_ITEMS,
    /** Items for a user (GetRecommendations with a {@code userId}). */
    USER_PERSONALIZATION,
    /** A user's ranking of given items (GetPersonalizedRanking). */
    PERSONALIZED_RANKING,
    /** Actions for a user (GetActionRecommendations). */
    PERSONALIZED_ACTIONS,
    /** Users for items (batch segment jobs). */
    USER_SEGMENTATION
}
