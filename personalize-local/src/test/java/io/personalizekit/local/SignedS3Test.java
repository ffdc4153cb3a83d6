package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.testing.FakeClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * SigV4 on the embedded S3 endpoint ({@code requireSignedRequests}, {@code --access-key}): the real SDK S3 client
 * (plain, streaming signed chunks with and without checksum trailers, multipart), presigned URLs, and requests
 * refused with S3's own errors, including bodies tampered with in flight.
 */
@Timeout(120)
class SignedS3Test {
    private static final String AKID = "AKIDLOCAL";
    private static final String SECRET = "local-secret";

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

    private static S3Client s3(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return s3(endpoint, region, credentials, RequestChecksumCalculation.WHEN_SUPPORTED);
    }

    private static S3Client s3(
            URI endpoint, Region region, AwsCredentialsProvider credentials, RequestChecksumCalculation mode) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(region)
                .credentialsProvider(credentials)
                .requestChecksumCalculation(mode)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static StaticCredentialsProvider key(String akid, String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(akid, secret));
    }

    private static Consumer<Throwable> s3Error(int status, String code) {
        return t -> {
            assertThat(t).isInstanceOf(S3Exception.class);
            S3Exception e = (S3Exception) t;
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        };
    }

    @ParameterizedTest
    @EnumSource(RequestChecksumCalculation.class)
    void signedClient_putsGetsListsAndUploadsInParts(RequestChecksumCalculation mode) {
        try (PersonalizeLocal local = start(Clock.systemUTC());
                S3Client s3 = s3(local.s3Endpoint(), local.region(), key(AKID, SECRET), mode)) {
            String bucket = "signed-" + mode.name().toLowerCase().replace('_', '-');
            s3.createBucket(b -> b.bucket(bucket));
            byte[] big = new byte[3 * 1024 * 1024 + 5];
            new Random(7).nextBytes(big);
            s3.putObject(p -> p.bucket(bucket).key("dir/a b.csv"), RequestBody.fromString("a,b\n"));
            s3.putObject(p -> p.bucket(bucket).key("big.bin"), RequestBody.fromBytes(big));
            var small = s3.getObjectAsBytes(g -> g.bucket(bucket).key("dir/a b.csv"));
            assertThat(small.asUtf8String()).isEqualTo("a,b\n");
            assertThat(small.response().contentType())
                    .as("the Content-Type RequestBody.fromString sent, kept as S3 keeps it")
                    .isEqualTo("text/plain; charset=UTF-8");
            assertThat(s3.getObjectAsBytes(g -> g.bucket(bucket).key("big.bin")).asByteArray())
                    .isEqualTo(big);
            assertThat(s3.listObjectsV2(l -> l.bucket(bucket).prefix("dir/").delimiter("/"))
                            .contents())
                    .hasSize(1);

            String upload =
                    s3.createMultipartUpload(c -> c.bucket(bucket).key("parts")).uploadId();
            byte[] part1 = new byte[5 * 1024 * 1024];
            new Random(8).nextBytes(part1);
            String e1 = s3.uploadPart(
                            u -> u.bucket(bucket).key("parts").uploadId(upload).partNumber(1),
                            RequestBody.fromBytes(part1))
                    .eTag();
            String e2 = s3.uploadPart(
                            u -> u.bucket(bucket).key("parts").uploadId(upload).partNumber(2),
                            RequestBody.fromString("end"))
                    .eTag();
            s3.completeMultipartUpload(c -> c.bucket(bucket)
                    .key("parts")
                    .uploadId(upload)
                    .multipartUpload(m -> m.parts(
                            CompletedPart.builder().partNumber(1).eTag(e1).build(),
                            CompletedPart.builder().partNumber(2).eTag(e2).build())));
            assertThat(s3.headObject(h -> h.bucket(bucket).key("parts")).contentLength())
                    .isEqualTo(part1.length + 3);
            s3.deleteObjects(d -> d.bucket(bucket)
                    .delete(x ->
                            x.objects(ObjectIdentifier.builder().key("big.bin").build())));
            assertThat(s3.listObjectsV2(l -> l.bucket(bucket)).contents())
                    .extracting(o -> o.key())
                    .containsExactly("dir/a b.csv", "parts");
        }
    }

    @Test
    void unsignedRequests_areDeniedAndChangeNothing() {
        try (PersonalizeLocal local = start(Clock.systemUTC());
                S3Client anonymous = s3(local.s3Endpoint(), local.region(), AnonymousCredentialsProvider.create())) {
            local.s3Client().createBucket(b -> b.bucket("private"));
            local.s3Client().putObject(p -> p.bucket("private").key("k"), RequestBody.fromString("secret"));
            assertThatThrownBy(() ->
                            anonymous.getObjectAsBytes(g -> g.bucket("private").key("k")))
                    .satisfies(s3Error(403, "AccessDenied"));
            assertThatThrownBy(() -> anonymous.putObject(
                            p -> p.bucket("private").key("k"), RequestBody.fromString("overwritten")))
                    .satisfies(s3Error(403, "AccessDenied"));
            assertThatThrownBy(() -> anonymous.listBuckets()).satisfies(s3Error(403, "AccessDenied"));
            assertThat(local.s3Client()
                            .getObjectAsBytes(g -> g.bucket("private").key("k"))
                            .asUtf8String())
                    .isEqualTo("secret");
        }
    }

    @Test
    void wrongSecretUnknownKeyOrOtherRegion_getS3sErrors() {
        try (PersonalizeLocal local = start(Clock.systemUTC());
                S3Client wrongSecret = s3(local.s3Endpoint(), local.region(), key(AKID, "not-the-secret"));
                S3Client unknownKey = s3(local.s3Endpoint(), local.region(), key("AKIDOTHER", SECRET));
                S3Client otherRegion = s3(local.s3Endpoint(), Region.EU_WEST_1, key(AKID, SECRET))) {
            local.s3Client().createBucket(b -> b.bucket("bkt"));
            assertThatThrownBy(() -> wrongSecret.putObject(p -> p.bucket("bkt").key("k"), RequestBody.fromString("x")))
                    .satisfies(s3Error(403, "SignatureDoesNotMatch"));
            assertThatThrownBy(() -> unknownKey.listObjectsV2(l -> l.bucket("bkt")))
                    .satisfies(s3Error(403, "InvalidAccessKeyId"));
            assertThatThrownBy(() -> otherRegion.listObjectsV2(l -> l.bucket("bkt")))
                    .satisfies(s3Error(400, "AuthorizationHeaderMalformed"))
                    .hasMessageContaining("the region 'eu-west-1' is wrong; expecting 'us-east-1'");
            assertThat(local.s3Client().listObjectsV2(l -> l.bucket("bkt")).contents())
                    .isEmpty();
        }
    }

    @Test
    void requestTimeMoreThan15MinutesOff_getsRequestTimeTooSkewed() {
        FakeClock clock = new FakeClock(Instant.now().plus(Duration.ofMinutes(16)));
        try (PersonalizeLocal local = start(clock);
                S3Client s3 = s3(local.s3Endpoint(), local.region(), key(AKID, SECRET))) {
            assertThatThrownBy(() -> s3.listBuckets())
                    .satisfies(s3Error(403, "RequestTimeTooSkewed"))
                    .hasMessageContaining("The difference between the request time and the current time is too large");
        }
    }

    @Test
    void objectDataChangedInFlight_failsItsChunkSignature_andIsNotStored() throws Exception {
        try (PersonalizeLocal local = start(Clock.systemUTC());
                TamperingProxy proxy = TamperingProxy.start(
                        local.s3Endpoint(),
                        "pay-alice-100".getBytes(StandardCharsets.UTF_8),
                        "pay-mallory-1".getBytes(StandardCharsets.UTF_8));
                S3Client viaProxy = s3(proxy.endpoint(), local.region(), key(AKID, SECRET))) {
            local.s3Client().createBucket(b -> b.bucket("orders"));
            assertThatThrownBy(() -> viaProxy.putObject(
                            p -> p.bucket("orders").key("order.csv"), RequestBody.fromString("pay-alice-100\n")))
                    .satisfies(s3Error(403, "SignatureDoesNotMatch"));
            assertThat(proxy.replaced()).isEqualTo(1);
            assertThat(local.s3Client().listObjectsV2(l -> l.bucket("orders")).contents())
                    .isEmpty();
        }
    }

    @Test
    void deleteObjectsBodyChangedInFlight_doesNotMatchItsSha256_andDeletesNothing() throws Exception {
        try (PersonalizeLocal local = start(Clock.systemUTC());
                TamperingProxy proxy = TamperingProxy.start(
                        local.s3Endpoint(),
                        "<Key>spare-me</Key>".getBytes(StandardCharsets.UTF_8),
                        "<Key>victim-1</Key>".getBytes(StandardCharsets.UTF_8));
                S3Client viaProxy = s3(proxy.endpoint(), local.region(), key(AKID, SECRET))) {
            S3Client direct = local.s3Client();
            direct.createBucket(b -> b.bucket("del"));
            direct.putObject(p -> p.bucket("del").key("victim-1"), RequestBody.fromString("v"));
            direct.putObject(p -> p.bucket("del").key("spare-me"), RequestBody.fromString("s"));
            assertThatThrownBy(() -> viaProxy.deleteObjects(d -> d.bucket("del")
                            .delete(x -> x.objects(
                                    ObjectIdentifier.builder().key("spare-me").build()))))
                    .satisfies(s3Error(400, "XAmzContentSHA256Mismatch"));
            assertThat(proxy.replaced()).isEqualTo(1);
            assertThat(direct.listObjectsV2(l -> l.bucket("del")).contents())
                    .extracting(o -> o.key())
                    .containsExactly("spare-me", "victim-1");
        }
    }

    @Test
    void presignedUrl_worksUntilItExpires_andNotWithAnotherSignature() throws Exception {
        FakeClock clock = new FakeClock(Instant.now());
        try (PersonalizeLocal local = start(clock);
                S3Presigner presigner = S3Presigner.builder()
                        .endpointOverride(local.s3Endpoint())
                        .region(local.region())
                        .credentialsProvider(key(AKID, SECRET))
                        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                                .pathStyleAccessEnabled(true)
                                .build())
                        .build()) {
            local.s3Client().createBucket(b -> b.bucket("shared"));
            local.s3Client().putObject(p -> p.bucket("shared").key("report.csv"), RequestBody.fromString("r"));
            var presigned = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(10))
                    .getObjectRequest(g -> g.bucket("shared").key("report.csv")));
            var request = presigned.httpRequest();
            assertThat(RawHttp.send(request, new byte[0]).body()).isEqualTo("r");

            var forged = request.toBuilder()
                    .putRawQueryParameter("X-Amz-Signature", "0".repeat(64))
                    .build();
            RawHttp.Response refused = RawHttp.send(forged, new byte[0]);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("<Code>SignatureDoesNotMatch</Code>");

            clock.advance(Duration.ofMinutes(11));
            RawHttp.Response expired = RawHttp.send(request, new byte[0]);
            assertThat(expired.status()).isEqualTo(403);
            assertThat(expired.body()).contains("<Code>AccessDenied</Code>").contains("Request has expired");
        }
    }

    @Test
    void s3Scope_isRefusedByPersonalize_andPersonalizeScope_byS3() throws Exception {
        try (PersonalizeLocal local = start(Clock.systemUTC())) {
            var request = RawHttp.request(local.s3Endpoint(), SdkHttpMethod.GET, "/", java.util.Map.of());
            RawHttp.Response wrongService = RawHttp.send(
                    RawHttp.sign(
                            request, new byte[0], AKID, SECRET, "us-east-1", "personalize", Clock.systemUTC(), false),
                    new byte[0]);
            assertThat(wrongService.status()).isEqualTo(400);
            assertThat(wrongService.body())
                    .contains("<Code>AuthorizationHeaderMalformed</Code>")
                    .contains("incorrect service &quot;personalize&quot;");
        }
    }
}
