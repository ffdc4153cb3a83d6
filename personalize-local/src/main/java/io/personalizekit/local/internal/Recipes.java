package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.local.internal.recipe.RecipeCatalog;
import io.personalizekit.local.internal.recipe.RecipeInfo;

/** ListRecipes' and DescribeRecipe's JSON for the entries of the {@link RecipeCatalog}. */
final class Recipes {
    /** 2019-01-01T00:00:00Z, a fixed creation time for the catalog. */
    static final long CATALOG_EPOCH = 1546300800L;

    private Recipes() {}

    static ObjectNode summary(RecipeInfo r) {
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

    static ObjectNode describe(RecipeInfo r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("name", r.name());
        o.put("recipeArn", r.arn());
        o.put("algorithmArn", "arn:aws:personalize:::algorithm/" + r.algorithm());
        if (r.featureTransformation() != null) {
            o.put(
                    "featureTransformationArn",
                    "arn:aws:personalize:::feature-transformation/" + r.featureTransformation());
        }
        o.put("status", "ACTIVE");
        o.put("description", r.description());
        o.put("creationDateTime", CATALOG_EPOCH);
        o.put("recipeType", r.type().name());
        o.put("lastUpdatedDateTime", CATALOG_EPOCH);
        return o;
    }
}
