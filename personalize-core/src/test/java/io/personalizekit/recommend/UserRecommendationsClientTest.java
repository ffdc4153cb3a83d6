package io.personalizekit.recommend;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.exception.RecipeRuleException;
import io.personalizekit.recipe.Recipe;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException;
import software.amazon.awssdk.services.personalizeruntime.model.PersonalizeRuntimeException;
import software.amazon.awssdk.services.personalizeruntime.model.ResourceNotFoundException;

/** {@link UserRecommendationsClient} against WireMock speaking the runtime's REST JSON, with the real SDK client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserRecommendationsClientTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/for-you";
    static final String RECOMMENDER = "arn:aws:personalize:us-east-1:000000000000:recommender/best-sellers";
    static final String FILTER = "arn:aws:personalize:us-east-1:000000000000:filter/by-category";
    static final String NEW_ITEMS = "arn:aws:personalize:us-east-1:000000000000:filter/new-items";
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    PersonalizeRuntimeClient runtime;
    UserRecommendationsClient client;

    @BeforeEach
    void setUp() {
        runtime = PersonalizeRuntimeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        client = UserRecommendationsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(CAMPAIGN)
                .recipe(Recipe.USER_PERSONALIZATION_V2)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        runtime.close();
    }

    @Test
    void builder_deployment_asksTheDeploymentsCampaign() {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(okJson("{\"itemList\":[{\"itemId\":\"a-7\"}],\"recommendationId\":\"RID-1\"}")));
        io.personalizekit.resource.Deployment deployment = io.personalizekit.resource.Deployment.builder()
                .campaign(io.personalizekit.resource.CampaignRef.of(CAMPAIGN))
                .build();
        try (UserRecommendationsClient fromDeployment = UserRecommendationsClient.builder()
                .runtimeClient(runtime)
                .deployment(deployment)
                .recipe(Recipe.USER_PERSONALIZATION_V2)
                .build()) {
            fromDeployment.forUser("reader-7");
        }
        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/recommendations"))
                        .withRequestBody(equalToJson(
                                "{\"campaignArn\":\"" + CAMPAIGN + "\",\"userId\":\"reader-7\",\"numResults\":25}")));
    }

    @Test
    void forUser_whenDefaults_sendsCampaignUserAndNumResultsAndParsesAUserPersonalizationV2Answer() {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(okJson("{\"itemList\":["
                        + "{\"itemId\":\"a-7\",\"score\":0.0496781,\"reason\":[\"Exploration\"]},"
                        + "{\"itemId\":\"a-3\",\"score\":0.0213}],"
                        + "\"recommendationId\":\"RID-0094bb73-5e4f-4b0e-8d43-42c3b3a4f8f1\"}")));

        UserRecommendations result = client.forUser("reader-7");

        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/recommendations"))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withRequestBody(equalToJson(
                                "{\"campaignArn\":\"" + CAMPAIGN + "\",\"userId\":\"reader-7\",\"numResults\":25}")));
        assertThat(result.userId()).contains("reader-7");
        assertThat(result.itemIds()).containsExactly("a-7", "a-3");
        assertThat(result.items().get(0).score()).contains(0.0496781);
        assertThat(result.items().get(0).reasons()).containsExactly("Exploration");
        assertThat(result.recommendationId()).contains("RID-0094bb73-5e4f-4b0e-8d43-42c3b3a4f8f1");
        assertThat(result.source()).isEqualTo(ResultSource.LIVE);
        assertThat(result.fetchedAt()).isEqualTo(NOW);
    }

    @Test
    void recommendations_withEveryOption_sendsThemInTheServicesShape() {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(okJson("{\"itemList\":["
                        + "{\"itemId\":\"a-9\",\"score\":0.3,\"promotionName\":\"fresh\","
                        + "\"metadata\":{\"CATEGORY\":\"sports|local\"},\"reason\":[\"Promoted item\"]},"
                        + "{\"itemId\":\"a-1\",\"score\":0.2,\"metadata\":{\"CATEGORY\":\"politics\"}}],"
                        + "\"recommendationId\":\"RID-3b-43d0-804e-23cbd70ed114-CID-3dd6cc\"}")));

        UserRecommendations result = client.recommendations(r -> r.userId("reader-7")
                .numResults(10)
                .filterArn(FILTER)
                .putFilterValue("CATEGORIES", "\"sports\",\"local\"")
                .putContext("DEVICE", "tablet")
                .metadataColumns(List.of("CATEGORY"))
                .promotion(p -> p.name("fresh").percentPromotedItems(20).filterArn(NEW_ITEMS)));

        wm.verify(postRequestedFor(urlEqualTo("/recommendations"))
                .withRequestBody(equalToJson("{\"campaignArn\":\"" + CAMPAIGN + "\",\"userId\":\"reader-7\","
                        + "\"numResults\":10,\"filterArn\":\"" + FILTER + "\","
                        + "\"filterValues\":{\"CATEGORIES\":\"\\\"sports\\\",\\\"local\\\"\"},"
                        + "\"context\":{\"DEVICE\":\"tablet\"},\"metadataColumns\":{\"ITEMS\":[\"CATEGORY\"]},"
                        + "\"promotions\":[{\"name\":\"fresh\",\"percentPromotedItems\":20,"
                        + "\"filterArn\":\"" + NEW_ITEMS + "\"}]}")));
        assertThat(result.items().get(0))
                .isEqualTo(RecommendedItem.builder()
                        .itemId("a-9")
                        .score(0.3)
                        .promotionName("fresh")
                        .putMetadata("CATEGORY", "sports|local")
                        .reasons(List.of("Promoted item"))
                        .build());
        assertThat(result.items().get(1).metadata()).isEqualTo(Map.of("CATEGORY", "politics"));
    }

    @Test
    void recommendations_fromAPopularItemsRecommender_sendNoUserAndHaveNoScores() {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(okJson("{\"itemList\":[{\"itemId\":\"p-1\"},{\"itemId\":\"p-2\"}],"
                        + "\"recommendationId\":\"RID-pop\"}")));
        try (UserRecommendationsClient popular = UserRecommendationsClient.builder()
                .runtimeClient(runtime)
                .recommenderArn(RECOMMENDER)
                .recipe(Recipe.VIDEO_TRENDING_NOW)
                .build()) {

            UserRecommendations result = popular.recommendations(r -> r.numResults(2));

            wm.verify(postRequestedFor(urlEqualTo("/recommendations"))
                    .withRequestBody(equalToJson("{\"recommenderArn\":\"" + RECOMMENDER + "\",\"numResults\":2}")));
            assertThat(result.userId()).isEmpty();
            assertThat(result.itemIds()).containsExactly("p-1", "p-2");
            assertThat(result.items()).allSatisfy(i -> assertThat(i.score()).isEmpty());
            assertThat(popular.recipe()).isEqualTo(Recipe.VIDEO_TRENDING_NOW);
        }
    }

    @Test
    void recommendations_whenTheRecipeNeedsAUserAndNoneIsGiven_isRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> client.recommendations(r -> r.numResults(5)))
                .isInstanceOfSatisfying(RecipeRuleException.class, e -> {
                    assertThat(e.recipe()).isEqualTo("aws-user-personalization-v2");
                    assertThat(e.field()).isEqualTo("userId");
                    assertThat(e.value()).isEmpty();
                })
                .hasMessageContaining("Recipe aws-user-personalization-v2")
                .hasMessageContaining("needs a userId")
                .hasMessageContaining("userId = missing");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void recommendations_whenAUseCaseNeedsAUserAndNoneIsGiven_isRefusedBeforeAnyCall() {
        try (UserRecommendationsClient bestSellers = UserRecommendationsClient.builder()
                .runtimeClient(runtime)
                .recommenderArn(RECOMMENDER)
                .recipe(Recipe.ECOMMERCE_BEST_SELLERS)
                .build()) {
            assertThatThrownBy(() -> bestSellers.recommendations(r -> r.numResults(5)))
                    .isInstanceOf(RecipeRuleException.class)
                    .hasMessageContaining("aws-ecomm-popular-items-by-purchases")
                    .hasMessageContaining("POPULAR_ITEMS use case");
        }
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void request_whenMoreThan50ResultsWithMetadata_isRefusedNamingTheLimitAndValue() {
        assertThatThrownBy(() ->
                        client.recommendations(r -> r.userId("u").numResults(60).metadataColumns(List.of("CATEGORY"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numResults 60")
                .hasMessageContaining("at most 50");
        assertThatThrownBy(() -> UserRecommendationsRequest.builder().numResults(501))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 500, but it is 501");
        assertThatThrownBy(() -> UserRecommendationsRequest.builder()
                        .putFilterValue("X", "\"v\"")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filterArn");
        assertThatThrownBy(() -> UserRecommendationsRequest.builder().userId("x".repeat(257)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userId must be 1 to 256 characters, but it has 257");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void builder_whenTheRecipeIsNotForUsers_pointsToTheRightClient() {
        UserRecommendationsClient.Builder b =
                UserRecommendationsClient.builder().runtimeClient(runtime).campaignArn(CAMPAIGN);
        assertThatThrownBy(() -> b.recipe(Recipe.SIMILAR_ITEMS).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aws-similar-items is of type RELATED_ITEMS")
                .hasMessageContaining("SimilarItemsClient");
        assertThatThrownBy(() -> b.recipe(Recipe.PERSONALIZED_RANKING_V2).build())
                .hasMessageContaining("PersonalizedRankingClient");
        assertThatThrownBy(() -> b.recipe(Recipe.ECOMMERCE_RECOMMENDED_FOR_YOU).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("domain use case, served by recommenders");
        assertThatThrownBy(() -> UserRecommendationsClient.builder()
                        .runtimeClient(runtime)
                        .recommenderArn(RECOMMENDER)
                        .recipe(Recipe.USER_PERSONALIZATION_V2)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("custom recipe, served by campaigns");
        assertThatThrownBy(() -> UserRecommendationsClient.builder()
                        .runtimeClient(runtime)
                        .campaignArn(CAMPAIGN)
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("recipe");
        assertThatThrownBy(() -> UserRecommendationsClient.builder()
                        .runtimeClient(runtime)
                        .campaignArn(CAMPAIGN)
                        .recommenderArn(RECOMMENDER)
                        .recipe(Recipe.POPULARITY_COUNT)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set exactly one");
        assertThatThrownBy(() -> UserRecommendationsClient.builder()
                        .runtimeClient(runtime)
                        .recipe(Recipe.POPULARITY_COUNT)
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("campaignArn or recommenderArn");
        assertThatThrownBy(() -> UserRecommendationsClient.builder().campaignArn("campaign/for-you"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Personalize ARN");
    }

    @Test
    void recommendations_whenTheCampaignIsMissing_propagatesTheSdksResourceNotFoundException() {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                        .withHeader("x-amzn-RequestId", "req-404")
                        .withBody("{\"__type\":\"ResourceNotFoundException\",\"message\":\"Could not find"
                                + " campaign " + CAMPAIGN + "\"}")));

        assertThatThrownBy(() -> client.forUser("reader-7"))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.requestId()).isEqualTo("req-404");
                    assertThat(e.statusCode()).isEqualTo(404);
                })
                .hasMessageContaining("Could not find campaign");
    }

    @Test
    void recommendations_whenMetadataIsNotEnabled_propagatesTheSdksInvalidInputException() {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "InvalidInputException")
                        .withHeader("x-amzn-RequestId", "req-400")
                        .withBody("{\"__type\":\"InvalidInputException\",\"message\":\"Campaign " + CAMPAIGN
                                + " does not have enableMetadataWithRecommendations set\"}")));

        assertThatThrownBy(
                        () -> client.recommendations(r -> r.userId("reader-7").metadataColumns(List.of("CATEGORY"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("enableMetadataWithRecommendations");
    }

    @Test
    void recommendations_withAnApiCallTimeout_giveUpOnASlowAnswer() {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(okJson("{\"itemList\":[]}").withFixedDelay(3_000)));

        assertThatThrownBy(() -> client.recommendations(
                        r -> r.userId("reader-7").overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMillis(300)))))
                .isInstanceOf(ApiCallTimeoutException.class);
        wm.verify(postRequestedFor(urlEqualTo("/recommendations"))
                .withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void recommendations_whenThrottled_surfaceTheSdksThrottlingException() {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "ThrottlingException")
                        .withBody("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}")));

        assertThatThrownBy(() -> client.forUser("reader-7"))
                .isInstanceOfSatisfying(PersonalizeRuntimeException.class, e -> {
                    assertThat(e.isThrottlingException()).isTrue();
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                });
    }

    @Test
    void request_valueSemantics() {
        UserRecommendationsRequest r = UserRecommendationsRequest.builder()
                .userId("u")
                .filterArn(FILTER)
                .putFilterValue("C", "\"a\"")
                .putContext("DEVICE", "phone")
                .build();
        assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
        assertThat(r).isNotEqualTo(UserRecommendationsRequest.forUser("u"));
        assertThat(r.toString()).doesNotContain("phone").doesNotContain("\"a\"");
        assertThatThrownBy(() -> r.filterValues().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void close_thenCall_isRefusedAndTheRuntimeClientStaysOpen() {
        wm.stubFor(post(urlEqualTo("/recommendations")).willReturn(okJson("{\"itemList\":[]}")));
        client.close();
        assertThatThrownBy(() -> client.forUser("u")).isInstanceOf(IllegalStateException.class);
        assertThat(runtime.getRecommendations(b -> b.campaignArn(CAMPAIGN).userId("u"))
                        .itemList())
                .isEmpty();
    }
}
