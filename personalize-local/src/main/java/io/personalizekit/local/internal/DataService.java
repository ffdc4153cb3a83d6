package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.local.internal.data.TrainedModel;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The data plane, assembled: it owns the S3 storage (embedded or external) and the worker pool, and routes to its
 * parts: {@link RuntimeApi} (GetRecommendations, ...), {@link EventsApi} (PutEvents, PutItems, ...) and
 * {@link BackgroundJobs} (imports, training, batch inference), which share the resources' data through
 * {@link DataState}.
 */
final class DataService implements DataHooks, LocalServer.RestApi, AutoCloseable {
    private final S3Storage storage;
    private final ExecutorService worker;
    private final DataState state = new DataState();
    private final RuntimeApi runtime;
    private final EventsApi events;
    private final BackgroundJobs jobs;
    private final DataJobs dataJobs;
    private final UseCaseTrainer useCases;

    private DataService(S3Storage storage, ExecutorService worker) {
        this.storage = storage;
        this.worker = worker;
        Filters filters = new Filters(state);
        this.runtime = new RuntimeApi(state, filters);
        this.events = new EventsApi(state);
        this.jobs = new BackgroundJobs(storage, worker, state, filters);
        this.dataJobs = new DataJobs(storage, worker, state);
        this.useCases = new UseCaseTrainer(worker, state);
    }

    static DataService open(Emulator.Config config) {
        S3Storage storage = S3Storage.open(config);
        AtomicInteger n = new AtomicInteger();
        ExecutorService worker = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "personalize-local-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new DataService(storage, worker);
    }

    void attach(ControlPlane controlPlane) {
        state.attach(controlPlane);
    }

    URI s3Endpoint() {
        return storage.endpoint();
    }

    @Override
    public void close() {
        worker.shutdownNow();
        storage.close();
    }

    /** An {@code s3://bucket/key} location. */
    record S3Location(String bucket, String key) {
        static @Nullable S3Location parse(String uri) {
            if (!uri.startsWith("s3://")) {
                return null;
            }
            String rest = uri.substring("s3://".length());
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                return rest.isEmpty() ? null : new S3Location(rest, "");
            }
            return new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
        }

        boolean isFolder() {
            return key.isEmpty() || key.endsWith("/");
        }
    }

    // ---------------------------------------------------------------------------------------- data hooks

    @Override
    public CompletableFuture<@Nullable String> importData(
            Resource job, Resource dataset, Resource schema, boolean incremental) {
        return jobs.importData(job, dataset, schema, incremental);
    }

    @Override
    public CompletableFuture<@Nullable String> train(Resource version, Resource solution) {
        return jobs.train(version, solution);
    }

    @Override
    public CompletableFuture<@Nullable String> batchInference(
            Resource job, Resource version, @Nullable Resource filter) {
        return jobs.batchInference(job, version, filter);
    }

    @Override
    public CompletableFuture<@Nullable String> deleteUsers(Resource job, Resource group) {
        return dataJobs.deleteUsers(job, group);
    }

    @Override
    public CompletableFuture<@Nullable String> exportDataset(Resource job, Resource dataset) {
        return dataJobs.exportDataset(job, dataset);
    }

    @Override
    public CompletableFuture<@Nullable String> batchSegments(Resource job, Resource version) {
        return dataJobs.batchSegments(job, version);
    }

    /** The totals a metric attribution keeps of PutEvents and INCREMENTAL imports (what CloudWatch would show). */
    java.util.Optional<java.util.List<AttributionMetrics.Row>> attributionTotals(String metricAttributionArn) {
        return state.attribution().totals(metricAttributionArn);
    }

    @Override
    public void validateFilter(String expression) {
        Filters.validate(expression);
    }

    @Override
    public CompletableFuture<@Nullable String> trainRecommender(Resource recommender, UseCases.UseCase useCase) {
        return useCases.train(recommender, useCase);
    }

    @Override
    public Map<String, Double> metrics(Resource version) {
        TrainedModel model = DataState.model(version);
        return model == null ? Map.of() : model.metrics();
    }

    // ---------------------------------------------------------------------------------------- REST routing

    @Override
    public @Nullable String operationFor(String path) {
        String op = RuntimeApi.PATHS.get(path);
        return op != null ? op : EventsApi.PATHS.get(path);
    }

    @Override
    public ObjectNode handle(String operation, ObjectNode body) {
        Input in = new Input(body);
        if (RuntimeApi.PATHS.containsValue(operation)) {
            return runtime.handle(operation, in);
        }
        if (EventsApi.PATHS.containsValue(operation)) {
            return events.handle(operation, in);
        }
        throw new ApiException("UnknownOperationException", 404, "Unknown operation " + operation);
    }
}
