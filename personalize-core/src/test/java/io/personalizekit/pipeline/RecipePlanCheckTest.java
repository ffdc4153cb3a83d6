package io.personalizekit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.SpecValidationException;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pipeline checks a spec's solution against its recipe in the catalogue before any call: what cannot train is
 * refused by {@code plan} and {@code run} alike, with the rule, and nothing is listed or created.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecipePlanCheckTest extends PipelineTestBase {

    static final DatasetSchema ITEMS_WITH_TEXT = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("TITLE", f -> f.itemName())
            .stringField("BODY", f -> f.textual())
            .longField("CREATION_TIMESTAMP")
            .build();

    static PipelineSpec withRecipe(Recipe recipe, DatasetSchema... schemas) {
        return PipelineSpec.builder()
                .datasetGroup(g -> {
                    g.name("news");
                    for (DatasetSchema s : schemas) {
                        g.addDataset(d -> d.schema(s)
                                .addImport(i -> i.dataLocation("s3://news-personalize/"
                                                + s.datasetType().apiName() + ".csv")
                                        .roleArn(Article.ROLE)));
                    }
                })
                .solution(s -> s.name("news-" + recipe.recipeName()).recipeArn(recipe.arn()))
                .campaign(c -> c.name("news-" + recipe.recipeName()))
                .build();
    }

    @Test
    void plan_whenSemanticSimilarityHasNoTextualField_isRefusedBeforeAnyCall() {
        PipelineSpec spec = withRecipe(Recipe.SEMANTIC_SIMILARITY, Article.ITEMS, Article.INTERACTIONS);

        assertThatThrownBy(() -> orchestrator().plan(spec))
                .isInstanceOfSatisfying(
                        SpecValidationException.class, e -> assertThat(e.path()).isEqualTo("$.solution.recipeArn"))
                .hasMessageContaining("recipe aws-semantic-similarity needs a textual field")
                .hasMessageContaining("[ITEM_ID, LABELS, CREATION_TIMESTAMP] have none")
                .hasMessageContaining("needs an item name field")
                .hasMessageContaining("nothing was created");
        assertThatThrownBy(() -> orchestrator().run(spec)).isInstanceOf(SpecValidationException.class);
        assertThat(fake.operations()).isEmpty();
    }

    @Test
    void run_whenUserPersonalizationHasNoInteractionsDataset_isRefusedBeforeAnyCall() {
        PipelineSpec spec = withRecipe(Recipe.USER_PERSONALIZATION_V2, ITEMS_WITH_TEXT);

        assertThatThrownBy(() -> orchestrator().run(spec))
                .isInstanceOf(SpecValidationException.class)
                .hasMessageContaining("$.solution.recipeArn: recipe aws-user-personalization-v2 needs an Interactions"
                        + " dataset, but the dataset group has only [ITEMS]");
        assertThat(fake.operations()).isEmpty();
        assertThat(events.calls).isEmpty();
    }

    @Test
    void plan_whenAUseCaseIsNamedAsTheSolutionsRecipe_pointsToRecommenders() {
        PipelineSpec spec = withRecipe(Recipe.VIDEO_TOP_PICKS, Article.INTERACTIONS);

        assertThatThrownBy(() -> orchestrator().plan(spec))
                .isInstanceOf(SpecValidationException.class)
                .hasMessageContaining("aws-vod-top-picks is a VIDEO_ON_DEMAND domain use case")
                .hasMessageContaining("served by a recommender");
        assertThat(fake.operations()).isEmpty();
    }

    @Test
    void plan_whenABatchOnlyRecipeHasACampaign_isRefusedAtTheCampaign() {
        PipelineSpec spec = withRecipe(Recipe.ITEM_AFFINITY, Article.INTERACTIONS);

        assertThatThrownBy(() -> orchestrator().plan(spec))
                .isInstanceOfSatisfying(
                        SpecValidationException.class, e -> assertThat(e.path()).isEqualTo("$.campaign"))
                .hasMessageContaining("aws-item-affinity is a USER_SEGMENTATION recipe");
    }

    @Test
    void plan_whenTheRecipesNeedsAreMet_goesAhead() {
        PipelinePlan plan =
                orchestrator().plan(withRecipe(Recipe.SEMANTIC_SIMILARITY, ITEMS_WITH_TEXT, Article.INTERACTIONS));

        assertThat(plan.steps()).isNotEmpty();
        assertThat(fake.mutations()).isEmpty();
        PipelinePlan custom = orchestrator()
                .plan(Article.spec().toBuilder()
                        .solution(s -> s.name("news-custom").recipeArn("arn:aws:personalize:::recipe/aws-hrnn"))
                        .build());
        assertThat(custom.steps()).isNotEmpty();
    }
}
