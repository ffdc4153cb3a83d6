package io.personalizekit.internal.waiters;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * How a failed Describe is classified and named in progress lines, on the failures the real SDK client raises
 * against a WireMock server answering in the service's wire format (or not answering at all).
 */
@Timeout(60)
class FailuresTest {
    private static WireMockServer server;
    private static PersonalizeClient client;

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        client = client(URI.create(server.baseUrl()), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    private static PersonalizeClient client(URI endpoint, Duration attemptTimeout) {
        return PersonalizeClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(
                        o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallAttemptTimeout(attemptTimeout))
                .build();
    }

    private static Throwable describeFailsWith(ResponseDefinitionBuilder answer) {
        server.stubFor(post(urlEqualTo("/")).willReturn(answer));
        return failureOf(client);
    }

    private static Throwable failureOf(PersonalizeClient c) {
        Throwable t = catchThrowable(() -> c.describeDatasetGroup(
                r -> r.datasetGroupArn("arn:aws:personalize:us-east-1:123456789012:dataset-group/news")));
        assertThat(t).as("the describe call failed").isNotNull();
        return t;
    }

    private static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-ErrorType", type)
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
    }

    @Test
    void throttlingException_isThrottled() {
        Throwable t = describeFailsWith(error(400, "ThrottlingException", "Rate exceeded"));

        assertThat(Failures.classify(t)).isEqualTo(Failures.Kind.THROTTLED);
        assertThat(Failures.isTransient(t)).isTrue();
        assertThat(Failures.describe(t)).isEqualTo("throttled");
    }

    @Test
    void limitExceeded_onTheRequestRate_isThrottled_butOnAResourceLimitIsFinal() {
        Throwable rate =
                describeFailsWith(error(400, "LimitExceededException", "Exceeded the limit of 10 requests per second"));
        assertThat(Failures.classify(rate)).isEqualTo(Failures.Kind.THROTTLED);
        assertThat(Failures.describe(rate)).isEqualTo("throttled");

        Throwable quota = describeFailsWith(
                error(400, "LimitExceededException", "You have exceeded the limit of 5 dataset groups"));
        assertThat(Failures.classify(quota)).isEqualTo(Failures.Kind.FINAL);
        assertThat(Failures.isTransient(quota)).isFalse();
        assertThat(Failures.describe(quota)).isEqualTo("HTTP 400");
    }

    @Test
    void serverError_isAmbiguous_andNamedByItsStatus() {
        Throwable t = describeFailsWith(error(503, "ServiceUnavailableException", "Try again"));

        assertThat(Failures.classify(t)).isEqualTo(Failures.Kind.AMBIGUOUS);
        assertThat(Failures.describe(t)).isEqualTo("HTTP 503");
    }

    @Test
    void http500_isAmbiguous_butA499IsFinal() {
        assertThat(Failures.classify(describeFailsWith(error(500, "InternalFailure", "oops"))))
                .isEqualTo(Failures.Kind.AMBIGUOUS);
        Throwable t = describeFailsWith(error(499, "ClientClosedRequest", "gone"));
        assertThat(Failures.classify(t)).isEqualTo(Failures.Kind.FINAL);
        assertThat(Failures.describe(t)).isEqualTo("HTTP 499");
    }

    @Test
    void resourceNotFound_isFinal() {
        Throwable t = describeFailsWith(error(400, "ResourceNotFoundException", "No such dataset group"));

        assertThat(Failures.classify(t)).isEqualTo(Failures.Kind.FINAL);
        assertThat(Failures.describe(t)).isEqualTo("HTTP 400");
    }

    @Test
    void connectionReset_isAmbiguous_andNamedSo() {
        Throwable t = describeFailsWith(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertThat(t).isInstanceOf(SdkClientException.class);
        assertThat(Failures.classify(t)).isEqualTo(Failures.Kind.AMBIGUOUS);
        assertThat(Failures.describe(t)).isEqualTo("connection reset");
    }

    @Test
    void closedWithoutAnAnswer_isAmbiguous_andNamedNoResponse() {
        Throwable t = describeFailsWith(aResponse().withFault(Fault.EMPTY_RESPONSE));

        assertThat(Failures.classify(t)).isEqualTo(Failures.Kind.AMBIGUOUS);
        assertThat(Failures.describe(t)).isEqualTo("no response");
    }

    @Test
    void connectionRefused_isAmbiguous_andNamedSo() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (PersonalizeClient refused = client(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(30))) {
            Throwable t = failureOf(refused);

            assertThat(Failures.classify(t)).isEqualTo(Failures.Kind.AMBIGUOUS);
            assertThat(Failures.describe(t)).isEqualTo("connection refused");
        }
    }

    @Test
    void attemptTimeout_isAmbiguous_andNamedTimedOut() {
        server.stubFor(
                post(urlEqualTo("/")).willReturn(error(200, "unused", "unused").withFixedDelay(2_000)));
        try (PersonalizeClient impatient = client(URI.create(server.baseUrl()), Duration.ofMillis(200))) {
            Throwable t = failureOf(impatient);

            assertThat(Failures.classify(t)).isEqualTo(Failures.Kind.AMBIGUOUS);
            assertThat(Failures.describe(t)).isEqualTo("timed out");
        }
    }

    @Test
    void interruptedOrAborted_isFinal_evenWhenTheCauseIsNested() {
        AbortedException aborted = AbortedException.builder().message("aborted").build();
        assertThat(Failures.classify(aborted)).isEqualTo(Failures.Kind.FINAL);

        SdkClientException wrapped = SdkClientException.builder()
                .message("outer")
                .cause(new RuntimeException("middle", new InterruptedException("stop")))
                .build();
        assertThat(Failures.classify(wrapped)).isEqualTo(Failures.Kind.FINAL);
        assertThat(Failures.describe(wrapped)).isEqualTo("SdkClientException");
    }
}
