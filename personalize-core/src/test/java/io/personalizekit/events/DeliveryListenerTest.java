package io.personalizekit.events;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.personalizekit.events.ItemSeederTest.Article;
import io.personalizekit.exception.DeliveryException;
import io.personalizekit.observe.DeliveryEvent;
import io.personalizekit.observe.DeliveryOperation;
import io.personalizekit.observe.PersonalizeKitListener;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.testing.FakeClock;
import io.personalizekit.testing.RecordingListener;
import io.personalizekit.testing.ThrowingListener;
import java.net.URI;
import java.time.Instant;
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
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;

/** What the seeder and the recorder tell their listener, over the real SDK against WireMock's events API. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeliveryListenerTest {
    static final String DATASET = ItemSeederTest.DATASET;
    static final Instant T = ItemSeederTest.T;

    record Read(String user, String item) {}

    static final BoundSchema<Read> READS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .bind(Read.class)
            .stringField("USER_ID", Read::user)
            .stringField("ITEM_ID", Read::item)
            .timestampField("TIMESTAMP", r -> T)
            .build();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .failOnUnmatchedRequests(true)
            .build();

    final FakeClock time = new FakeClock();
    final RecordingListener events = new RecordingListener();
    PersonalizeEventsClient client;

    @BeforeEach
    void setUp() {
        client = PersonalizeEventsClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    ItemSeeder<Article> seeder(PersonalizeKitListener listener) {
        return ItemSeeder.builder(ItemSeederTest.ITEMS)
                .eventsClient(client)
                .datasetArn(DATASET)
                .rateLimiter(time.limiter(10))
                .clock(time)
                .listener(listener)
                .build();
    }

    static void error(String path, int status, String type, String onlyWith) {
        wm.stubFor(post(urlEqualTo(path))
                .atPriority(1)
                .withRequestBody(containing(onlyWith))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", type)
                        .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + type + "\"}")));
    }

    @Test
    void seed_reportsSentFailedAndRetriedRecords() {
        wm.stubFor(post(urlEqualTo("/items")).atPriority(5).willReturn(okJson("{}")));
        error("/items", 400, "InvalidInputException", "\"itemId\":\"a-2\"");

        DeliveryResult result = seeder(events)
                .seed(ItemSeederTest.article("a-1"), ItemSeederTest.article("a-2"), ItemSeederTest.article(null));

        assertThat(events.deliveries).singleElement().satisfies(e -> {
            assertThat(e.operation()).isEqualTo(DeliveryOperation.PUT_ITEMS);
            assertThat(e.target()).isEqualTo(DATASET);
            assertThat(e.result()).isEqualTo(result);
            assertThat(e.sent()).isEqualTo(1);
            assertThat(e.failed()).isEqualTo(2); // a-2 rejected, the third invalid
            assertThat(e.retried()).isEqualTo(2); // the batch of two was re-sent one by one
            assertThat(e.unsent()).isZero();
            assertThat(e.stopped()).isFalse();
        });
    }

    @Test
    void seed_whenTheServiceStopsTheRun_reportsWhatWasLeftUnsent() {
        wm.stubFor(post(urlEqualTo("/items")).atPriority(5).willReturn(okJson("{}")));
        error("/items", 400, "ThrottlingException", "\"itemId\":\"a-11\"");
        List<Article> articles = new java.util.ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            articles.add(ItemSeederTest.article("a-" + i));
        }

        assertThatThrownBy(() -> seeder(events).seed(articles)).isInstanceOf(DeliveryException.class);

        assertThat(events.deliveries).singleElement().satisfies(e -> {
            assertThat(e.sent()).isEqualTo(10);
            assertThat(e.unsent()).isEqualTo(5);
            assertThat(e.stopped()).isTrue();
        });
    }

    @Test
    void record_reportsPutEventsDeliveries() {
        wm.stubFor(post(urlEqualTo("/events")).atPriority(5).willReturn(okJson("{}")));
        EventRecorder<Read> recorder = EventRecorder.builder(READS)
                .eventsClient(client)
                .trackingId("tracker-1")
                .eventType("read")
                .rateLimiter(time.limiter(1000))
                .clock(time)
                .listener(events)
                .build();

        recorder.record(new Read("u-1", "a-1"), new Read("u-1", "a-2"), new Read("u-2", "a-1"));

        assertThat(events.deliveries)
                .extracting(
                        DeliveryEvent::operation,
                        DeliveryEvent::target,
                        DeliveryEvent::sent,
                        DeliveryEvent::failed,
                        DeliveryEvent::stopped)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(DeliveryOperation.PUT_EVENTS, "tracker-1", 3, 0, false));
    }

    @Test
    void seed_whenTheListenerThrows_returnsTheResult() {
        wm.stubFor(post(urlEqualTo("/items")).atPriority(5).willReturn(okJson("{}")));
        ThrowingListener throwing = new ThrowingListener();

        DeliveryResult result = seeder(throwing).seed(ItemSeederTest.article("a-1"));

        assertThat(result.sent()).isEqualTo(1);
        assertThat(throwing.calls).hasValue(1);
    }
}
