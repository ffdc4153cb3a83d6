package io.personalizekit.local.internal;

import io.personalizekit.local.internal.data.FilterExpression;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
     * Refuses an expression naming a field that the dataset group's schema of that dataset does not have (or a
     * dataset the group does not have). {@code Interactions.EVENT_TYPE}, {@code Items.ITEM_ID} and
     * {@code Users.USER_ID} are always known.
     *
     * @param schemaOf the schema of the group's dataset of a type, empty when the group has no such dataset
     * @throws ApiException (InvalidInput) naming the field and the dataset
     */
    static void checkFields(
            String expression,
            String groupArn,
            java.util.function.Function<DatasetType, Optional<DatasetSchema>> schemaOf) {
        FilterExpression parsed;
        try {
            parsed = FilterExpression.parse(expression);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidInput(e.getMessage());
        }
        for (FilterExpression.FieldRef ref : parsed.fields()) {
            String field = ref.field();
            DatasetType type = DatasetType.valueOf(ref.dataset().toUpperCase(Locale.ROOT));
            boolean builtIn = switch (type) {
                case INTERACTIONS -> field.equalsIgnoreCase("EVENT_TYPE");
                case ITEMS -> field.equalsIgnoreCase("ITEM_ID");
                case USERS -> field.equalsIgnoreCase("USER_ID");
                default -> false;
            };
            if (builtIn) {
                continue;
            }
            Optional<DatasetSchema> schema = schemaOf.apply(type);
            if (schema.isEmpty()) {
                throw ApiException.invalidInput("Could not create filter. The expression uses " + ref.dataset() + "."
                        + field + ", but dataset group " + groupArn + " has no " + ref.dataset() + " dataset.");
            }
            if (schema.get().fieldNames().stream().noneMatch(f -> f.equalsIgnoreCase(field))) {
                throw ApiException.invalidInput("Could not create filter. The field " + field + " is not in the schema"
                        + " of the " + ref.dataset() + " dataset of dataset group " + groupArn + " (its fields: "
                        + String.join(", ", schema.get().fieldNames()) + ").");
            }
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
