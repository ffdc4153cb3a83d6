package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** The data plane: S3, imports, training, runtime and events (stub until the data engine lands). */
final class DataService implements DataHooks, LocalServer.RestApi, AutoCloseable {
    private @Nullable ControlPlane controlPlane;

    static DataService open(Emulator.Config config) {
        return new DataService();
    }

    void attach(ControlPlane cp) {
        this.controlPlane = cp;
    }

    URI s3Endpoint() {
        throw new IllegalStateException("S3 endpoint not available yet");
    }

    @Override
    public CompletableFuture<@Nullable String> importData(
            Resource job, Resource dataset, Resource schema, boolean incremental) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<@Nullable String> train(Resource version, Resource solution) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<@Nullable String> batchInference(
            Resource job, Resource version, @Nullable Resource filter) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void validateFilter(String expression) {}

    @Override
    public Map<String, Double> metrics(Resource version) {
        return Map.of();
    }

    @Override
    public @Nullable String operationFor(String path) {
        return null;
    }

    @Override
    public ObjectNode handle(String operation, ObjectNode body) {
        throw ApiException.invalidInput("not yet");
    }

    @Override
    public void close() {}
}
