package io.personalizekit.exception;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A bulk fetch ({@code RecommendationFetcher}) stopped before it finished for a reason other than the store: its
 * thread was interrupted (the interrupt flag has been restored and the cause is the {@link InterruptedException}),
 * or a client or store call failed with a checked exception. The pending generation stays in the store as the
 * checkpoint: run the fetch again to resume it. A store that kept failing is reported as {@link
 * CacheStoreException} instead.
 */
public class FetchStoppedException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final @Nullable String keyspaceId;

    /**
     * Creates the exception.
     *
     * @param message what stopped the fetch, and that it can be resumed
     * @param keyspaceId the keyspace being filled, or {@code null}
     * @param cause the interruption or failure that stopped it
     */
    public FetchStoppedException(String message, @Nullable String keyspaceId, Throwable cause) {
        super(message, cause);
        this.keyspaceId = keyspaceId;
    }

    /**
     * The id of the keyspace being filled.
     *
     * @return the keyspace id, or empty when unknown
     */
    public Optional<String> keyspaceId() {
        return Optional.ofNullable(keyspaceId);
    }

    /**
     * Whether the fetch stopped because its thread was interrupted.
     *
     * @return true when the cause is an {@link InterruptedException}
     */
    public boolean interrupted() {
        return getCause() instanceof InterruptedException;
    }
}
