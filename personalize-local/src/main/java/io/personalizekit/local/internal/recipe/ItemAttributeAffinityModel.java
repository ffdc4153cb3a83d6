package io.personalizekit.local.internal.recipe;

import io.personalizekit.schema.DatasetSchema;
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
            for (int i = 0; i < matrix.nItems; i++) {
                if (c.matches(records[i])) {
                    for (int p = matrix.itemStart[i]; p < matrix.itemStart[i + 1]; p++) {
                        hits[matrix.itemUsers[p]] += matrix.itemCounts[p];
                        all += matrix.itemCounts[p];
                    }
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
