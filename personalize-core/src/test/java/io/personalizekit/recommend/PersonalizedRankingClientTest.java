package io.personalizekit.recommend;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;
import software.amazon.awssdk.services.personalizeruntime.model.InvalidInputException;

/** {@link PersonalizedRankingClient} against WireMock speaking the runtime's REST JSON, with the real SDK client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PersonalizedRankingClientTest {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/ranking";
    static final String FILTER = "arn:aws:personalize:us-east-1:000000000000:filter/unread";
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    PersonalizeRuntimeClient runtime;
    PersonalizedRankingClient client;

    @BeforeEach
    void setUp() {
        runtime = PersonalizeRuntimeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        client = PersonalizedRankingClient.builder()
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

    @Test
    void rank_sendsUserAndCandidatesAndKeepsTheUnknownItemLastWithoutScore() {
        wm.stubFor(post(urlEqualTo("/personalize-ranking"))
                .willReturn(okJson("{\"personalizedRanking\":["
                        + "{\"itemId\":\"a-3\",\"score\":0.61},{\"itemId\":\"a-1\",\"score\":0.39},"
                        + "{\"itemId\":\"new-1\"}],\"recommendationId\":\"RID-rank-1\"}")));

        PersonalizedRanking ranked = client.rank("reader-7", List.of("a-1", "new-1", "a-3"));

        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/personalize-ranking"))
                        .withRequestBody(equalToJson("{\"campaignArn\":\"" + CAMPAIGN + "\",\"userId\":\"reader-7\","
                                + "\"inputList\":[\"a-1\",\"new-1\",\"a-3\"]}")));
        assertThat(ranked.userId()).isEqualTo("reader-7");
        assertThat(ranked.itemIds()).containsExactly("a-3", "a-1", "new-1");
        assertThat(ranked.items().get(0).score()).contains(0.61);
        assertThat(ranked.items().get(2).score()).isEmpty();
        assertThat(ranked.recommendationId()).contains("RID-rank-1");
        assertThat(ranked.fetchedAt()).isEqualTo(NOW);
        assertThat(client.recipe()).isEqualTo(Recipe.PERSONALIZED_RANKING_V2);
    }

    @Test
    void builder_deployment_asksTheDeploymentsCampaign() {
        wm.stubFor(post(urlEqualTo("/personalize-ranking"))
                .willReturn(okJson("{\"personalizedRanking\":[{\"itemId\":\"a-1\",\"score\":1.0}]}")));
        io.personalizekit.resource.Deployment deployment = io.personalizekit.resource.Deployment.builder()
                .campaign(io.personalizekit.resource.CampaignRef.of(CAMPAIGN))
                .build();
        try (PersonalizedRankingClient fromDeployment = PersonalizedRankingClient.builder()
                .runtimeClient(runtime)
                .deployment(deployment)
                .build()) {
            fromDeployment.rank("reader-7", List.of("a-1"));
        }
        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/personalize-ranking"))
                        .withRequestBody(equalToJson("{\"campaignArn\":\"" + CAMPAIGN + "\",\"userId\":\"reader-7\","
                                + "\"inputList\":[\"a-1\"]}")));
    }

    @Test
    void rank_withFilterContextAndMetadata_sendsThemInTheServicesShape() {
        wm.stubFor(post(urlEqualTo("/personalize-ranking"))
                .willReturn(okJson("{\"personalizedRanking\":[{\"itemId\":\"a-2\",\"score\":1.0,"
                        + "\"metadata\":{\"TITLE\":\"Match report\"}}],\"recommendationId\":\"RID-rank-2\"}")));

        PersonalizedRanking ranked = client.rank(r -> r.userId("reader-7")
                .itemIds(List.of("a-1", "a-2"))
                .filterArn(FILTER)
                .putFilterValue("SECTION", "\"sport\"")
                .putContext("DEVICE", "phone")
                .metadataColumns(List.of("TITLE")));

        wm.verify(postRequestedFor(urlEqualTo("/personalize-ranking"))
                .withRequestBody(equalToJson("{\"campaignArn\":\"" + CAMPAIGN + "\",\"userId\":\"reader-7\","
                        + "\"inputList\":[\"a-1\",\"a-2\"],\"filterArn\":\"" + FILTER + "\","
                        + "\"filterValues\":{\"SECTION\":\"\\\"sport\\\"\"},\"context\":{\"DEVICE\":\"phone\"},"
                        + "\"metadataColumns\":{\"ITEMS\":[\"TITLE\"]}}")));
        assertThat(ranked.items().get(0).metadata()).containsEntry("TITLE", "Match report");
    }

    @Test
    void request_whenTheCandidatesBreakALimit_isRefusedNamingTheLimitAndValue() {
        List<String> sixty = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            sixty.add("a-" + i);
        }
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            many.add("a-" + i);
        }
        assertThatThrownBy(() -> client.rank(r -> r.userId("u").itemIds(sixty).metadataColumns(List.of("TITLE"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("itemIds count 60")
                .hasMessageContaining("at most 50");
        assertThatThrownBy(() -> client.rank("u", many))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 500 items, but it holds 501");
        assertThatThrownBy(() -> client.rank("u", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but it holds 0");
        assertThatThrownBy(() -> client.rank("u", List.of("a-1", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("itemIds[1]");
        assertThatThrownBy(
                        () -> PersonalizedRankingRequest.builder().userId("u").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none is set");
        assertThatThrownBy(() -> PersonalizedRankingRequest.builder()
                        .itemIds(List.of("a"))
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("userId");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void builder_whenTheRecipeIsNotARankingRecipe_isRefused() {
        assertThatThrownBy(() -> PersonalizedRankingClient.builder().recipe(Recipe.USER_PERSONALIZATION_V2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aws-user-personalization-v2 is of type USER_PERSONALIZATION")
                .hasMessageContaining("PERSONALIZED_RANKING");
        assertThatThrownBy(() -> PersonalizedRankingClient.builder()
                        .runtimeClient(runtime)
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("campaignArn");
    }

    @Test
    void recipeRuleException_namesRecipeFieldAndValue() {
        RecipeRuleException e =
                new RecipeRuleException("aws-personalized-ranking", "itemIds", "60 items", "at most 50");
        assertThat(e).hasMessage("Recipe aws-personalized-ranking: at most 50 (itemIds = 60 items)");
        assertThat(e.value()).contains("60 items");
    }

    @Test
    void rank_whenTheCampaignServesAnotherRecipe_propagatesTheSdksInvalidInputException() {
        wm.stubFor(post(urlEqualTo("/personalize-ranking"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "InvalidInputException")
                        .withHeader("x-amzn-RequestId", "req-400")
                        .withBody("{\"__type\":\"InvalidInputException\",\"message\":\"Campaign " + CAMPAIGN
                                + " does not use a PERSONALIZED_RANKING recipe\"}")));

        assertThatThrownBy(() -> client.rank("reader-7", List.of("a-1")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.requestId()).isEqualTo("req-400");
                    assertThat(e.statusCode()).isEqualTo(400);
                })
                .hasMessageContaining("PERSONALIZED_RANKING");
    }
}
