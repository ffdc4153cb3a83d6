package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.Algorithm;
import software.amazon.awssdk.services.personalize.model.DefaultContinuousHyperParameterRange;
import software.amazon.awssdk.services.personalize.model.DefaultIntegerHyperParameterRange;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalize.model.RecipeSummary;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;

/** DescribeAlgorithm and DescribeFeatureTransformation for the algorithms behind the recipe catalog. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AlgorithmsTest {
    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.withOptions(o -> o.timeScale(0));

    @Test
    void everyRecipesAlgorithm_isDescribed(PersonalizeClient p) {
        for (RecipeSummary summary : p.listRecipesPaginator(r -> {}).recipes()) {
            String algorithmArn = p.describeRecipe(r -> r.recipeArn(summary.recipeArn()))
                    .recipe()
                    .algorithmArn();
            Algorithm a = p.describeAlgorithm(r -> r.algorithmArn(algorithmArn)).algorithm();
            assertThat(a.algorithmArn()).isEqualTo(algorithmArn);
            assertThat(algorithmArn).endsWith("/" + a.name());
            assertThat(a.algorithmImage().dockerURI()).isNotBlank();
            assertThat(a.trainingInputMode()).isEqualTo("File");
            assertThat(a.creationDateTime()).isNotNull();
        }
    }

    @Test
    void simsAlgorithm_hasTheRecipesDefaultsAndRanges_andItsFeatureTransformation(PersonalizeClient p) {
        var recipe = p.describeRecipe(r -> r.recipeArn("arn:aws:personalize:::recipe/aws-sims"))
                .recipe();
        Algorithm a =
                p.describeAlgorithm(r -> r.algorithmArn(recipe.algorithmArn())).algorithm();

        assertThat(a.defaultHyperParameters())
                .containsEntry("popularity_discount_factor", "0.5")
                .containsEntry("min_cointeraction_count", "3");
        assertThat(a.defaultHyperParameterRanges().integerHyperParameterRanges())
                .extracting(
                        DefaultIntegerHyperParameterRange::name,
                        DefaultIntegerHyperParameterRange::minValue,
                        DefaultIntegerHyperParameterRange::maxValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("min_cointeraction_count", 0, 10));
        assertThat(a.defaultHyperParameterRanges().continuousHyperParameterRanges())
                .extracting(
                        DefaultContinuousHyperParameterRange::name,
                        DefaultContinuousHyperParameterRange::minValue,
                        DefaultContinuousHyperParameterRange::maxValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("popularity_discount_factor", 0.0, 1.0));

        var t = p.describeFeatureTransformation(r -> r.featureTransformationArn(recipe.featureTransformationArn()))
                .featureTransformation();
        assertThat(t.name()).isEqualTo("sims");
        assertThat(t.status()).isEqualTo("ACTIVE");
        assertThat(t.featureTransformationArn()).isEqualTo("arn:aws:personalize:::feature-transformation/sims");
    }

    @Test
    void trendingNow_isBackedByItsCustomAlgorithm(PersonalizeClient p) {
        assertThat(p.describeAlgorithm(r -> r.algorithmArn("arn:aws:personalize:::algorithm/aws-trending-now-custom"))
                        .algorithm()
                        .name())
                .isEqualTo("aws-trending-now-custom");
        assertThatThrownBy(() ->
                        p.describeAlgorithm(r -> r.algorithmArn("arn:aws:personalize:::algorithm/aws-trending-now")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void unknownOrMalformedArns_answerTheServiceErrors(PersonalizeClient p) {
        assertThatThrownBy(() -> p.describeAlgorithm(r -> r.algorithmArn("arn:aws:personalize:::algorithm/nope")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("algorithm/nope");
        assertThatThrownBy(() -> p.describeFeatureTransformation(
                        r -> r.featureTransformationArn("arn:aws:personalize:::feature-transformation/nope")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> p.describeAlgorithm(r -> r.algorithmArn("not-an-arn")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("algorithmArn");
    }
}
