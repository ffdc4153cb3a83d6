package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.local.internal.recipe.HyperParameter;
import io.personalizekit.local.internal.recipe.Recipe;
import io.personalizekit.local.internal.recipe.RecipeCatalog;
import io.personalizekit.local.internal.recipe.RecipeInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * DescribeAlgorithm and DescribeFeatureTransformation: the algorithms and feature transformations behind the
 * {@link RecipeCatalog}'s recipes (the {@code algorithmArn} and {@code featureTransformationArn} DescribeRecipe
 * returns). An algorithm's default hyperparameters and their ranges are the declarations of the {@link Recipe}
 * that trains it; an algorithm whose recipe personalize-local does not train has none. Stateless; thread-safe.
 */
final class Algorithms {
    /** The prefix of every service algorithm ARN. */
    static final String ALGORITHM_ARN_PREFIX = "arn:aws:personalize:::algorithm/";
    /** The prefix of every service feature transformation ARN. */
    static final String TRANSFORMATION_ARN_PREFIX = "arn:aws:personalize:::feature-transformation/";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Algorithms() {}

    /** Registers the two operations. */
    static void register(Map<String, Function<Input, ObjectNode>> ops) {
        ops.put("DescribeAlgorithm", Algorithms::describeAlgorithm);
        ops.put("DescribeFeatureTransformation", Algorithms::describeFeatureTransformation);
    }

    private static ObjectNode describeAlgorithm(Input in) {
        String arn = in.arn("algorithmArn");
        String name = arn.startsWith(ALGORITHM_ARN_PREFIX) ? arn.substring(ALGORITHM_ARN_PREFIX.length()) : "";
        Optional<RecipeInfo> recipe = RecipeCatalog.all().stream()
                .filter(r -> r.algorithm().equals(name))
                .findFirst();
        if (recipe.isEmpty()) {
            throw ApiException.notFound("Resource Arn " + arn + " does not exist.");
        }
        List<HyperParameter> declared = RecipeCatalog.trainable(recipe.get().name())
                .map(Recipe::hyperParameters)
                .orElse(List.of());
        ObjectNode a = JSON.objectNode();
        a.put("name", name);
        a.put("algorithmArn", arn);
        a.putObject("algorithmImage").put("name", name).put("dockerURI", "personalize-local/" + name);
        ObjectNode defaults = a.putObject("defaultHyperParameters");
        ObjectNode ranges = a.putObject("defaultHyperParameterRanges");
        ArrayNode integers = ranges.putArray("integerHyperParameterRanges");
        ArrayNode continuous = ranges.putArray("continuousHyperParameterRanges");
        ranges.putArray("categoricalHyperParameterRanges");
        for (HyperParameter h : declared) {
            if (h.kind() == HyperParameter.Kind.INTEGER) {
                defaults.put(h.name(), String.valueOf((long) h.defaultValue()));
                integers.addObject()
                        .put("name", h.name())
                        .put("minValue", (long) h.min())
                        .put("maxValue", (long) h.max())
                        .put("isTunable", true);
            } else {
                defaults.put(h.name(), String.valueOf(h.defaultValue()));
                continuous
                        .addObject()
                        .put("name", h.name())
                        .put("minValue", h.min())
                        .put("maxValue", h.max())
                        .put("isTunable", true);
            }
        }
        a.put("trainingInputMode", "File");
        a.put("creationDateTime", Recipes.CATALOG_EPOCH);
        a.put("lastUpdatedDateTime", Recipes.CATALOG_EPOCH);
        ObjectNode out = JSON.objectNode();
        out.set("algorithm", a);
        return out;
    }

    private static ObjectNode describeFeatureTransformation(Input in) {
        String arn = in.arn("featureTransformationArn");
        String name =
                arn.startsWith(TRANSFORMATION_ARN_PREFIX) ? arn.substring(TRANSFORMATION_ARN_PREFIX.length()) : "";
        boolean known =
                !name.isEmpty() && RecipeCatalog.all().stream().anyMatch(r -> name.equals(r.featureTransformation()));
        if (!known) {
            throw ApiException.notFound("Resource Arn " + arn + " does not exist.");
        }
        ObjectNode t = JSON.objectNode();
        t.put("name", name);
        t.put("featureTransformationArn", arn);
        t.putObject("defaultParameters");
        t.put("creationDateTime", Recipes.CATALOG_EPOCH);
        t.put("lastUpdatedDateTime", Recipes.CATALOG_EPOCH);
        t.put("status", "ACTIVE");
        ObjectNode out = JSON.objectNode();
        out.set("featureTransformation", t);
        return out;
    }
}
