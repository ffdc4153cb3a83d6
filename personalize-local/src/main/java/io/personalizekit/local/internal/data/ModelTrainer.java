package io.personalizekit.local.internal.data;

import io.personalizekit.local.internal.recipe.HyperParameters;
import io.personalizekit.local.internal.recipe.Model;
import io.personalizekit.local.internal.recipe.Recipe;
import io.personalizekit.local.internal.recipe.RecipeCatalog;
import io.personalizekit.local.internal.recipe.TrainingData;
import io.personalizekit.schema.DatasetType;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Runs a training with a {@link Recipe} of the {@link RecipeCatalog}: resolves the hyperparameters against the
 * recipe's declarations, snapshots the datasets the recipe reads, checks the service's minimums, then trains the
 * model and computes its held-out metrics. See each recipe for what it trains; training runs in parallel on the
 * common fork-join pool. Stateless and thread-safe.
 */
public final class ModelTrainer {
    /** Creates a trainer; prefer {@link #create()}. */
    public ModelTrainer() {}

    /**
     * Creates a trainer.
     *
     * @return the trainer
     */
    public static ModelTrainer create() {
        return new ModelTrainer();
    }

    /**
     * Whether a recipe is trained by personalize-local.
     *
     * @param recipe the recipe name or ARN ({@code arn:aws:personalize:::recipe/aws-sims})
     * @return true for the recipes the catalog has a {@link Recipe} for
     */
    public static boolean supports(String recipe) {
        return RecipeCatalog.trainable(recipe).isPresent();
    }

    /**
     * Trains a model by recipe name.
     *
     * @param recipeName the recipe name or ARN
     * @param interactions the interactions dataset
     * @param items the items dataset, or null (read only by recipes that use item metadata)
     * @param hyperParameters algorithm hyperparameters as strings; unknown ones are ignored
     * @return the model
     * @throws TrainingFailedException when the data does not meet the minimums or a hyperparameter is invalid
     * @throws IllegalArgumentException when the recipe is not supported
     */
    public TrainedModel train(
            String recipeName,
            DatasetData interactions,
            @Nullable DatasetData items,
            Map<String, String> hyperParameters) {
        Objects.requireNonNull(recipeName, "recipeName");
        Recipe recipe = RecipeCatalog.trainable(recipeName)
                .orElseThrow(() -> new IllegalArgumentException("Recipe " + recipeName
                        + " is not supported by personalize-local; supported: "
                        + String.join(", ", RecipeCatalog.trainableNames())));
        return train(recipe, interactions, items, null, hyperParameters);
    }

    /**
     * Trains a model.
     *
     * @param recipe the recipe
     * @param interactions the interactions dataset
     * @param items the items dataset, or null; passed to the recipe only if it reads items
     * @param users the users dataset, or null; passed to the recipe only if it reads users
     * @param hyperParameters algorithm hyperparameters as strings; those the recipe does not declare are ignored
     * @return the model with its metrics
     * @throws TrainingFailedException when a hyperparameter is invalid or the data does not meet the minimums (in
     *     that order, as the service checks them), or the recipe cannot train on the data
     */
    public TrainedModel train(
            Recipe recipe,
            DatasetData interactions,
            @Nullable DatasetData items,
            @Nullable DatasetData users,
            Map<String, String> hyperParameters) {
        Objects.requireNonNull(hyperParameters, "hyperParameters");
        return train(recipe, interactions, items, users, TrainingConfig.of(hyperParameters));
    }

    /**
     * Trains a model with a solution's settings: hyperparameters and feature transformation parameters first, then
     * the interactions its {@code eventType}, {@code eventValueThreshold} and {@code eventsConfig} keep, then the
     * minimums on what is left (with the service's "after filtering" failure reason), then the recipe.
     *
     * @param recipe the recipe
     * @param interactions the interactions dataset
     * @param items the items dataset, or null; passed to the recipe only if it reads items
     * @param users the users dataset, or null; passed to the recipe only if it reads users
     * @param config the solution's settings
     * @return the model with its metrics
     * @throws TrainingFailedException when a parameter is invalid or the data does not meet the minimums (in that
     *     order, as the service checks them), or the recipe cannot train on the data
     */
    public TrainedModel train(
            Recipe recipe,
            DatasetData interactions,
            @Nullable DatasetData items,
            @Nullable DatasetData users,
            TrainingConfig config) {
        Objects.requireNonNull(recipe, "recipe");
        Objects.requireNonNull(interactions, "interactions");
        Objects.requireNonNull(config, "config");
        HyperParameters params = HyperParameters.resolve(
                recipe.hyperParameters(), config.algorithmHyperParameters(), config.featureTransformationParameters());
        DatasetData kept = interactions;
        String filtering = config.filterDescription();
        if (config.filters()) {
            DatasetData all = interactions;
            kept = all.filterInteractions(p -> config.keeps(all.eventTypeAt(p), all.eventValueAt(p)));
        }
        TrainingData data = TrainingData.of(
                kept,
                recipe.requirements().reads(DatasetType.ITEMS) ? items : null,
                recipe.requirements().reads(DatasetType.USERS) ? users : null);
        recipe.requirements().check(data, filtering);
        Model model = recipe.train(data, params);
        Map<String, Double> metrics = recipe.evaluate(data, params);
        return new TrainedModel(recipe.info(), model, metrics, config);
    }
}
