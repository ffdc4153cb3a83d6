package io.personalizekit.local.internal.recipe;

import io.personalizekit.local.internal.data.CsvImporter;
import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.local.internal.data.ImportOutcome;
import io.personalizekit.local.internal.data.ModelTrainer;
import io.personalizekit.local.internal.data.TrainedModel;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Datasets from CSV through the emulator's importer, and trainings through its runner, for recipe tests. */
final class RecipeData {
    private RecipeData() {}

    /** A dataset imported from CSV as an import job would (the import must succeed). */
    static DatasetData csv(String schema, String csv) {
        ImportOutcome outcome = CsvImporter.create()
                .importCsv(DatasetSchema.parse(schema), List.of(csv.getBytes(StandardCharsets.UTF_8)));
        if (!outcome.isOk()) {
            throw new AssertionError("import failed: " + outcome.failureReason().orElse("?"));
        }
        return outcome.data();
    }

    /** Trains a recipe of the catalog by name, through the runner. */
    static TrainedModel train(
            String recipe,
            DatasetData interactions,
            Map<DatasetType, DatasetData> others,
            Map<String, String> hyperParameters) {
        return ModelTrainer.create()
                .train(RecipeCatalog.trainable(recipe).orElseThrow(), interactions, others, hyperParameters);
    }

    /** No interactions. */
    static DatasetData noInteractions() {
        return DatasetData.empty(DatasetType.INTERACTIONS);
    }
}
