package io.personalizekit.internal.waiters;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.waiter.WaitPolicy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
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
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.CampaignConfig;
import software.amazon.awssdk.services.personalize.model.PersonalizeException;
import software.amazon.awssdk.services.personalize.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.personalize.model.ResourceInUseException;
import software.amazon.awssdk.services.personalize.model.Tag;

/**
 * {@link ExactlyOnce}'s training and campaign update through the real SDK client against WireMock in the exact
 * awsJson1.1 wire format: the exact requests sent, in order (WireMock's journal), which listed version or campaign
 * update is adopted as the one a lost call made, and the error a refused call ends with. Every unstubbed request
 * fails the test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExactlyOnceTest {
    private static final String PREFIX = "arn:aws:personalize:us-east-1:123456789012:";
    private static final String SOLUTION = PREFIX + "solution/news-similar";
    private static final String NAME = "news-similar-0a1b2c3d";
    private static final String OURS = SOLUTION + "/0a1b2c3d";
    private static final String CAMPAIGN = PREFIX + "campaign/news-similar";
    private static final String V1 = SOLUTION + "/11111111";
    private static final String V2 = SOLUTION + "/22222222";
    private static final String JSON = "application/x-amz-json-1.1";
    private static final ObjectMapper JSON_MAPPER =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final String CREATE_BODY =
            "{\"solutionArn\":\"" + SOLUTION + "\",\"name\":\"" + NAME + "\",\"trainingMode\":\"FULL\"}";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    private final FakeClock clock = new FakeClock();
    /** When the request is sent: the clock's start. */
    private final Instant sent = clock.instant();

    private PersonalizeClient client;

    @BeforeEach
    void setUp() {
        client = client(AwsRetryStrategy.doNotRetry());
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private static PersonalizeClient client(software.amazon.awssdk.retries.api.RetryStrategy retries) {
        return PersonalizeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(retries))
                .build();
    }

    /** Looks once (no visibility window): a lookup that finds nothing is followed at once by a new send. */
    private IdempotentCreate once(String what) {
        return withVisibility(what, Duration.ZERO);
    }

    private IdempotentCreate withVisibility(String what, Duration visibility) {
        return new IdempotentCreate(
                what,
                clock,
                clock.sleeper(),
                WaitPolicy.builder()
                        .initialDelay(Duration.ofSeconds(1))
                        .multiplier(2)
                        .jitter(0)
                        .build(),
                visibility);
    }

    // ---- wire helpers ----

    private static MappingBuilder op(String operation) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonPersonalize." + operation));
    }

    private static ResponseDefinitionBuilder ok(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", JSON)
                .withHeader("x-amzn-RequestId", "00000000-0000-0000-0000-000000000001")
                .withBody(body);
    }

    private static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", JSON)
                .withHeader("x-amzn-RequestId", "00000000-0000-0000-0000-000000000002")
                .withHeader("x-amzn-ErrorType", type)
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    /** Epoch seconds with milliseconds, as the service writes timestamps. */
    private static String epoch(Instant t) {
        return String.format("%d.%03d", t.getEpochSecond(), t.getNano() / 1_000_000);
    }

    private static String summary(String arn, @Nullable String mode, @Nullable Instant created) {
        return "{\"solutionVersionArn\":\"" + arn + "\",\"status\":\"CREATE IN_PROGRESS\""
                + (mode == null ? "" : ",\"trainingMode\":\"" + mode + "\"")
                + ",\"trainingType\":\"MANUAL\""
                + (created == null
                        ? ""
                        : ",\"creationDateTime\":" + epoch(created) + ",\"lastUpdatedDateTime\":" + epoch(created))
                + "}";
    }

    private static String versions(String... summaries) {
        return "{\"solutionVersions\":[" + String.join(",", summaries) + "]}";
    }

    private static void describeVersion(String arn, @Nullable String name) {
        wm.stubFor(op("DescribeSolutionVersion")
                .withRequestBody(equalToJson("{\"solutionVersionArn\":\"" + arn + "\"}"))
                .willReturn(ok("{\"solutionVersion\":{" + (name == null ? "" : "\"name\":\"" + name + "\",")
                        + "\"solutionVersionArn\":\"" + arn + "\",\"solutionArn\":\"" + SOLUTION
                        + "\",\"status\":\"CREATE IN_PROGRESS\",\"trainingMode\":\"FULL\"}}")));
    }

    /** CreateSolutionVersion with exactly {@link #CREATE_BODY}: first answers 500, then (if sent again) OURS. */
    private static void createFailsOnceWith500() {
        wm.stubFor(op("CreateSolutionVersion")
                .withRequestBody(equalToJson(CREATE_BODY))
                .inScenario("create")
                .whenScenarioStateIs(STARTED)
                .willReturn(error(500, "InternalFailure", "We encountered an internal error."))
                .willSetStateTo("sent"));
        wm.stubFor(op("CreateSolutionVersion")
                .withRequestBody(equalToJson(CREATE_BODY))
                .inScenario("create")
                .whenScenarioStateIs("sent")
                .willReturn(ok("{\"solutionVersionArn\":\"" + OURS + "\"}")));
    }

    private static void listVersions(String body) {
        wm.stubFor(op("ListSolutionVersions")
                .withRequestBody(equalToJson("{\"solutionArn\":\"" + SOLUTION + "\"}"))
                .willReturn(ok(body)));
    }

    /** Every request, oldest first, as {@link #call}. */
    private static List<String> journal() {
        List<String> out = new ArrayList<>();
        for (ServeEvent e : wm.getAllServeEvents()) {
            String target = e.getRequest().getHeader("X-Amz-Target");
            out.add(
                    0,
                    call(
                            target.substring("AmazonPersonalize.".length()),
                            e.getRequest().getBodyAsString()));
        }
        return out;
    }

    /** One request as the operation and its JSON body with the members sorted by name. */
    private static String call(String operation, String body) {
        try {
            Object tree = JSON_MAPPER.readValue(body, Object.class);
            return operation + " " + JSON_MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** Every operation called, oldest first. */
    private static List<String> operations() {
        List<String> out = new ArrayList<>();
        for (String line : journal()) {
            out.add(line.substring(0, line.indexOf(' ')));
        }
        return out;
    }

    private String train(Set<String> known) {
        return train(known, "FULL", List.of());
    }

    private String train(Set<String> known, String mode, List<Tag> tags) {
        return ExactlyOnce.train(
                client,
                once("solution version of news-similar"),
                s -> s.get(),
                SOLUTION,
                NAME,
                mode,
                tags,
                known,
                sent);
    }

    // ---- train ----

    @Test
    void train_whenTheCallSucceeds_sendsExactlyTheNameAndModeThroughTheGivenWrapperAndReturnsTheArn() {
        wm.stubFor(op("CreateSolutionVersion")
                .withRequestBody(equalToJson(CREATE_BODY))
                .willReturn(ok("{\"solutionVersionArn\":\"" + OURS + "\"}")));
        AtomicInteger wrapped = new AtomicInteger();

        String arn = ExactlyOnce.train(
                client,
                once("solution version of news-similar"),
                s -> {
                    wrapped.incrementAndGet();
                    return s.get();
                },
                SOLUTION,
                NAME,
                "FULL",
                List.of(),
                Set.of(),
                sent);

        assertThat(arn).isEqualTo(OURS);
        assertThat(wrapped).hasValue(1);
        assertThat(journal()).containsExactly(call("CreateSolutionVersion", CREATE_BODY));
    }

    @Test
    void train_withTags_sendsThemWithTheVersion() {
        String body = "{\"solutionArn\":\"" + SOLUTION + "\",\"name\":\"" + NAME + "\",\"trainingMode\":\"UPDATE\","
                + "\"tags\":[{\"tagKey\":\"team\",\"tagValue\":\"news\"}]}";
        wm.stubFor(op("CreateSolutionVersion")
                .withRequestBody(equalToJson(body))
                .willReturn(ok("{\"solutionVersionArn\":\"" + OURS + "\"}")));

        String arn = train(
                Set.of(),
                "UPDATE",
                List.of(Tag.builder().tagKey("team").tagValue("news").build()));

        assertThat(arn).isEqualTo(OURS);
        assertThat(operations()).containsExactly("CreateSolutionVersion");
    }

    @Test
    void train_whenTheReplyIsLost_adoptsTheNewVersionOfItsNameAndModeInsteadOfTrainingAgain() {
        createFailsOnceWith500();
        listVersions(versions(summary(V1, "FULL", sent.minusSeconds(86_400)), summary(OURS, "FULL", sent)));
        describeVersion(OURS, NAME);

        String arn = train(Set.of(V1));

        assertThat(arn).isEqualTo(OURS);
        // V1 is known: never described; ours is described once and adopted; no second create
        assertThat(journal())
                .containsExactly(
                        call("CreateSolutionVersion", CREATE_BODY),
                        call("ListSolutionVersions", "{\"solutionArn\":\"" + SOLUTION + "\"}"),
                        call("DescribeSolutionVersion", "{\"solutionVersionArn\":\"" + OURS + "\"}"));
    }

    @Test
    void train_whenTheReplyIsLostAndTheListingLags_looksAgainWithinTheVisibilityWindowAndAdopts() {
        createFailsOnceWith500();
        wm.stubFor(op("ListSolutionVersions")
                .inScenario("lag")
                .whenScenarioStateIs(STARTED)
                .willReturn(ok(versions()))
                .willSetStateTo("listed"));
        wm.stubFor(op("ListSolutionVersions")
                .inScenario("lag")
                .whenScenarioStateIs("listed")
                .willReturn(ok(versions(summary(OURS, "FULL", sent)))));
        describeVersion(OURS, NAME);

        String arn = ExactlyOnce.train(
                client,
                withVisibility("solution version of news-similar", Duration.ofSeconds(10)),
                s -> s.get(),
                SOLUTION,
                NAME,
                "FULL",
                List.of(),
                Set.of(),
                sent);

        assertThat(arn).isEqualTo(OURS);
        assertThat(operations())
                .containsExactly(
                        "CreateSolutionVersion",
                        "ListSolutionVersions",
                        "ListSolutionVersions",
                        "DescribeSolutionVersion");
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void train_whenNoListedVersionIsOurs_sendsTheCreateAgain_andSkipsKnownOldAndOtherModeVersionsUndescribed() {
        createFailsOnceWith500();
        Instant notBefore = sent.minus(ExactlyOnce.CLOCK_SKEW);
        listVersions(versions(
                summary(V1, "FULL", sent), // known
                summary(V2, "FULL", notBefore.minusMillis(1)), // created before the request (less the skew)
                summary(SOLUTION + "/33333333", "UPDATE", sent), // another training mode
                summary(SOLUTION + "/44444444", "FULL", sent))); // new, but another name
        describeVersion(SOLUTION + "/44444444", "someone-elses-version");

        String arn = train(Set.of(V1));

        assertThat(arn).isEqualTo(OURS);
        assertThat(journal())
                .containsExactly(
                        call("CreateSolutionVersion", CREATE_BODY),
                        call("ListSolutionVersions", "{\"solutionArn\":\"" + SOLUTION + "\"}"),
                        call("DescribeSolutionVersion", "{\"solutionVersionArn\":\"" + SOLUTION + "/44444444\"}"),
                        call("CreateSolutionVersion", CREATE_BODY));
    }

    @Test
    void train_adoptsAVersionCreatedExactlyTheClockSkewBeforeTheRequest() {
        createFailsOnceWith500();
        listVersions(versions(summary(OURS, "FULL", sent.minus(ExactlyOnce.CLOCK_SKEW))));
        describeVersion(OURS, NAME);

        assertThat(train(Set.of())).isEqualTo(OURS);
        assertThat(operations())
                .containsExactly("CreateSolutionVersion", "ListSolutionVersions", "DescribeSolutionVersion");
    }

    @Test
    void train_adoptsAVersionWithoutCreationTimeModeOrName_andMatchesTheModeIgnoringCase() {
        // the service may leave out what it has not filled in yet: none of it rules the version out
        createFailsOnceWith500();
        listVersions(versions(summary(V1, null, null), summary(V2, "full", sent)));
        describeVersion(V1, "someone-elses-version");
        describeVersion(V2, null);

        assertThat(train(Set.of())).isEqualTo(V2);
        assertThat(journal())
                .containsExactly(
                        call("CreateSolutionVersion", CREATE_BODY),
                        call("ListSolutionVersions", "{\"solutionArn\":\"" + SOLUTION + "\"}"),
                        call("DescribeSolutionVersion", "{\"solutionVersionArn\":\"" + V1 + "\"}"),
                        call("DescribeSolutionVersion", "{\"solutionVersionArn\":\"" + V2 + "\"}"));
    }

    @Test
    void train_findsOurVersionOnTheListingsSecondPage() {
        createFailsOnceWith500();
        wm.stubFor(op("ListSolutionVersions")
                .withRequestBody(equalToJson("{\"solutionArn\":\"" + SOLUTION + "\"}"))
                .willReturn(ok("{\"solutionVersions\":[" + summary(V1, "FULL", sent) + "],\"nextToken\":\"page-2\"}")));
        wm.stubFor(op("ListSolutionVersions")
                .withRequestBody(equalToJson("{\"solutionArn\":\"" + SOLUTION + "\",\"nextToken\":\"page-2\"}"))
                .willReturn(ok(versions(summary(OURS, "FULL", sent)))));
        describeVersion(OURS, NAME);

        assertThat(train(Set.of(V1))).isEqualTo(OURS);
        assertThat(operations())
                .containsExactly(
                        "CreateSolutionVersion",
                        "ListSolutionVersions",
                        "ListSolutionVersions",
                        "DescribeSolutionVersion");
    }

    @Test
    void train_whenTheNameAlreadyExists_adoptsTheVersionOfThatName() {
        wm.stubFor(op("CreateSolutionVersion")
                .withRequestBody(equalToJson(CREATE_BODY))
                .willReturn(error(400, "ResourceAlreadyExistsException", "Solution version already exists.")));
        listVersions(versions(summary(OURS, "FULL", sent)));
        describeVersion(OURS, NAME);

        assertThat(train(Set.of())).isEqualTo(OURS);
        assertThat(operations())
                .containsExactly("CreateSolutionVersion", "ListSolutionVersions", "DescribeSolutionVersion");
    }

    @Test
    void train_whenTheNameAlreadyExistsButNoListedVersionHasIt_throwsTheAlreadyExistsError() {
        wm.stubFor(op("CreateSolutionVersion")
                .withRequestBody(equalToJson(CREATE_BODY))
                .willReturn(error(400, "ResourceAlreadyExistsException", "Solution version already exists.")));
        listVersions(versions(summary(V1, "FULL", sent)));
        describeVersion(V1, "news-similar-ffffffff");

        Throwable t = catchThrowable(() -> train(Set.of()));

        assertThat(t)
                .isInstanceOf(ResourceAlreadyExistsException.class)
                .hasMessageStartingWith("Solution version already exists.");
        assertThat(((ResourceAlreadyExistsException) t).statusCode()).isEqualTo(400);
        assertThat(operations())
                .containsExactly("CreateSolutionVersion", "ListSolutionVersions", "DescribeSolutionVersion");
    }

    @Test
    void train_onAClientWithSdkRetries_sendsTheCreateOnceBeforeLookingForWhatItStarted() {
        createFailsOnceWith500();
        listVersions(versions(summary(OURS, "FULL", sent)));
        describeVersion(OURS, NAME);
        try (PersonalizeClient retrying = client(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .backoffStrategy(a -> Duration.ZERO)
                .build())) {
            String arn = ExactlyOnce.train(
                    retrying,
                    once("solution version of news-similar"),
                    s -> s.get(),
                    SOLUTION,
                    NAME,
                    "FULL",
                    List.of(),
                    Set.of(),
                    sent);

            assertThat(arn).isEqualTo(OURS);
        }
        assertThat(operations())
                .containsExactly("CreateSolutionVersion", "ListSolutionVersions", "DescribeSolutionVersion");
    }

    @Test
    void train_whenRefusedWith4xx_throwsTheServicesErrorWithoutLooking() {
        wm.stubFor(op("CreateSolutionVersion")
                .willReturn(error(400, "InvalidInputException", "trainingMode UPDATE is not supported.")));

        Throwable t = catchThrowable(() -> train(Set.of(), "UPDATE", List.of()));

        assertThat(t)
                .isInstanceOf(PersonalizeException.class)
                .hasMessageStartingWith("trainingMode UPDATE is not supported.");
        assertThat(operations()).containsExactly("CreateSolutionVersion");
    }

    @Test
    void findStartedVersion_whenNothingIsListed_isEmpty() {
        listVersions(versions());

        assertThat(ExactlyOnce.findStartedVersion(client, SOLUTION, Set.of(), sent, NAME, "FULL"))
                .isEqualTo(Optional.empty());
        assertThat(operations()).containsExactly("ListSolutionVersions");
    }

    // ---- randomVersionName ----

    @Test
    void randomVersionName_isTheSolutionsNameAndEightHexDigits() {
        String a = ExactlyOnce.randomVersionName("news-similar");
        String b = ExactlyOnce.randomVersionName("news-similar");

        assertThat(a).matches("news-similar-[0-9a-f]{8}");
        assertThat(b).matches("news-similar-[0-9a-f]{8}");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void randomVersionName_cutsALongSolutionNameTo54CharactersSoTheNameFits63() {
        String n54 = "s".repeat(54);
        String n55 = "t".repeat(54) + "u";

        assertThat(ExactlyOnce.randomVersionName(n54))
                .matches(n54 + "-[0-9a-f]{8}")
                .hasSize(63);
        assertThat(ExactlyOnce.randomVersionName(n55))
                .matches("t{54}-[0-9a-f]{8}")
                .hasSize(63);
        assertThat(ExactlyOnce.randomVersionName("x")).matches("x-[0-9a-f]{8}").hasSize(10);
    }

    // ---- updateCampaign ----

    private static String campaign(@Nullable String latestUpdate) {
        return "{\"campaign\":{\"campaignArn\":\"" + CAMPAIGN + "\",\"name\":\"news-similar\",\"solutionVersionArn\":\""
                + V1 + "\",\"minProvisionedTPS\":1,\"status\":\"ACTIVE\",\"creationDateTime\":1.7E9,"
                + "\"lastUpdatedDateTime\":1.7E9"
                + (latestUpdate == null ? "" : ",\"latestCampaignUpdate\":" + latestUpdate) + "}}";
    }

    private static String update(@Nullable String version, @Nullable Integer tps, @Nullable Instant created) {
        List<String> members = new ArrayList<>();
        if (version != null) {
            members.add("\"solutionVersionArn\":\"" + version + "\"");
        }
        if (tps != null) {
            members.add("\"minProvisionedTPS\":" + tps);
        }
        members.add("\"status\":\"UPDATE IN_PROGRESS\"");
        if (created != null) {
            members.add("\"creationDateTime\":" + epoch(created));
            members.add("\"lastUpdatedDateTime\":" + epoch(created));
        }
        return "{" + String.join(",", members) + "}";
    }

    private static void describeCampaign(@Nullable String latestUpdate) {
        wm.stubFor(op("DescribeCampaign")
                .withRequestBody(equalToJson("{\"campaignArn\":\"" + CAMPAIGN + "\"}"))
                .willReturn(ok(campaign(latestUpdate))));
    }

    /** UpdateCampaign with exactly this body: first answers {@code first}, then (if sent again) succeeds. */
    private static void updateFailsOnce(String body, ResponseDefinitionBuilder first) {
        wm.stubFor(op("UpdateCampaign")
                .withRequestBody(equalToJson(body))
                .inScenario("update")
                .whenScenarioStateIs(STARTED)
                .willReturn(first)
                .willSetStateTo("sent"));
        wm.stubFor(op("UpdateCampaign")
                .withRequestBody(equalToJson(body))
                .inScenario("update")
                .whenScenarioStateIs("sent")
                .willReturn(ok("{\"campaignArn\":\"" + CAMPAIGN + "\"}")));
    }

    private static String updateBody(String version) {
        return "{\"campaignArn\":\"" + CAMPAIGN + "\",\"solutionVersionArn\":\"" + version + "\"}";
    }

    private static String updateBody(String version, int tps) {
        return "{\"campaignArn\":\"" + CAMPAIGN + "\",\"solutionVersionArn\":\"" + version + "\",\"minProvisionedTPS\":"
                + tps + "}";
    }

    private static ResponseDefinitionBuilder lost() {
        return error(500, "InternalFailure", "We encountered an internal error.");
    }

    private void updateCampaign(@Nullable String version, @Nullable Integer tps) {
        ExactlyOnce.updateCampaign(client, once("campaign news-similar"), CAMPAIGN, version, tps, sent);
    }

    @Test
    void updateCampaign_whenTheCallSucceeds_sendsOnlyTheCampaignAndVersion() {
        wm.stubFor(op("UpdateCampaign")
                .withRequestBody(equalToJson(updateBody(V2)))
                .willReturn(ok("{\"campaignArn\":\"" + CAMPAIGN + "\"}")));

        updateCampaign(V2, null);

        assertThat(journal()).containsExactly(call("UpdateCampaign", updateBody(V2)));
    }

    @Test
    void updateCampaign_withTpsAndConfig_sendsBoth() {
        String body = "{\"campaignArn\":\"" + CAMPAIGN + "\",\"solutionVersionArn\":\"" + V2 + "\","
                + "\"minProvisionedTPS\":3,\"campaignConfig\":{\"enableMetadataWithRecommendations\":true}}";
        wm.stubFor(op("UpdateCampaign")
                .withRequestBody(equalToJson(body))
                .willReturn(ok("{\"campaignArn\":\"" + CAMPAIGN + "\"}")));

        ExactlyOnce.updateCampaign(
                client,
                once("campaign news-similar"),
                CAMPAIGN,
                V2,
                3,
                CampaignConfig.builder().enableMetadataWithRecommendations(true).build(),
                sent);

        assertThat(operations()).containsExactly("UpdateCampaign");
    }

    @Test
    void updateCampaign_whenTheReplyIsLostAndTheUpdateIsUnderway_takesItAsOursAndSendsNothingMore() {
        updateFailsOnce(updateBody(V2, 3), lost());
        describeCampaign(update(V2, 3, sent.plusSeconds(1)));

        updateCampaign(V2, 3);

        assertThat(journal())
                .containsExactly(
                        call("UpdateCampaign", updateBody(V2, 3)),
                        call("DescribeCampaign", "{\"campaignArn\":\"" + CAMPAIGN + "\"}"));
    }

    @Test
    void updateCampaign_whenTheReplyIsLost_takesAnUpdateExactlyTheClockSkewOldOrWithoutTimeAsOurs() {
        updateFailsOnce(updateBody(V2), lost());
        describeCampaign(update(V2, 7, sent.minus(ExactlyOnce.CLOCK_SKEW)));

        updateCampaign(V2, null); // no TPS asked: any TPS matches

        assertThat(operations()).containsExactly("UpdateCampaign", "DescribeCampaign");

        wm.resetAll();
        updateFailsOnce(updateBody(V2), lost());
        describeCampaign(update(V2, 1, null));

        updateCampaign(V2, null);

        assertThat(operations()).containsExactly("UpdateCampaign", "DescribeCampaign");
    }

    @Test
    void updateCampaign_whenTheLatestUpdateIsOfAnotherVersion_sendsItAgain() {
        updateFailsOnce(updateBody(V2), lost());
        describeCampaign(update(V1, 1, sent));

        updateCampaign(V2, null);

        assertThat(operations()).containsExactly("UpdateCampaign", "DescribeCampaign", "UpdateCampaign");
    }

    @Test
    void updateCampaign_whenTheLatestUpdateHasAnotherTps_sendsItAgain() {
        updateFailsOnce(updateBody(V2, 3), lost());
        describeCampaign(update(V2, 1, sent));

        updateCampaign(V2, 3);

        assertThat(operations()).containsExactly("UpdateCampaign", "DescribeCampaign", "UpdateCampaign");
    }

    @Test
    void updateCampaign_whenTheLatestUpdateIsOlderThanTheRequestLessTheSkew_sendsItAgain() {
        updateFailsOnce(updateBody(V2), lost());
        describeCampaign(update(V2, 1, sent.minus(ExactlyOnce.CLOCK_SKEW).minusMillis(1)));

        updateCampaign(V2, null);

        assertThat(operations()).containsExactly("UpdateCampaign", "DescribeCampaign", "UpdateCampaign");
    }

    @Test
    void updateCampaign_whenTheCampaignHasNoUpdate_sendsItAgain() {
        updateFailsOnce(updateBody(V2), lost());
        describeCampaign(null);

        updateCampaign(V2, null);

        assertThat(operations()).containsExactly("UpdateCampaign", "DescribeCampaign", "UpdateCampaign");
    }

    @Test
    void updateCampaign_whenInUseByOurOwnEarlierUpdate_succeedsWithoutSendingAgain() {
        // the SDK's retry of a lost call meets our own update in progress
        updateFailsOnce(
                updateBody(V2),
                error(400, "ResourceInUseException", "An update is already in progress for the campaign."));
        describeCampaign(update(V2, 1, sent));

        updateCampaign(V2, null);

        assertThat(operations()).containsExactly("UpdateCampaign", "DescribeCampaign");
    }

    @Test
    void updateCampaign_whenInUseBySomeoneElsesUpdate_throwsTheInUseError() {
        updateFailsOnce(
                updateBody(V2),
                error(400, "ResourceInUseException", "An update is already in progress for the campaign."));
        describeCampaign(update(V1, 1, sent));

        Throwable t = catchThrowable(() -> updateCampaign(V2, null));

        assertThat(t)
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageStartingWith("An update is already in progress for the campaign.");
        assertThat(operations()).containsExactly("UpdateCampaign", "DescribeCampaign");
    }
}
