package io.personalizekit.recipe;

/** What a recipe recommends, as the service's {@code recipeType} names it; it decides the runtime call to use. */
public enum RecipeType {
    /** Items for a user ({@code GetRecommendations} with {@code userId}). */
    USER_PERSONALIZATION,
    /** The same popular or trending items for everyone ({@code GetRecommendations}, {@code userId} optional). */
    POPULAR_ITEMS,
    /** A user's ranking of a candidate list ({@code GetPersonalizedRanking}). */
    PERSONALIZED_RANKING,
    /** Items related to an item ({@code GetRecommendations} with {@code itemId}). */
    RELATED_ITEMS,
    /** The next best actions for a user ({@code GetActionRecommendations}). */
    PERSONALIZED_ACTIONS,
    /** Users likely to interact with items; batch segment jobs only, no real-time call. */
    USER_SEGMENTATION
}
