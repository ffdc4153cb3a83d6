package io.personalizekit.local.internal.data;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of a dataset import: either the imported data, or the reason the job failed, worded as the service
 * words a dataset import job's {@code failureReason}. Immutable.
 */
public final class ImportOutcome {
    private final @Nullable DatasetData data;
    private final @Nullable String failureReason;

    private ImportOutcome(@Nullable DatasetData data, @Nullable String failureReason) {
        this.data = data;
        this.failureReason = failureReason;
    }

    /**
     * A successful import.
     *
     * @param data the imported data
     * @return the outcome
     */
    public static ImportOutcome ok(DatasetData data) {
        return new ImportOutcome(Objects.requireNonNull(data, "data"), null);
    }

    /**
     * A failed import.
     *
     * @param failureReason the reason, as the job's {@code failureReason}
     * @return the outcome
     */
    public static ImportOutcome failed(String failureReason) {
        return new ImportOutcome(null, Objects.requireNonNull(failureReason, "failureReason"));
    }

    /**
     * Whether the import succeeded.
     *
     * @return true when {@link #data()} holds the data
     */
    public boolean isOk() {
        return data != null;
    }

    /**
     * The imported data.
     *
     * @return the data
     * @throws IllegalStateException when the import failed
     */
    public DatasetData data() {
        if (data == null) {
            throw new IllegalStateException("The import failed: " + failureReason);
        }
        return data;
    }

    /**
     * Why the import failed.
     *
     * @return the reason, or empty when it succeeded
     */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }

    @Override
    public String toString() {
        return data != null ? "ImportOutcome{ok, " + data + "}" : "ImportOutcome{failed: " + failureReason + "}";
    }
}
