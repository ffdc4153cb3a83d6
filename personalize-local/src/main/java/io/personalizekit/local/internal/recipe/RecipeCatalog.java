package io.personalizekit.local.internal.recipe;

import static io.personalizekit.local.internal.recipe.RecipeType.PERSONALIZED_RANKING;
import static io.personalizekit.local.internal.recipe.RecipeType.POPULAR_ITEMS;
import static io.personalizekit.local.internal.recipe.RecipeType.RELATED_ITEMS;
import static io.personalizekit.local.internal.recipe.RecipeType.USER_PERSONALIZATION;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The service's recipe catalog, in the order ListRecipes returns it, and the {@link Recipe} that trains each
 * recipe personalize-local supports: the one place a recipe is registered. To support a recipe, write its
 * {@link Recipe} class and replace its {@code listed(...)} line below with {@code trains(new ...Recipe())}.
 */
public final class RecipeCatalog {
    private record Entry(RecipeInfo info, @Nullable Recipe recipe) {}

    private static final List<Entry> ENTRIES = List.of(
            trains(new SimilarItemsRecipe()),
            trains(new SimsRecipe()),
            trains(new PopularityCountRecipe()),
            listed(RecipeInfo.of("aws-trending-now", POPULAR_ITEMS, "Items gaining popularity fastest.")
                    .withAlgorithm("aws-trending-now-custom")),
            trains(new SemanticSimilarityRecipe()),
            listed(RecipeInfo.of(
                    "aws-user-personalization", USER_PERSONALIZATION, "Personalized recommendations for a user.")),
            listed(RecipeInfo.of(
                    "aws-user-personalization-v2",
                    USER_PERSONALIZATION,
                    "Transformer-based personalized recommendations for a user.")),
            listed(RecipeInfo.of(
                    "aws-personalized-ranking", PERSONALIZED_RANKING, "Ranks a list of items for a user.")),
            listed(RecipeInfo.of(
                    "aws-personalized-ranking-v2",
                    PERSONALIZED_RANKING,
                    "Transformer-based ranking of a list of items for a user.")),
            trains(new NextBestActionRecipe()),
            trains(new ItemAffinityRecipe()),
            trains(new ItemAttributeAffinityRecipe()),
            listed(RecipeInfo.domain("aws-ecomm-popular-items-by-views", POPULAR_ITEMS, "ECOMMERCE", "Most viewed.")),
            listed(RecipeInfo.domain(
                    "aws-ecomm-popular-items-by-purchases", POPULAR_ITEMS, "ECOMMERCE", "Best sellers.")),
            listed(RecipeInfo.domain(
                    "aws-ecomm-frequently-bought-together", RELATED_ITEMS, "ECOMMERCE", "Frequently bought together.")),
            listed(RecipeInfo.domain(
                    "aws-ecomm-customers-who-viewed-x-also-viewed",
                    RELATED_ITEMS,
                    "ECOMMERCE",
                    "Customers who viewed X also viewed.")),
            listed(RecipeInfo.domain(
                    "aws-ecomm-recommended-for-you", USER_PERSONALIZATION, "ECOMMERCE", "Recommended for you.")),
            listed(RecipeInfo.domain(
                    "aws-vod-because-you-watched-x", RELATED_ITEMS, "VIDEO_ON_DEMAND", "Because you watched X.")),
            listed(RecipeInfo.domain("aws-vod-more-like-x", RELATED_ITEMS, "VIDEO_ON_DEMAND", "More like X.")),
            listed(RecipeInfo.domain("aws-vod-most-popular", POPULAR_ITEMS, "VIDEO_ON_DEMAND", "Most popular.")),
            listed(RecipeInfo.domain("aws-vod-trending-now", POPULAR_ITEMS, "VIDEO_ON_DEMAND", "Trending now.")),
            listed(RecipeInfo.domain(
                    "aws-vod-top-picks", USER_PERSONALIZATION, "VIDEO_ON_DEMAND", "Top picks for you.")));

    private static final List<RecipeInfo> ALL =
            ENTRIES.stream().map(Entry::info).collect(Collectors.toUnmodifiableList());

    private RecipeCatalog() {}

    private static Entry trains(Recipe recipe) {
        return new Entry(recipe.info(), recipe);
    }

    private static Entry listed(RecipeInfo info) {
        return new Entry(info, null);
    }

    /**
     * Every recipe of the catalog, in ListRecipes order.
     *
     * @return the recipes (unmodifiable)
     */
    public static List<RecipeInfo> all() {
        return ALL;
    }

    /**
     * A recipe of the catalog by ARN.
     *
     * @param arn {@code arn:aws:personalize:::recipe/<name>}
     * @return the recipe, or empty when the catalog has none by that ARN
     */
    public static Optional<RecipeInfo> byArn(String arn) {
        Objects.requireNonNull(arn, "arn");
        return ENTRIES.stream()
                .map(Entry::info)
                .filter(r -> r.arn().equals(arn))
                .findFirst();
    }

    /**
     * The recipe that trains a catalog recipe, by name or ARN.
     *
     * @param nameOrArn {@code aws-sims} or {@code arn:aws:personalize:::recipe/aws-sims}
     * @return the recipe, or empty when personalize-local does not train it (or the catalog has no such recipe)
     */
    public static Optional<Recipe> trainable(String nameOrArn) {
        Objects.requireNonNull(nameOrArn, "nameOrArn");
        String name = nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
        return ENTRIES.stream()
                .filter(e -> e.recipe() != null && e.info().name().equals(name))
                .map(e -> Objects.requireNonNull(e.recipe()))
                .findFirst();
    }

    /**
     * The names of the recipes personalize-local trains, in catalog order.
     *
     * @return the names
     */
    public static List<String> trainableNames() {
        return ENTRIES.stream()
                .filter(e -> e.recipe() != null)
                .map(e -> e.info().name())
                .collect(Collectors.toUnmodifiableList());
    }
}
