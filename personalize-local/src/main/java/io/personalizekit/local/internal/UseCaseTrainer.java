package io.personalizekit.local.internal;

import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.local.internal.data.ModelTrainer;
import io.personalizekit.local.internal.data.TrainedModel;
import io.personalizekit.local.internal.data.TrainingFailedException;
import io.personalizekit.local.internal.recipe.Recipe;
import io.personalizekit.local.internal.recipe.Requirements;
import io.personalizekit.schema.DatasetType;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Trains the model behind a recommender: the use case's recipe (see {@link UseCases}) on a snapshot of the dataset
 * group's data taken when the training starts, counting only the use case's event type when it has one (and
 * failing, as the service does, with fewer than 1,000 such interactions), then the recipe's own minimums. On success
 * the recommender serves the new model; a failed retraining keeps the previous one. Runs on the worker pool.
 */
final class UseCaseTrainer {
    private final ExecutorService worker;
    private final DataState state;
    private final ModelTrainer trainer = ModelTrainer.create();

    UseCaseTrainer(ExecutorService worker, DataState state) {
        this.worker = worker;
        this.state = state;
    }

    CompletableFuture<@Nullable String> train(Resource recommender, UseCases.UseCase useCase) {
        String groupArn = recommender.attr("datasetGroupArn");
        Recipe recipe = useCase.recipe().orElse(null);
        if (recipe == null) {
            String reason = "Use case " + useCase.name() + " is not supported by personalize-local yet: none of its"
                    + " recipes " + useCase.recipes() + " is trained.";
            return CompletableFuture.supplyAsync(() -> reason, worker);
        }
        Requirements needs = recipe.requirements();
        DatasetData interactions = snapshot(groupArn, DatasetType.INTERACTIONS);
        DatasetData items = needs.reads(DatasetType.ITEMS) ? snapshot(groupArn, DatasetType.ITEMS) : null;
        DatasetData users = needs.reads(DatasetType.USERS) ? snapshot(groupArn, DatasetType.USERS) : null;
        String eventType = useCase.eventType();
        return CompletableFuture.supplyAsync(
                () -> {
                    DatasetData training = interactions == null
                            ? DatasetData.empty(DatasetType.INTERACTIONS)
                            : eventType == null ? interactions : ofEventType(interactions, eventType);
                    if (eventType != null && training.size() < Requirements.MIN_INTERACTIONS) {
                        return "Dataset has fewer than " + Requirements.MIN_INTERACTIONS
                                + " interactions after filtering by event type: " + eventType;
                    }
                    try {
                        TrainedModel model = trainer.train(recipe, training, items, users, Map.of());
                        DataState.setModel(recommender, model);
                        return null;
                    } catch (TrainingFailedException e) {
                        return e.failureReason();
                    }
                },
                worker);
    }

    private @Nullable DatasetData snapshot(String groupArn, DatasetType type) {
        DatasetData data = DataState.effective(state.dataset(groupArn, type).orElse(null));
        return data == null ? null : data.copy();
    }

    /** The interactions of one event type (matched ignoring case, as the service's event types are). */
    static DatasetData ofEventType(DatasetData interactions, String eventType) {
        io.personalizekit.schema.DatasetSchema schema = interactions.schema();
        DatasetData out = schema == null ? DatasetData.empty(DatasetType.INTERACTIONS) : DatasetData.empty(schema);
        int[] users = interactions.userColumn();
        int[] items = interactions.itemColumn();
        long[] timestamps = interactions.timestampColumn();
        String[] userIds = interactions.userIdArray();
        String[] itemIds = interactions.itemIdArray();
        for (int i = 0; i < users.length; i++) {
            String type = interactions.eventTypeAt(i);
            if (type != null && type.equalsIgnoreCase(eventType)) {
                out.appendInteraction(
                        userIds[users[i]], itemIds[items[i]], timestamps[i], type, interactions.eventValueAt(i));
            }
        }
        return out;
    }
}
