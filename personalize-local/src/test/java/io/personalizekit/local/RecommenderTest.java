package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalize.model.Recommender;
import software.amazon.awssdk.services.personalize.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.personalize.model.ResourceInUseException;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;
import software.amazon.awssdk.services.personalize.model.Tag;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.GetRecommendationsRequest;
import software.amazon.awssdk.services.personalizeruntime.model.PredictedItem;

/**
 * Recommenders of domain dataset groups, each use case trained on the group's data and served with its own
 * requirements (which need a userId, which an itemId, which event type they count, what they filter out), and the
 * domain rules of schemas and datasets.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecommenderTest {
    private static final String RECIPE = "arn:aws:personalize:::recipe/";

    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    private DomainData.Group ecommerce;
    private DomainData.Group vod;

    private DomainData.Group ecommerce() {
        if (ecommerce == null) {
            ecommerce = DomainData.build(
                    LOCAL.local(),
                    "shop",
                    "ECOMMERCE",
                    DomainData.ecommerceInteractions(8),
                    DomainData.ecommerceItems());
        }
        return ecommerce;
    }

    private DomainData.Group vod() {
        if (vod == null) {
            vod = DomainData.build(
                    LOCAL.local(), "videos", "VIDEO_ON_DEMAND", DomainData.vodInteractions(), DomainData.vodItems());
        }
        return vod;
    }

    /** Creates a recommender and waits until it is ACTIVE. */
    private static String recommender(PersonalizeClient p, String name, String group, String useCase) {
        String arn = p.createRecommender(
                        r -> r.name(name).datasetGroupArn(group).recipeArn(RECIPE + useCase))
                .recommenderArn();
        String status = Await.terminal(() ->
                p.describeRecommender(r -> r.recommenderArn(arn)).recommender().status());
        assertThat(status)
                .as(
                        "%s: %s",
                        useCase,
                        p.describeRecommender(r -> r.recommenderArn(arn))
                                .recommender()
                                .failureReason())
                .isEqualTo("ACTIVE");
        return arn;
    }

    private static List<String> ids(
            PersonalizeRuntimeClient runtime, String recommender, Consumer<GetRecommendationsRequest.Builder> req) {
        return runtime
                .getRecommendations(r -> {
                    r.recommenderArn(recommender).numResults(20);
                    req.accept(r);
                })
                .itemList()
                .stream()
                .map(PredictedItem::itemId)
                .collect(Collectors.toList());
    }

    private static Set<String> purchasedBy(int u) {
        Set<String> out = new HashSet<>(DomainData.ecommerceViews(u).subList(0, 8));
        if (u % 2 == 0) {
            out.add("p99");
        }
        return out;
    }

    @Test
    void ecommerceUseCases_trainOnTheirEventType_andServeWithTheirRequirements(
            PersonalizeClient p, PersonalizeRuntimeClient runtime) {
        String group = ecommerce().arn();
        String mostViewed = recommender(p, "most-viewed", group, "aws-ecomm-popular-items-by-views");
        String bestSellers = recommender(p, "best-sellers", group, "aws-ecomm-popular-items-by-purchases");
        String together = recommender(p, "bought-together", group, "aws-ecomm-frequently-bought-together");
        String alsoViewed = recommender(p, "also-viewed", group, "aws-ecomm-customers-who-viewed-x-also-viewed");
        String forYou = recommender(p, "for-you", group, "aws-ecomm-recommended-for-you");

        assertThatThrownBy(() -> ids(runtime, mostViewed, r -> {}))
                .isInstanceOf(software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException.class)
                .hasMessageContaining("userId")
                .hasMessageContaining("aws-ecomm-popular-items-by-views");
        assertThat(ids(runtime, mostViewed, r -> r.userId("u1"))).first().isEqualTo("p100");
        assertThat(ids(runtime, bestSellers, r -> r.userId("u1")))
                .as("best sellers count Purchase events only")
                .first()
                .isEqualTo("p99");

        assertThatThrownBy(() -> ids(runtime, together, r -> r.userId("u1")))
                .isInstanceOf(software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException.class)
                .hasMessageContaining("itemId");
        assertThat(ids(runtime, together, r -> r.itemId("p1"))).isNotEmpty().doesNotContain("p1");

        assertThatThrownBy(() -> ids(runtime, alsoViewed, r -> r.itemId("p1")))
                .isInstanceOf(software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException.class)
                .hasMessageContaining("userId");
        String seed = DomainData.ecommerceViews(10).get(0);
        assertThat(ids(runtime, alsoViewed, r -> r.itemId(seed).userId("u10")))
                .isNotEmpty()
                .as("items the user purchased are filtered out")
                .doesNotContainAnyElementsOf(purchasedBy(10));
        assertThat(ids(runtime, alsoViewed, r -> r.itemId(seed).userId("someone-new")))
                .containsAnyElementsOf(purchasedBy(10));

        assertThat(ids(runtime, forYou, r -> r.userId("u2"))).isNotEmpty().doesNotContainAnyElementsOf(purchasedBy(2));

        Recommender described =
                p.describeRecommender(r -> r.recommenderArn(bestSellers)).recommender();
        assertThat(described.recipeArn()).isEqualTo(RECIPE + "aws-ecomm-popular-items-by-purchases");
        assertThat(described.datasetGroupArn()).isEqualTo(group);
        assertThat(described.recommenderConfig().minRecommendationRequestsPerSecond())
                .isEqualTo(1);
        assertThat(described.modelMetrics()).containsKey("coverage");
        assertThat(described.creationDateTime()).isBeforeOrEqualTo(described.lastUpdatedDateTime());
        assertThat(p.listRecommendersPaginator(r -> r.datasetGroupArn(group).maxResults(2))
                        .recommenders())
                .extracting(s -> s.name())
                .containsExactly("most-viewed", "best-sellers", "bought-together", "also-viewed", "for-you");

        p.tagResource(r -> r.resourceArn(forYou)
                .tags(Tag.builder().tagKey("team").tagValue("shop").build()));
        assertThat(p.listTagsForResource(r -> r.resourceArn(forYou)).tags())
                .extracting(Tag::tagKey)
                .containsExactly("team");
        assertThatThrownBy(() -> p.deleteDatasetGroup(r -> r.datasetGroupArn(group)))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageContaining("recommender");
    }

    @Test
    void videoOnDemandUseCases_trainAndServe_withTheirRequirements(
            PersonalizeClient p, PersonalizeRuntimeClient runtime) {
        String group = vod().arn();
        String because = recommender(p, "because-you-watched", group, "aws-vod-because-you-watched-x");
        String moreLike = recommender(p, "more-like", group, "aws-vod-more-like-x");
        String popular = recommender(p, "most-popular", group, "aws-vod-most-popular");
        String trending = recommender(p, "trending", group, "aws-vod-trending-now");
        String topPicks = recommender(p, "top-picks", group, "aws-vod-top-picks");

        List<String> watched = DomainData.vodWatched(7);
        assertThat(ids(runtime, because, r -> r.itemId(watched.get(0)).userId("u7")))
                .isNotEmpty()
                .doesNotContainAnyElementsOf(watched)
                .doesNotContain("v80");
        assertThatThrownBy(() -> ids(runtime, moreLike, r -> r.itemId("v1")))
                .isInstanceOf(software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException.class)
                .hasMessageContaining("userId");
        assertThat(ids(runtime, moreLike, r -> r.itemId("v1").userId("u7")))
                .isNotEmpty()
                .doesNotContain("v1");
        assertThat(ids(runtime, popular, r -> r.userId("u1"))).first().isEqualTo("v80");
        assertThat(ids(runtime, trending, r -> {}))
                .as("trending now needs a userId only for user filters")
                .isNotEmpty();
        assertThat(ids(runtime, topPicks, r -> r.userId("u7"))).isNotEmpty().doesNotContainAnyElementsOf(watched);
        assertThatThrownBy(() -> ids(runtime, topPicks, r -> {}))
                .isInstanceOf(software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException.class)
                .hasMessageContaining("userId");
    }

    @Test
    void createRecommender_refusesWhatTheServiceRefuses(PersonalizeLocal local, PersonalizeClient p) {
        String group = ecommerce().arn();
        String custom =
                p.createDatasetGroup(r -> r.name("custom-for-recommenders")).datasetGroupArn();
        Await.terminal(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(custom))
                .datasetGroup()
                .status());

        assertThatThrownBy(() -> p.createRecommender(
                        r -> r.name("r1").datasetGroupArn(custom).recipeArn(RECIPE + "aws-ecomm-recommended-for-you")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("domains-specific Dataset Group");
        assertThatThrownBy(() -> p.createRecommender(
                        r -> r.name("r2").datasetGroupArn(group).recipeArn(RECIPE + "aws-sims")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a domain use case");
        assertThatThrownBy(() -> p.createRecommender(
                        r -> r.name("r3").datasetGroupArn(group).recipeArn(RECIPE + "aws-vod-top-picks")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("VIDEO_ON_DEMAND");
        assertThatThrownBy(() -> p.createRecommender(
                        r -> r.name("r4").datasetGroupArn(group).recipeArn(RECIPE + "aws-ecomm-nope")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> p.createRecommender(r -> r.name("r5")
                        .datasetGroupArn(group)
                        .recipeArn(RECIPE + "aws-ecomm-popular-items-by-views")
                        .recommenderConfig(c -> c.itemExplorationConfig(java.util.Map.of("explorationWeight", "0.5")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("itemExplorationConfig");
        assertThatThrownBy(() -> p.createRecommender(r -> r.name("r6")
                        .datasetGroupArn(group)
                        .recipeArn(RECIPE + "aws-ecomm-recommended-for-you")
                        .recommenderConfig(c -> c.itemExplorationConfig(java.util.Map.of("explorationWeight", "2")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("explorationWeight");
        assertThatThrownBy(() -> p.createRecommender(r -> r.name("r7")
                        .datasetGroupArn(group)
                        .recipeArn(RECIPE + "aws-ecomm-recommended-for-you")
                        .recommenderConfig(c -> c.trainingDataConfig(
                                t -> t.excludedDatasetColumns(java.util.Map.of("ITEMS", List.of("COLOUR")))))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("COLOUR");
        assertThatThrownBy(() -> p.createRecommender(r -> r.name("r8")
                        .datasetGroupArn(group)
                        .recipeArn(RECIPE + "aws-ecomm-recommended-for-you")
                        .recommenderConfig(c -> c.minRecommendationRequestsPerSecond(0))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("minRecommendationRequestsPerSecond");

        String ok = p.createRecommender(r -> r.name("r9")
                        .datasetGroupArn(group)
                        .recipeArn(RECIPE + "aws-ecomm-recommended-for-you")
                        .recommenderConfig(c -> c.itemExplorationConfig(java.util.Map.of("explorationWeight", "0.1"))
                                .trainingDataConfig(
                                        t -> t.excludedDatasetColumns(java.util.Map.of("ITEMS", List.of("PRICE"))))))
                .recommenderArn();
        assertThat(ok).isEqualTo("arn:aws:personalize:us-east-1:000000000000:recommender/r9");
        assertThatThrownBy(() -> p.createRecommender(
                        r -> r.name("r9").datasetGroupArn(group).recipeArn(RECIPE + "aws-ecomm-recommended-for-you")))
                .isInstanceOf(ResourceAlreadyExistsException.class);

        DomainData.Group noItems =
                DomainData.build(local, "videos-without-items", "VIDEO_ON_DEMAND", DomainData.vodInteractions(), null);
        assertThatThrownBy(() -> p.createRecommender(
                        r -> r.name("r10").datasetGroupArn(noItems.arn()).recipeArn(RECIPE + "aws-vod-more-like-x")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Items dataset");
    }

    @Test
    void aUseCaseWithTooFewInteractionsOfItsEventType_failsWithTheServiceReason(
            PersonalizeLocal local, PersonalizeClient p) {
        DomainData.Group few =
                DomainData.build(local, "few-purchases", "ECOMMERCE", DomainData.ecommerceInteractions(2), null);
        String arn = p.createRecommender(r -> r.name("few-best-sellers")
                        .datasetGroupArn(few.arn())
                        .recipeArn(RECIPE + "aws-ecomm-popular-items-by-purchases"))
                .recommenderArn();
        assertThat(Await.terminal(() -> p.describeRecommender(r -> r.recommenderArn(arn))
                        .recommender()
                        .status()))
                .isEqualTo("CREATE FAILED");
        assertThat(p.describeRecommender(r -> r.recommenderArn(arn))
                        .recommender()
                        .failureReason())
                .isEqualTo("Dataset has fewer than 1000 interactions after filtering by event type: Purchase");
        assertThat(p.describeRecommender(r -> r.recommenderArn(arn))
                        .recommender()
                        .modelMetrics())
                .isEmpty();
    }

    @Test
    void domainSchemasAndDatasets_followTheDomainRules(PersonalizeClient p) {
        assertThatThrownBy(() -> p.createSchema(
                        r -> r.name("no-event-type").domain("ECOMMERCE").schema(Fixtures.INTERACTIONS_SCHEMA)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("EVENT_TYPE");
        assertThatThrownBy(() -> p.createSchema(
                        r -> r.name("no-price").domain("ECOMMERCE").schema(DomainData.VOD_ITEMS_SCHEMA)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("PRICE");
        assertThatThrownBy(() -> p.createSchema(
                        r -> r.name("no-genres").domain("VIDEO_ON_DEMAND").schema(DomainData.ECOMMERCE_ITEMS_SCHEMA)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("GENRES");

        String group = p.createDatasetGroup(r -> r.name("domain-rules").domain("VIDEO_ON_DEMAND"))
                .datasetGroupArn();
        String custom = p.createDatasetGroup(r -> r.name("custom-rules")).datasetGroupArn();
        Await.terminal(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(group))
                .datasetGroup()
                .status());
        Await.terminal(() -> p.describeDatasetGroup(r -> r.datasetGroupArn(custom))
                .datasetGroup()
                .status());
        String plain = p.createSchema(
                        r -> r.name("plain-interactions").schema(DomainData.ECOMMERCE_INTERACTIONS_SCHEMA))
                .schemaArn();
        String ecommerce = p.createSchema(r -> r.name("ecommerce-interactions")
                        .domain("ECOMMERCE")
                        .schema(DomainData.ECOMMERCE_INTERACTIONS_SCHEMA))
                .schemaArn();
        String vodSchema = p.createSchema(r -> r.name("vod-interactions")
                        .domain("VIDEO_ON_DEMAND")
                        .schema(DomainData.ECOMMERCE_INTERACTIONS_SCHEMA))
                .schemaArn();
        assertThat(p.describeSchema(r -> r.schemaArn(vodSchema)).schema().domainAsString())
                .isEqualTo("VIDEO_ON_DEMAND");

        assertThatThrownBy(() -> p.createDataset(r ->
                        r.name("d1").datasetGroupArn(group).schemaArn(plain).datasetType("Interactions")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("domain VIDEO_ON_DEMAND");
        assertThatThrownBy(() -> p.createDataset(r ->
                        r.name("d2").datasetGroupArn(group).schemaArn(ecommerce).datasetType("Interactions")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ECOMMERCE");
        assertThatThrownBy(() -> p.createDataset(r -> r.name("d3")
                        .datasetGroupArn(custom)
                        .schemaArn(vodSchema)
                        .datasetType("Interactions")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Custom dataset group");
        assertThat(p.createDataset(r -> r.name("d4")
                                .datasetGroupArn(group)
                                .schemaArn(vodSchema)
                                .datasetType("Interactions"))
                        .datasetArn())
                .endsWith("/INTERACTIONS");
        assertThat(p.createDataset(r -> r.name("d5")
                                .datasetGroupArn(custom)
                                .schemaArn(plain)
                                .datasetType("Interactions"))
                        .datasetArn())
                .endsWith("/INTERACTIONS");
    }
}
