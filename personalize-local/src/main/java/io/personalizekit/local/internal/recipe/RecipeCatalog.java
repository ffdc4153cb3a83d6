package io.personalizekit.local.internal.recipe;

import static io.personalizekit.local.internal.recipe.RecipeType.PERSONALIZED_ACTIONS;
import static io.personalizekit.local.internal.recipe.RecipeType.POPULAR_ITEMS;
import static io.personalizekit.local.internal.recipe.RecipeType.RELATED_ITEMS;
import static io.personalizekit.local.internal.recipe.RecipeType.USER_PERSONALIZATION;
import static io.personalizekit.local.internal.recipe.RecipeType.USER_SEGMENTATION;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
            trains(new TrendingNowRecipe()),
            listed(RecipeInfo.of(
                    "aws-semantic-similarity", RELATED_ITEMS, "Items semantically similar to an item, from its text.")),
            trains(new UserPersonalizationRecipe()),
            trains(new UserPersonalizationV2Recipe()),
            trains(new PersonalizedRankingRecipe()),
            trains(new PersonalizedRankingV2Recipe()),
            listed(RecipeInfo.of("aws-next-best-action", PERSONALIZED_ACTIONS, "The next best actions for a user.")),
            listed(RecipeInfo.of("aws-item-affinity", USER_SEGMENTATION, "Users likely to interact with items.")),
            listed(RecipeInfo.of(
                    "aws-item-attribute-affinity",
                    USER_SEGMENTATION,
                    "Users likely to interact with items having given attributes.")),
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

    /** Recipes registered at run time, outside the service's catalog (custom and test recipes), by name. */
    private static final Map<String, Recipe> REGISTERED = new ConcurrentHashMap<>();

    private RecipeCatalog() {}

    /**
     * Registers a recipe outside the service's catalog, for tests and embedders that train their own: it can then
     * be named in CreateSolution by its ARN and is trained like a catalog recipe. ListRecipes does not show it.
     * Registering the same name again replaces the earlier recipe.
     *
     * @param recipe the recipe
     * @throws IllegalArgumentException when its name is one of the service's catalog
     */
    public static void register(Recipe recipe) {
        String name = recipe.info().name();
        if (ENTRIES.stream().anyMatch(e -> e.info().name().equals(name))) {
            throw new IllegalArgumentException(
                    "Recipe " + name + " is in the service's catalog; register another name");
        }
        REGISTERED.put(name, recipe);
    }

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
        Optional<RecipeInfo> listed = ENTRIES.stream()
                .map(Entry::info)
                .filter(r -> r.arn().equals(arn))
                .findFirst();
        if (listed.isPresent()) {
            return listed;
        }
        Recipe registered = REGISTERED.get(arn.substring(arn.lastIndexOf('/') + 1));
        return registered != null && registered.info().arn().equals(arn)
                ? Optional.of(registered.info())
                : Optional.empty();
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
        Optional<Recipe> listed = ENTRIES.stream()
                .filter(e -> e.recipe() != null && e.info().name().equals(name))
                .map(e -> Objects.requireNonNull(e.recipe()))
                .findFirst();
        return listed.isPresent() ? listed : Optional.ofNullable(REGISTERED.get(name));
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
