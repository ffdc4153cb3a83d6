package io.personalizekit.examples.snippets;

import io.personalizekit.exception.RecipeRuleException;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.recipe.InputRule;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.recommend.PersonalizedRanking;
import io.personalizekit.recommend.PersonalizedRankingClient;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsClient;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/** Samples of docs/user-recommendations.md. */
final class UserRecommendationsSnippets {
    private UserRecommendationsSnippets() {}

    static List<String> forYou(PersonalizeRuntimeClient runtime, String campaignArn) {
        try (UserRecommendationsClient forYou = UserRecommendationsClient.builder()
                .runtimeClient(runtime) // borrowed: closing `forYou` leaves it open
                .campaignArn(campaignArn)
                .recipe(Recipe.USER_PERSONALIZATION_V2) // what the campaign serves; requests are checked against it
                .build()) {
            UserRecommendations result = forYou.forUser("reader-7"); // 25 items, best first
            return result.itemIds();
        }
    }

    static UserRecommendations requestOptions(
            UserRecommendationsClient forYou, String filterArn, String newArticlesFilterArn) {
        UserRecommendations result = forYou.recommendations(r -> r.userId("reader-7")
                .numResults(10)
                .filterArn(filterArn)
                .putFilterValue("TOPICS", "\"SPORTS\",\"SCIENCE\"") // quoted, as the service wants
                .putContext("DEVICE", "phone") // a contextual column of the Interactions schema
                .metadataColumns(List.of("LABELS")) // at most 50 results when asking for metadata
                .promotion(p -> p.name("fresh").percentPromotedItems(20).filterArn(newArticlesFilterArn)));
        return result;
    }

    static List<String> mostPopular(PersonalizeRuntimeClient runtime, String recommenderArn) {
        try (UserRecommendationsClient popular = UserRecommendationsClient.builder()
                .runtimeClient(runtime)
                .recommenderArn(recommenderArn)
                .recipe(Recipe.VIDEO_TRENDING_NOW) // the recommender's use case
                .build()) {
            return popular.recommendations(r -> r.numResults(10)).itemIds(); // this use case needs no user
        }
    }

    static List<String> rankSearchResults(PersonalizeRuntimeClient runtime, String rankingCampaignArn) {
        try (PersonalizedRankingClient ranking = PersonalizedRankingClient.builder()
                .runtimeClient(runtime)
                .campaignArn(rankingCampaignArn) // recipe: Personalized-Ranking-v2 unless told otherwise
                .build()) {
            PersonalizedRanking ranked = ranking.rank("reader-7", List.of("article-3", "article-9", "article-1"));
            return ranked.itemIds(); // best first; articles the model never saw come last, without a score
        }
    }

    static String ruleBroken(UserRecommendationsClient forYou) {
        try {
            forYou.recommendations(r -> r.numResults(10)); // no userId: User-Personalization needs one
            return "sent";
        } catch (RecipeRuleException e) {
            // "Recipe aws-user-personalization-v2: a USER_PERSONALIZATION recipe recommends for a user, so every
            // request needs a userId (userId = missing)" - and nothing was sent
            return e.field();
        }
    }

    static List<String> catalogue() {
        Recipe recipe = Recipe.fromArn("arn:aws:personalize:::recipe/aws-semantic-similarity")
                .orElseThrow();
        boolean needsItem = recipe.itemId() == InputRule.REQUIRED; // true: a RELATED_ITEMS recipe
        DatasetSchema items = SchemaBuilder.forType(DatasetType.ITEMS)
                .stringField("ITEM_ID")
                .stringField("LABELS", f -> f.categorical())
                .build();
        List<String> problems = recipe.datasetProblems(Map.of(DatasetType.ITEMS, items));
        // ["recipe aws-semantic-similarity needs a textual field (...) in the Items schema, but its fields
        //   [ITEM_ID, LABELS] have none", "... needs an item name field ..."]
        return needsItem ? problems : List.of();
    }

    static PipelineSpec.Builder forYouSolution(PipelineSpec.Builder spec) {
        return spec.solution(s -> s.name("news-for-you")
                        .recipeArn(Recipe.USER_PERSONALIZATION_V2.arn())
                        .performAutoTraining(false))
                .campaign(c -> c.name("news-for-you"));
    }
}
