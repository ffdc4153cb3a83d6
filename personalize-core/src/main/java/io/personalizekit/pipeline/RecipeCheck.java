package io.personalizekit.pipeline;

import io.personalizekit.exception.SpecValidationException;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.recipe.RecipeType;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The plan-time check of a spec's solution against its recipe in the {@link Recipe} catalogue, made before anything
 * is listed or created.
 */
final class RecipeCheck {
    private RecipeCheck() {}

    /**
     * Refuses a spec whose solution's recipe could never train or serve as specified.
     *
     * @param spec the spec
     * @throws SpecValidationException naming the rule, at {@code $.solution.recipeArn} or {@code $.campaign}
     */
    static void check(PipelineSpec spec) {
        checkRecommenders(spec);
        if (!spec.hasSolution()) {
            return;
        }
        Recipe recipe = Recipe.fromArn(spec.solution().recipeArn()).orElse(null);
        if (recipe == null) {
            return;
        }
        String path = "$.solution.recipeArn";
        if (recipe.isUseCase()) {
            throw new SpecValidationException(
                    path,
                    "recipe " + recipe.recipeName() + " is a " + recipe.domain().orElse("") + " domain use case:"
                            + " it is served by a recommender, not trained by a solution; name a custom recipe"
                            + " (for example " + Recipe.USER_PERSONALIZATION_V2.arn() + "). Nothing was created.",
                    null);
        }
        Map<DatasetType, DatasetSchema> datasets = new EnumMap<>(DatasetType.class);
        for (DatasetSpec ds : spec.datasetGroup().datasets()) {
            datasets.put(ds.datasetType(), ds.schema());
        }
        List<String> problems = recipe.datasetProblems(datasets);
        if (!problems.isEmpty()) {
            throw new SpecValidationException(
                    path,
                    String.join("; ", problems) + ". Add what is missing to the spec or choose another recipe;"
                            + " nothing was created.",
                    null);
        }
        if (spec.campaign() != null && !recipe.supportsRealTime()) {
            throw new SpecValidationException(
                    "$.campaign",
                    "recipe " + recipe.recipeName() + " is a " + RecipeType.USER_SEGMENTATION + " recipe: it has no"
                            + " real-time campaign, only batch segment jobs; remove the campaign. Nothing was"
                            + " created.",
                    null);
        }
    }

    /**
     * Refuses a recommender whose use case belongs to another domain than the dataset group's, or whose datasets the
     * spec lacks.
     */
    private static void checkRecommenders(PipelineSpec spec) {
        Map<DatasetType, DatasetSchema> datasets = new EnumMap<>(DatasetType.class);
        for (DatasetSpec ds : spec.datasetGroup().datasets()) {
            datasets.put(ds.datasetType(), ds.schema());
        }
        String domain = spec.datasetGroup().domain();
        for (int i = 0; i < spec.recommenders().size(); i++) {
            RecommenderSpec r = spec.recommenders().get(i);
            Recipe useCase = Recipe.fromArn(r.recipeArn()).orElse(null);
            if (useCase == null) {
                continue;
            }
            String path = "$.recommenders[" + i + "].recipeArn";
            if (!useCase.domain().orElse("").equals(domain)) {
                throw new SpecValidationException(
                        path,
                        "use case " + useCase.recipeName() + " belongs to the "
                                + useCase.domain().orElse("")
                                + " domain, but dataset group '"
                                + spec.datasetGroup().name() + "' is of domain "
                                + domain + ". Nothing was created.",
                        null);
            }
            List<String> problems = useCase.datasetProblems(datasets);
            if (!problems.isEmpty()) {
                throw new SpecValidationException(path, String.join("; ", problems) + ". Nothing was created.", null);
            }
        }
    }
}
