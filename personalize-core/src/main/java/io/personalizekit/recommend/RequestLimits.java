package io.personalizekit.recommend;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The service's limits on request values shared by the recommendation requests; not API. */
final class RequestLimits {
    private RequestLimits() {}

    static String checkId(String what, String id) {
        Objects.requireNonNull(id, what);
        if (id.isEmpty() || id.length() > SimilarItemsRequest.MAX_ID_LENGTH) {
            throw new IllegalArgumentException(what + " must be 1 to " + SimilarItemsRequest.MAX_ID_LENGTH
                    + " characters, but it has " + id.length());
        }
        return id;
    }

    static int checkNumResults(int numResults) {
        if (numResults < 1 || numResults > SimilarItemsRequest.MAX_NUM_RESULTS) {
            throw new IllegalArgumentException("numResults must be between 1 and " + SimilarItemsRequest.MAX_NUM_RESULTS
                    + ", but it is " + numResults);
        }
        return numResults;
    }

    static void checkValue(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.length() > SimilarItemsRequest.MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException(what + " has " + value.length() + " characters; at most "
                    + SimilarItemsRequest.MAX_VALUE_LENGTH + " are allowed");
        }
    }

    /** The checks of {@code build()} that involve several values, as {@link SimilarItemsRequest} makes them. */
    static void checkCombination(
            @Nullable String filterArn,
            Map<String, String> filterValues,
            Map<String, String> context,
            List<String> metadataColumns,
            String countName,
            int count) {
        if (!filterValues.isEmpty() && filterArn == null) {
            throw new IllegalArgumentException("filterValues " + filterValues.keySet() + " are set but filterArn"
                    + " is not; set the filter the values belong to");
        }
        if (filterValues.size() > SimilarItemsRequest.MAX_FILTER_VALUES) {
            throw new IllegalArgumentException("At most " + SimilarItemsRequest.MAX_FILTER_VALUES
                    + " filterValues are allowed, but " + filterValues.size() + " are set");
        }
        if (context.size() > SimilarItemsRequest.MAX_CONTEXT_ENTRIES) {
            throw new IllegalArgumentException("At most " + SimilarItemsRequest.MAX_CONTEXT_ENTRIES
                    + " context entries are allowed, but " + context.size() + " are set");
        }
        if (metadataColumns.size() > SimilarItemsRequest.MAX_METADATA_COLUMNS) {
            throw new IllegalArgumentException("At most " + SimilarItemsRequest.MAX_METADATA_COLUMNS
                    + " metadataColumns are allowed, but " + metadataColumns.size() + " are set");
        }
        if (!metadataColumns.isEmpty() && count > SimilarItemsRequest.MAX_NUM_RESULTS_WITH_METADATA) {
            throw new IllegalArgumentException(countName + " " + count + " with metadataColumns " + metadataColumns
                    + ": the service returns at most " + SimilarItemsRequest.MAX_NUM_RESULTS_WITH_METADATA
                    + " items when metadata columns are requested");
        }
    }
}
