package io.personalizekit.local.internal.recipe;

import static io.personalizekit.local.internal.recipe.RecipeData.csv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.local.Planted;
import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.local.internal.data.TrainedModel;
import io.personalizekit.local.internal.data.TrainingFailedException;
import io.personalizekit.schema.DatasetType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * aws-item-affinity and aws-item-attribute-affinity at the model level (batch segment jobs ask the model through
 * {@link SegmentModel}), on users who follow topics.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AffinityRecipesTest {
    static final Planted.Topics TOPICS = Planted.topics(8, 30, 400, 15, 0.85);
    /** An item no one interacted with, of topic3. */
    static final String COLD_ITEM = "cold,The cold one,topic3,\"nothing to read here\"\n";

    static DatasetData interactions;
    static DatasetData items;
    static TrainedModel itemAffinity;
    static TrainedModel attributeAffinity;

    @BeforeAll
    static void trainBoth() {
        interactions = csv(Planted.INTERACTIONS_SCHEMA, TOPICS.interactionsCsv);
        items = csv(Planted.ITEMS_SCHEMA, TOPICS.itemsCsv + COLD_ITEM);
        itemAffinity = RecipeData.train("aws-item-affinity", interactions, Map.of(DatasetType.ITEMS, items), Map.of());
        attributeAffinity = RecipeData.train(
                "aws-item-attribute-affinity", interactions, Map.of(DatasetType.ITEMS, items), Map.of());
    }

    private static double shareOfTopic(List<String> users, String topic) {
        return users.stream()
                        .filter(u -> TOPICS.topicOfUser.get(u).equals(topic))
                        .count()
                / (double) users.size();
    }

    @Test
    void itemAffinity_ranksTheUsersOfTheItemsTopicFirst() {
        SegmentModel model = (SegmentModel) itemAffinity.model();
        List<Double> shares = new ArrayList<>();
        int k = 0;
        for (Map.Entry<String, String> item : TOPICS.topicOfItem.entrySet()) {
            if (k++ % 6 != 0) {
                continue;
            }
            List<String> segment = model.usersFor(SegmentQuery.item(item.getKey()), 25);
            assertThat(segment).hasSize(25).doesNotHaveDuplicates();
            shares.add(shareOfTopic(segment, item.getValue()));
        }

        // 50 users per topic, 1 in 8 users overall: the top 25 are nearly all the topic's readers
        assertThat(shares.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                .isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void itemAffinity_coldItem_leansOnItsMetadata_andEveryUserIsRanked() {
        SegmentModel model = (SegmentModel) itemAffinity.model();

        List<String> segment = model.usersFor(SegmentQuery.item("cold"), 25);
        List<String> everyone = model.usersFor(SegmentQuery.item("cold"), 1000);

        assertThat(shareOfTopic(segment, "topic3")).isGreaterThanOrEqualTo(0.9);
        assertThat(everyone).hasSize(400).doesNotHaveDuplicates();
        assertThat(itemAffinity.knowsItem("cold")).isTrue();
    }

    @Test
    void itemAffinity_refusesUnknownItemsAndAttributeQueries() {
        SegmentModel model = (SegmentModel) itemAffinity.model();

        assertThatThrownBy(() -> model.usersFor(SegmentQuery.item("nope"), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Item nope was not in the training data");
        assertThatThrownBy(() -> model.usersFor(SegmentQuery.attributes("ITEMS.GENRE = \"topic1\""), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("itemId");
        assertThatThrownBy(() -> new SegmentQuery(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itemAttributeAffinity_ranksTheUsersOfItemsWithTheAttributeFirst() {
        SegmentModel model = (SegmentModel) attributeAffinity.model();

        for (String topic : List.of("topic0", "topic3", "topic7")) {
            List<String> segment = model.usersFor(SegmentQuery.attributes("ITEMS.genre = \"" + topic + "\""), 40);
            assertThat(segment).hasSize(40).doesNotHaveDuplicates();
            assertThat(shareOfTopic(segment, topic)).as(topic).isGreaterThanOrEqualTo(0.9);
        }
        List<String> either =
                model.usersFor(SegmentQuery.attributes("ITEMS.GENRE = \"topic1\" AND ITEMS.GENRE = \"topic2\""), 400);
        assertThat(either).hasSize(400).doesNotHaveDuplicates();
    }

    @Test
    void itemAttributeAffinity_valuesMatchIgnoringCase_asTheUnindexedScanDoes() {
        SegmentModel model = (SegmentModel) attributeAffinity.model();

        List<String> lower = model.usersFor(SegmentQuery.attributes("ITEMS.GENRE = \"topic3\""), 40);
        assertThat(model.usersFor(SegmentQuery.attributes("ITEMS.GENRE = \"TOPIC3\""), 40))
                .isEqualTo(lower);
        assertThat(model.usersFor(SegmentQuery.attributes("ITEMS.genre = \"Topic3\""), 40))
                .isEqualTo(lower);
        assertThat(shareOfTopic(lower, "topic3")).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void itemAttributeAffinity_refusesExpressionsTheServiceRefuses() {
        SegmentModel model = (SegmentModel) attributeAffinity.model();

        assertThatThrownBy(() -> model.usersFor(SegmentQuery.attributes("ITEMS.COLOUR = \"red\""), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no field COLOUR");
        assertThatThrownBy(() -> model.usersFor(SegmentQuery.attributes("ITEMS.DESCRIPTION = \"x\""), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be an item attribute");
        assertThatThrownBy(() -> model.usersFor(SegmentQuery.attributes("ITEMS.GENRE IN (\"topic1\")"), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Expected '='");
        assertThatThrownBy(() -> model.usersFor(SegmentQuery.attributes("ITEMS.GENRE = \"topic1\" OR x"), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Expected AND");
        assertThatThrownBy(() -> model.usersFor(SegmentQuery.item("item1"), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("itemAttributes");
    }

    @Test
    void itemAttributeAffinity_withoutAnAttributeField_failsWithTheReason() {
        String textOnly = "{\"type\":\"record\",\"name\":\"Items\",\"namespace\":\"com.amazonaws.personalize.schema\","
                + "\"fields\":[{\"name\":\"ITEM_ID\",\"type\":\"string\"},"
                + "{\"name\":\"DESCRIPTION\",\"type\":[\"null\",\"string\"],\"textual\":true}],\"version\":\"1.0\"}";
        DatasetData textItems = csv(textOnly, "ITEM_ID,DESCRIPTION\nitem1,\"words\"\n");

        assertThatThrownBy(() -> RecipeData.train(
                        "aws-item-attribute-affinity", interactions, Map.of(DatasetType.ITEMS, textItems), Map.of()))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("neither textual nor reserved");
        assertThatThrownBy(() -> RecipeData.train("aws-item-attribute-affinity", interactions, Map.of(), Map.of()))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("no Items dataset");
    }

    @Test
    void hiddenDimension_isCheckedAgainstTheServiceRange() {
        assertThatThrownBy(() ->
                        RecipeData.train("aws-item-affinity", interactions, Map.of(), Map.of("hidden_dimension", "16")))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("hidden_dimension")
                .hasMessageContaining("between 32 and 256");
    }

    @Test
    void metrics_areHitsAndRecallAtOnePercent_wellAboveARandomSegment() {
        for (TrainedModel model : List.of(itemAffinity, attributeAffinity)) {
            Map<String, Double> m = model.metrics();
            assertThat(m).containsOnlyKeys("hits_at_1_percent", "recall_at_1_percent", "coverage");
            assertThat(m.get("coverage")).isBetween(0.0, 1.0);
            // a random segment of 4 of the 400 users would hit about 4 * |held-out users| / 400 of them
            assertThat(m.get("recall_at_1_percent")).as(model.recipeName()).isGreaterThan(0.02);
        }
    }
}
