package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.personalizekit.local.TopicReaders;
import io.personalizekit.local.internal.recipe.CampaignSettings;
import io.personalizekit.local.internal.recipe.Query;
import io.personalizekit.local.internal.recipe.RecipeCatalog;
import io.personalizekit.local.internal.recipe.ScoredItem;
import io.personalizekit.local.internal.recipe.UserEvent;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The user-personalization, personalized-ranking and trending recipes on planted data, below the HTTP API. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserRecipesTest {
    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .stringField("EVENT_TYPE")
            .build();
    static final DatasetSchema ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("TOPIC", o -> o.categorical())
            .longField("CREATION_TIMESTAMP")
            .build();

    private final ModelTrainer trainer = ModelTrainer.create();
    private final TopicReaders readers = new TopicReaders(400, 12, 7);

    private DatasetData interactions() {
        DatasetData d = DatasetData.empty(INTERACTIONS);
        for (TopicReaders.Read r : readers.reads) {
            d.appendInteraction(r.user(), r.item(), r.timestamp(), "click", null);
        }
        return d;
    }

    private static DatasetData items() {
        DatasetData d = DatasetData.empty(ITEMS);
        for (String line : TopicReaders.itemsCsv().split("\n")) {
            String[] f = line.split(",");
            if (!f[0].equals("ITEM_ID")) {
                d.upsertItem(f[0], Map.of("TOPIC", f[1], "CREATION_TIMESTAMP", f[2]));
            }
        }
        return d;
    }

    private TrainedModel train(String recipe, Map<String, String> hyper) {
        return trainer.train(RecipeCatalog.trainable(recipe).orElseThrow(), interactions(), items(), null, hyper);
    }

    private static List<String> ids(List<ScoredItem> items) {
        return items.stream().map(ScoredItem::itemId).collect(Collectors.toList());
    }

    private double hitRateAt10(TrainedModel model) {
        int hits = 0;
        for (Map.Entry<String, String> e : readers.heldOut.entrySet()) {
            if (ids(model.recommend(new Query(null, e.getKey()), 10, i -> true)).contains(e.getValue())) {
                hits++;
            }
        }
        return (double) hits / readers.heldOut.size();
    }

    @Test
    void userPersonalizationV2_findsTheNextReadOfTheUsersTopic_farMoreOftenThanPopularity() {
        TrainedModel up = train("aws-user-personalization-v2", Map.of());
        TrainedModel popular = train("aws-popularity-count", Map.of());

        double upHits = hitRateAt10(up);
        double popularHits = hitRateAt10(popular);

        assertThat(upHits).isGreaterThanOrEqualTo(2 * popularHits).isGreaterThan(0.2);
    }

    static final List<String> METRICS = List.of(
            "coverage",
            "mean_reciprocal_rank_at_25",
            "normalized_discounted_cumulative_gain_at_10",
            "normalized_discounted_cumulative_gain_at_25",
            "normalized_discounted_cumulative_gain_at_5",
            "precision_at_10",
            "precision_at_25",
            "precision_at_5");

    @Test
    void everyNewRecipe_reportsTheServiceMetricNames_fromAHeldOutSplit() {
        for (String recipe : List.of(
                "aws-user-personalization-v2",
                "aws-user-personalization",
                "aws-personalized-ranking-v2",
                "aws-personalized-ranking",
                "aws-trending-now")) {
            Map<String, Double> metrics = train(recipe, Map.of()).metrics();
            assertThat(metrics).as(recipe).containsOnlyKeys(METRICS);
            assertThat(metrics.values())
                    .as(recipe)
                    .allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
        }
        TrainedModel up = train("aws-user-personalization-v2", Map.of());
        TrainedModel popular = train("aws-popularity-count", Map.of());
        assertThat(up.metrics().get("normalized_discounted_cumulative_gain_at_10"))
                .isGreaterThan(2 * popular.metrics().get("normalized_discounted_cumulative_gain_at_10"));
    }

    @Test
    void unknownUser_getsPopularItems_andScoresOverTheCatalogueSumToOne() {
        TrainedModel up = train("aws-user-personalization-v2", Map.of("apply_recency_bias", "false"));
        TrainedModel popular = train("aws-popularity-count", Map.of());

        assertThat(ids(up.recommend(new Query(null, "somebody-new"), 10, i -> true)))
                .isEqualTo(ids(popular.recommend(new Query(null, null), 10, i -> true)));
        for (String user : List.of("somebody-new", "u3")) {
            List<ScoredItem> all = up.recommend(new Query(null, user), up.itemCount(), i -> true);
            assertThat(all)
                    .hasSize(up.itemCount())
                    .allSatisfy(i -> assertThat(i.hasScore()).isTrue());
            assertThat(all.stream().mapToDouble(ScoredItem::score).sum()).isCloseTo(1.0, within(1e-3));
        }
        List<ScoredItem> known = up.recommend(new Query(null, "u3"), 10, i -> true);
        for (int k = 1; k < known.size(); k++) {
            assertThat(known.get(k).score())
                    .isLessThanOrEqualTo(known.get(k - 1).score());
        }
        assertThat(up.returnsScores()).isTrue();
    }

    @Test
    void aUsersNewEvents_changeTheNextRecommendations_withoutRetraining() {
        TrainedModel up = train("aws-user-personalization-v2", Map.of());
        // u0 follows topic 0
        assertThat(topics(up.recommend(new Query(null, "u0"), 10, i -> true))).containsOnly(0);

        long later = readers.reads.get(readers.reads.size() - 1).timestamp() + 10;
        List<UserEvent> clicks = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            clicks.add(new UserEvent(TopicReaders.item(7, k), later + k, "click", null, null));
        }
        List<ScoredItem> after = up.recommend(new Query(null, "u0", clicks, CampaignSettings.DEFAULT), 10, i -> true);

        assertThat(topics(after).stream().filter(t -> t == 7).count()).isGreaterThanOrEqualTo(8);
        // a new user's first clicks personalize at once too
        List<ScoredItem> newcomer =
                up.recommend(new Query(null, "newcomer", clicks, CampaignSettings.DEFAULT), 10, i -> true);
        assertThat(topics(newcomer).stream().filter(t -> t == 7).count()).isGreaterThanOrEqualTo(8);
    }

    private static List<Integer> topics(List<ScoredItem> items) {
        return items.stream().map(i -> TopicReaders.topicOfItem(i.itemId())).collect(Collectors.toList());
    }

    @Test
    void personalizedRanking_putsTheUsersTopicFirst_unknownItemsLastWithoutScore() {
        for (String recipe : List.of("aws-personalized-ranking", "aws-personalized-ranking-v2")) {
            TrainedModel pr = train(recipe, Map.of());
            List<String> input = List.of(
                    TopicReaders.item(5, 20),
                    "never-seen",
                    TopicReaders.item(3, 1),
                    TopicReaders.item(3, 12),
                    TopicReaders.item(9, 0),
                    TopicReaders.item(3, 25));
            // u3 follows topic 3
            List<ScoredItem> ranked = pr.rank(new Query(null, "u3"), input, i -> true);

            assertThat(ids(ranked).subList(0, 3))
                    .as(recipe)
                    .containsExactlyInAnyOrder(
                            TopicReaders.item(3, 1), TopicReaders.item(3, 12), TopicReaders.item(3, 25));
            assertThat(ranked.get(ranked.size() - 1).itemId()).isEqualTo("never-seen");
            assertThat(ranked.get(ranked.size() - 1).hasScore()).isFalse();
            assertThat(ranked.subList(0, 5).stream()
                            .mapToDouble(ScoredItem::score)
                            .sum())
                    .isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void hyperParameters_areCheckedWithTheServiceRanges() {
        assertThatThrownBy(() -> train("aws-user-personalization-v2", Map.of("apply_recency_bias", "maybe")))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessage("Invalid value 'maybe' for hyperparameter apply_recency_bias. The value must be true or"
                        + " false.");
        assertThatThrownBy(() -> train("aws-user-personalization", Map.of("hidden_dimension", "20")))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessage("Invalid value '20' for hyperparameter hidden_dimension. The value must be an integer"
                        + " between 32 and 256.");
        assertThatThrownBy(() -> train("aws-personalized-ranking", Map.of("max_user_history_length_percentile", "2")))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("max_user_history_length_percentile");
        assertThatThrownBy(() -> trainer.train(
                        RecipeCatalog.trainable("aws-trending-now").orElseThrow(),
                        interactions(),
                        null,
                        null,
                        new TrainingConfig(
                                Map.of(), Map.of("trend_discovery_frequency", "5 minutes"), null, null, List.of())))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessage("Invalid value '5 minutes' for trend_discovery_frequency. The value must be one of: 30"
                        + " minutes, 1 hour, 2 hours, 3 hours, 1 day.");
        assertThat(train("aws-user-personalization", Map.of("recency_mask", "False", "bptt", "8"))
                        .metrics())
                .isNotEmpty();
    }
}
