package io.personalizekit.local;

import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.local.internal.recipe.CandidateSink;
import io.personalizekit.local.internal.recipe.HyperParameter;
import io.personalizekit.local.internal.recipe.HyperParameters;
import io.personalizekit.local.internal.recipe.Model;
import io.personalizekit.local.internal.recipe.Query;
import io.personalizekit.local.internal.recipe.Recipe;
import io.personalizekit.local.internal.recipe.RecipeCatalog;
import io.personalizekit.local.internal.recipe.RecipeInfo;
import io.personalizekit.local.internal.recipe.RecipeType;
import io.personalizekit.local.internal.recipe.Requirements;
import io.personalizekit.local.internal.recipe.SegmentModel;
import io.personalizekit.local.internal.recipe.SegmentQuery;
import io.personalizekit.local.internal.recipe.TrainingData;
import io.personalizekit.schema.DatasetType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Small recipes written against the recipe SPI alone, registered outside the service's catalog
 * ({@link RecipeCatalog#register}) so that tests can train them through the API: a user-history recipe (a known user
 * gets the items they read, newest first; an unknown one the popular items) and an item-affinity recipe (the users
 * who read an item, or items of a genre, most reads first).
 */
final class TestRecipes {
    static final String USER_HISTORY = "arn:aws:personalize:::recipe/test-user-history";
    static final String ITEM_AFFINITY = "arn:aws:personalize:::recipe/test-item-affinity";

    static {
        RecipeCatalog.register(new UserHistoryRecipe());
        RecipeCatalog.register(new ItemAffinityRecipe());
    }

    private TestRecipes() {}

    /** Makes sure the recipes are registered (their registration runs once, when this class loads). */
    static void register() {}

    private static Map<String, List<String>> histories(TrainingData data) {
        DatasetData d = data.interactions();
        Map<String, List<String>> byUser = new HashMap<>();
        String[] items = data.interactionItemIds();
        Integer[] order = new Integer[data.interactionCount()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(
                order,
                Comparator.comparingLong((Integer i) -> data.timestampColumn()[i])
                        .reversed());
        for (int i : order) {
            byUser.computeIfAbsent(d.userId(data.userColumn()[i]), u -> new ArrayList<>())
                    .add(items[data.itemColumn()[i]]);
        }
        return byUser;
    }

    private static List<String> popular(TrainingData data) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i : data.itemColumn()) {
            counts.merge(data.interactionItemIds()[i], 1, Integer::sum);
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    private abstract static class Base implements Recipe {
        @Override
        public List<HyperParameter> hyperParameters() {
            return List.of();
        }

        @Override
        public Map<String, Double> evaluate(TrainingData data, HyperParameters hp) {
            return Map.of("coverage", 1.0);
        }
    }

    static final class UserHistoryRecipe extends Base {
        @Override
        public RecipeInfo info() {
            return RecipeInfo.of("test-user-history", RecipeType.USER_PERSONALIZATION, "A user's own history.");
        }

        @Override
        public Requirements requirements() {
            return Requirements.reading();
        }

        @Override
        public Model train(TrainingData data, HyperParameters hp) {
            Map<String, List<String>> histories = histories(data);
            List<String> popular = popular(data);
            return new Model() {
                @Override
                public void candidates(Query query, CandidateSink sink) {
                    List<String> own =
                            query.userId() == null ? List.of() : histories.getOrDefault(query.userId(), List.of());
                    for (String id : own) {
                        if (!sink.offer(id, Double.NaN)) {
                            return;
                        }
                    }
                    for (String id : popular) {
                        if (!sink.offer(id, Double.NaN)) {
                            return;
                        }
                    }
                }

                @Override
                public boolean knowsItem(String itemId) {
                    return popular.contains(itemId);
                }

                @Override
                public int itemCount() {
                    return popular.size();
                }
            };
        }
    }

    static final class ItemAffinityRecipe extends Base {
        private static final Pattern GENRE = Pattern.compile("ITEMS\\.GENRE\\s*=\\s*\"([^\"]*)\"");

        @Override
        public RecipeInfo info() {
            return RecipeInfo.of("test-item-affinity", RecipeType.USER_SEGMENTATION, "Readers of an item.");
        }

        @Override
        public Requirements requirements() {
            return Requirements.reading(DatasetType.ITEMS);
        }

        @Override
        public Model train(TrainingData data, HyperParameters hp) {
            Map<String, Map<String, Integer>> readers = new HashMap<>();
            for (int i = 0; i < data.interactionCount(); i++) {
                readers.computeIfAbsent(data.interactionItemIds()[data.itemColumn()[i]], x -> new LinkedHashMap<>())
                        .merge(data.interactions().userId(data.userColumn()[i]), 1, Integer::sum);
            }
            DatasetData items = data.items();
            return new SegmentingModel(readers, items);
        }
    }

    /** Serves no items; ranks the readers of an item (or of the items of a genre) by reads, then by id. */
    static final class SegmentingModel implements Model, SegmentModel {
        private final Map<String, Map<String, Integer>> readers;
        private final @Nullable DatasetData items;

        SegmentingModel(Map<String, Map<String, Integer>> readers, @Nullable DatasetData items) {
            this.readers = readers;
            this.items = items;
        }

        @Override
        public List<String> usersFor(SegmentQuery query, int n) {
            Set<String> itemIds = new LinkedHashSet<>();
            if (query.itemId() != null) {
                itemIds.add(query.itemId());
            } else {
                Matcher m = ItemAffinityRecipe.GENRE.matcher(query.itemAttributes());
                if (!m.matches() || items == null) {
                    throw new IllegalArgumentException("Unsupported item attributes: " + query.itemAttributes());
                }
                for (String id : items.recordIds()) {
                    Map<String, String> r = items.record(id);
                    if (r != null && m.group(1).equals(r.get("GENRE"))) {
                        itemIds.add(id);
                    }
                }
            }
            Map<String, Integer> counts = new HashMap<>();
            for (String item : itemIds) {
                readers.getOrDefault(item, Map.of()).forEach((u, c) -> counts.merge(u, c, Integer::sum));
            }
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(n)
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toList());
        }

        @Override
        public void candidates(Query query, CandidateSink sink) {}

        @Override
        public boolean knowsItem(String itemId) {
            return readers.containsKey(itemId);
        }

        @Override
        public int itemCount() {
            return readers.size();
        }
    }
}
