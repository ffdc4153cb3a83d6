package io.personalizekit.local.internal;

import io.personalizekit.local.internal.data.ObjectStore;
import io.personalizekit.local.internal.data.S3Server;
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
