package io.personalizekit.events;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.testing.FakeClock;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
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

/**
 * Events that metric attributions count: the {@code recommendationId} of the answer the user clicked, or an event
 * attribution source of the caller's own, on the wire exactly as {@code PutEvents} takes them.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventAttributionTest {

    record Click(
            String user,
            String item,
            Instant at,
            @Nullable String recommendationId,
            @Nullable String source) {}

    static final BoundSchema<Click> CLICKS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .bind(Click.class)
            .stringField("USER_ID", Click::user)
            .stringField("ITEM_ID", Click::item)
            .timestampField("TIMESTAMP", Click::at)
            .stringField("RECOMMENDATION_ID", Click::recommendationId, f -> f.nullable())
            .stringField("EVENT_ATTRIBUTION_SOURCE", Click::source, f -> f.nullable())
            .build();

    static final String RID = "RID-a1-b2c3-d4e5-f6a7b8c9d0e1-CID-7f3a21";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    PersonalizeEventsClient events;
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
        FakeClock time = new FakeClock();
        recorder = EventRecorder.builder(CLICKS)
                .eventsClient(events)
                .trackingId("tracker-1")
                .eventType("click")
                .rateLimiter(time.limiter(1000))
                .clock(time)
                .build();
    }

    @AfterEach
    void tearDown() {
        events.close();
    }

    @Test
    void record_sendsTheRecommendationIdAndTheAttributionSourceAsPutEventsNamesThem() {
        wm.stubFor(post(urlEqualTo("/events"))
                .withRequestBody(equalToJson("{\"trackingId\":\"tracker-1\",\"sessionId\":\"u-1\",\"userId\":\"u-1\","
                        + "\"eventList\":[{\"eventType\":\"click\",\"itemId\":\"a-1\",\"sentAt\":1700000000,"
                        + "\"recommendationId\":\"" + RID + "\"},"
                        + "{\"eventType\":\"click\",\"itemId\":\"a-2\",\"sentAt\":1700000060,"
                        + "\"metricAttribution\":{\"eventAttributionSource\":\"newsletter 2026-12\"}}]}"))
                .willReturn(okJson("{}")));

        DeliveryResult result = recorder.record(
                new Click("u-1", "a-1", Instant.ofEpochSecond(1_700_000_000L), RID, null),
                new Click("u-1", "a-2", Instant.ofEpochSecond(1_700_000_060L), null, "newsletter 2026-12"));

        assertThat(result.failures()).isEmpty();
        assertThat(result.sent()).isEqualTo(2);
    }

    @Test
    void record_whenTheAttributionSourceIsNotPrintableAscii_reportsTheEventAndSendsNothing() {
        DeliveryResult result = recorder.record(
                new Click("u-1", "a-1", Instant.ofEpochSecond(1_700_000_000L), null, "caf\u00e9\tnews"),
                new Click("u-1", "a-2", Instant.ofEpochSecond(1_700_000_000L), null, "   "));

        assertThat(result.sent()).isZero();
        assertThat(result.failures()).hasSize(2).allSatisfy(f -> {
            assertThat(f.field()).hasValue("EVENT_ATTRIBUTION_SOURCE");
            assertThat(f.reason()).contains("printable ASCII");
        });
        assertThat(result.failures().get(0).reason()).contains("'caf??news'");
        wm.verify(0, postRequestedFor(urlEqualTo("/events")));
    }

    @Test
    void record_whenTheRecommendationIdIsLongerThanFortyCharacters_reportsIt() {
        DeliveryResult result =
                recorder.record(new Click("u-1", "a-1", Instant.ofEpochSecond(1_700_000_000L), RID + "x", null));

        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.field()).hasValue("RECOMMENDATION_ID");
            assertThat(f.reason()).contains("1 to 40 characters, but it has 41");
        });
        wm.verify(0, postRequestedFor(urlEqualTo("/events")));
    }
}
