package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.local.TrendingData;
import io.personalizekit.local.internal.recipe.Query;
import io.personalizekit.local.internal.recipe.RecipeCatalog;
import io.personalizekit.local.internal.recipe.ScoredItem;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Trending-Now below the HTTP API: rising items above steady popular ones, and the discovery interval. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrendingNowTest {
    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();

    /** The planted data of {@link TrendingData}. */
    static DatasetData trendingData() {
        DatasetData d = DatasetData.empty(INTERACTIONS);
        String[][] rows = TrendingData.rows();
        for (String[] r : rows) {
            d.appendInteraction(r[0], r[1], Long.parseLong(r[2]), null, null);
        }
        return d;
    }

    private static List<String> top(String recipe, Map<String, String> featureParameters, int n) {
        TrainedModel model = ModelTrainer.create()
                .train(
                        RecipeCatalog.trainable(recipe).orElseThrow(),
                        trendingData(),
                        null,
                        null,
                        new TrainingConfig(Map.of(), featureParameters, null, null, List.of()));
        return model.recommend(Query.NONE, n, i -> true).stream()
                .map(ScoredItem::itemId)
                .collect(Collectors.toList());
    }

    @Test
    void trends_rankRisingItemsAboveSteadyPopularOnes_wherePopularityCountDoesNot() {
        List<String> trending = top("aws-trending-now", Map.of("trend_discovery_frequency", "1 day"), 8);
        assertThat(trending.subList(0, 3)).containsExactly("rising-0", "rising-1", "rising-2");
        assertThat(trending.subList(3, 8)).allMatch(i -> i.startsWith("steady-"));

        assertThat(top("aws-trending-now", Map.of(), 3))
                .as("the default interval (2 hours) sees the last day's growth too")
                .containsExactlyInAnyOrder("rising-0", "rising-1", "rising-2");
        assertThat(top("aws-popularity-count", Map.of(), 5)).allMatch(i -> i.startsWith("steady-"));
    }
}
