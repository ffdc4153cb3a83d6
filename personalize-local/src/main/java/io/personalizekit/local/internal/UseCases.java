package io.personalizekit.local.internal;

import io.personalizekit.local.internal.recipe.Recipe;
import io.personalizekit.local.internal.recipe.RecipeCatalog;
import io.personalizekit.local.internal.recipe.RecipeInfo;
import io.personalizekit.schema.DatasetType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The domain use cases recommenders serve (the {@code aws-ecomm-*} and {@code aws-vod-*} recipes of the catalog),
 * each with the service's requirements (from the developer guide's ECOMMERCE and VIDEO_ON_DEMAND use case pages):
 * what a GetRecommendations request must carry, the event type its training counts (at least 1,000 of them), the
 * datasets it needs, the items it filters out for the user (those they purchased or watched), and the custom recipe
 * that trains its model here: the first of {@link UseCase#recipes} that the {@link RecipeCatalog} trains, so a use
 * case moves to a better recipe as soon as the catalog trains it.
 */
final class UseCases {
    /** Whether a GetRecommendations request to the recommender needs a userId or an itemId. */
    enum Need {
        /** The request must carry it. */
        REQUIRED,
        /** Only when the request's filter uses the user ({@code CurrentUser} or the user's interactions). */
        FOR_USER_FILTERS,
        /** Ignored when given. */
        NOT_USED
    }

    /**
     * One use case.
     *
     * @param name the recipe name, for example {@code aws-vod-top-picks}
     * @param domain {@code ECOMMERCE} or {@code VIDEO_ON_DEMAND}
     * @param userId whether requests need a userId
     * @param itemId whether requests need an itemId
     * @param eventType the event type training counts (at least 1,000 needed), or null for every type
     * @param needsItems whether the group must have an Items dataset
     * @param excludedEventType the user's items of this event type are never recommended to them, or null
     * @param personalized whether it recommends for a user (only those take {@code itemExplorationConfig})
     * @param recipes the custom recipes that can train it, best first
     */
    record UseCase(
            String name,
            String domain,
            Need userId,
            Need itemId,
            @Nullable String eventType,
            boolean needsItems,
            @Nullable String excludedEventType,
            boolean personalized,
            List<String> recipes) {
        /** @return the recipe ARN of the use case */
        String arn() {
            return RecipeInfo.ARN_PREFIX + name;
        }

        /** @return the first of {@link #recipes} that personalize-local trains */
        Optional<Recipe> recipe() {
            return recipes.stream()
                    .map(RecipeCatalog::trainable)
                    .flatMap(Optional::stream)
                    .findFirst();
        }

        /** @return the datasets the group must have */
        Set<DatasetType> requiredDatasets() {
            return needsItems ? Set.of(DatasetType.INTERACTIONS, DatasetType.ITEMS) : Set.of(DatasetType.INTERACTIONS);
        }
    }

    private static final List<String> USER_PERSONALIZATION =
            List.of("aws-user-personalization-v2", "aws-user-personalization", "aws-popularity-count");

    static final List<UseCase> ALL = List.of(
            new UseCase(
                    "aws-ecomm-popular-items-by-views",
                    "ECOMMERCE",
                    Need.REQUIRED,
                    Need.NOT_USED,
                    "View",
                    false,
                    null,
                    false,
                    List.of("aws-popularity-count")),
            new UseCase(
                    "aws-ecomm-popular-items-by-purchases",
                    "ECOMMERCE",
                    Need.REQUIRED,
                    Need.NOT_USED,
                    "Purchase",
                    false,
                    null,
                    false,
                    List.of("aws-popularity-count")),
            new UseCase(
                    "aws-ecomm-frequently-bought-together",
                    "ECOMMERCE",
                    Need.FOR_USER_FILTERS,
                    Need.REQUIRED,
                    "Purchase",
                    false,
                    null,
                    false,
                    List.of("aws-sims")),
            new UseCase(
                    "aws-ecomm-customers-who-viewed-x-also-viewed",
                    "ECOMMERCE",
                    Need.REQUIRED,
                    Need.REQUIRED,
                    "View",
                    false,
                    "Purchase",
                    false,
                    List.of("aws-sims")),
            new UseCase(
                    "aws-ecomm-recommended-for-you",
                    "ECOMMERCE",
                    Need.REQUIRED,
                    Need.NOT_USED,
                    null,
                    false,
                    "Purchase",
                    true,
                    USER_PERSONALIZATION),
            new UseCase(
                    "aws-vod-because-you-watched-x",
                    "VIDEO_ON_DEMAND",
                    Need.REQUIRED,
                    Need.REQUIRED,
                    "Watch",
                    false,
                    "Watch",
                    false,
                    List.of("aws-sims")),
            new UseCase(
                    "aws-vod-more-like-x",
                    "VIDEO_ON_DEMAND",
                    Need.REQUIRED,
                    Need.REQUIRED,
                    null,
                    true,
                    "Watch",
                    false,
                    List.of("aws-similar-items")),
            new UseCase(
                    "aws-vod-most-popular",
                    "VIDEO_ON_DEMAND",
                    Need.REQUIRED,
                    Need.NOT_USED,
                    "Watch",
                    false,
                    null,
                    false,
                    List.of("aws-popularity-count")),
            new UseCase(
                    "aws-vod-trending-now",
                    "VIDEO_ON_DEMAND",
                    Need.FOR_USER_FILTERS,
                    Need.NOT_USED,
                    null,
                    false,
                    null,
                    false,
                    List.of("aws-trending-now", "aws-popularity-count")),
            new UseCase(
                    "aws-vod-top-picks",
                    "VIDEO_ON_DEMAND",
                    Need.REQUIRED,
                    Need.NOT_USED,
                    null,
                    false,
                    "Watch",
                    true,
                    USER_PERSONALIZATION));

    private UseCases() {}

    /** The use case of a recipe ARN, empty for a custom recipe or an unknown ARN. */
    static Optional<UseCase> byArn(String recipeArn) {
        return ALL.stream().filter(u -> u.arn().equals(recipeArn)).findFirst();
    }

    /** The use case names of a domain, for messages. */
    static String namesOf(String domain) {
        return ALL.stream()
                .filter(u -> u.domain().equals(domain))
                .map(UseCase::name)
                .collect(Collectors.joining(", "));
    }
}
