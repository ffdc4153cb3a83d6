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
import io.personalizekit.testing.FakeClock;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

/** {@link EventRecorder} against WireMock speaking the events API's REST JSON ({@code POST /events}). */
class EventRecorderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    PersonalizeEventsClient events;
    FakeClock time = new FakeClock();
    EventRecorder recorder;

    @BeforeEach
    void setUp() {
        events = PersonalizeEventsClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        recorder = EventRecorder.builder()
                .eventsClient(events)
                .trackingId("tracker-1")
                .rateLimiter(time.limiter(1000))
                .clock(time)
                .build();
        wm.stubFor(post(urlEqualTo("/events")).atPriority(5).willReturn(okJson("{}")));
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    static InteractionEvent.Builder click(String session, String item) {
        return InteractionEvent.builder()
                .sessionId(session)
                .itemId(item)
                .eventType("click")
                .sentAt(T0);
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
                .userId("u-1")
                .eventId("e-1")
                .eventValue(0.75f)
                .recommendationId("RID-1")
                .impressions(List.of("a-1", "a-2"))
                .putProperty("DEVICE_TYPE", "mobile")
                .build());

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
        List<InteractionEvent> list = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            list.add(click("s-1", "a-" + i).userId("u-1").build());
            if (i < 3) {
                list.add(click("anon", "b-" + i).build());
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
    void record_whenTheServiceRejectsABatch_isolatesTheBadEvent() throws Exception {
        wm.stubFor(post(urlEqualTo("/events"))
                .atPriority(1)
                .withRequestBody(containing("\"eventId\":\"e-bad\""))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("x-amzn-ErrorType", "InvalidInputException")
                        .withBody("{\"message\":\"eventType is too long\"}")));

        DeliveryResult result = recorder.record(
                click("s", "a").eventId("e-1").build(),
                click("s", "b").eventId("e-bad").build(),
                click("s", "c").eventId("e-3").build());

        assertThat(bodies()).hasSize(4);
        assertThat(result.sentIds()).containsExactly("e-1", "e-3");
        assertThat(result.failureReasons()).containsExactly(java.util.Map.entry("e-bad", "eventType is too long"));
    }

    @Test
    void interactionEvent_whenValuesBreakTheApiLimits_isRejectedAtBuild() {
        assertThatThrownBy(() -> click("s", "a").recommendationId("R".repeat(41)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40");
        assertThatThrownBy(() -> click("s", "a").impressions(Collections.nCopies(26, "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("25");
        assertThatThrownBy(() -> click("s", "a").putProperty("USER_ID", "u"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() ->
                        click("s", "a").putProperty("NOTE", "n".repeat(1100)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1024");
        assertThatThrownBy(() -> InteractionEvent.builder()
                        .sessionId("s")
                        .eventType("click")
                        .build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("sentAt");
        assertThatThrownBy(() -> EventRecorder.builder().trackingId(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256");
    }

    @Test
    void interactionEvent_toStringLeavesUserDataOut() {
        InteractionEvent e =
                click("secret-session", "a-1").userId("secret-user").build();

        assertThat(e.toString()).contains("click", "a-1").doesNotContain("secret");
        assertThat(e.toBuilder().build()).isEqualTo(e).hasSameHashCodeAs(e);
    }
}
