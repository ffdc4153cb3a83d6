package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.local.TopicReaders;
import io.personalizekit.local.internal.recipe.CampaignSettings;
import io.personalizekit.local.internal.recipe.Query;
import io.personalizekit.local.internal.recipe.Recipe;
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

/**
 * The training runner's filters, as the service applies them to every recipe: a solution's {@code eventType},
 * {@code eventValueThreshold} and {@code eventsConfig}, the minimums checked after filtering, the 1 % quota.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrainingFiltersTest {
    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .stringField("EVENT_TYPE")
            .floatField("EVENT_VALUE", o -> o.nullable())
            .build();

    private final ModelTrainer trainer = ModelTrainer.create();

    /**
     * The topic readers' reads as clicks (value 1.0), every seventh a purchase instead (value 5.0); item
     * {@code bought-only} is only ever purchased and item {@code low-value} only clicked with value 0.1.
     */
    private static DatasetData typedReads() {
        TopicReaders readers = new TopicReaders(300, 12, 11);
        DatasetData d = DatasetData.empty(INTERACTIONS);
        int n = 0;
        for (TopicReaders.Read r : readers.reads) {
            boolean purchase = n++ % 7 == 0;
            d.appendInteraction(r.user(), r.item(), r.timestamp(), purchase ? "purchase" : "click", purchase ? 5f : 1f);
        }
        for (int u = 0; u < 30; u++) {
            d.appendInteraction(TopicReaders.user(u), "bought-only", TopicReaders.START - 10, "purchase", 5f);
            d.appendInteraction(TopicReaders.user(u), "low-value", TopicReaders.START - 9, "click", 0.1f);
        }
        return d;
    }

    private static Recipe recipe(String name) {
        return RecipeCatalog.trainable(name).orElseThrow();
    }

    private static TrainingConfig config(String eventType, String threshold) {
        return new TrainingConfig(Map.of(), Map.of(), eventType, threshold, List.of());
    }

    @Test
    void eventType_keepsOnlyThatType_andTheMinimumIsCheckedAfterFiltering() {
        DatasetData data = typedReads();
        for (String name : List.of("aws-user-personalization-v2", "aws-sims", "aws-trending-now")) {
            assertThatThrownBy(() -> trainer.train(recipe(name), data, null, null, config("purchase", null)))
                    .as(name)
                    .isInstanceOf(TrainingFailedException.class)
                    .extracting(e -> ((TrainingFailedException) e).failureReason())
                    .isEqualTo("Dataset has fewer than 1000 interactions after filtering by event type: purchase");
        }
        TrainedModel clicks =
                trainer.train(recipe("aws-user-personalization-v2"), data, null, null, config("click", null));
        assertThat(clicks.knowsItem("bought-only")).isFalse();
        assertThat(clicks.knowsItem("low-value")).isTrue();
        TrainedModel all =
                trainer.train(recipe("aws-user-personalization-v2"), data, null, null, TrainingConfig.DEFAULT);
        assertThat(all.knowsItem("bought-only")).isTrue();
    }

    @Test
    void eventValueThreshold_keepsValuesAtOrAboveIt_andMustBeANumber() {
        DatasetData data = typedReads();
        TrainedModel kept = trainer.train(recipe("aws-sims"), data, null, null, config(null, "0.5"));
        assertThat(kept.knowsItem("low-value")).isFalse();
        assertThat(kept.knowsItem("bought-only")).isTrue();
        assertThatThrownBy(() -> trainer.train(recipe("aws-sims"), data, null, null, config(null, "5.5")))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessage("Dataset has fewer than 1000 interactions after filtering by event value threshold: 5.5");
        assertThatThrownBy(() -> trainer.train(recipe("aws-sims"), data, null, null, config("click", "lots")))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessage("Invalid eventValueThreshold 'lots'. The value must be a number.");
        TrainingConfig events = new TrainingConfig(
                Map.of(),
                Map.of(),
                null,
                null,
                List.of(
                        new TrainingConfig.EventParameters("click", 0.5, 0.7),
                        new TrainingConfig.EventParameters("purchase", null, 1.0)));
        TrainedModel both = trainer.train(recipe("aws-personalized-ranking-v2"), data, null, null, events);
        assertThat(both.knowsItem("low-value")).isFalse();
        assertThat(both.knowsItem("bought-only")).isTrue();
    }

    @Test
    void streamedEventsCountAtRequestTime_onlyWhenTheyPassTheSolutionsFilter() {
        TrainedModel clicks =
                trainer.train(recipe("aws-user-personalization-v2"), typedReads(), null, null, config("click", null));
        long later = TopicReaders.START + 1_000_000;
        List<UserEvent> purchases = new ArrayList<>();
        List<UserEvent> views = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            purchases.add(new UserEvent(TopicReaders.item(7, k), later + k, "purchase", 5f, null));
            views.add(new UserEvent(TopicReaders.item(7, k), later + k, "click", 1f, null));
        }
        assertThat(topics(clicks, purchases))
                .as("purchases are not what the model was trained on")
                .isEqualTo(topics(clicks, List.of()));
        assertThat(topics(clicks, views).stream().filter(t -> t == 7).count()).isGreaterThanOrEqualTo(8);
    }

    private static List<Integer> topics(TrainedModel model, List<UserEvent> events) {
        return model.recommend(new Query(null, "u0", events, CampaignSettings.DEFAULT), 10, i -> true).stream()
                .map(ScoredItem::itemId)
                .map(TopicReaders::topicOfItem)
                .collect(Collectors.toList());
    }

    @Test
    void fewerThanOnePercentOfUsersWithTwoInteractions_failsTraining() {
        DatasetData d = DatasetData.empty(INTERACTIONS);
        long ts = 1_700_000_000L;
        for (int u = 0; u < 25; u++) {
            for (int k = 0; k < 40; k++) {
                d.appendInteraction("active-" + u, "item-" + (k % 20), ts++, "click", 1f);
            }
        }
        for (int u = 0; u < 2_600; u++) {
            d.appendInteraction("once-" + u, "item-" + (u % 20), ts++, "click", 1f);
        }
        assertThatThrownBy(() -> trainer.train(recipe("aws-popularity-count"), d, null, null, TrainingConfig.DEFAULT))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessage("Create failed. Dataset has fewer than 1% of users with at least 2 interactions each.");
        for (int u = 0; u < 100; u++) {
            d.appendInteraction("once-" + u, "item-" + (u % 7), ts++, "click", 1f);
        }
        assertThat(trainer.train(recipe("aws-popularity-count"), d, null, null, TrainingConfig.DEFAULT)
                        .itemCount())
                .isEqualTo(20);
    }
}
