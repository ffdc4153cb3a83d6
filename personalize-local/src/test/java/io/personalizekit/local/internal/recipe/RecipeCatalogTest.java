package io.personalizekit.local.internal.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RecipeCatalogTest {
    @Test
    void catalog_listsEveryServiceRecipeOnce_withTheTrainedOnesFirst() {
        List<String> names = RecipeCatalog.all().stream().map(RecipeInfo::name).collect(Collectors.toList());

        assertThat(names).doesNotHaveDuplicates().hasSize(22);
        assertThat(names.subList(0, 4))
                .containsExactly("aws-similar-items", "aws-sims", "aws-popularity-count", "aws-trending-now");
        assertThat(RecipeCatalog.trainableNames())
                .containsSubsequence(
                        "aws-similar-items",
                        "aws-sims",
                        "aws-popularity-count",
                        "aws-trending-now",
                        "aws-user-personalization",
                        "aws-user-personalization-v2",
                        "aws-personalized-ranking",
                        "aws-personalized-ranking-v2");
    }

    @Test
    void trainable_findsARecipeByNameOrArn_andNotAListedOnlyOne() {
        Recipe sims =
                RecipeCatalog.trainable("arn:aws:personalize:::recipe/aws-sims").orElseThrow();

        assertThat(sims.info().arn()).isEqualTo("arn:aws:personalize:::recipe/aws-sims");
        assertThat(sims.info().featureTransformation()).isEqualTo("sims");
        assertThat(RecipeCatalog.byArn(sims.info().arn())).contains(sims.info());
        assertThat(RecipeCatalog.trainable("aws-sims")).containsSame(sims);
        assertThat(RecipeCatalog.trainable("aws-ecomm-recommended-for-you")).isEmpty();
        assertThat(RecipeCatalog.byArn("arn:aws:personalize:::recipe/aws-ecomm-recommended-for-you"))
                .map(RecipeInfo::type)
                .contains(RecipeType.USER_PERSONALIZATION);
        assertThat(RecipeCatalog.byArn("arn:aws:personalize:::recipe/aws-nope")).isEmpty();
        assertThat(RecipeCatalog.byArn("aws-sims")).as("byArn wants the ARN").isEmpty();
    }

    @Test
    void domainRecipes_carryTheirDomain_andTrendingNowItsOwnAlgorithm() {
        RecipeInfo views = RecipeCatalog.byArn("arn:aws:personalize:::recipe/aws-ecomm-popular-items-by-views")
                .orElseThrow();
        assertThat(views.domain()).isEqualTo("ECOMMERCE");
        assertThat(RecipeCatalog.byArn("arn:aws:personalize:::recipe/aws-trending-now")
                        .orElseThrow()
                        .algorithm())
                .isEqualTo("aws-trending-now-custom");
    }
}
