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

    /** @throws ApiException (InvalidInput) when the expression does not parse */
    void validateFilter(String expression);

    Map<String, Double> metrics(Resource version);

    /** Trains (or retrains) the model of a recommender for its use case; on success the recommender serves it. */
    CompletableFuture<@Nullable String> trainRecommender(Resource recommender, UseCases.UseCase useCase);
}
