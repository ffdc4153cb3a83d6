package io.personalizekit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.RecipeRuleException;
import io.personalizekit.exception.SpecValidationException;
import io.personalizekit.local.PersonalizeLocalExtension;
import io.personalizekit.pipeline.PipelineOrchestrator;
import io.personalizekit.pipeline.PipelineSpec;
import io.personalizekit.recipe.Recipe;
import io.personalizekit.recommend.PersonalizedRanking;
import io.personalizekit.recommend.PersonalizedRankingClient;
import io.personalizekit.recommend.RecommendedItem;
import io.personalizekit.recommend.UserRecommendations;
import io.personalizekit.recommend.UserRecommendationsClient;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The user recommendation and ranking clients end to end on personalize-local: campaigns trained by the pipeline
 * with User-Personalization-v2, Popularity-Count and Personalized-Ranking-v2, asked through the real SDK.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UserRecommendationsLocalTest {

    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    static final DatasetSchema INTERACTIONS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .stringField("USER_ID")
            .stringField("ITEM_ID")
            .longField("TIMESTAMP")
            .build();

    static final DatasetSchema ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .stringField("ITEM_ID")
            .stringField("SECTION", f -> f.categorical())
            .build();

    @BeforeAll
    static void upload(S3Client s3) {
        s3.createBucket(b -> b.bucket("for-you"));
        s3.putObject(b -> b.bucket("for-you").key("interactions.csv"), RequestBody.fromString(interactions()));
        s3.putObject(b -> b.bucket("for-you").key("items.csv"), RequestBody.fromString(items()));
    }

    static PipelineSpec spec(Recipe recipe) {
        return PipelineSpec.builder()
                .datasetGroup(g -> g.name("for-you")
                        .addDataset(d -> d.schema(INTERACTIONS)
                                .addImport(i -> i.dataLocation("s3://for-you/interactions.csv")
                                        .roleArn("arn:aws:iam::000000000000:role/Personalize")))
                        .addDataset(d -> d.schema(ITEMS)
                                .addImport(i -> i.dataLocation("s3://for-you/items.csv")
                                        .roleArn("arn:aws:iam::000000000000:role/Personalize"))))
                .solution(s -> s.name("for-you-" + recipe.recipeName())
                        .recipeArn(recipe.arn())
                        .performAutoTraining(false))
                .campaign(c -> c.name("for-you-" + recipe.recipeName()))
                .build();
    }

    static String campaign(PersonalizeClient personalize, Recipe recipe) {
        try (PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                .personalizeClient(personalize)
                .waiter(LOCAL.local().resourceWaiter())
                .build()) {
            return pipeline.run(spec(recipe)).deployment().campaign().arn();
        }
    }

    @Test
    void forUser_onAUserPersonalizationV2Campaign_recommendsFromTheUsersOwnCluster(
            PersonalizeClient personalize, PersonalizeRuntimeClient runtime) {
        String campaignArn = campaign(personalize, Recipe.USER_PERSONALIZATION_V2);
        try (UserRecommendationsClient forYou = UserRecommendationsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(campaignArn)
                .recipe(Recipe.USER_PERSONALIZATION_V2)
                .build()) {

            UserRecommendations result = forYou.recommendations(
                    r -> r.userId("user-0").numResults(10).metadataColumns(List.of("SECTION")));

            assertThat(result.items()).hasSize(10);
            assertThat(result.items()).allSatisfy(i -> assertThat(i.score()).isPresent());
            assertThat(result.items()).allSatisfy(i -> assertThat(i.metadata()).containsKey("SECTION"));
            long ownCluster = result.items().stream()
                    .filter(i -> i.metadata().get("SECTION").equals("s0"))
                    .count();
            assertThat(ownCluster).isGreaterThanOrEqualTo(5);
            assertThat(result.recommendationId())
                    .hasValueSatisfying(id -> assertThat(id).startsWith("RID-"));
            assertThatThrownBy(() -> forYou.recommendations(r -> r.numResults(10)))
                    .isInstanceOf(RecipeRuleException.class)
                    .hasMessageContaining("needs a userId");
        }
    }

    @Test
    void recommendations_onAPopularityCountCampaign_needNoUserAndCarryNoScores(
            PersonalizeClient personalize, PersonalizeRuntimeClient runtime) {
        String campaignArn = campaign(personalize, Recipe.POPULARITY_COUNT);
        try (UserRecommendationsClient popular = UserRecommendationsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(campaignArn)
                .recipe(Recipe.POPULARITY_COUNT)
                .build()) {

            UserRecommendations anonymous = popular.recommendations(r -> r.numResults(5));
            UserRecommendations forUser = popular.forUser("user-4");

            assertThat(anonymous.items()).hasSize(5);
            assertThat(anonymous.items()).allSatisfy(i -> assertThat(i.score()).isEmpty());
            assertThat(forUser.itemIds().subList(0, 5)).isEqualTo(anonymous.itemIds());
        }
    }

    @Test
    void rank_onAPersonalizedRankingV2Campaign_putsTheUsersClusterFirstAndUnknownItemsLast(
            PersonalizeClient personalize, PersonalizeRuntimeClient runtime) {
        String campaignArn = campaign(personalize, Recipe.PERSONALIZED_RANKING_V2);
        try (PersonalizedRankingClient ranking = PersonalizedRankingClient.builder()
                        .runtimeClient(runtime)
                        .campaignArn(campaignArn)
                        .build();
                UserRecommendationsClient wrong = UserRecommendationsClient.builder()
                        .runtimeClient(runtime)
                        .campaignArn(campaignArn)
                        .recipe(Recipe.USER_PERSONALIZATION_V2)
                        .build()) {

            PersonalizedRanking ranked = ranking.rank("user-1", List.of("item-45", "never-seen", "item-25", "item-5"));

            assertThat(ranked.itemIds()).hasSize(4).endsWith("never-seen");
            RecommendedItem last = ranked.items().get(3);
            assertThat(last.score()).isEmpty();
            assertThat(ranked.itemIds().get(0)).isEqualTo("item-25");
            // The client cannot know which recipe a campaign serves: a wrong declaration gets the service's 400.
            assertThatThrownBy(() -> wrong.forUser("user-1"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("GetPersonalizedRanking");
        }
    }

    @Test
    void pipeline_whenSemanticSimilarityHasNoTextualField_isRefusedBeforeTheEmulatorSeesAnything(
            PersonalizeClient personalize) {
        try (PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                .personalizeClient(personalize)
                .waiter(LOCAL.local().resourceWaiter())
                .build()) {
            assertThatThrownBy(() -> pipeline.plan(spec(Recipe.SEMANTIC_SIMILARITY)))
                    .isInstanceOf(SpecValidationException.class)
                    .hasMessageContaining("needs a textual field");
        }
        assertThat(personalize.listSolutions(b -> b.maxResults(100)).solutions())
                .noneMatch(s -> s.name().contains("semantic"));
    }

    @Test
    void recommendations_fromAVideoOnDemandRecommender_areCheckedAgainstTheUseCase(
            PersonalizeClient personalize, PersonalizeRuntimeClient runtime, S3Client s3) {
        DatasetSchema vodInteractions = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .stringField("USER_ID")
                .stringField("ITEM_ID")
                .longField("TIMESTAMP")
                .stringField("EVENT_TYPE")
                .build();
        s3.putObject(
                b -> b.bucket("for-you").key("watches.csv"),
                RequestBody.fromString(interactions()
                        .replace("USER_ID,ITEM_ID,TIMESTAMP\n", "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n")
                        .replaceAll("(?m)^(user-.*)$", "$1,Watch")));
        PipelineSpec spec = PipelineSpec.builder()
                .datasetGroup(g -> g.name("for-you-vod")
                        .domain("VIDEO_ON_DEMAND")
                        .addDataset(d -> d.schema(vodInteractions)
                                .addImport(i -> i.dataLocation("s3://for-you/watches.csv")
                                        .roleArn("arn:aws:iam::000000000000:role/Personalize"))))
                .solution(s -> s.name("for-you-vod-popular")
                        .recipeArn(Recipe.POPULARITY_COUNT.arn())
                        .performAutoTraining(false))
                .build();
        String groupArn;
        try (PipelineOrchestrator pipeline = PipelineOrchestrator.builder()
                .personalizeClient(personalize)
                .waiter(LOCAL.local().resourceWaiter())
                .build()) {
            groupArn = pipeline.run(spec).deployment().datasetGroup().arn();
        }
        String recommenderArn = personalize
                .createRecommender(r -> r.name("for-you-most-popular")
                        .datasetGroupArn(groupArn)
                        .recipeArn(Recipe.VIDEO_MOST_POPULAR.arn()))
                .recommenderArn();
        assertThat(awaitTerminal(() -> personalize
                        .describeRecommender(r -> r.recommenderArn(recommenderArn))
                        .recommender()
                        .status()))
                .isEqualTo("ACTIVE");

        try (UserRecommendationsClient mostPopular = UserRecommendationsClient.builder()
                .runtimeClient(runtime)
                .recommenderArn(recommenderArn)
                .recipe(Recipe.VIDEO_MOST_POPULAR)
                .build()) {
            assertThatThrownBy(() -> mostPopular.recommendations(r -> r.numResults(5)))
                    .isInstanceOf(RecipeRuleException.class)
                    .hasMessageContaining("aws-vod-most-popular");
            // Without the client's check the service refuses the same request with a 400.
            assertThatThrownBy(() -> runtime.getRecommendations(
                            r -> r.recommenderArn(recommenderArn).numResults(5)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("userId");

            UserRecommendations result =
                    mostPopular.recommendations(r -> r.userId("user-200").numResults(5));

            assertThat(result.items()).hasSize(5);
            assertThat(result.userId()).contains("user-200");
        }
    }

    /** Polls until a status is terminal; the emulator's fast clock gets there in milliseconds, so no sleeps. */
    private static String awaitTerminal(java.util.function.Supplier<String> status) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = null;
        while (System.nanoTime() < deadline) {
            last = status.get();
            if (last.equals("ACTIVE") || last.endsWith("FAILED")) {
                return last;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("status still " + last + " after 60 s");
    }

    /** 60 items in 3 sections of 20; 90 users who each read 12 items of one section. */
    private static String interactions() {
        StringBuilder csv = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        long t = 1_700_000_000L;
        for (int u = 0; u < 90; u++) {
            int cluster = u % 3;
            for (int k = 0; k < 12; k++) {
                int item = cluster * 20 + (u * 7 + k * 3) % 20;
                csv.append("user-")
                        .append(u)
                        .append(",item-")
                        .append(item)
                        .append(',')
                        .append(t + u * 100 + k);
                csv.append('\n');
            }
        }
        return csv.toString();
    }

    private static String items() {
        StringBuilder csv = new StringBuilder("ITEM_ID,SECTION\n");
        for (int i = 0; i < 60; i++) {
            csv.append("item-").append(i).append(",s").append(i / 20).append('\n');
        }
        return csv.toString();
    }
}
