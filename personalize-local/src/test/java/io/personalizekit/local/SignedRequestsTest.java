package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.PersonalizeException;

/**
 * SigV4 on the Personalize endpoint ({@code requireSignedRequests}, {@code --access-key}): what AWS refuses is
 * refused with the service's error, through the real SDK clients, the SDK's own signer and a proxy that tampers
 * with bodies in flight.
 */
@Timeout(120)
class SignedRequestsTest {
    private static final String AKID = "AKIDLOCAL";
    private static final String SECRET = "local-secret";

    /**
     * The SDK keeps the clock offset it learns from a skew error in a JVM-wide variable, so a skewed emulator clock
     * moves the signing time of every client in this JVM: put it back after each test.
     */
    @AfterEach
    void resetTheSdksGlobalClockOffset() {
        SdkGlobalTime.setGlobalTimeOffset(0);
    }

    private static PersonalizeLocal start(Clock clock) {
        return PersonalizeLocal.builder()
                .timeScale(0)
                .clock(clock)
                .accessKey(AKID, SECRET)
                .requireSignedRequests(true)
                .build()
                .start();
    }

    private static PersonalizeClient client(PersonalizeLocal local, java.net.URI endpoint, Region region) {
        return PersonalizeClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(AKID, SECRET)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Test
    void allThreeApis_signedWithTheConfiguredKey_areAnswered() {
        try (PersonalizeLocal local = start(Clock.systemUTC())) {
            assertThat(local.personalizeClient()
                            .createDatasetGroup(r -> r.name("signed"))
                            .datasetGroupArn())
                    .contains("dataset-group/signed");
            // Past authentication: the errors are about the (missing) resources, not the signature.
            assertThatThrownBy(() -> local.runtimeClient()
                            .getRecommendations(
                                    r -> r.campaignArn("arn:aws:personalize:us-east-1:000000000000:campaign/none")
                                            .itemId("1")))
                    .isInstanceOfSatisfying(
                            AwsServiceException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(404));
            assertThatThrownBy(() -> local.eventsClient()
                            .putEvents(r -> r.trackingId("00000000-0000-0000-0000-000000000000")
                                    .sessionId("s")
                                    .eventList(e ->
                                            e.eventType("click").itemId("1").sentAt(Instant.now()))))
                    .isInstanceOfSatisfying(
                            AwsServiceException.class,
                            e -> assertThat(e.statusCode()).isNotEqualTo(403));
        }
    }

    @Test
    void requestTime_moreThan15MinutesFromTheEmulatorsClock_isRefusedAsExpiredOrNotYetCurrent() {
        FakeClock ahead = new FakeClock(Instant.now().plus(Duration.ofMinutes(20)));
        try (PersonalizeLocal local = start(ahead)) {
            assertThatThrownBy(() -> local.personalizeClient().listDatasetGroups(r -> {}))
                    .isInstanceOfSatisfying(PersonalizeException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .startsWith("Signature expired: ")
                                .endsWith(" - 15 min.)");
                    });
            ahead.advance(Duration.ofMinutes(-6)); // 14 minutes: within the window
            assertThat(local.personalizeClient().listDatasetGroups(r -> {}).datasetGroups())
                    .isEmpty();
        }
        FakeClock behind = new FakeClock(Instant.now().minus(Duration.ofMinutes(20)));
        try (PersonalizeLocal local = start(behind)) {
            assertThatThrownBy(() -> local.personalizeClient().listDatasetGroups(r -> {}))
                    .isInstanceOfSatisfying(PersonalizeException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .startsWith("Signature not yet current: ")
                                .endsWith(" + 15 min.)");
                    });
        }
    }

    @Test
    void sdkWithItsDefaultRetries_correctsItsClockFromTheDateHeader_afterASkewError() {
        try (PersonalizeLocal local = start(new FakeClock(Instant.now().plus(Duration.ofMinutes(30))));
                PersonalizeClient retrying = PersonalizeClient.builder()
                        .endpointOverride(local.endpoint())
                        .region(local.region())
                        .credentialsProvider(local.credentialsProvider())
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .build()) {
            assertThat(retrying.listDatasetGroups(r -> {}).datasetGroups()).isEmpty();
        }
    }

    @Test
    void credentialScopedToAnotherRegion_isRefused() {
        try (PersonalizeLocal local = start(Clock.systemUTC());
                PersonalizeClient elsewhere = client(local, local.endpoint(), Region.EU_WEST_1)) {
            assertThatThrownBy(() -> elsewhere.listDatasetGroups(r -> {}))
                    .isInstanceOfSatisfying(PersonalizeException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("Credential should be scoped to a valid region, not 'eu-west-1'. ");
                    });
        }
    }

    @Test
    void credentialScopedToAnotherService_orSignedAnHourAgo_isRefused_whileTheSameRequestSignedNowPasses()
            throws Exception {
        try (PersonalizeLocal local = start(Clock.systemUTC())) {
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            var request = RawHttp.request(
                    local.endpoint(),
                    SdkHttpMethod.POST,
                    "/",
                    Map.of(
                            "X-Amz-Target",
                            "AmazonPersonalize.ListDatasetGroups",
                            "Content-Type",
                            "application/x-amz-json-1.1"));
            RawHttp.Response ok = RawHttp.send(
                    RawHttp.sign(request, body, AKID, SECRET, "us-east-1", "personalize", Clock.systemUTC(), false),
                    body);
            assertThat(ok.status()).isEqualTo(200);

            RawHttp.Response s3Scope = RawHttp.send(
                    RawHttp.sign(request, body, AKID, SECRET, "us-east-1", "s3", Clock.systemUTC(), false), body);
            assertThat(s3Scope.status()).isEqualTo(403);
            assertThat(s3Scope.body())
                    .contains("InvalidSignatureException")
                    .contains("Credential should be scoped to correct service: 'personalize'.");

            Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
            RawHttp.Response old = RawHttp.send(
                    RawHttp.sign(request, body, AKID, SECRET, "us-east-1", "personalize", anHourAgo, false), body);
            assertThat(old.status()).isEqualTo(403);
            assertThat(old.body()).contains("InvalidSignatureException").contains("Signature expired");
        }
    }

    /** Adds {@code x-amz-content-sha256} (the body's hash) before signing, so the header is signed too. */
    private static final class ContentSha256Header implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(
                Context.ModifyHttpRequest context, ExecutionAttributes executionAttributes) {
            byte[] body = context.requestBody()
                    .map(b -> {
                        try (var in = b.contentStreamProvider().newStream()) {
                            return in.readAllBytes();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .orElse(new byte[0]);
            try {
                String hash = java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(body));
                return context.httpRequest().toBuilder()
                        .putHeader("x-amz-content-sha256", hash)
                        .build();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void bodyChangedInFlight_afterSigningItsSha256_isRefused_andNothingIsCreated() throws Exception {
        try (PersonalizeLocal local = start(Clock.systemUTC());
                TamperingProxy proxy = TamperingProxy.start(
                        local.endpoint(),
                        "\"name\":\"honest\"".getBytes(StandardCharsets.UTF_8),
                        "\"name\":\"forged\"".getBytes(StandardCharsets.UTF_8));
                PersonalizeClient viaProxy = PersonalizeClient.builder()
                        .endpointOverride(proxy.endpoint())
                        .region(local.region())
                        .credentialsProvider(local.credentialsProvider())
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                                .addExecutionInterceptor(new ContentSha256Header()))
                        .build()) {
            // Untampered, the header and the signature pass.
            viaProxy.createDatasetGroup(r -> r.name("untouched"));
            assertThatThrownBy(() -> viaProxy.createDatasetGroup(r -> r.name("honest")))
                    .isInstanceOfSatisfying(PersonalizeException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
            assertThat(proxy.replaced()).isEqualTo(1);
            assertThat(local.personalizeClient().listDatasetGroups(r -> {}).datasetGroups())
                    .extracting(g -> g.name())
                    .containsExactly("untouched");
        }
    }
}
