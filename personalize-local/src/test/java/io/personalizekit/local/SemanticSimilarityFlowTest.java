package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.SolutionVersion;
import software.amazon.awssdk.services.personalizeruntime.model.PredictedItem;

/** aws-semantic-similarity through the SDK: a dataset group with only an Items dataset, text alone. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SemanticSimilarityFlowTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    static final Planted.Topics TOPICS = Planted.topics(8, 40, 0, 0, 0);

    static PersonalizeClient p;
    static SolutionVersion version;
    static String campaign;

    @BeforeAll
    static void train() {
        p = LOCAL.local().personalizeClient();
        String group = Flows.group(p, "semantic");
        String items = Flows.dataset(p, group, "semantic-items", "Items", Planted.ITEMS_SCHEMA);
        Flows.importOk(LOCAL.local(), "semantic", "semantic-items", items, TOPICS.itemsCsv);
        version = Flows.solutionVersion(p, group, "semantic", "aws-semantic-similarity");
        campaign = Flows.campaign(p, "semantic", version);
    }

    @Test
    void getRecommendations_findsSameTopicItemsFromTextAlone_inAtLeast80PercentOfTop10s() {
        int same = 0;
        int total = 0;
        for (Map.Entry<String, String> item : TOPICS.topicOfItem.entrySet()) {
            List<String> top10 = LOCAL
                    .local()
                    .runtimeClient()
                    .getRecommendations(
                            r -> r.campaignArn(campaign).itemId(item.getKey()).numResults(10))
                    .itemList()
                    .stream()
                    .map(PredictedItem::itemId)
                    .collect(Collectors.toList());
            assertThat(top10).hasSize(10).doesNotContain(item.getKey());
            for (String other : top10) {
                total++;
                if (TOPICS.topicOfItem.get(other).equals(item.getValue())) {
                    same++;
                }
            }
        }

        assertThat((double) same / total).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void metadataColumns_comeWithoutEnablingThem_asTheServiceDoesForThisRecipe() {
        var items = LOCAL.local()
                .runtimeClient()
                .getRecommendations(r -> r.campaignArn(campaign)
                        .itemId("item0")
                        .numResults(3)
                        .metadataColumns(Map.of("ITEMS", List.of("TITLE", "GENRE"))))
                .itemList();

        assertThat(items).hasSize(3).allMatch(i -> i.metadata().containsKey("TITLE"));
        assertThat(items.get(0).metadata().get("GENRE")).isEqualTo(TOPICS.topicOfItem.get("item0"));
    }

    @Test
    void getSolutionMetrics_withoutInteractions_reportsCoverage() {
        assertThat(version.recipeArn()).isEqualTo("arn:aws:personalize:::recipe/aws-semantic-similarity");

        var metrics = p.getSolutionMetrics(r -> r.solutionVersionArn(version.solutionVersionArn()))
                .metrics();

        assertThat(metrics).containsOnlyKeys("coverage");
        assertThat(metrics.get("coverage")).isGreaterThan(0.5);
    }

    @Test
    void solutionVersion_withoutATextualField_failsWithTheReason() {
        String group = Flows.group(p, "semantic-no-text");
        String schema = Planted.ITEMS_SCHEMA.replace(",\"textual\":true", ",\"categorical\":true");
        String items = Flows.dataset(p, group, "semantic-no-text-items", "Items", schema);
        Flows.importOk(
                LOCAL.local(),
                "semantic",
                "semantic-no-text-items",
                items,
                "ITEM_ID,TITLE,GENRE,DESCRIPTION\n" + "1,One,a,b\n");

        SolutionVersion failed = Flows.solutionVersion(p, group, "semantic-no-text", "aws-semantic-similarity");

        assertThat(failed.status()).isEqualTo("CREATE FAILED");
        assertThat(failed.failureReason()).contains("aws-semantic-similarity").contains("no textual field");
    }
}
