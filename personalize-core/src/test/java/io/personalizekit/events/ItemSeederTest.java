package io.personalizekit.events;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.personalizekit.exception.DeliveryException;
import io.personalizekit.internal.time.SmoothRateLimiter;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.waiter.Sleeper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.personalizeevents.model.PersonalizeEventsException;
import software.amazon.awssdk.services.personalizeevents.model.ResourceNotFoundException;

/** {@link ItemSeeder} against WireMock speaking the events API's REST JSON, with the real SDK client. */
class ItemSeederTest {
    static final String DATASET = "arn:aws:personalize:us-east-1:000000000000:dataset/news/ITEMS";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T = Instant.ofEpochSecond(1_700_000_000L);

    /** The caller's own item type. */
    record Article(
            @Nullable String id,
            @Nullable List<String> labels,
            @Nullable Instant created,
            @Nullable Integer ratings,
            @Nullable String description) {
        Article withLabels(@Nullable List<String> l) {
            return new Article(id, l, created, ratings, description);
        }
    }

    static final BoundSchema<Article> ITEMS = SchemaBuilder.forType(DatasetType.ITEMS)
            .bind(Article.class)
            .stringField("ITEM_ID", Article::id)
            .categoricalField("LABELS", Article::labels)
            .timestampField("CREATION_TIMESTAMP", Article::created)
            .nullableIntField("NUMBER_OF_RATINGS", Article::ratings)
            .stringField("DESCRIPTION", Article::description, o -> o.nullable().textual())
            .build();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    PersonalizeEventsClient events;
    FakeClock time = new FakeClock();

