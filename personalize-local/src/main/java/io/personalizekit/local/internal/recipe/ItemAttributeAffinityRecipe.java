package io.personalizekit.local.internal.recipe;

import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.local.internal.data.TrainingFailedException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * {@code aws-item-attribute-affinity} (USER_SEGMENTATION): for item attributes ({@code ITEMS.genres = "Comedy"}), the
 * users most likely to interact with items having them, served by batch segment jobs only
 * ({@link ItemAttributeAffinityModel}). As the service requires, the group must have an Items dataset whose schema has
 * at least one metadata field that is neither textual nor reserved; the interaction minimums apply. Its hyperparameter
 * {@code hidden_dimension} is checked and otherwise unused. Metrics: {@link SegmentEvaluation} over up to
 * {@value SegmentEvaluation#MAX_QUERIES} single attributes (a categorical field and one of its values), those with the
 * most held-out users.
 */
final class ItemAttributeAffinityRecipe implements Recipe {
    private static final RecipeInfo INFO = RecipeInfo.of(
                    "aws-item-attribute-affinity",
                    RecipeType.USER_SEGMENTATION,
                    "Users most likely to interact with items having the attributes you give, for batch segment"
                            + " jobs.")
            .withFeatureTransformation("item-attribute-affinity");

    @Override
    public RecipeInfo info() {
        return INFO;
    }

    @Override
    public Requirements requirements() {
        return Requirements.reading(DatasetType.ITEMS);
    }

    @Override
    public List<HyperParameter> hyperParameters() {
        return ItemAffinityRecipe.HYPER_PARAMETERS;
    }

    @Override
    public Model train(TrainingData data, HyperParameters hp) {
        return model(data, AffinityMatrix.full(data));
    }

    private static ItemAttributeAffinityModel model(TrainingData data, AffinityMatrix matrix) {
        DatasetData items = data.items();
        DatasetSchema schema = items == null ? null : items.schema();
        if (items == null || schema == null || items.size() == 0) {
            throw new TrainingFailedException("Create failed. The aws-item-attribute-affinity recipe requires an Items"
                    + " dataset with item data; the dataset group has "
                    + (items == null ? "no Items dataset." : "an empty Items dataset."));
        }
        boolean hasAttribute = schema.fields().stream()
                .anyMatch(f -> !f.textual() && !AttributeExpression.NOT_ATTRIBUTES.contains(f.name()));
        if (!hasAttribute) {
            throw new TrainingFailedException("Create failed. The aws-item-attribute-affinity recipe requires an Items"
                    + " schema with at least one metadata field that is neither textual nor reserved.");
        }
        ItemUniverse interacted = ItemUniverse.interacted(data);
        @SuppressWarnings("unchecked")
        @Nullable
        Map<String, String>[] records = new Map[matrix.nItems];
        for (int i = 0; i < records.length; i++) {
            records[i] = items.record(interacted.ids[i]);
        }
        return new ItemAttributeAffinityModel(
                matrix, new SegmentUsers(SegmentUsers.userIds(data), matrix), interacted, schema, records);
    }

    @Override
    public Map<String, Double> evaluate(TrainingData data, HyperParameters hp) {
        AffinityMatrix split = AffinityMatrix.heldOut(data);
        ItemAttributeAffinityModel model = model(data, split);
        DatasetData items = java.util.Objects.requireNonNull(data.items());
        DatasetSchema schema = java.util.Objects.requireNonNull(items.schema());
        ItemUniverse interacted = ItemUniverse.interacted(data);
        // every categorical (field, value) of the items with interactions, with the users who have a held-out
        // interaction with an item having it
        Map<String, AttributeExpression> attributes = new HashMap<>();
        Map<String, boolean[]> testUsers = new HashMap<>();
        int[][] testUsersOfItem = split.testUsersByItem();
        for (SchemaField f : schema.fields()) {
            if (!f.categorical() || AttributeExpression.NOT_ATTRIBUTES.contains(f.name())) {
                continue;
            }
            for (int i = 0; i < split.nItems; i++) {
                Map<String, String> rec = items.record(interacted.ids[i]);
                String v = rec == null ? null : rec.get(f.name());
                if (v == null || testUsersOfItem[i].length == 0) {
                    continue;
                }
                for (String part : v.split("\\|")) {
                    String value = part.trim();
                    if (value.isEmpty()) {
                        continue;
                    }
                    String key = f.name() + '\u0000' + value.toLowerCase(java.util.Locale.ROOT);
                    attributes.computeIfAbsent(key, k -> AttributeExpression.of(f, value));
                    boolean[] users = testUsers.computeIfAbsent(key, k -> new boolean[split.nUsers]);
                    for (int u : testUsersOfItem[i]) {
                        users[u] = true;
                    }
                }
            }
        }
        List<String> keys = new ArrayList<>(attributes.keySet());
        Map<String, int[]> actualByKey = new HashMap<>();
        for (String key : keys) {
            boolean[] users = testUsers.get(key);
            actualByKey.put(
                    key, IntStream.range(0, users.length).filter(u -> users[u]).toArray());
        }
        keys.sort((a, b) -> actualByKey.get(a).length != actualByKey.get(b).length
                ? Integer.compare(actualByKey.get(b).length, actualByKey.get(a).length)
                : a.compareTo(b));
        if (keys.size() > SegmentEvaluation.MAX_QUERIES) {
            keys = keys.subList(0, SegmentEvaluation.MAX_QUERIES);
        }
        int k = SegmentEvaluation.k(split.nUsers);
        SegmentUsers users = new SegmentUsers(SegmentUsers.userIds(data), split);
        List<String> queries = keys;
        int[][] predicted = new int[queries.size()][];
        IntStream.range(0, queries.size())
                .parallel()
                .forEach(q -> predicted[q] = users.top(model.scores(attributes.get(queries.get(q))), k));
        List<int[]> actual = new ArrayList<>();
        for (String key : queries) {
            actual.add(actualByKey.get(key));
        }
        return SegmentEvaluation.score(split.nUsers, Arrays.asList(predicted), actual);
    }
}
