package io.personalizekit.local.internal.recipe;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What ListRecipes and DescribeRecipe say about a recipe of the service's catalog.
 *
 * @param name the recipe name, for example {@code aws-sims}
 * @param type the recipe type
 * @param domain the domain of a domain recipe ({@code ECOMMERCE}, {@code VIDEO_ON_DEMAND}), or null
 * @param description a one-line description
 * @param algorithm the algorithm name of {@code algorithmArn} (usually the recipe name)
 * @param featureTransformation the feature transformation name of {@code featureTransformationArn}, or null
 */
public record RecipeInfo(
        String name,
        RecipeType type,
        @Nullable String domain,
        String description,
        String algorithm,
        @Nullable String featureTransformation) {
    /** The prefix of every service recipe ARN. */
    public static final String ARN_PREFIX = "arn:aws:personalize:::recipe/";

    /** Checks the members. */
    public RecipeInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(algorithm, "algorithm");
    }

    /**
     * A custom recipe whose algorithm has the recipe's name and no feature transformation.
     *
     * @param name the recipe name
     * @param type the recipe type
     * @param description a one-line description
     * @return the info
     */
    public static RecipeInfo of(String name, RecipeType type, String description) {
        return new RecipeInfo(name, type, null, description, name, null);
    }

    /**
     * A domain recipe.
     *
     * @param name the recipe name
     * @param type the recipe type
     * @param domain the domain
     * @param description a one-line description
     * @return the info
     */
    public static RecipeInfo domain(String name, RecipeType type, String domain, String description) {
        return new RecipeInfo(name, type, domain, description, name, null);
    }

    /**
     * This info with another algorithm name.
     *
     * @param algorithmName the algorithm name of {@code algorithmArn}
     * @return a copy
     */
    public RecipeInfo withAlgorithm(String algorithmName) {
        return new RecipeInfo(name, type, domain, description, algorithmName, featureTransformation);
    }

    /**
     * This info with a feature transformation.
     *
     * @param transformation the feature transformation name of {@code featureTransformationArn}
     * @return a copy
     */
    public RecipeInfo withFeatureTransformation(String transformation) {
        return new RecipeInfo(name, type, domain, description, algorithm, transformation);
    }

    /**
     * The recipe ARN, {@code arn:aws:personalize:::recipe/<name>}.
     *
     * @return the ARN
     */
    public String arn() {
        return ARN_PREFIX + name;
    }
}
