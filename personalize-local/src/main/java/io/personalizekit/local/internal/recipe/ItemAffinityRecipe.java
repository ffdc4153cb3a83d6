package io.personalizekit.local.internal.recipe;

import io.personalizekit.schema.DatasetType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code aws-item-affinity} (USER_SEGMENTATION): for an item, the users most likely to interact with it, served by
 * batch segment jobs only ({@link ItemAffinityModel}). Reads interactions (the service's minimums apply) and, when
 * the group has one, the Items dataset. Its hyperparameter {@code hidden_dimension} (the service's default 149, range
 * 32 to 256) is checked and otherwise unused: this model has no hidden layer. Metrics: {@link SegmentEvaluation} over
 * up to {@value SegmentEvaluation#MAX_QUERIES} items, those with the most held-out users.
 */
final class ItemAffinityRecipe implements Recipe {
    static final String HIDDEN_DIMENSION = "hidden_dimension";

    private static final RecipeInfo INFO = RecipeInfo.of(
                    "aws-item-affinity",
                    RecipeType.USER_SEGMENTATION,
                    "Users most likely to interact with each item you give, for batch segment jobs.")
            .withFeatureTransformation("item-affinity");
    static final List<HyperParameter> HYPER_PARAMETERS =
            List.of(HyperParameter.integer(HIDDEN_DIMENSION, 149, 32, 256));

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
        return HYPER_PARAMETERS;
    }

    @Override
    public Model train(TrainingData data, HyperParameters hp) {
        return model(data, AffinityMatrix.full(data));
    }

    private static ItemAffinityModel model(TrainingData data, AffinityMatrix matrix) {
        ItemMetadata metadata = ItemMetadata.of(data);
        ItemUniverse universe = metadata == null ? ItemUniverse.interacted(data) : ItemUniverse.withCatalog(data);
        return new ItemAffinityModel(matrix, new SegmentUsers(SegmentUsers.userIds(data), matrix), universe, metadata);
    }

    @Override
    public Map<String, Double> evaluate(TrainingData data, HyperParameters hp) {
        AffinityMatrix split = AffinityMatrix.heldOut(data);
        ItemAffinityModel model = model(data, split);
        List<int[]> testUsers = Arrays.asList(split.testUsersByItem());
        int[] items = IntStream.range(0, split.nItems)
                .filter(i -> testUsers.get(i).length > 0)
                .boxed()
                .sorted(Comparator.comparingInt((Integer i) -> -testUsers.get(i).length)
                        .thenComparingInt(i -> i))
                .limit(SegmentEvaluation.MAX_QUERIES)
                .mapToInt(Integer::intValue)
                .toArray();
        int k = SegmentEvaluation.k(split.nUsers);
        SegmentUsers users = new SegmentUsers(SegmentUsers.userIds(data), split);
        int[][] predicted = new int[items.length][];
        IntStream.range(0, items.length).parallel().forEach(q -> predicted[q] = users.top(model.scores(items[q]), k));
        List<int[]> actual = new ArrayList<>();
        for (int item : items) {
            actual.add(testUsers.get(item));
        }
        return SegmentEvaluation.score(split.nUsers, Arrays.asList(predicted), actual);
    }
}
