package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The service's recipe catalog (ARNs {@code arn:aws:personalize:::recipe/<name>}), and which ones train here. */
final class Recipes {
    static final String PREFIX = "arn:aws:personalize:::recipe/";

    record Recipe(String name, String type, @Nullable String domain, boolean trainable, String description) {
        String arn() {
            return PREFIX + name;
        }
    }

    static final List<Recipe> ALL = List.of(
            new Recipe(
                    "aws-similar-items",
                    "RELATED_ITEMS",
                    null,
                    true,
                    "Generates items similar to an item from co-occurrence in user histories and item metadata."),
            new Recipe(
                    "aws-sims", "RELATED_ITEMS", null, true, "Item-to-item collaborative filtering on interactions."),
            new Recipe(
                    "aws-popularity-count",
                    "POPULAR_ITEMS",
                    null,
                    true,
                    "The most popular items, by interaction count."),
            new Recipe("aws-trending-now", "POPULAR_ITEMS", null, false, "Items gaining popularity fastest."),
            new Recipe(
                    "aws-semantic-similarity",
                    "RELATED_ITEMS",
                    null,
                    false,
                    "Items semantically similar to an item, from its text."),
            new Recipe(
                    "aws-user-personalization",
                    "USER_PERSONALIZATION",
                    null,
                    false,
                    "Personalized recommendations for a user."),
            new Recipe(
                    "aws-user-personalization-v2",
                    "USER_PERSONALIZATION",
                    null,
                    false,
                    "Transformer-based personalized recommendations for a user."),
            new Recipe(
                    "aws-personalized-ranking",
                    "PERSONALIZED_RANKING",
                    null,
                    false,
                    "Ranks a list of items for a user."),
            new Recipe(
                    "aws-personalized-ranking-v2",
                    "PERSONALIZED_RANKING",
                    null,
                    false,
                    "Transformer-based ranking of a list of items for a user."),
            new Recipe(
                    "aws-next-best-action", "PERSONALIZED_ACTIONS", null, false, "The next best actions for a user."),
            new Recipe("aws-item-affinity", "USER_SEGMENTATION", null, false, "Users likely to interact with items."),
            new Recipe(
                    "aws-item-attribute-affinity",
                    "USER_SEGMENTATION",
                    null,
                    false,
                    "Users likely to interact with items having given attributes."),
            new Recipe("aws-ecomm-popular-items-by-views", "POPULAR_ITEMS", "ECOMMERCE", false, "Most viewed."),
            new Recipe("aws-ecomm-popular-items-by-purchases", "POPULAR_ITEMS", "ECOMMERCE", false, "Best sellers."),
            new Recipe(
                    "aws-ecomm-frequently-bought-together",
                    "RELATED_ITEMS",
                    "ECOMMERCE",
                    false,
                    "Frequently bought together."),
            new Recipe(
                    "aws-ecomm-customers-who-viewed-x-also-viewed",
                    "RELATED_ITEMS",
                    "ECOMMERCE",
                    false,
                    "Customers who viewed X also viewed."),
            new Recipe(
                    "aws-ecomm-recommended-for-you",
                    "USER_PERSONALIZATION",
                    "ECOMMERCE",
                    false,
                    "Recommended for you."),
            new Recipe(
                    "aws-vod-because-you-watched-x",
                    "RELATED_ITEMS",
                    "VIDEO_ON_DEMAND",
                    false,
                    "Because you watched X."),
            new Recipe("aws-vod-more-like-x", "RELATED_ITEMS", "VIDEO_ON_DEMAND", false, "More like X."),
            new Recipe("aws-vod-most-popular", "POPULAR_ITEMS", "VIDEO_ON_DEMAND", false, "Most popular."),
            new Recipe("aws-vod-trending-now", "POPULAR_ITEMS", "VIDEO_ON_DEMAND", false, "Trending now."),
            new Recipe("aws-vod-top-picks", "USER_PERSONALIZATION", "VIDEO_ON_DEMAND", false, "Top picks for you."));

    private Recipes() {}

    static Optional<Recipe> byArn(String arn) {
        return ALL.stream().filter(r -> r.arn().equals(arn)).findFirst();
    }

    /** 2019-01-01T00:00:00Z, a fixed creation time for the catalog. */
    static final long CATALOG_EPOCH = 1546300800L;

    static ObjectNode summary(Recipe r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", r.name());
        o.put("recipeArn", r.arn());
        o.put("status", "ACTIVE");
        o.put("creationDateTime", CATALOG_EPOCH);
        o.put("lastUpdatedDateTime", CATALOG_EPOCH);
        if (r.domain() != null) {
            o.put("domain", r.domain());
        }
        return o;
    }

    static ObjectNode describe(Recipe r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", r.name());
        o.put("recipeArn", r.arn());
        String algorithm = r.name().equals("aws-trending-now") ? "aws-trending-now-custom" : r.name();
        o.put("algorithmArn", "arn:aws:personalize:::algorithm/" + algorithm);
        if (r.name().equals("aws-sims")) {
            o.put("featureTransformationArn", "arn:aws:personalize:::feature-transformation/sims");
        }
        o.put("status", "ACTIVE");
        o.put("description", r.description());
        o.put("creationDateTime", CATALOG_EPOCH);
        o.put("recipeType", r.type());
        o.put("lastUpdatedDateTime", CATALOG_EPOCH);
        return o;
    }
}
