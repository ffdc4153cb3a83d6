package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.PersonalizeException;
import software.amazon.awssdk.services.personalizeruntime.model.PersonalizeRuntimeException;

/** Fault injection (latency, throttling, server errors) and the SigV4 option. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FaultsAndSecurityTest {
    private static PersonalizeLocal start(Consumer<PersonalizeLocal.Builder> options) {
        PersonalizeLocal.Builder b = PersonalizeLocal.builder().timeScale(0);
        options.accept(b);
        return b.build().start();
    }

    @Test
    void throttlingRateOne_answersThrottlingExceptionTheSdkRecognises() {
        try (PersonalizeLocal local = start(b -> b.throttlingRate("ListDatasetGroups", 1.0))) {
            PersonalizeClient p = local.personalizeClient();
            assertThatThrownBy(() -> p.listDatasetGroups(r -> {}))
                    .isInstanceOfSatisfying(PersonalizeException.class, e -> {
                        assertThat(e.isThrottlingException()).isTrue();
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                        assertThat(e.statusCode()).isEqualTo(400);
                    });
            // other operations are untouched
            assertThat(p.listSchemas(r -> {}).schemas()).isEmpty();
        }
    }

    @Test
    void serverErrorRateOne_forAllOperations_answers500InternalFailure() {
        try (PersonalizeLocal local = start(b -> b.serverErrorRate(1.0))) {
            assertThatThrownBy(() -> local.runtimeClient()
                            .getRecommendations(
                                    r -> r.campaignArn("arn:aws:personalize:us-east-1:000000000000:campaign/c")
                                            .itemId("1")))
                    .isInstanceOfSatisfying(PersonalizeRuntimeException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(500);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
                    });
        }
    }

    @Test
    void setThrottlingRateAndServerErrorRate_onARunningEmulator_takeEffectAtOnceAndRequestsAreCounted() {
        try (PersonalizeLocal local = start(b -> {})) {
            PersonalizeClient p = local.personalizeClient();
            p.listDatasetGroups(r -> {});

            local.setThrottlingRate("ListDatasetGroups", 1.0);
            assertThatThrownBy(() -> p.listDatasetGroups(r -> {}))
                    .isInstanceOfSatisfying(
                            PersonalizeException.class,
                            e -> assertThat(e.isThrottlingException()).isTrue());
            local.setThrottlingRate("ListDatasetGroups", 0);
            local.setServerErrorRate("*", 1.0);
            assertThatThrownBy(() -> p.listSchemas(r -> {}))
                    .isInstanceOfSatisfying(
                            PersonalizeException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(500));
            local.clearFaults();
            assertThat(p.listDatasetGroups(r -> {}).datasetGroups()).isEmpty();

            assertThat(local.requestCount("ListDatasetGroups")).isEqualTo(3);
            assertThat(local.requestCount("ListSchemas")).isEqualTo(1);
            assertThat(local.requestCount("*")).isEqualTo(4);
            assertThatThrownBy(() -> local.setServerErrorRate("*", 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2.0");
        }
    }

    @Test
    void latency_isAddedToTheNamedOperationOnly() throws Exception {
        // The pause the emulator makes for an injected latency, observed instead of timed: which latency, and that
        // the response waits for it (held on a latch here, the call cannot have been answered).
        List<Duration> pauses = new CopyOnWriteArrayList<>();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        try (PersonalizeLocal local = start(b -> {
            b.latency("ListSchemas", Duration.ofMillis(60));
            b.latencyPause = d -> {
                pauses.add(d);
                paused.countDown();
                try {
                    resume.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        })) {
            PersonalizeClient p = local.personalizeClient();
            p.listDatasetGroups(r -> {});
            assertThat(pauses).isEmpty();
            CompletableFuture<?> schemas = CompletableFuture.runAsync(() -> p.listSchemas(r -> {}));
            assertThat(paused.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(schemas).isNotDone();
            resume.countDown();
            schemas.get(30, TimeUnit.SECONDS);
            assertThat(pauses).containsExactly(Duration.ofMillis(60));

            local.setLatency("*", Duration.ofSeconds(3));
            p.listDatasetGroups(r -> {});
            p.listSchemas(r -> {});
            // A per-operation rule wins over "*".
            assertThat(pauses).containsExactly(Duration.ofMillis(60), Duration.ofSeconds(3), Duration.ofMillis(60));
        }
    }

    @Test
    void builder_rejectsBadOptions() {
        assertThatThrownBy(() -> PersonalizeLocal.builder().throttlingRate(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> PersonalizeLocal.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PersonalizeLocal.builder().timeScale(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        PersonalizeLocal.builder().requireSignedRequests(true).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PersonalizeLocal.create().endpoint()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bindsLoopbackByDefault() throws Exception {
        try (PersonalizeLocal local = start(b -> {})) {
            assertThat(InetAddress.getByName(local.endpoint().getHost()).isLoopbackAddress())
                    .isTrue();
            assertThat(InetAddress.getByName(local.s3Endpoint().getHost()).isLoopbackAddress())
                    .isTrue();
        }
    }

    @Test
    void signedRequests_acceptConfiguredKeys_andRejectOthersWith403() {
        try (PersonalizeLocal local =
                start(b -> b.accessKey("AKIDLOCAL", "local-secret").requireSignedRequests(true))) {
            assertThat(local.personalizeClient().listDatasetGroups(r -> {}).datasetGroups())
                    .isEmpty();
            assertThat(local.runtimeClient()).isNotNull();

            try (PersonalizeClient unknownKey = client(local, "AKIDOTHER", "local-secret");
                    PersonalizeClient wrongSecret = client(local, "AKIDLOCAL", "wrong-secret")) {
                assertThatThrownBy(() -> unknownKey.listDatasetGroups(r -> {}))
                        .isInstanceOfSatisfying(PersonalizeException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(403);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                        });
                assertThatThrownBy(() -> wrongSecret.listDatasetGroups(r -> {}))
                        .isInstanceOfSatisfying(PersonalizeException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(403);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        });
            }
        }
    }

    private static PersonalizeClient client(PersonalizeLocal local, String akid, String secret) {
        return PersonalizeClient.builder()
                .endpointOverride(local.endpoint())
                .region(local.region())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(akid, secret)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
