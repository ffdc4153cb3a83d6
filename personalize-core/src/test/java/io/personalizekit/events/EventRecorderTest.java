package io.personalizekit.events;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.testing.FakeClock;
import java.math.BigDecimal;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;

/** {@link EventRecorder} against WireMock speaking the events API's REST JSON ({@code POST /events}). */
@Timeout(60)
class EventRecorderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);

    /** The caller's own interaction record. */
    record Click(
            @Nullable String session,
            @Nullable String user,
            String item,
            String type,
            Instant at,
            @Nullable String eventId,
            @Nullable Float value,
            @Nullable String recommendationId,
            @Nullable List<String> impressions,
            @Nullable String device,
            @Nullable String note) {
        Click with(String what, @Nullable Object v) {
            return new Click(
                    what.equals("session") ? (String) v : session,
                    what.equals("user") ? (String) v : user,
                    item,
                    what.equals("type") ? (String) v : type,
                    what.equals("at") ? (Instant) v : at,
                    what.equals("eventId") ? (String) v : eventId,
                    what.equals("value") ? (Float) v : value,
                    what.equals("recommendationId") ? (String) v : recommendationId,
                    what.equals("impressions") ? castList(v) : impressions,
                    what.equals("device") ? (String) v : device,
                    what.equals("note") ? (String) v : note);
        }

        @SuppressWarnings("unchecked")
        private static @Nullable List<String> castList(@Nullable Object v) {
            return (List<String>) v;
        }
    }

    static final BoundSchema<Click> CLICKS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .bind(Click.class)
            .stringField("USER_ID", Click::user)
            .stringField("ITEM_ID", Click::item)
            .timestampField("TIMESTAMP", Click::at)
            .stringField("EVENT_TYPE", Click::type)
            .nullableFloatField("EVENT_VALUE", Click::value)
            .stringField("RECOMMENDATION_ID", Click::recommendationId, f -> f.nullable())
            .categoricalField("IMPRESSION", Click::impressions, f -> f.nullable())
            .stringField("DEVICE_TYPE", Click::device, f -> f.categorical().nullable())
            .stringField("NOTE", Click::note, f -> f.nullable())
            .build();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    PersonalizeEventsClient events;
    FakeClock time = new FakeClock();
    EventRecorder<Click> recorder;

    @BeforeEach
    void setUp() {
        events = PersonalizeEventsClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        recorder = EventRecorder.builder(CLICKS)
                .eventsClient(events)
                .trackingId("tracker-1")
                .sessionId(Click::session)
                .eventId(Click::eventId)
                .rateLimiter(time.limiter(1000))
                .clock(time)
                .build();
        wm.stubFor(post(urlEqualTo("/events")).atPriority(5).willReturn(okJson("{}")));
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    static Click click(@Nullable String session, String item) {
        return new Click(session, null, item, "click", T0, null, null, null, null, null, null);
    }

    static List<JsonNode> bodies() throws Exception {
        List<ServeEvent> served = new ArrayList<>(wm.getAllServeEvents());
        Collections.reverse(served);
        List<JsonNode> bodies = new ArrayList<>();
        for (ServeEvent e : served) {
            bodies.add(JSON.readTree(e.getRequest().getBodyAsString()));
        }
        return bodies;
    }

    @Test
    void record_sendsTrackerSessionUserAndEventsAsTheApiNamesThem() throws Exception {
        DeliveryResult result = recorder.record(click("s-1", "a-1")
                .with("user", "u-1")
                .with("eventId", "e-1")
                .with("value", 0.75f)
                .with("recommendationId", "RID-1")
                .with("impressions", List.of("a-1", "a-2"))
                .with("device", "mobile"));

        JsonNode body = bodies().get(0);
        assertThat(body.get("trackingId").asText()).isEqualTo("tracker-1");
        assertThat(body.get("sessionId").asText()).isEqualTo("s-1");
        assertThat(body.get("userId").asText()).isEqualTo("u-1");
        JsonNode event = body.at("/eventList/0");
        assertThat(event.get("eventType").asText()).isEqualTo("click");
        assertThat(event.get("itemId").asText()).isEqualTo("a-1");
        assertThat(event.get("eventId").asText()).isEqualTo("e-1");
        assertThat(event.get("eventValue").floatValue()).isEqualTo(0.75f);
        assertThat(event.get("recommendationId").asText()).isEqualTo("RID-1");
        assertThat(event.get("impression")).hasSize(2);
        assertThat(event.get("properties").asText()).isEqualTo("{\"deviceType\":\"mobile\"}");
        assertThat(event.get("sentAt").decimalValue()).isEqualByComparingTo(new BigDecimal("1700000000"));
        assertThat(result.sentIds()).containsExactly("e-1");
    }

    @Test
    void record_groupsBySessionAndUserAndSendsAtMostTenPerRequest() throws Exception {
        List<Click> list = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            list.add(click("s-1", "a-" + i).with("user", "u-1"));
            if (i < 3) {
                list.add(click("anon", "b-" + i));
            }
        }

        DeliveryResult result = recorder.record(list);

        List<JsonNode> bodies = bodies();
        assertThat(bodies).extracting(b -> b.get("sessionId").asText()).containsExactly("s-1", "s-1", "anon");
        assertThat(bodies).extracting(b -> b.get("eventList").size()).containsExactly(10, 2, 3);
        assertThat(bodies.get(2).has("userId")).isFalse();
        assertThat(result.sent()).isEqualTo(15);
        assertThat(result.sentIds()).startsWith("#0", "#2", "#4");
        assertThat(result.batches()).isEqualTo(3);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(1), Duration.ofMillis(1));
    }

    @Test
    void record_withoutASessionGetter_usesTheUserIdAsTheSession() throws Exception {
        EventRecorder<Click> byUser = EventRecorder.builder(CLICKS)
                .eventsClient(events)
                .trackingId("tracker-1")
                .rateLimiter(time.limiter(1000))
                .clock(time)
                .build();

        DeliveryResult result = byUser.record(click("ignored", "a").with("user", "u-9"), click(null, "b"));

        JsonNode body = bodies().get(0);
        assertThat(body.get("sessionId").asText()).isEqualTo("u-9");
        assertThat(body.get("userId").asText()).isEqualTo("u-9");
        assertThat(result.failureReasons()).containsOnlyKeys("#1");
        assertThat(result.failureReasons().get("#1")).contains("no session id");
    }

    @Test
    void record_whenTheServiceRejectsABatch_isolatesTheBadEvent() throws Exception {
        wm.stubFor(post(urlEqualTo("/events"))
                .atPriority(1)
                .withRequestBody(containing("\"eventId\":\"e-bad\""))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("x-amzn-ErrorType", "InvalidInputException")
                        .withBody("{\"message\":\"eventType is too long\"}")));

        DeliveryResult result = recorder.record(
                click("s", "a").with("eventId", "e-1"),
                click("s", "b").with("eventId", "e-bad"),
                click("s", "c").with("eventId", "e-3"));

        assertThat(bodies()).hasSize(4);
        assertThat(result.sentIds()).containsExactly("e-1", "e-3");
        assertThat(result.failureReasons()).containsExactly(Map.entry("e-bad", "eventType is too long"));
    }

    @Test
    void record_whenValuesBreakTheApiLimits_reportsThemAndSendsTheRest() throws Exception {
        DeliveryResult result = recorder.record(
                click("s", "ok").with("eventId", "ok"),
                click("s", "a").with("eventId", "rid").with("recommendationId", "R".repeat(41)),
                click("s", "a").with("eventId", "imp").with("impressions", Collections.nCopies(26, "x")),
                click("s", "a")
                        .with("eventId", "props")
                        .with("note", "n".repeat(1000))
                        .with("device", "tablet"),
                click("s", "a").with("eventId", "millis").with("at", Instant.ofEpochSecond(1_700_000_000_000L)),
                click("s", "a").with("eventId", "nan").with("value", Float.NaN));

        assertThat(result.sentIds()).containsExactly("ok");
        Map<String, String> reasons = result.failureReasons();
        assertThat(reasons).containsOnlyKeys("rid", "imp", "props", "millis", "nan");
        assertThat(reasons.get("rid")).contains("40");
        assertThat(reasons.get("imp")).contains("25");
        assertThat(reasons.get("props")).contains("1024");
        assertThat(reasons.get("millis")).contains("epoch seconds");
        assertThat(reasons.get("nan")).contains("finite");
        assertThat(result.failures()).allSatisfy(f -> assertThat(f.stage()).isEqualTo(DeliveryResult.Stage.INVALID));
        assertThat(bodies()).hasSize(1);
    }

    @Test
    void builder_whenSchemaHasNoEventType_needsADefaultAndSendsIt() throws Exception {
        BoundSchema<Click> plain = SchemaBuilder.forType(DatasetType.INTERACTIONS)
                .bind(Click.class)
                .stringField("USER_ID", Click::user)
                .stringField("ITEM_ID", Click::item)
                .timestampField("TIMESTAMP", Click::at)
                .build();
        assertThatThrownBy(() -> EventRecorder.builder(plain)
                        .eventsClient(events)
                        .trackingId("tracker-1")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("EVENT_TYPE")
                .hasMessageContaining("eventType(..)");
        EventRecorder<Click> reads = EventRecorder.builder(plain)
                .eventsClient(events)
                .trackingId("tracker-1")
                .eventType("read")
                .rateLimiter(time.limiter(1000))
                .build();

        reads.record(click(null, "a").with("user", "u"));

        assertThat(bodies().get(0).at("/eventList/0/eventType").asText()).isEqualTo("read");
    }

    @Test
    void builder_rejectsOtherSchemaTypesAndBadTrackingIds() {
        BoundSchema<String> items = SchemaBuilder.forType(DatasetType.ITEMS)
                .bind(String.class)
                .stringField("ITEM_ID", s -> s)
                .stringField("LABELS", s -> s, f -> f.categorical())
                .build();
        assertThatThrownBy(() -> EventRecorder.builder(items))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Interactions schema");
        assertThatThrownBy(() -> EventRecorder.builder(CLICKS).trackingId(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256");
    }
}
