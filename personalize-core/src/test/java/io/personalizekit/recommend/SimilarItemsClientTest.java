package io.personalizekit.recommend;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.exception.RecommendationException;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.Deployment;
import io.personalizekit.resource.FilterRef;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.PersonalizeRuntimeException;
import software.amazon.awssdk.services.personalizeruntime.model.ResourceNotFoundException;

/** {@link SimilarItemsClient} against WireMock speaking the runtime's REST JSON, with the real SDK client. */
class SimilarItemsClientTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/articles";
    static final String RECOMMENDER = "arn:aws:personalize:us-east-1:000000000000:recommender/similar";
    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    PersonalizeRuntimeClient runtime;
    SimilarItemsClient client;

    @BeforeEach
    void setUp() {
        runtime = PersonalizeRuntimeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        client = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(CAMPAIGN)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        runtime.close();
    }

    static void answer(String seed, String body) {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .withRequestBody(matchingJsonPath("$.itemId", equalTo(seed)))
                .willReturn(okJson(body)));
    }

    static String ids(String... ids) {
        StringBuilder sb = new StringBuilder("{\"itemList\":[");
        for (int i = 0; i < ids.length; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"itemId\":\"").append(ids[i]).append("\"}");
        }
        return sb.append("],\"recommendationId\":\"RID-")
                .append(ids.length)
                .append("\"}")
                .toString();
    }

    @Test
    void similarItems_withOverrideConfiguration_putsItOnTheSdkRequest() {
        answer("a-1", ids("a-2"));

        SimilarItems items = client.similarItems(r -> r.itemId("a-1")
                .overrideConfiguration(o -> o.putHeader("x-request-tag", "serving-faults")
                        .apiCallTimeout(java.time.Duration.ofSeconds(5))));

        assertThat(items.itemIds()).containsExactly("a-2");
        wm.verify(postRequestedFor(urlEqualTo("/recommendations"))
                .withHeader("x-request-tag", equalTo("serving-faults")));
        SimilarItemsRequest r = SimilarItemsRequest.builder()
                .itemId("a-1")
                .overrideConfiguration(o -> o.putHeader("x", "1"))
                .build();
        assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
        assertThat(r).isNotEqualTo(SimilarItemsRequest.of("a-1"));
    }

    @Test
    void similarTo_whenDefaults_sendsCampaignSeedAndOneExtraResultForTheSeed() {
        answer("a-1", ids("a-2", "a-3"));

        SimilarItems result = client.similarTo("a-1");

        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/recommendations"))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withRequestBody(equalToJson(
                                "{\"campaignArn\":\"" + CAMPAIGN + "\",\"itemId\":\"a-1\",\"numResults\":26}")));
        assertThat(result.seedItemId()).isEqualTo("a-1");
        assertThat(result.itemIds()).containsExactly("a-2", "a-3");
        assertThat(result.recommendationId()).contains("RID-2");
        assertThat(result.source()).isEqualTo(ResultSource.LIVE);
        assertThat(result.fetchedAt()).isEqualTo(NOW);
    }

    @Test
    void similarItems_whenSimilarItemsRecipe_hasNoScore() {
        answer("a-1", "{\"itemList\":[{\"itemId\":\"a-2\"},{\"itemId\":\"a-3\"}],\"recommendationId\":\"RID-x\"}");

        SimilarItems result = client.similarTo("a-1");

        assertThat(result.items()).allSatisfy(i -> assertThat(i.score()).isEmpty());
        assertThat(result.items().get(0)).isEqualTo(RecommendedItem.of("a-2"));
    }

    @Test
    void similarItems_whenRecipeReturnsScoresMetadataPromotionAndReason_mapsThem() {
        answer(
                "a-1",
                "{\"itemList\":[{\"itemId\":\"a-2\",\"score\":0.0496781,"
                        + "\"metadata\":{\"LABELS\":\"SPORTS|FOOTBALL\"},\"reason\":[\"Exploration\"]},"
                        + "{\"itemId\":\"a-9\",\"score\":0.01,\"promotionName\":\"fresh\","
                        + "\"metadata\":{\"LABELS\":\"NEWS\"}}],\"recommendationId\":\"RID-s\"}");

        SimilarItems result = client.similarItems(r -> r.itemId("a-1").metadataColumns(List.of("LABELS")));

        assertThat(result.items())
                .containsExactly(
                        RecommendedItem.builder()
                                .itemId("a-2")
                                .score(0.0496781)
                                .putMetadata("LABELS", "SPORTS|FOOTBALL")
                                .reasons(List.of("Exploration"))
                                .build(),
                        RecommendedItem.builder()
                                .itemId("a-9")
                                .score(0.01)
                                .putMetadata("LABELS", "NEWS")
                                .promotionName("fresh")
                                .build());
    }

    @Test
    void similarItems_whenEveryOptionIsSet_sendsThemAsTheServiceNamesThem() {
        wm.stubFor(post(urlEqualTo("/recommendations")).willReturn(okJson(ids("a-2"))));
        SimilarItemsClient byRecommender = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .recommenderArn(RECOMMENDER)
                .build();

        byRecommender.similarItems(r -> r.itemId("a-1")
                .numResults(10)
                .excludeSeed(false)
                .filterArn("arn:aws:personalize:us-east-1:000000000000:filter/labels")
                .putFilterValue("LABEL", "\"SPORTS\",\"NEWS\"")
                .putContext("DEVICE", "mobile")
                .metadataColumns(List.of("LABELS", "CREATION_TIMESTAMP"))
                .promotion(p -> p.name("fresh")
                        .percentPromotedItems(20)
                        .filterArn("arn:aws:personalize:us-east-1:000000000000:filter/fresh")
                        .putFilterValue("DAYS", "\"7\"")));
        byRecommender.close();

        wm.verify(postRequestedFor(urlEqualTo("/recommendations"))
                .withRequestBody(equalToJson("{\"recommenderArn\":\"" + RECOMMENDER + "\",\"itemId\":\"a-1\","
                        + "\"numResults\":10,"
                        + "\"filterArn\":\"arn:aws:personalize:us-east-1:000000000000:filter/labels\","
                        + "\"filterValues\":{\"LABEL\":\"\\\"SPORTS\\\",\\\"NEWS\\\"\"},"
                        + "\"context\":{\"DEVICE\":\"mobile\"},"
                        + "\"metadataColumns\":{\"ITEMS\":[\"LABELS\",\"CREATION_TIMESTAMP\"]},"
                        + "\"promotions\":[{\"name\":\"fresh\",\"percentPromotedItems\":20,"
                        + "\"filterArn\":\"arn:aws:personalize:us-east-1:000000000000:filter/fresh\","
                        + "\"filterValues\":{\"DAYS\":\"\\\"7\\\"\"}}]}")));
    }

    @Test
    void similarItems_whenServiceReturnsSeedAndExcludedIds_dropsThemAndKeepsNumResults() {
        answer("a-1", ids("a-2", "a-1", "seen", "a-3", "a-4", "a-5"));

        SimilarItems result =
                client.similarItems(r -> r.itemId("a-1").numResults(3).excludedItemIds(Set.of("seen")));

        wm.verify(postRequestedFor(urlEqualTo("/recommendations"))
                .withRequestBody(matchingJsonPath("$.numResults", equalTo("5"))));
        assertThat(result.itemIds()).containsExactly("a-2", "a-3", "a-4");
    }

    @Test
    void similarItems_whenSeedIsNotExcluded_keepsItAndAsksExactly() {
        answer("a-1", ids("a-1", "a-2"));

        SimilarItems result =
                client.similarItems(r -> r.itemId("a-1").numResults(2).excludeSeed(false));

        wm.verify(postRequestedFor(urlEqualTo("/recommendations"))
                .withRequestBody(matchingJsonPath("$.numResults", equalTo("2"))));
        assertThat(result.itemIds()).containsExactly("a-1", "a-2");
    }

    @Test
    void similarItems_whenCompensationWouldPassTheLimit_asksAtMostTheLimit() {
        answer("a-1", ids("a-2"));

        client.similarItems(r -> r.itemId("a-1").numResults(50).metadataColumns(List.of("LABELS")));

        wm.verify(postRequestedFor(urlEqualTo("/recommendations"))
                .withRequestBody(matchingJsonPath("$.numResults", equalTo("50"))));
    }

    @Test
    void similarItems_whenCatalogDoesNotKnowTheSeed_isFlaggedFallback() {
        answer("new-article", ids("popular-1", "popular-2"));
        answer("a-1", ids("a-2"));
        Set<String> catalog = Set.of("a-1", "a-2");
        try (SimilarItemsClient withCatalog = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(CAMPAIGN)
                .catalog(catalog::contains)
                .build()) {

            assertThat(withCatalog.similarTo("new-article").source()).isEqualTo(ResultSource.FALLBACK);
            assertThat(withCatalog.similarTo("a-1").source()).isEqualTo(ResultSource.LIVE);
        }
    }

    @Test
    void similarItems_whenCampaignIsMissing_propagatesResourceNotFoundException() {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                        .withHeader("x-amzn-RequestId", "req-404")
                        .withBody("{\"__type\":\"ResourceNotFoundException\",\"message\":\"Could not find"
                                + " campaign " + CAMPAIGN + "\"}")));

        assertThatThrownBy(() -> client.similarTo("a-1"))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Could not find campaign")
                .satisfies(e ->
                        assertThat(((ResourceNotFoundException) e).requestId()).isEqualTo("req-404"));
    }

    @Test
    void similarItems_whenThrottled_surfacesTheSdkThrottlingException() {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "ThrottlingException")
                        .withBody("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}")));

        assertThatThrownBy(() -> client.similarTo("a-1"))
                .isInstanceOfSatisfying(PersonalizeRuntimeException.class, e -> {
                    assertThat(e.isThrottlingException()).isTrue();
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                });
        assertThat(wm.getAllServeEvents()).hasSize(1);
    }

    @Test
    void similarItems_whenAValueBreaksALimit_isRejectedBeforeAnyCall() {
        assertThatThrownBy(() -> client.similarItems(r -> r.itemId("a-1").numResults(501)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("500");
        assertThatThrownBy(() ->
                        client.similarItems(r -> r.itemId("a-1").numResults(51).metadataColumns(List.of("LABELS"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("50");
        assertThatThrownBy(() -> client.similarItems(r -> r.itemId("x".repeat(257))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256");
        assertThatThrownBy(() -> client.similarItems(r -> r.itemId("a-1").putFilterValue("L", "\"x\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filterArn");
        assertThatThrownBy(() -> client.similarItems(
                        r -> r.itemId("a-1").promotion(p -> p.name("p").percentPromotedItems(101))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100");
        assertThatThrownBy(() -> client.similarToMany(List.of("a-1", "y".repeat(300))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256");

        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void similarToMany_mergesByRankAndDropsDuplicatesAndSeeds() {
        answer("s1", ids("x1", "x2", "s2", "x3"));
        answer("s2", ids("y1", "x1", "y2"));
        answer("s3", ids("x2", "z1"));

        RelatedItems related = client.similarToMany(List.of("s1", "s2", "s3", "s1"), r -> r.numResults(6));

        // rank 0: x1 y1 x2; rank 1: x2(dup) x1(dup) z1; rank 2: s2(seed) y2; rank 3: x3
        assertThat(related.itemIds()).containsExactly("x1", "y1", "x2", "z1", "y2", "x3");
        assertThat(related.seedItemIds()).containsExactly("s1", "s2", "s3");
        assertThat(related.bySeed()).containsOnlyKeys("s1", "s2", "s3");
        assertThat(related.isFallback()).isFalse();
        assertThat(wm.getAllServeEvents()).hasSize(3);
    }

    @Test
    void similarToMany_whenASeedIsUnknown_leavesItsPopularItemsOut() {
        answer("a-1", ids("a-2", "a-3"));
        answer("new", ids("pop-1", "pop-2"));
        try (SimilarItemsClient withCatalog = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(CAMPAIGN)
                .catalog(id -> id.startsWith("a-"))
                .maxConcurrency(2)
                .build()) {

            RelatedItems related = withCatalog.similarToMany(List.of("new", "a-1"));

            assertThat(related.itemIds()).containsExactly("a-2", "a-3");
            assertThat(related.bySeed().get("new").source()).isEqualTo(ResultSource.FALLBACK);
            assertThat(withCatalog.similarToMany(List.of("new")).isFallback()).isTrue();
        }
    }

    @Test
    void similarToMany_whenOneSeedFails_propagatesTheSdkException() {
        answer("a-1", ids("a-2"));
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .withRequestBody(matchingJsonPath("$.itemId", equalTo("bad")))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                        .withBody("{\"message\":\"Could not find filter\"}")));

        assertThatThrownBy(() -> client.similarToMany(List.of("a-1", "bad")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void similarToMany_whenInterruptedWhileWaiting_throwsRecommendationExceptionAndKeepsTheFlag() {
        // Its own server: the cancelled calls may still reach a server after the test, and must not reach the
        // shared one, where the next test would see them as unmatched requests.
        WireMockServer slow = new WireMockServer(wireMockConfig().dynamicPort());
        slow.start();
        slow.stubFor(
                post(urlEqualTo("/recommendations")).willReturn(okJson(ids("x")).withFixedDelay(2_000)));
        PersonalizeRuntimeClient slowRuntime = PersonalizeRuntimeClient.builder()
                .endpointOverride(URI.create(slow.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        SimilarItemsClient slowClient = SimilarItemsClient.builder()
                .runtimeClient(slowRuntime)
                .campaignArn(CAMPAIGN)
                .build();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> slowClient.similarToMany(List.of("s1", "s2")))
                    .isInstanceOfSatisfying(RecommendationException.class, e -> {
                        assertThat(e.interrupted()).isTrue();
                        assertThat(e.target()).isEqualTo(CAMPAIGN);
                        assertThat(e.seedItemIds()).containsExactly("s1", "s2");
                    })
                    .hasMessageContaining(CAMPAIGN);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
            slowClient.close();
            slowRuntime.close();
            slow.stop();
        }
    }

    @Test
    void similarToMany_asksTheSeedsOnTheClientsOwnThreadsAndStopsThemOnClose() {
        answer("s1", ids("x"));
        answer("s2", ids("y"));
        Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        SimilarItemsClient fanOut = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(CAMPAIGN)
                .catalog(id -> threads.add(Thread.currentThread().getName()))
                .build();

        assertThat(fanOut.similarToMany(List.of("s1", "s2")).itemIds()).containsExactly("x", "y");
        fanOut.close();

        assertThat(threads).isNotEmpty().allSatisfy(t -> assertThat(t).startsWith("personalizekit-similar-"));
        assertThatThrownBy(() -> fanOut.similarToMany(List.of("s1"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void close_leavesTheBorrowedRuntimeClientOpen() {
        answer("a-1", ids("a-2"));

        client.close();

        assertThatThrownBy(() -> client.similarTo("a-1")).isInstanceOf(IllegalStateException.class);
        assertThat(runtime.getRecommendations(r -> r.campaignArn(CAMPAIGN).itemId("a-1"))
                        .itemList())
                .hasSize(1);
    }

    @Test
    void builder_rejectsMissingOrConflictingTargets() {
        assertThatThrownBy(() ->
                        SimilarItemsClient.builder().runtimeClient(runtime).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("campaignArn");
        assertThatThrownBy(
                        () -> SimilarItemsClient.builder().campaignArn(CAMPAIGN).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("runtimeClient");
        assertThatThrownBy(() -> SimilarItemsClient.builder()
                        .runtimeClient(runtime)
                        .campaignArn(CAMPAIGN)
                        .recommenderArn(RECOMMENDER)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> SimilarItemsClient.builder().campaignArn("campaign/articles"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256");
        assertThatThrownBy(() -> SimilarItemsClient.builder().maxConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64");
    }

    @Test
    void builder_withADeployment_asksItsCampaign_andRequestsTakeItsFilter() {
        Deployment deployment = Deployment.builder()
                .campaign(CampaignRef.of(CAMPAIGN))
                .putFilter(FilterRef.of("arn:aws:personalize:us-east-1:000000000000:filter/unread"))
                .build();
        answer("a-1", ids("a-2"));
        try (SimilarItemsClient typed = SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .deployment(deployment)
                .build()) {
            typed.similarItems(r -> r.itemId("a-1").filter(deployment.filter("unread")));
        }
        wm.verify(postRequestedFor(urlEqualTo("/recommendations"))
                .withRequestBody(matchingJsonPath("$.campaignArn", equalTo(CAMPAIGN)))
                .withRequestBody(matchingJsonPath(
                        "$.filterArn", equalTo("arn:aws:personalize:us-east-1:000000000000:filter/unread"))));
        assertThatThrownBy(() -> SimilarItemsClient.builder()
                        .deployment(Deployment.builder().build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("This deployment has no campaign");
    }
}