    @BeforeEach
    void setUp() {
        events = PersonalizeEventsClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    ItemSeeder<Article> seeder() {
        return ItemSeeder.builder(ITEMS)
                .eventsClient(events)
                .datasetArn(DATASET)
                .rateLimiter(time.limiter(10))
                .clock(time)
                .build();
    }

    static Article article(@Nullable String id) {
        return new Article(id, List.of("NEWS"), T, null, null);
    }

    static void acceptAll() {
        wm.stubFor(post(urlEqualTo("/items")).atPriority(5).willReturn(okJson("{}")));
    }

    static void rejectItem(String id) {
        wm.stubFor(post(urlEqualTo("/items"))
                .atPriority(1)
                .withRequestBody(containing("\"itemId\":\"" + id + "\""))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "InvalidInputException")
                        .withBody("{\"__type\":\"InvalidInputException\",\"message\":\"Item " + id
                                + " does not match the dataset schema\"}")));
    }

    /** The PutItems bodies WireMock received, oldest first. */
    static List<JsonNode> bodies() throws Exception {
        List<ServeEvent> served = new ArrayList<>(wm.getAllServeEvents()); // newest first
        Collections.reverse(served);
        List<JsonNode> bodies = new ArrayList<>();
        for (ServeEvent e : served) {
            bodies.add(JSON.readTree(e.getRequest().getBodyAsString()));
        }
        return bodies;
    }

    static List<String> itemIds(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("items").forEach(i -> ids.add(i.get("itemId").asText()));
        return ids;
    }

    @Test
    void seed_sendsItemIdApartAndPropertiesAsCamelCaseJsonString() throws Exception {
        acceptAll();

        DeliveryResult result = seeder().seed(new Article("a-1", List.of("SPORTS", "FOOTBALL"), T, 12, null));

        assertThat(result.sentIds()).containsExactly("a-1");
        wm.verify(postRequestedFor(urlEqualTo("/items"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"datasetArn\":\"" + DATASET + "\",\"items\":[{\"itemId\":\"a-1\","
                        + "\"properties\":\"{\\\"labels\\\":\\\"SPORTS|FOOTBALL\\\","
                        + "\\\"creationTimestamp\\\":1700000000,\\\"numberOfRatings\\\":12}\"}]}")));
        assertThat(bodies().get(0).at("/items/0/properties").asText())
                .isEqualTo("{\"labels\":\"SPORTS|FOOTBALL\",\"creationTimestamp\":1700000000,\"numberOfRatings\":12}");
    }

    @Test
    void seed_sendsAtMostTenItemsPerRequest() throws Exception {
        acceptAll();
        List<Article> items = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            items.add(article("a-" + i));
        }

        DeliveryResult result = seeder().seed(items);

        List<JsonNode> bodies = bodies();
        assertThat(bodies).hasSize(3);
        assertThat(bodies).extracting(b -> b.get("items").size()).containsExactly(10, 10, 3);
        assertThat(itemIds(bodies.get(2))).containsExactly("a-20", "a-21", "a-22");
        assertThat(result.sent()).isEqualTo(23);
        assertThat(result.batches()).isEqualTo(3);
        assertThat(result.requests()).isEqualTo(3);
        assertThat(result.allSent()).isTrue();
    }

    @Test
    void seed_whenItemsBreakTheSchema_reportsThemAndSendsOnlyTheValidOnes() throws Exception {
        acceptAll();
        List<Article> items = List.of(
                article("good-1"),
                article("no-labels").withLabels(null),
                article("empty-list").withLabels(List.of()),
                new Article("millis", List.of("NEWS"), Instant.ofEpochSecond(1_700_000_000_000L), null, null),
                article("empty-category").withLabels(List.of("SPORTS", "", "NEWS")),
                article("pipe-in-list").withLabels(List.of("A|B")),
                article("long-label").withLabels(List.of("x".repeat(1001))),
                article("i".repeat(257)),
                new Article("long-text", List.of("NEWS"), T, null, "t".repeat(20_000)),
                article("good-2").withLabels(List.of("SPORTS", "NEWS")));

        DeliveryResult result = seeder().seed(items);

        assertThat(itemIds(bodies().get(0))).containsExactly("good-1", "long-text", "good-2");
        assertThat(bodies().get(0).at("/items/2/properties").asText()).contains("\"labels\":\"SPORTS|NEWS\"");
        assertThat(result.sentIds()).containsExactly("good-1", "long-text", "good-2");
        assertThat(result.failures()).allSatisfy(f -> assertThat(f.stage()).isEqualTo(DeliveryResult.Stage.INVALID));
        Map<String, String> reasons = result.failureReasons();
        assertThat(reasons).hasSize(7);
        assertThat(reasons.get("no-labels")).contains("LABELS is required");
        assertThat(reasons.get("empty-list")).contains("LABELS is required");
        assertThat(reasons.get("millis")).contains("epoch seconds");
        assertThat(reasons.get("empty-category")).contains("is empty or contains '|'");
        assertThat(reasons.get("pipe-in-list")).contains("'|'");
        assertThat(reasons.get("long-label")).contains("1000");
        assertThat(reasons.get("i".repeat(257))).contains("256");
        assertThat(result.failures().get(0).field()).contains("LABELS");
    }

    @Test
    void seed_whenTheServiceRejectsABatch_resendsItsItemsAloneSoOnlyTheBadOneFails() throws Exception {
        acceptAll();
        rejectItem("bad");

        DeliveryResult result = seeder().seed(article("a"), article("bad"), article("c"));

        assertThat(bodies())
                .extracting(ItemSeederTest::itemIds)
                .containsExactly(List.of("a", "bad", "c"), List.of("a"), List.of("bad"), List.of("c"));
        assertThat(result.sentIds()).containsExactly("a", "c");
        assertThat(result.failures())
                .containsExactly(DeliveryResult.Failure.of(
                        "bad", DeliveryResult.Stage.REJECTED, null, "Item bad does not match the dataset schema"));
        assertThat(result.batches()).isEqualTo(1);
        assertThat(result.requests()).isEqualTo(4);
    }

    @Test
    void seed_pacesEveryRequestAtTheRateLimit() {
        acceptAll();
        rejectItem("bad");
        List<Article> items = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            items.add(article(i == 3 ? "bad" : "a-" + i));
        }

        DeliveryResult result = seeder().seed(items);

        // batch 1 at 0 ms (rejected), its 10 items alone at 100..1000 ms, batches 2 and 3 at 1100 and 1200 ms
        assertThat(result.requests()).isEqualTo(13);
        assertThat(time.sleeps()).hasSize(12).containsOnly(Duration.ofMillis(100));
        assertThat(result.duration()).isEqualTo(Duration.ofMillis(1200));
        assertThat(wm.getAllServeEvents()).hasSize(13);
    }

    @Test
    void seed_summaryCountsSentFailedBatchesRequestsAndTime() {
        acceptAll();
        rejectItem("bad");

        DeliveryResult result =
                seeder().seed(article("a"), article("bad"), article("c").withLabels(null));

        assertThat(result.toString())
                .isEqualTo("1 sent, 2 failed (c: LABELS is required: the schema does not allow null (type string);"
                        + " bad: Item bad does not match the dataset schema), 1 batch, 3 requests in 0.2 s");
    }

    @Test
    void seed_whenRecordsAreMapsBoundByGetters_sendsThem() throws Exception {
        acceptAll();
        BoundSchema<Map<String, Object>> rows = SchemaBuilder.forType(DatasetType.ITEMS)
                .bind(mapType())
                .stringField("ITEM_ID", m -> (String) m.get("id"))
                .stringField("LABELS", m -> (String) m.get("labels"), o -> o.categorical())
                .longField("CREATION_TIMESTAMP", m -> (Long) m.get("created"))
                .build();
        ItemSeeder<Map<String, Object>> seeder = ItemSeeder.builder(rows)
                .eventsClient(events)
                .datasetArn(DATASET)
                .rateLimiter(time.limiter(10))
                .clock(time)
                .build();

        DeliveryResult result = seeder.seed(List.of(
                Map.of("id", "a-1", "labels", "NEWS|SPORTS", "created", 5L),
                Map.of("id", "a-2", "labels", "NEWS||SPORTS", "created", 5L)));

        assertThat(itemIds(bodies().get(0))).containsExactly("a-1");
        assertThat(bodies().get(0).at("/items/0/properties").asText())
                .isEqualTo("{\"labels\":\"NEWS|SPORTS\",\"creationTimestamp\":5}");
        assertThat(result.failureReasons()).containsOnlyKeys("a-2");
        assertThat(result.failureReasons().get("a-2")).contains("empty category");
    }

    @SuppressWarnings("unchecked")
    private static Class<Map<String, Object>> mapType() {
        return (Class<Map<String, Object>>) (Class<?>) Map.class;
    }

    @Test
    void seed_whenAnItemHasNoId_reportsItByPositionAndSendsTheOthers() throws Exception {
        acceptAll();

        DeliveryResult result = seeder().seed(article("a-1"), article(null));

        assertThat(itemIds(bodies().get(0))).containsExactly("a-1");
        assertThat(result.failureReasons()).containsOnlyKeys("#1");
        assertThat(result.failureReasons().get("#1")).contains("ITEM_ID is missing");
    }

    @Test
    void seed_whenTheDatasetIsMissing_stopsWithDeliveryExceptionCarryingTheSdkException() {
        wm.stubFor(post(urlEqualTo("/items"))
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                        .withBody("{\"message\":\"Could not find dataset\"}")));
        List<Article> items = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            items.add(article("a-" + i));
        }

        assertThatThrownBy(() -> seeder().seed(items)).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.getCause()).isInstanceOf(ResourceNotFoundException.class);
            assertThat(e.target()).isEqualTo(DATASET);
            assertThat(e.sentCount()).isZero();
            assertThat(e.unsentCount()).isEqualTo(12);
        });
        assertThat(wm.getAllServeEvents()).hasSize(1);
    }

    @Test
    void seed_whenThrottledBeyondTheSdkRetries_stopsWithTheThrottlingExceptionAsCause() {
        wm.stubFor(post(urlEqualTo("/items"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("x-amzn-ErrorType", "ThrottlingException")
                        .withBody("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}")));

        assertThatThrownBy(() -> seeder().seed(article("a")))
                .isInstanceOfSatisfying(
                        DeliveryException.class,
                        e -> assertThat(e.getCause())
                                .isInstanceOfSatisfying(
                                        PersonalizeEventsException.class,
                                        c -> assertThat(c.isThrottlingException())
                                                .isTrue()));
    }

    @Test
    void seed_whenInterruptedWhileWaitingForTheRateLimit_stopsAndKeepsTheInterruptFlag() {
        acceptAll();
        Sleeper interrupted = d -> {
            throw new InterruptedException("stop");
        };
        ItemSeeder<Article> seeder = ItemSeeder.builder(ITEMS)
                .eventsClient(events)
                .datasetArn(DATASET)
                .batchSize(1)
                .rateLimiter(SmoothRateLimiter.evenlySpaced(10, time.ticker(), interrupted))
                .build();

        try {
            assertThatThrownBy(() -> seeder.seed(article("a"), article("b"), article("c")))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> {
                        assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
                        assertThat(e.sentCount()).isEqualTo(1);
                        assertThat(e.unsentCount()).isEqualTo(2);
                    });
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(wm.getAllServeEvents()).hasSize(1);
    }

    @Test
    void builder_rejectsWrongSchemaBatchSizeAndArn() {
        BoundSchema<String> users = SchemaBuilder.forType(DatasetType.USERS)
                .bind(String.class)
                .stringField("USER_ID", u -> u)
                .stringField("TIER", u -> "gold", o -> o.categorical())
                .build();
        assertThatThrownBy(() -> ItemSeeder.builder(users))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Items schema");
        assertThatThrownBy(() -> ItemSeeder.builder(ITEMS).batchSize(11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 10");
        assertThatThrownBy(() -> ItemSeeder.builder(ITEMS).datasetArn("dataset/news"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ARN");
        assertThatThrownBy(() -> ItemSeeder.builder(ITEMS).eventsClient(events).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("datasetArn");
    }
}
