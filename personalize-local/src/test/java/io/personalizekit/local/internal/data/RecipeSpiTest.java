package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.local.internal.recipe.CandidateSink;
import io.personalizekit.local.internal.recipe.HyperParameter;
import io.personalizekit.local.internal.recipe.HyperParameters;
import io.personalizekit.local.internal.recipe.Model;
import io.personalizekit.local.internal.recipe.Query;
import io.personalizekit.local.internal.recipe.Recipe;
import io.personalizekit.local.internal.recipe.RecipeInfo;
import io.personalizekit.local.internal.recipe.RecipeType;
import io.personalizekit.local.internal.recipe.Requirements;
import io.personalizekit.local.internal.recipe.ScoredItem;
import io.personalizekit.local.internal.recipe.TrainingData;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A recipe written against the SPI alone (one class) trains and serves through the shared code. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecipeSpiTest {
    static final DatasetSchema USERS = SchemaBuilder.forType(DatasetType.USERS)
            .stringField("USER_ID")
            .stringField("SEGMENT", o -> o.nullable().categorical())
            .build();

    /** Serves the items with the latest interactions first; records what the training was given. */
    static final class LatestItemsRecipe implements Recipe {
        @Nullable
        TrainingData seen;

        @Override
        public RecipeInfo info() {
            return RecipeInfo.of("test-latest-items", RecipeType.POPULAR_ITEMS, "Latest items.");
        }

        @Override
        public Requirements requirements() {
            return Requirements.reading(DatasetType.USERS);
        }

        @Override
        public List<HyperParameter> hyperParameters() {
            return List.of(HyperParameter.integer("depth", 2, 1, 5));
        }

        @Override
        public Model train(TrainingData data, HyperParameters hp) {
            seen = data;
            long[] latest = new long[data.interactionItemIds().length];
            Arrays.fill(latest, Long.MIN_VALUE);
            for (int i = 0; i < data.interactionCount(); i++) {
                int item = data.itemColumn()[i];
                latest[item] = Math.max(latest[item], data.timestampColumn()[i]);
            }
            String[] ids = data.interactionItemIds();
            List<String> order = java.util.stream.IntStream.range(0, ids.length)
                    .boxed()
                    .sorted((a, b) -> Long.compare(latest[b], latest[a]))
                    .map(i -> ids[i])
                    .collect(Collectors.toList());
            return new Model() {
                @Override
                public void candidates(Query query, CandidateSink sink) {
                    for (String id : order) {
                        if (!sink.offer(id, hp.intValue("depth"))) {
                            return;
                        }
                    }
                }

                @Override
                public boolean knowsItem(String itemId) {
                    return order.contains(itemId);
                }

                @Override
                public int itemCount() {
                    return order.size();
                }

                @Override
                public boolean returnsScores() {
                    return true;
                }
            };
        }

        @Override
        public Map<String, Double> evaluate(TrainingData data, HyperParameters hp) {
            return Map.of("coverage", 0.5);
        }
    }

    private static DatasetData interactions(int users, int perUser) {
        DatasetData d = DatasetData.empty(ModelTrainerTest.INTERACTIONS);
        long ts = 0;
        for (int u = 0; u < users; u++) {
            for (int k = 0; k < perUser; k++) {
                d.appendInteraction("u" + u, "i" + ((u + k) % 40), ts++, null, null);
            }
        }
        return d;
    }

    @Test
    void customRecipe_trainsOnTheDatasetsItReads_andServesThroughTheSharedCode() {
        LatestItemsRecipe recipe = new LatestItemsRecipe();
        DatasetData users = DatasetData.empty(USERS);
        users.upsertUser("u1", Map.of("SEGMENT", "gold"));
        DatasetData items = DatasetData.empty(ModelTrainerTest.ITEMS);

        TrainedModel model = ModelTrainer.create()
                .train(recipe, interactions(50, 30), items, users, Map.of("depth", "4", "unknown", "x"));

        assertThat(recipe.seen).isNotNull();
        assertThat(recipe.seen.users()).isSameAs(users);
        assertThat(recipe.seen.items()).as("the recipe does not read items").isNull();
        assertThat(model.recipeName()).isEqualTo("test-latest-items");
        assertThat(model.metrics()).containsEntry("coverage", 0.5);
        List<ScoredItem> served = model.recommend("i9", "u1", 3, id -> !id.equals("i8"));
        // the last interactions are user 49's, k = 29, 28, 27: items (49 + k) % 40
        assertThat(served).extracting(ScoredItem::itemId).containsExactly("i38", "i37", "i36");
        assertThat(served).allSatisfy(s -> assertThat(s.score()).isEqualTo(4.0));
        List<String> all = new ArrayList<>();
        model.recommend("i38", null, 3, id -> true).forEach(s -> all.add(s.itemId()));
        assertThat(all).as("a popular-items recipe does not leave out the item").startsWith("i38");
    }

    @Test
    void customRecipe_badHyperParameterFailsBeforeTheMinimums_thenTheMinimums() {
        LatestItemsRecipe recipe = new LatestItemsRecipe();
        ModelTrainer trainer = ModelTrainer.create();

        assertThatThrownBy(() -> trainer.train(recipe, interactions(10, 10), null, null, Map.of("depth", "9")))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessage("Invalid value '9' for hyperparameter depth. The value must be an integer between 1"
                        + " and 5.");
        assertThatThrownBy(() -> trainer.train(recipe, interactions(10, 10), null, null, Map.of()))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessage("Create failed. Dataset has fewer than 1000 interactions.");
        assertThat(recipe.seen).as("no training below the minimums").isNull();
    }
}
