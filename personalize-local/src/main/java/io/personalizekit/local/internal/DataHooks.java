package io.personalizekit.local.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The data-plane work behind the control plane's asynchronous resources. Each future completes with
 * {@code null} on success or with the failure reason in the service's words.
 */
interface DataHooks {
    CompletableFuture<@Nullable String> importData(
            Resource job, Resource dataset, Resource schema, boolean incremental);

    CompletableFuture<@Nullable String> train(Resource version, Resource solution);

    CompletableFuture<@Nullable String> batchInference(Resource job, Resource version, @Nullable Resource filter);

    /** A data deletion job: removes the users listed at its data location from the group's datasets. */
    CompletableFuture<@Nullable String> deleteUsers(Resource job, Resource group);

    /** A dataset export job: writes the dataset's records as CSV to its output path. */
    CompletableFuture<@Nullable String> exportDataset(Resource job, Resource dataset);

    /** A batch segment job: writes the users of each input line's item or attributes to its output path. */
    CompletableFuture<@Nullable String> batchSegments(Resource job, Resource version);

    /** @throws ApiException (InvalidInput) when the expression does not parse */
    void validateFilter(String expression);

    Map<String, Double> metrics(Resource version);

    /** Trains (or retrains) the model of a recommender for its use case; on success the recommender serves it. */
    CompletableFuture<@Nullable String> trainRecommender(Resource recommender, UseCases.UseCase useCase);
}
