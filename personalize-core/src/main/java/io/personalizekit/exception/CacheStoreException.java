package io.personalizekit.exception;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A recommendation store (in memory, Redis, ...) failed, and the caller asked for failures to be raised rather than
 * degraded: {@code failOnCacheError(true)} on the caching client, or a bulk fetch whose writes kept failing. A
 * bulk fetch that ends with this exception left its checkpoint in the store: run it again to resume.
 */
public class CacheStoreException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final @Nullable String keyspaceId;

    /**
     * Creates the exception.
     *
     * @param message what failed and what to do
     * @param keyspaceId the keyspace involved, or {@code null}
     * @param cause the store's failure
     */
    public CacheStoreException(String message, @Nullable String keyspaceId, @Nullable Throwable cause) {
        super(message, cause);
        this.keyspaceId = keyspaceId;
    }

    /**
     * The id of the keyspace involved.
     *
     * @return the keyspace id, or empty when not tied to one
     */
    public Optional<String> keyspaceId() {
        return Optional.ofNullable(keyspaceId);
    }
}
