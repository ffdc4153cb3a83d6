package io.personalizekit.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.personalizeruntime.PersonalizeRuntimeClient;

/**
 * GetRecommendations in the runtime's wire format for the caching-client tests: stubs that match the exact request
 * body the SDK sends for one seed, error answers as the runtime shapes them, and per-seed call counts.
 */
final class CacheClientWire {
    static final String CAMPAIGN = "arn:aws:personalize:us-east-1:000000000000:campaign/articles";
    static final String SV = "arn:aws:personalize:us-east-1:000000000000:solution/articles/1a2b3c4d";
    static final String RID = "RID-0241e16a-374f-4f90-866a-24e4e3f02f96";

    private CacheClientWire() {}

    /** A runtime client over WireMock whose SDK does not retry. */
    static PersonalizeRuntimeClient runtime(WireMockExtension wm) {
        return PersonalizeRuntimeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** A runtime client over WireMock whose SDK makes up to 3 attempts, retrying at once (no backoff sleep). */
    static PersonalizeRuntimeClient retryingRuntime(WireMockExtension wm) {
        return PersonalizeRuntimeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(3)
                        .backoffStrategy(BackoffStrategy.retryImmediately())
                        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                        .circuitBreakerEnabled(false)
                        .build()))
                .build();
    }

    /** The exact body the SDK sends for a seed asking {@code numResults} items. */
    static String body(String itemId, int numResults) {
        return "{\"campaignArn\":\"" + CAMPAIGN + "\",\"itemId\":\"" + itemId + "\",\"numResults\":" + numResults + "}";
    }

    /** Answers the default request for a seed (25 items plus the seed: numResults 26) with these items. */
    static void similar(WireMockExtension wm, String itemId, String... items) {
        similar(wm, itemId, 26, items);
    }

    static void similar(WireMockExtension wm, String itemId, int numResults, String... items) {
        StringBuilder list = new StringBuilder();
        for (String i : items) {
            list.append(list.length() == 0 ? "" : ",")
                    .append("{\"itemId\":\"")
                    .append(i)
                    .append("\"}");
        }
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .withRequestBody(equalToJson(body(itemId, numResults)))
                .willReturn(okJson("{\"itemList\":[" + list + "],\"recommendationId\":\"" + RID + "\"}")));
    }

    /** Answers the default request for a seed with a runtime error. */
    static void error(WireMockExtension wm, String itemId, int status, String type) {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .withRequestBody(equalToJson(body(itemId, 26)))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", type)
                        .withHeader("x-amzn-RequestId", "req-1")
                        .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + type + "\"}")));
    }

    /** Resets the connection on the default request for a seed: an SdkClientException in the SDK. */
    static void reset(WireMockExtension wm, String itemId) {
        wm.stubFor(post(urlEqualTo("/recommendations"))
                .withRequestBody(equalToJson(body(itemId, 26)))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    /** How many GetRecommendations requests named this seed. */
    static int calls(WireMockExtension wm, String itemId) {
        return wm.findAll(postRequestedFor(urlEqualTo("/recommendations"))
                        .withRequestBody(equalToJson("{\"itemId\":\"" + itemId + "\"}", true, true)))
                .size();
    }
}
