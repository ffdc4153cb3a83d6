package io.personalizekit.cache.redis;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.personalizekit.recommend.SimilarItemsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * The Personalize runtime as WireMock answers it on the wire (GetRecommendations, {@code POST /recommendations}),
 * counting the requests it receives per seed item id, in-flight ones included. Real SDK clients talk to it.
 */
final class StubbedRuntime implements AutoCloseable {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:123456789012:campaign/news";
    static final String SV1 = "arn:aws:personalize:us-east-1:123456789012:solution/news/v1";

    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, AtomicInteger> requestsPerItem = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    private final WireMockServer server;

    /**
     * Starts the stub on a free port.
     *
     * @param delayMillis how long each answer takes, as a campaign's latency
     */
    StubbedRuntime(int delayMillis) {
        ServeEventListener counter = new ServeEventListener() {
            @Override
            public void beforeMatch(ServeEvent event, Parameters parameters) {
                requests.incrementAndGet();
                String item = itemId(event.getRequest().getBodyAsString());
                requestsPerItem.computeIfAbsent(item, k -> new AtomicInteger()).incrementAndGet();
            }

            @Override
            public String getName() {
                return "count-per-item";
            }
        };
        server = new WireMockServer(wireMockConfig()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(40)
                .disableRequestJournal()
                .extensions(counter));
        server.start();
        server.stubFor(post(urlEqualTo("/recommendations"))
                .willReturn(okJson("{\"itemList\":[{\"itemId\":\"s-1\",\"score\":0.5},{\"itemId\":\"s-2\"}],"
                                + "\"recommendationId\":\"RID-0241e16a-374f-4f90-866a-24e4e3f02f96\"}")
                        .withFixedDelay(delayMillis)));
    }

    static String itemId(String body) {
        try {
            return JSON.readTree(body).path("itemId").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return server.baseUrl();
    }

    int requestsFor(String itemId) {
        AtomicInteger n = requestsPerItem.get(itemId);
        return n == null ? 0 : n.get();
    }

    /** A real runtime client of this stub; the caller closes it. */
    static PersonalizeRuntimeClient runtime(String baseUrl) {
        return PersonalizeRuntimeClient.builder()
                .endpointOverride(URI.create(baseUrl))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** The real similar-items client over a runtime client (borrowed). */
    static SimilarItemsClient similarItems(PersonalizeRuntimeClient runtime) {
        return SimilarItemsClient.builder()
                .runtimeClient(runtime)
                .campaignArn(CAMPAIGN)
                .build();
    }

    @Override
    public void close() {
        server.stop();
    }
}
