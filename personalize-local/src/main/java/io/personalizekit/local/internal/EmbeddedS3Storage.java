package io.personalizekit.local.internal;

import io.personalizekit.local.internal.data.ObjectStore;
import io.personalizekit.local.internal.data.S3Server;
import io.personalizekit.local.internal.http.SigV4;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** The embedded S3 endpoint and its object store (in memory or under the data directory). Thread-safe. */
final class EmbeddedS3Storage implements S3Storage {
    private final ObjectStore store;
    private final S3Server server;

    EmbeddedS3Storage(ObjectStore store, S3Server server) {
        this.store = store;
        this.server = server;
    }

    /**
     * Starts the embedded endpoint as configured: objects in memory or under {@code <dataDir>/objects} (forced to
     * the device on each write with {@code fsyncEachWrite}), and, with {@code requireSignedRequests}, SigV4 (service
     * {@code s3}, the emulator's region and clock) required on every request.
     */
    static EmbeddedS3Storage start(Emulator.Config config) {
        ObjectStore store = config.dataDir() == null
                ? ObjectStore.inMemory()
                : ObjectStore.onDisk(config.dataDir().resolve("objects"), config.fsyncEachWrite());
        SigV4 auth = config.requireSignedRequests()
                ? new SigV4(config.accessKeys(), config.region(), "s3", config.clock())
                : null;
        return new EmbeddedS3Storage(
                store, S3Server.start(store, config.host(), config.s3Port(), config.region(), auth, config.clock()));
    }

    @Override
    public URI endpoint() {
        return server.endpoint();
    }

    @Override
    public boolean bucketExists(String bucket) {
        return store.bucketExists(bucket);
    }

    @Override
    public Map<String, byte[]> read(DataService.S3Location loc) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (!store.bucketExists(loc.bucket())) {
            return out;
        }
        if (loc.isFolder()) {
            for (String key : store.listKeys(loc.bucket(), loc.key())) {
                String rest = key.substring(loc.key().length());
                if (!rest.isEmpty() && !rest.contains("/")) {
                    store.get(loc.bucket(), key).ifPresent(b -> out.put(key, b));
                }
            }
        } else {
            store.get(loc.bucket(), loc.key()).ifPresent(b -> out.put(loc.key(), b));
        }
        return out;
    }

    @Override
    public void put(String bucket, String key, byte[] data) {
        store.put(bucket, key, data);
    }

    @Override
    public void close() {
        server.close();
    }
}
