package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelTrainerTest {
    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();
    static final DatasetSchema ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("CATEGORY", o -> o.nullable().categorical())
            .stringField("DESCRIPTION", o -> o.nullable().textual())
            .build();

    static final String[] TOPICS = {
        "sports", "politics", "science", "finance", "travel", "music", "film", "health", "food", "tech"
    };
    static final String[][] TOPIC_WORDS = {
        {"match", "goal", "league", "coach", "season"},
        {"election", "senate", "vote", "minister", "policy"},
        {"research", "physics", "telescope", "genome", "experiment"},
        {"market", "stocks", "bank", "inflation", "earnings"},
        {"flight", "hotel", "beach", "passport", "island"},
        {"album", "concert", "guitar", "singer", "tour"},
        {"director", "premiere", "actor", "cinema", "screenplay"},
        {"vaccine", "hospital", "diet", "doctor", "fitness"},
        {"recipe", "chef", "restaurant", "bakery", "flavour"},
        {"software", "startup", "chip", "robot", "cloud"}
    };
    static final int ITEMS_PER_TOPIC = 40;

    /** A news catalogue with planted topics: users read mostly within one or two topics. */
    static final class News {
        final DatasetData interactions = DatasetData.empty(INTERACTIONS);
        final DatasetData items = DatasetData.empty(ITEMS);
        final Map<String, Integer> topicOf = new HashMap<>();

        News(int users, int readsPerUser, long seed) {
            Random r = new Random(seed);
            for (int t = 0; t < TOPICS.length; t++) {
                for (int k = 0; k < ITEMS_PER_TOPIC; k++) {
                    String id = TOPICS[t] + "-" + k;
                    topicOf.put(id, t);
                    items.upsertItem(id, Map.of("CATEGORY", TOPICS[t], "DESCRIPTION", description(r, t)));
                }
                // a cold article nobody has read yet
                String cold = TOPICS[t] + "-new";
                topicOf.put(cold, t);
                items.upsertItem(cold, Map.of("CATEGORY", TOPICS[t], "DESCRIPTION", description(r, t)));
            }
            long ts = 1_700_000_000L;
            for (int u = 0; u < users; u++) {
                int primary = r.nextInt(TOPICS.length);
                int secondary = r.nextInt(TOPICS.length);
                boolean two = r.nextDouble() < 0.4;
                for (int k = 0; k < readsPerUser; k++) {
                    double x = r.nextDouble();
                    int topic = x < 0.1 ? r.nextInt(TOPICS.length) : two && x < 0.45 ? secondary : primary;
                    // popular articles within a topic are read more (roughly Zipf)
                    int rank = (int) Math.floor(Math.pow(r.nextDouble(), 2.0) * ITEMS_PER_TOPIC);
                    interactions.appendInteraction("user-" + u, TOPICS[topic] + "-" + rank, ts++, null, null);
                }
            }
        }

        private static String description(Random r, int topic) {
            StringBuilder sb = new StringBuilder("<p>The latest");
            for (int w = 0; w < 6; w++) {
                sb.append(' ').append(TOPIC_WORDS[topic][r.nextInt(5)]);
                sb.append(' ')
                        .append(TOPIC_WORDS[r.nextInt(TOPICS.length)][r.nextInt(5)].charAt(0))
                        .append("x");
            }
            return sb.append(" news.</p>").toString();
        }

        double shareOfSameTopic(String seed, List<String> recs) {
            int same = 0;
            for (String id : recs) {
                if (topicOf.get(id).equals(topicOf.get(seed))) {
                    same++;
                }
            }
            return recs.isEmpty() ? 0 : (double) same / recs.size();
        }
    }

    private final ModelTrainer trainer = ModelTrainer.create();

    @Test
    void similarItems_onPlantedTopics_topTenShareTheSeedsTopic() {
        News news = new News(400, 20, 42);
        TrainedModel model = trainer.train("aws-similar-items", news.interactions, news.items, Map.of());
        assertThat(model.returnsScores()).isFalse();
        for (String seed : news.topicOf.keySet()) {
            List<String> top = model.similarItems(seed, 10, id -> true);
            assertThat(top).hasSize(10).doesNotContain(seed).doesNotHaveDuplicates();
            assertThat(news.shareOfSameTopic(seed, top))
                    .as("same-topic share of %s's top 10 %s", seed, top)
                    .isGreaterThanOrEqualTo(0.8);
        }
    }

    @Test
    void similarItems_forColdItem_usesMetadata() {
        News news = new News(400, 20, 7);
        TrainedModel model = trainer.train("aws-similar-items", news.interactions, news.items, Map.of());
        assertThat(model.knowsItem("science-new")).isTrue();
        List<String> top = model.similarItems("science-new", 10, id -> true);
        assertThat(top).allSatisfy(id -> assertThat(id).startsWith("science-"));
    }

    @Test
    void sims_usesCoOccurrenceOnly_andStillFindsTopics() {
        News news = new News(600, 25, 11);
        TrainedModel model = trainer.train("arn:aws:personalize:::recipe/aws-sims", news.interactions, null, Map.of());
        assertThat(model.recipeName()).isEqualTo("aws-sims");
        assertThat(model.knowsItem("science-new")).isFalse(); // no metadata: only items with interactions
        double total = 0;
        int seeds = 0;
        for (String seed : news.topicOf.keySet()) {
            if (model.knowsItem(seed)) {
                total += news.shareOfSameTopic(seed, model.similarItems(seed, 10, id -> true));
                seeds++;
            }
        }
        assertThat(total / seeds).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void similarItems_unknownSeed_getsPopularItems_andFilterIsApplied() {
        News news = new News(300, 20, 3);
        TrainedModel model = trainer.train("aws-similar-items", news.interactions, news.items, Map.of());
        List<String> popular = model.popularItems(5, id -> true);
        assertThat(popular)
                .hasSize(5)
                .allSatisfy(id -> assertThat(id).endsWith("-0").isNotNull());
        assertThat(model.similarItems("no-such-item", 5, id -> true)).isEqualTo(popular);
        assertThat(model.knowsItem("no-such-item")).isFalse();

        List<String> onlyFood = model.similarItems("sports-1", 60, id -> id.startsWith("food-"));
        assertThat(onlyFood).hasSize(41).allSatisfy(id -> assertThat(id).startsWith("food-"));
        assertThat(model.similarItems("sports-1", 500, id -> true))
                .hasSize(model.itemCount() - 1)
                .doesNotContain("sports-1")
                .doesNotHaveDuplicates();
    }

    @Test
    void popularityCount_ranksByInteractionCount() {
        DatasetData data = DatasetData.empty(INTERACTIONS);
        for (int u = 0; u < 50; u++) {
            for (int k = 0; k < 20; k++) {
                // item-0 gets 3 reads per user, item-1 2, the rest one each
                data.appendInteraction("u" + u, k < 3 ? "item-0" : k < 5 ? "item-1" : "item-" + (k + u), k, null, null);
            }
        }
        TrainedModel model = trainer.train("aws-popularity-count", data, null, Map.of());
        assertThat(model.popularItems(2, id -> true)).containsExactly("item-0", "item-1");
        assertThat(model.popularItems(3, id -> !id.equals("item-0"))).startsWith("item-1");
        assertThat(model.similarItems("item-0", 2, id -> true)).containsExactly("item-1", "item-19");
    }

    @Test
    void metrics_areComputedOnHeldOutInteractions() {
        News news = new News(400, 20, 5);
        TrainedModel model = trainer.train("aws-similar-items", news.interactions, news.items, Map.of());
        Map<String, Double> m = model.metrics();
        assertThat(m)
                .containsKeys(
                        "coverage",
                        "precision_at_25",
                        "normalized_discounted_cumulative_gain_at_25",
                        "mean_reciprocal_rank_at_25");
        assertThat(m.values()).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
        // Topic-aware neighbours hit the held-out article far more often than chance (25 of 410 items).
        assertThat(m.get("precision_at_25") * 25).isGreaterThan(0.15);
        assertThat(m.get("normalized_discounted_cumulative_gain_at_25"))
                .isGreaterThanOrEqualTo(m.get("normalized_discounted_cumulative_gain_at_10"));
        assertThat(m.get("coverage")).isGreaterThan(0.1);

        TrainedModel popular = trainer.train("aws-popularity-count", news.interactions, null, Map.of());
        assertThat(popular.metrics().get("coverage")).isLessThan(m.get("coverage"));
    }

    @Test
    void train_belowMinimums_failsWithServiceWording() {
        DatasetData few = DatasetData.empty(INTERACTIONS);
        for (int i = 0; i < 999; i++) {
            few.appendInteraction("u" + (i % 100), "i" + i, i, null, null);
        }
        assertThatThrownBy(() -> trainer.train("aws-similar-items", few, null, Map.of()))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessage("Create failed. Dataset has fewer than 1000 interactions.");

        DatasetData concentrated = DatasetData.empty(INTERACTIONS);
        for (int i = 0; i < 2000; i++) {
            // 24 users with many interactions, 500 users with one each
            String user = i < 1500 ? "heavy" + (i % 24) : "light" + i;
            concentrated.appendInteraction(user, "i" + (i % 300), i, null, null);
        }
        assertThatThrownBy(() -> trainer.train("aws-sims", concentrated, null, Map.of()))
                .isInstanceOf(TrainingFailedException.class)
                .extracting(e -> ((TrainingFailedException) e).failureReason())
                .isEqualTo("Create failed. Dataset has fewer than 25 users with at least 2 interactions each.");
    }

    @Test
    void train_withBadHyperParameterOrRecipe_fails() {
        News news = new News(100, 20, 1);
        assertThatThrownBy(() ->
                        trainer.train("aws-sims", news.interactions, null, Map.of("popularity_discount_factor", "2")))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("popularity_discount_factor");
        assertThatThrownBy(() -> trainer.train("aws-vod-top-picks", news.interactions, null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aws-vod-top-picks");
        List<String> supported = new ArrayList<>();
        for (String r : List.of(
                "aws-similar-items",
                "aws-sims",
                "aws-popularity-count",
                "aws-user-personalization",
                "aws-vod-top-picks")) {
            if (ModelTrainer.supports(r)) {
                supported.add(r);
            }
        }
        assertThat(supported)
                .containsExactly("aws-similar-items", "aws-sims", "aws-popularity-count", "aws-user-personalization");
    }
}
