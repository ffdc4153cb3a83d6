package io.personalizekit.batch;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One line of a related-items batch inference output: the input item id, the recommended item ids (most similar
 * first; related-items recipes return no scores), and the per-record error the service reported, if any.
 * Immutable and thread-safe.
 */
public final class BatchResult {
    private final String itemId;
    private final List<String> recommendedItems;
    private final @Nullable String error;

    private BatchResult(String itemId, List<String> recommendedItems, @Nullable String error) {
        this.itemId = Objects.requireNonNull(itemId, "itemId");
        this.recommendedItems = List.copyOf(Objects.requireNonNull(recommendedItems, "recommendedItems"));
        this.error = error;
    }

    /**
     * Creates a result.
     *
     * @param itemId the input item id
     * @param recommendedItems the recommended item ids, in the service's order (copied)
     * @param error the service's error for this record, or {@code null}
     * @return the result
     * @throws NullPointerException when {@code itemId}, {@code recommendedItems} or one of its elements is null
     */
    public static BatchResult of(String itemId, List<String> recommendedItems, @Nullable String error) {
        return new BatchResult(itemId, recommendedItems, error);
    }

    /**
     * The input item id ({@code input.itemId}).
     *
     * @return the item id
     */
    public String itemId() {
        return itemId;
    }

    /**
     * The recommended item ids ({@code output.recommendedItems}), most similar first.
     *
     * @return an unmodifiable list, empty when the record failed
     */
    public List<String> recommendedItems() {
        return recommendedItems;
    }

    /**
     * The error the service reported for this record ({@code error}).
     *
     * @return the error message, or empty when the record succeeded
     */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /**
     * Whether the service reported no error for this record.
     *
     * @return true when successful
     */
    public boolean succeeded() {
        return error == null;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BatchResult)) {
            return false;
        }
        BatchResult r = (BatchResult) o;
        return itemId.equals(r.itemId) && recommendedItems.equals(r.recommendedItems) && Objects.equals(error, r.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(itemId, recommendedItems, error);
    }

    @Override
    public String toString() {
        return "BatchResult{itemId=" + itemId + ", recommendedItems=" + recommendedItems
                + (error == null ? "" : ", error=" + error) + "}";
    }
}
