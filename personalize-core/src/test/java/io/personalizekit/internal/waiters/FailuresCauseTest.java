package io.personalizekit.internal.waiters;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * Failures whose kind depends on more than their class: an interrupt buried under an I/O error is final (the caller
 * asked to stop), and the SDK's whole-call timeout is ambiguous like its per-attempt one.
 */
@Timeout(30)
class FailuresCauseTest {
    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @Test
    void anInterruptUnderAnIoError_isFinal_whileTheIoErrorAloneIsAmbiguous() {
        SdkClientException interrupted = SdkClientException.builder()
                .message("Unable to execute HTTP request")
                .cause(new IOException("read failed", new InterruptedException("stop")))
                .build();
        SdkClientException io = SdkClientException.builder()
                .message("Unable to execute HTTP request")
                .cause(new IOException("read failed"))
                .build();

        assertThat(Failures.classify(interrupted)).isEqualTo(Failures.Kind.FINAL);
        assertThat(Failures.isTransient(interrupted)).isFalse();
        assertThat(Failures.classify(io)).isEqualTo(Failures.Kind.AMBIGUOUS);
        assertThat(Failures.describe(io)).isEqualTo("IOException");
        SdkClientException readTimeout = SdkClientException.builder()
                .message("Unable to execute HTTP request")
                .cause(new SocketTimeoutException("Read timed out"))
                .build();
        assertThat(Failures.classify(readTimeout)).isEqualTo(Failures.Kind.AMBIGUOUS);
        assertThat(Failures.describe(readTimeout)).isEqualTo("timed out");
    }

    @Test
    void theWholeCallTimingOut_isAmbiguous_andNamedTimedOut() {
        wm.stubFor(post(urlEqualTo("/"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{}")
                        .withFixedDelay(2_000)));
        try (PersonalizeClient impatient = PersonalizeClient.builder()
                .endpointOverride(URI.create(wm.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(
                        o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofMillis(200)))
                .build()) {
            Throwable t = catchThrowable(() -> impatient.describeDatasetGroup(
                    r -> r.datasetGroupArn("arn:aws:personalize:us-east-1:123456789012:dataset-group/news")));

            assertThat(t).isInstanceOf(ApiCallTimeoutException.class);
            assertThat(Failures.classify(t)).isEqualTo(Failures.Kind.AMBIGUOUS);
            assertThat(Failures.describe(t)).isEqualTo("timed out");
        }
    }
}
