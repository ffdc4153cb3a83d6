package io.personalizekit.local.internal.recipe;

import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.FieldType;
import io.personalizekit.schema.SchemaField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Item-Attribute-Affinity model: the users most likely to interact with items having given attributes. For one
 * attribute {@code a}, a user's propensity is the share of the user's interactions with items having {@code a},
 * shrunk towards the share among all interactions {@code p_a}: {@code (c_ua + 5 p_a) / (c_u + 5)} (a beta-binomial
 * estimate of the chance that the user's next interaction is with such an item). Several attributes joined with
 * {@code AND} multiply their propensities, as if the attributes were independent. Users are ranked by score, then by
 * their number of interactions. The item metadata is the Items dataset as it was at training. Immutable and
 * thread-safe.
 */
final class ItemAttributeAffinityModel implements Model, SegmentModel {
    /** The weight of the overall share in each user's estimate. */
    static final double PRIOR = 5.0;

    private final AffinityMatrix matrix;
    private final SegmentUsers users;
    private final ItemUniverse interacted;
    private final DatasetSchema schema;
    /** Per item with interactions (matrix index), its record in the Items dataset, or null. */
    private final @Nullable Map<String, String>[] records;
    /** String attributes: field, then lower-cased value, to the items (matrix indexes) having it. */
    private final Map<String, Map<String, int[]>> stringIndex;

    ItemAttributeAffinityModel(
            AffinityMatrix matrix,
            SegmentUsers users,
            ItemUniverse interacted,
            DatasetSchema schema,
            @Nullable Map<String, String>[] records) {
        this.matrix = matrix;
        this.users = users;
        this.interacted = interacted;
        this.schema = schema;
        this.records = records;
        this.stringIndex = indexStrings(schema, records);
    }

    private static Map<String, Map<String, int[]>> indexStrings(
            DatasetSchema schema, @Nullable Map<String, String>[] records) {
        Map<String, Map<String, int[]>> out = new HashMap<>();
        for (SchemaField f : schema.fields()) {
            if (f.type() != FieldType.STRING || f.textual() || AttributeExpression.NOT_ATTRIBUTES.contains(f.name())) {
                continue;
            }
            Map<String, List<Integer>> lists = new HashMap<>();
            for (int i = 0; i < records.length; i++) {
                Map<String, String> r = records[i];
                String v = r == null ? null : r.get(f.name());
                if (v == null) {
                    continue;
                }
                for (String part : v.split("\\|")) {
                    String key = fold(part.trim());
                    List<Integer> items = lists.computeIfAbsent(key, k -> new ArrayList<>());
                    if (items.isEmpty() || items.get(items.size() - 1) != i) {
                        items.add(i);
                    }
                }
            }
            Map<String, int[]> values = new HashMap<>();
            lists.forEach((k, v) ->
                    values.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
            out.put(f.name(), values);
        }
        return out;
    }

    /**
     * Case-folds a value so that two values fold equal exactly when {@link String#equalsIgnoreCase} holds, as in
     * {@link AttributeExpression.Condition#matches}.
     */
    private static String fold(String value) {
        char[] chars = value.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(Character.toUpperCase(chars[i]));
        }
        return new String(chars);
    }

    /** The items (matrix indexes) having the condition's attribute. */
    private int[] matching(AttributeExpression.Condition c) {
        Map<String, int[]> values = stringIndex.get(c.field().name());
        if (values != null) {
            return values.getOrDefault(fold(c.value()), new int[0]);
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < records.length; i++) {
            if (c.matches(records[i])) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public List<String> usersFor(SegmentQuery query, int n) {
        String expression = query.itemAttributes();
        if (expression == null) {
            throw new IllegalArgumentException(
                    "An Item-Attribute-Affinity solution version takes {\"itemAttributes\": ...} queries, not itemId.");
        }
        return users.topIds(scores(AttributeExpression.parse(expression, schema)), n);
    }

    /** The users' scores for an expression. */
    double[] scores(AttributeExpression expression) {
        double[] score = new double[matrix.nUsers];
        java.util.Arrays.fill(score, 1);
        long total = 0;
        for (int u = 0; u < matrix.nUsers; u++) {
            total += matrix.userTotal[u];
        }
        for (AttributeExpression.Condition c : expression.conditions) {
            double[] hits = new double[matrix.nUsers];
            long all = 0;
            for (int i : matching(c)) {
                for (int p = matrix.itemStart[i]; p < matrix.itemStart[i + 1]; p++) {
                    hits[matrix.itemUsers[p]] += matrix.itemCounts[p];
                    all += matrix.itemCounts[p];
                }
            }
            double share = total == 0 ? 0 : (double) all / total;
            for (int u = 0; u < matrix.nUsers; u++) {
                score[u] *= (hits[u] + PRIOR * share) / (matrix.userTotal[u] + PRIOR);
            }
        }
        return score;
    }

    @Override
    public void candidates(Query query, CandidateSink sink) {
        // a USER_SEGMENTATION model answers batch segment jobs only; it recommends no items
        Objects.requireNonNull(sink, "sink");
    }

    @Override
    public boolean knowsItem(String itemId) {
        return interacted.index.containsKey(itemId);
    }

    @Override
    public int itemCount() {
        return interacted.size();
    }
}
