package io.personalizekit.local.internal.recipe;

import io.personalizekit.local.internal.data.TrainingFailedException;
import java.util.List;
import java.util.Map;

/**
 * One recipe personalize-local trains: what the service's catalog says about it, what it needs, its
 * hyperparameters, how it trains and how its held-out metrics are computed. Implementations are stateless and
 * registered in {@link RecipeCatalog}; they build on the package's components rather than on each other.
 *
 * <p>A training runs, in this order: {@link HyperParameters#resolve} against {@link #hyperParameters()} (a bad
 * value fails first, as in the service), a {@link TrainingData} snapshot of the datasets in
 * {@link #requirements()}, {@link Requirements#check}, then {@link #train} and {@link #evaluate} on the same data
 * (shared structures are computed once, see {@link TrainingData#derived}).
 */
public interface Recipe {
    /**
     * What ListRecipes and DescribeRecipe say about this recipe.
     *
     * @return the info
     */
    RecipeInfo info();

    /**
     * The datasets this recipe reads and the service's minimums.
     *
     * @return the requirements
     */
    Requirements requirements();

    /**
     * The hyperparameters this recipe accepts, with defaults and ranges; others are ignored.
     *
     * @return the declarations, in the order they are checked
     */
    List<HyperParameter> hyperParameters();

    /**
     * Trains the model a solution version serves.
     *
     * @param data the training data (meets the requirements)
     * @param hyperParameters the resolved hyperparameters
     * @return the model
     * @throws TrainingFailedException with the failure reason in the service's words, when the data cannot train
     */
    Model train(TrainingData data, HyperParameters hyperParameters);

    /**
     * The offline metrics GetSolutionMetrics returns, from a held-out split of the same data (see
     * {@link HeldOutEvaluation} for the names and the protocol).
     *
     * @param data the training data
     * @param hyperParameters the resolved hyperparameters
     * @return the metrics by name
     */
    Map<String, Double> evaluate(TrainingData data, HyperParameters hyperParameters);
}
