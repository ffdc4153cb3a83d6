package io.personalizekit.local.internal.recipe;

import static io.personalizekit.local.internal.recipe.RecipeData.csv;
import static io.personalizekit.local.internal.recipe.RecipeData.noInteractions;
import static io.personalizekit.local.internal.recipe.RecipeData.train;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.local.Planted;
import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.local.internal.data.TrainedModel;
import io.personalizekit.local.internal.data.TrainingFailedException;
import io.personalizekit.schema.DatasetType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** aws-semantic-similarity: TF-IDF over the item name and textual field, items only. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SemanticSimilarityRecipeTest {
    static final String RECIPE = "aws-semantic-similarity";
    static final Planted.Topics TOPICS = Planted.topics(8, 40, 400, 15, 0.85);

    private static TrainedModel textOnly(String itemsCsv) {
        return train(
                RECIPE, noInteractions(), Map.of(DatasetType.ITEMS, csv(Planted.ITEMS_SCHEMA, itemsCsv)), Map.of());
    }

    @Test
    void textAlone_findsSameTopicItems_inAtLeast80PercentOfTop10s() {
        TrainedModel model = textOnly(TOPICS.itemsCsv);

        int same = 0;
        int total = 0;
        for (Map.Entry<String, String> item : TOPICS.topicOfItem.entrySet()) {
            List<String> top10 = model.similarItems(item.getKey(), 10, i -> true);
            assertThat(top10).hasSize(10).doesNotContain(item.getKey());
            for (String other : top10) {
                total++;
                if (TOPICS.topicOfItem.get(other).equals(item.getValue())) {
                    same++;
                }
            }
        }
        assertThat((double) same / total).isGreaterThanOrEqualTo(0.8);
        assertThat(model.itemCount()).isEqualTo(TOPICS.topicOfItem.size());
        assertThat(model.returnsScores()).isFalse();
    }

    @Test
    void rareSharedWords_weighMoreThanCommonOnes() {
        StringBuilder items = new StringBuilder("ITEM_ID,TITLE,GENRE,DESCRIPTION\n")
                .append("seed,Seed,,\"zebra apple\"\n")
                .append("rare,Rare,,\"zebra stripes\"\n")
                .append("common,Common,,\"apple stripes\"\n");
        for (int i = 0; i < 40; i++) {
            items.append("filler")
                    .append(i)
                    .append(",Filler,,\"apple pie number")
                    .append(i)
                    .append("\"\n");
        }

        TrainedModel model = textOnly(items.toString());

        assertThat(model.similarItems("seed", 2, i -> true)).startsWith("rare");
    }

    @Test
    void textBeyondTheServiceLimit_isNotRead() {
        String padding = "lorem ".repeat(20_000 / 6 + 1);
        String items = "ITEM_ID,TITLE,GENRE,DESCRIPTION\n"
                + "long,Long,,\"" + padding + "zebra\"\n"
                + "short,Short,,\"zebra\"\n"
                + "zebra,Zebra,,\"zebra\"\n"
                + "other,Other,,\"lorem\"\n";

        TrainedModel model = textOnly(items);

        // "zebra" lies past the first 20,000 characters of "long": only "lorem" links it to other items
        assertThat(model.similarItems("short", 1, i -> true)).containsExactly("zebra");
        assertThat(model.similarItems("long", 1, i -> true)).containsExactly("other");
    }

    @Test
    void unknownItem_getsThePopularItems() {
        DatasetData interactions = csv(Planted.INTERACTIONS_SCHEMA, TOPICS.interactionsCsv);
        TrainedModel model = train(
                RECIPE, interactions, Map.of(DatasetType.ITEMS, csv(Planted.ITEMS_SCHEMA, TOPICS.itemsCsv)), Map.of());

        List<String> popular = model.similarItems("no-such-item", 5, i -> true);

        Map<String, Integer> counts = new java.util.HashMap<>();
        TOPICS.interactionsCsv.lines().skip(1).forEach(l -> counts.merge(l.split(",")[1], 1, Integer::sum));
        int leastReturned = popular.stream().mapToInt(counts::get).min().orElseThrow();
        int mostLeftOut = counts.entrySet().stream()
                .filter(e -> !popular.contains(e.getKey()))
                .mapToInt(Map.Entry::getValue)
                .max()
                .orElseThrow();
        assertThat(popular).hasSize(5);
        assertThat(leastReturned).isGreaterThanOrEqualTo(mostLeftOut);
        assertThat(popular.stream().mapToInt(counts::get).toArray()).isSortedAccordingTo((a, b) -> b - a);
    }

    @Test
    void metrics_withInteractions_areTheHeldOutRelatedItemsMetrics_withoutThem_coverageOnly() {
        TrainedModel withInteractions = train(
                RECIPE,
                csv(Planted.INTERACTIONS_SCHEMA, TOPICS.interactionsCsv),
                Map.of(DatasetType.ITEMS, csv(Planted.ITEMS_SCHEMA, TOPICS.itemsCsv)),
                Map.of());
        TrainedModel textOnly = textOnly(TOPICS.itemsCsv);

        assertThat(withInteractions.metrics())
                .containsKeys("precision_at_10", "normalized_discounted_cumulative_gain_at_10", "coverage");
        // the users read their topic, which text alone finds: far better than the 1/240 of a random pick
        assertThat(withInteractions.metrics().get("precision_at_25")).isGreaterThan(0.01);
        assertThat(textOnly.metrics()).containsOnlyKeys("coverage");
        assertThat(textOnly.metrics().get("coverage")).isBetween(0.5, 1.0);
    }

    @Test
    void train_withoutItemsOrWithoutTheRequiredFields_failsWithTheReason() {
        assertThatThrownBy(() -> train(RECIPE, noInteractions(), Map.of(), Map.of()))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("requires an Items dataset")
                .hasMessageContaining("no Items dataset");
        String noName = Planted.ITEMS_SCHEMA.replace(",\"itemName\":true", "");
        assertThatThrownBy(() -> train(
                        RECIPE, noInteractions(), Map.of(DatasetType.ITEMS, csv(noName, TOPICS.itemsCsv)), Map.of()))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("no itemName field");
        String noText = Planted.ITEMS_SCHEMA.replace(",\"textual\":true", ",\"categorical\":true");
        assertThatThrownBy(() -> train(
                        RECIPE,
                        noInteractions(),
                        Map.of(DatasetType.ITEMS, csv(noText, "ITEM_ID,TITLE,GENRE,DESCRIPTION\n1,One,a,b\n")),
                        Map.of()))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("no textual field");
    }
}
