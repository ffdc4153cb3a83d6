package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.local.TopicReaders;
import io.personalizekit.local.internal.recipe.CampaignSettings;
import io.personalizekit.local.internal.recipe.Query;
import io.personalizekit.local.internal.recipe.RecipeCatalog;
import io.personalizekit.local.internal.recipe.ScoredItem;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The campaign configuration that changes answers: User-Personalization's item exploration (with impressions
 * imported from CSV) and ranking influence.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExplorationAndInfluenceTest {
    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .stringField("IMPRESSION", o -> o.nullable())
            .build();
    static final DatasetSchema ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("TOPIC", o -> o.categorical())
            .longField("CREATION_TIMESTAMP")
            .build();
    static final long LATEST = 1_700_100_000L;
    static final long DAY = 86_400;

    /**
     * 150 users, 3 topics of 10 items each read by many users (no cold item among them), and three items known
     * only from the items dataset: {@code fresh-a} and {@code fresh-b} created a day before the latest interaction
     * ({@code fresh-b} shown in 30 impressions and never chosen) and {@code stale} created 100 days before.
     */
    private static TrainedModel trainUserPersonalization() {
        StringBuilder csv = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP,IMPRESSION\n");
        long ts = LATEST - 1500;
        for (int u = 0; u < 150; u++) {
            for (int k = 0; k < 10; k++) {
                String item = "t" + (u % 3) + "-" + ((u + k) % 10);
                String impression = u < 30 && k == 0 ? item + "|fresh-b" : "";
                csv.append("user-")
                        .append(u)
                        .append(',')
                        .append(item)
                        .append(',')
                        .append(ts++)
                        .append(',')
                        .append(impression)
                        .append('\n');
            }
        }
        ImportOutcome imported = CsvImporter.create()
                .importCsv(INTERACTIONS, List.of(csv.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(imported.isOk()).as(imported.failureReason().orElse("")).isTrue();
        assertThat(imported.data().impressionAt(0)).isEqualTo("t0-0|fresh-b");
        assertThat(imported.data().impressionAt(1)).isNull();
        DatasetData items = DatasetData.empty(ITEMS);
        for (int t = 0; t < 3; t++) {
            for (int k = 0; k < 10; k++) {
                items.upsertItem("t" + t + "-" + k, Map.of("TOPIC", "t" + t, "CREATION_TIMESTAMP", "1600000000"));
            }
        }
        items.upsertItem("fresh-a", Map.of("TOPIC", "t0", "CREATION_TIMESTAMP", String.valueOf(LATEST - DAY)));
        items.upsertItem("fresh-b", Map.of("TOPIC", "t0", "CREATION_TIMESTAMP", String.valueOf(LATEST - DAY - 1)));
        items.upsertItem("stale", Map.of("TOPIC", "t0", "CREATION_TIMESTAMP", String.valueOf(LATEST - 100 * DAY)));
        return ModelTrainer.create()
                .train(
                        RecipeCatalog.trainable("aws-user-personalization").orElseThrow(),
                        imported.data(),
                        items,
                        null,
                        Map.of());
    }

    private static List<String> top10(TrainedModel model, CampaignSettings settings) {
        return model.recommend(new Query(null, "user-0", List.of(), settings), 10, i -> true).stream()
                .map(ScoredItem::itemId)
                .collect(Collectors.toList());
    }

    @Test
    void exploration_putsColdItemsInEveryThirdSlot_freshAndUnignoredFirst_withinTheAgeCutOff() {
        TrainedModel up = trainUserPersonalization();

        List<String> byDefault = top10(up, CampaignSettings.DEFAULT);
        assertThat(byDefault).hasSize(10);
        assertThat(byDefault.get(3)).isEqualTo("fresh-a");
        assertThat(byDefault.get(6))
                .as("shown 30 times and never chosen: explored after fresh-a")
                .isEqualTo("fresh-b");
        assertThat(byDefault).doesNotContain("stale");

        List<String> none = top10(up, CampaignSettings.of(Map.of("explorationWeight", "0"), null));
        assertThat(none).doesNotContain("fresh-a", "fresh-b", "stale");
        assertThat(none.stream().allMatch(i -> i.startsWith("t"))).isTrue();

        List<String> older = top10(
                up, CampaignSettings.of(Map.of("explorationWeight", "0.3", "explorationItemAgeCutOff", "200"), null));
        assertThat(older.get(3)).isEqualTo("fresh-a");
        assertThat(older.get(6)).isEqualTo("stale");
        assertThat(older.get(9)).isEqualTo("fresh-b");

        List<String> all = top10(up, CampaignSettings.of(Map.of("explorationWeight", "1"), null));
        assertThat(all.subList(0, 2)).containsExactly("fresh-a", "fresh-b");
    }

    @Test
    void rankingInfluence_freshnessAndPopularity_moveNewerAndMorePopularItemsUp() {
        TopicReaders readers = new TopicReaders(300, 12, 3);
        DatasetData interactions = DatasetData.empty(UserRecipesTest.INTERACTIONS);
        for (TopicReaders.Read r : readers.reads) {
            interactions.appendInteraction(r.user(), r.item(), r.timestamp(), "click", null);
        }
        DatasetData items = DatasetData.empty(UserRecipesTest.ITEMS);
        // within each topic, higher ranks (less popular) are newer
        for (int t = 0; t < TopicReaders.TOPICS; t++) {
            for (int k = 0; k < TopicReaders.ITEMS_PER_TOPIC; k++) {
                items.upsertItem(
                        TopicReaders.item(t, k),
                        Map.of("TOPIC", "t" + t, "CREATION_TIMESTAMP", String.valueOf(1_600_000_000L + k * DAY + t)));
            }
        }
        TrainedModel up = ModelTrainer.create()
                .train(
                        RecipeCatalog.trainable("aws-user-personalization-v2").orElseThrow(),
                        interactions,
                        items,
                        null,
                        Map.of());

        double plain = meanRank(up, CampaignSettings.DEFAULT);
        double fresh = meanRank(up, CampaignSettings.of(null, Map.of("FRESHNESS", 1.0)));
        double popular = meanRank(up, CampaignSettings.of(null, Map.of("POPULARITY", 1.0)));

        assertThat(fresh).as("newer items have higher ranks").isGreaterThan(plain + 5);
        assertThat(popular).as("more popular items have lower ranks").isLessThan(plain - 3);
    }

    /** The mean within-topic rank of the top 10 items over 50 users. */
    private static double meanRank(TrainedModel model, CampaignSettings settings) {
        double sum = 0;
        int n = 0;
        for (int u = 0; u < 50; u++) {
            for (ScoredItem i :
                    model.recommend(new Query(null, TopicReaders.user(u), List.of(), settings), 10, x -> true)) {
                sum += Integer.parseInt(i.itemId().substring(i.itemId().indexOf('-') + 1));
                n++;
            }
        }
        return sum / n;
    }
}
