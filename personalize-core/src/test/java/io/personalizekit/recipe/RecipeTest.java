package io.personalizekit.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RecipeTest {
    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();
    static final DatasetSchema PLAIN_ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("GENRE", f -> f.categorical())
            .build();
    static final DatasetSchema TEXT_ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("TITLE", f -> f.itemName())
            .stringField("DESCRIPTION", f -> f.textual())
            .build();

    static Map<DatasetType, DatasetSchema> group(DatasetSchema... schemas) {
        Map<DatasetType, DatasetSchema> m = new EnumMap<>(DatasetType.class);
        for (DatasetSchema s : schemas) {
            m.put(s.datasetType(), s);
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(Recipe.class)
    void fromArn_findsEveryRecipeByArnAndName(Recipe recipe) {
        assertThat(Recipe.fromArn(recipe.arn())).contains(recipe);
        assertThat(Recipe.fromArn(recipe.recipeName())).contains(recipe);
        assertThat(recipe.arn()).startsWith("arn:aws:personalize:::recipe/aws-");
        assertThat(recipe.requiredDatasets()).isNotEmpty();
        assertThat(recipe.optionalDatasets())
                .allSatisfy(t -> assertThat(recipe.requiredDatasets()).doesNotContain(t));
        assertThat(recipe.isUseCase()).isEqualTo(recipe.domain().isPresent());
    }

    @Test
    void fromArn_whenNotInTheCatalogue_isEmpty() {
        assertThat(Recipe.fromArn("arn:aws:personalize:::recipe/aws-hrnn")).isEmpty();
    }

    @Test
    void rules_matchTheDeveloperGuide() {
        assertThat(Recipe.USER_PERSONALIZATION_V2.type()).isEqualTo(RecipeType.USER_PERSONALIZATION);
        assertThat(Recipe.USER_PERSONALIZATION_V2.userId()).isEqualTo(InputRule.REQUIRED);
        assertThat(Recipe.USER_PERSONALIZATION_V2.metadataAlwaysAvailable()).isTrue();
        assertThat(Recipe.POPULARITY_COUNT.userId()).isEqualTo(InputRule.ONLY_FOR_FILTERS);
        assertThat(Recipe.POPULARITY_COUNT.returnsScores()).isFalse();
        assertThat(Recipe.TRENDING_NOW.supportsBatchInference()).isFalse();
        assertThat(Recipe.SIMILAR_ITEMS.itemId()).isEqualTo(InputRule.REQUIRED);
        assertThat(Recipe.ITEM_AFFINITY.supportsRealTime()).isFalse();
        assertThat(Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU.domain()).contains("ECOMMERCE");
        assertThat(Recipe.USER_PERSONALIZATION.maxResults(false)).isEqualTo(500);
        assertThat(Recipe.USER_PERSONALIZATION.maxResults(true)).isEqualTo(50);
        assertThat(Recipe.NEXT_BEST_ACTION.maxResults(false)).isEqualTo(100);
    }

    @Test
    void datasetProblems_whenTheGroupFits_isEmpty() {
        assertThat(Recipe.USER_PERSONALIZATION_V2.datasetProblems(group(INTERACTIONS)))
                .isEmpty();
        assertThat(Recipe.SEMANTIC_SIMILARITY.datasetProblems(group(TEXT_ITEMS)))
                .isEmpty();
        assertThat(Recipe.SIMILAR_ITEMS.datasetProblems(group(PLAIN_ITEMS, INTERACTIONS)))
                .isEmpty();
    }

    @Test
    void datasetProblems_nameTheRecipeTheRuleAndWhatTheGroupHas() {
        assertThat(Recipe.SEMANTIC_SIMILARITY.datasetProblems(group(PLAIN_ITEMS, INTERACTIONS)))
                .containsExactly(
                        "recipe aws-semantic-similarity needs a textual field (a string field with \"textual\":"
                                + " true) in the Items schema, but its fields [ITEM_ID, GENRE] have none",
                        "recipe aws-semantic-similarity needs an item name field (a string field with"
                                + " \"itemName\": true) in the Items schema, but its fields [ITEM_ID, GENRE] have"
                                + " none");
        assertThat(Recipe.SEMANTIC_SIMILARITY.datasetProblems(group(INTERACTIONS)))
                .containsExactly("recipe aws-semantic-similarity needs an Items dataset, but the dataset group has"
                        + " only [INTERACTIONS]");
        assertThat(Recipe.ITEM_ATTRIBUTE_AFFINITY.datasetProblems(group())).hasSize(2);
    }
}
