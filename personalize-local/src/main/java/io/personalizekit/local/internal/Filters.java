package io.personalizekit.local.internal;

import io.personalizekit.local.internal.data.FilterExpression;
import io.personalizekit.schema.DatasetType;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Filters as requests apply them: a filter resource and the request's values, item and user become the predicate
 * that {@link io.personalizekit.local.internal.recipe.Serving} applies to every recipe's candidates. Used by the
 * runtime API and batch inference.
 */
final class Filters {
    private final DataState state;

    Filters(DataState state) {
        this.state = state;
    }

    /** @throws ApiException (InvalidInput) when the expression does not parse */
    static void validate(String expression) {
        try {
            FilterExpression.parse(expression);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidInput(e.getMessage());
        }
    }

    /**
     * The items a filter keeps for one request.
     *
     * @throws ApiException (InvalidInput) when the request lacks a value the expression needs
     */
    Predicate<String> predicate(
            Resource filter,
            String groupArn,
            Map<String, String> filterValues,
            @Nullable String userId,
            @Nullable String itemId) {
        FilterExpression expression = DataState.filter(filter);
        Resource items = state.dataset(groupArn, DatasetType.ITEMS).orElse(null);
        Resource users = state.dataset(groupArn, DatasetType.USERS).orElse(null);
        Resource interactions =
                state.dataset(groupArn, DatasetType.INTERACTIONS).orElse(null);
        Function<Set<String>, Set<String>> interacted =
                types -> userId == null ? Set.of() : DataState.interactedBy(interactions, userId, types);
        Function<String, @Nullable Map<String, String>> metadata = id -> DataState.record(items, id);
        try {
            return expression.predicate(
                    filterValues,
                    metadata,
                    itemId == null ? null : DataState.record(items, itemId),
                    userId == null ? null : DataState.record(users, userId),
                    interacted);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidInput(e.getMessage());
        }
    }
}
