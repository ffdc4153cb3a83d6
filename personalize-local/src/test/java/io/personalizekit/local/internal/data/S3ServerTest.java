package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ServerTest {
    private static ObjectStore store;
    private static S3Server server;

    @BeforeAll
    static void start() {
        store = ObjectStore.inMemory();
        server = S3Server.start(store, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static S3Client client(RequestChecksumCalculation mode) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .requestChecksumCalculation(mode)
                .responseChecksumValidation(
                        mode == RequestChecksumCalculation.WHEN_SUPPORTED
                                ? ResponseChecksumValidation.WHEN_SUPPORTED
                                : ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @ParameterizedTest
    @EnumSource(RequestChecksumCalculation.class)
    void putGetListDelete_withEitherChecksumMode_roundTrips(RequestChecksumCalculation mode) {
        String bucket = "crud-" + mode.name().toLowerCase().replace('_', '-');
        try (S3Client s3 = client(mode)) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.headBucket(b -> b.bucket(bucket));
            assertThat(s3.listBuckets().buckets())
                    .anySatisfy(b -> assertThat(b.name()).isEqualTo(bucket));

            s3.putObject(p -> p.bucket(bucket).key("data/a b+c.csv"), RequestBody.fromString("hello,world\n"));
            byte[] big = new byte[3 * 1024 * 1024 + 17];
            new Random(1).nextBytes(big);
            s3.putObject(p -> p.bucket(bucket).key("data/big.bin"), RequestBody.fromBytes(big));
            s3.putObject(p -> p.bucket(bucket).key("other/x.txt"), RequestBody.fromString("x"));

            ResponseBytes<GetObjectResponse> small =
                    s3.getObjectAsBytes(g -> g.bucket(bucket).key("data/a b+c.csv"));
            assertThat(small.asUtf8String()).isEqualTo("hello,world\n");
            assertThat(small.response().eTag()).isEqualTo("\"" + ObjectStore.md5Hex("hello,world\n".getBytes()) + "\"");
            assertThat(s3.getObjectAsBytes(g -> g.bucket(bucket).key("data/big.bin"))
                            .asByteArray())
                    .isEqualTo(big);
            assertThat(store.get(bucket, "data/big.bin"))
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(big));

            HeadObjectResponse head = s3.headObject(h -> h.bucket(bucket).key("data/big.bin"));
            assertThat(head.contentLength()).isEqualTo(big.length);

            ListObjectsV2Response list = s3.listObjectsV2(l -> l.bucket(bucket).prefix("data/"));
            assertThat(list.contents()).extracting(S3Object::key).containsExactly("data/a b+c.csv", "data/big.bin");
            assertThat(list.contents().get(1).size()).isEqualTo(big.length);

            s3.deleteObject(d -> d.bucket(bucket).key("data/big.bin"));
            assertThatThrownBy(() -> s3.getObject(g -> g.bucket(bucket).key("data/big.bin")))
                    .isInstanceOf(NoSuchKeyException.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
        }
    }

    @Test
    void getObject_withRange_returnsPartialContent() {
        try (S3Client s3 = client(RequestChecksumCalculation.WHEN_SUPPORTED)) {
            s3.createBucket(b -> b.bucket("ranges"));
            s3.putObject(p -> p.bucket("ranges").key("k"), RequestBody.fromString("0123456789"));
            assertThat(s3.getObjectAsBytes(g -> g.bucket("ranges").key("k").range("bytes=2-5"))
                            .asUtf8String())
                    .isEqualTo("2345");
            assertThat(s3.getObjectAsBytes(g -> g.bucket("ranges").key("k").range("bytes=-3"))
                            .asUtf8String())
                    .isEqualTo("789");
            ResponseBytes<GetObjectResponse> tail =
                    s3.getObjectAsBytes(g -> g.bucket("ranges").key("k").range("bytes=7-"));
            assertThat(tail.asUtf8String()).isEqualTo("789");
            assertThat(tail.response().contentRange()).isEqualTo("bytes 7-9/10");
            assertThatThrownBy(
                            () -> s3.getObject(g -> g.bucket("ranges").key("k").range("bytes=20-30")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(416));
        }
    }

    @Test
    void missingBucket_givesNoSuchBucket() {
        try (S3Client s3 = client(RequestChecksumCalculation.WHEN_REQUIRED)) {
            assertThatThrownBy(() -> s3.getObject(g -> g.bucket("nope").key("k")))
                    .isInstanceOf(NoSuchBucketException.class)
                    .hasMessageContaining("The specified bucket does not exist");
            assertThatThrownBy(() -> s3.listObjectsV2(l -> l.bucket("nope"))).isInstanceOf(NoSuchBucketException.class);
            assertThatThrownBy(() -> s3.headBucket(h -> h.bucket("nope")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
        }
    }

    @Test
    void deleteBucket_whenNotEmpty_conflicts_andWhenEmpty_succeeds() {
        try (S3Client s3 = client(RequestChecksumCalculation.WHEN_REQUIRED)) {
            s3.createBucket(b -> b.bucket("todelete"));
            s3.putObject(p -> p.bucket("todelete").key("k"), RequestBody.fromString("v"));
            assertThatThrownBy(() -> s3.deleteBucket(d -> d.bucket("todelete")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(
                            e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode())
                                    .isEqualTo("BucketNotEmpty"));
            s3.deleteObject(d -> d.bucket("todelete").key("k"));
            s3.deleteBucket(d -> d.bucket("todelete"));
            assertThat(store.bucketExists("todelete")).isFalse();
        }
    }

    @Test
    void listObjectsV2_withDelimiterAndPaging_walksAllKeys() {
        store.createBucket("paging");
        for (int i = 0; i < 25; i++) {
            store.put("paging", String.format("p/%02d.csv", i), new byte[] {(byte) i});
        }
        store.put("paging", "p/sub/a", new byte[1]);
        store.put("paging", "p/sub/b", new byte[1]);
        store.put("paging", "q", new byte[1]);
        try (S3Client s3 = client(RequestChecksumCalculation.WHEN_SUPPORTED)) {
            List<String> keys = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            s3.listObjectsV2Paginator(
                            l -> l.bucket("paging").prefix("p/").delimiter("/").maxKeys(7))
                    .forEach(page -> {
                        assertThat(page.keyCount()).isLessThanOrEqualTo(7);
                        page.contents().forEach(o -> keys.add(o.key()));
                        page.commonPrefixes().forEach(cp -> prefixes.add(cp.prefix()));
                    });
            assertThat(keys).hasSize(25).doesNotHaveDuplicates().isSorted();
            assertThat(prefixes).containsExactly("p/sub/");
            assertThat(s3.listObjectsV2(l -> l.bucket("paging")).contents()).hasSize(28);
        }
    }

    @ParameterizedTest
    @EnumSource(RequestChecksumCalculation.class)
    void multipartUpload_concatenatesParts(RequestChecksumCalculation mode) {
        String bucket = "mpu-" + mode.name().toLowerCase().replace('_', '-');
        byte[] part1 = new byte[5 * 1024 * 1024];
        byte[] part2 = "tail".getBytes(StandardCharsets.UTF_8);
        new Random(2).nextBytes(part1);
        try (S3Client s3 = client(mode)) {
            s3.createBucket(b -> b.bucket(bucket));
            String uploadId =
                    s3.createMultipartUpload(c -> c.bucket(bucket).key("big")).uploadId();
            String e1 = s3.uploadPart(
                            u -> u.bucket(bucket).key("big").uploadId(uploadId).partNumber(1),
                            RequestBody.fromBytes(part1))
                    .eTag();
            String e2 = s3.uploadPart(
                            u -> u.bucket(bucket).key("big").uploadId(uploadId).partNumber(2),
                            RequestBody.fromBytes(part2))
                    .eTag();
            s3.completeMultipartUpload(c -> c.bucket(bucket)
                    .key("big")
                    .uploadId(uploadId)
                    .multipartUpload(m -> m.parts(
                            CompletedPart.builder().partNumber(1).eTag(e1).build(),
                            CompletedPart.builder().partNumber(2).eTag(e2).build())));
            byte[] got = s3.getObjectAsBytes(g -> g.bucket(bucket).key("big")).asByteArray();
            assertThat(got).hasSize(part1.length + part2.length);
            assertThat(new String(got, part1.length, 4, StandardCharsets.UTF_8)).isEqualTo("tail");

            String aborted =
                    s3.createMultipartUpload(c -> c.bucket(bucket).key("gone")).uploadId();
            s3.abortMultipartUpload(a -> a.bucket(bucket).key("gone").uploadId(aborted));
            assertThatThrownBy(() -> s3.uploadPart(
                            u -> u.bucket(bucket).key("gone").uploadId(aborted).partNumber(1),
                            RequestBody.fromString("x")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(
                            e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode())
                                    .isEqualTo("NoSuchUpload"));
        }
    }

    @Test
    void onDiskStore_survivesRestart(@TempDir Path dir) {
        ObjectStore first = ObjectStore.onDisk(dir);
        first.createBucket("persist");
        String longKey = "deep/" + "x".repeat(300) + "/file.csv";
        try (S3Server s = S3Server.start(first, "127.0.0.1", 0);
                S3Client s3 = S3Client.builder()
                        .endpointOverride(s.endpoint())
                        .forcePathStyle(true)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .build()) {
            s3.putObject(p -> p.bucket("persist").key("a/b.csv"), RequestBody.fromString("one"));
            s3.putObject(p -> p.bucket("persist").key(longKey), RequestBody.fromString("two"));
        }
        ObjectStore second = ObjectStore.onDisk(dir);
        assertThat(second.listBuckets()).containsExactly("persist");
        assertThat(second.listKeys("persist", "")).containsExactly("a/b.csv", longKey);
        assertThat(second.get("persist", longKey).map(b -> new String(b, StandardCharsets.UTF_8)))
                .hasValue("two");
        assertThat(second.stat("persist", "a/b.csv").orElseThrow().etag())
                .isEqualTo(ObjectStore.md5Hex("one".getBytes()));
        second.delete("persist", longKey);
        assertThat(ObjectStore.onDisk(dir).listKeys("persist", "").stream().collect(Collectors.toList()))
                .containsExactly("a/b.csv");
    }

    @Test
    void virtualHostedStyleRequest_onLocalhost_isRoutedToTheBucket() throws Exception {
        store.createBucket("vhost");
        int port = server.endpoint().getPort();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            String request = "PUT /dir/k.txt HTTP/1.1\r\nHost: vhost.localhost:" + port
                    + "\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 200");
        }
        assertThat(store.get("vhost", "dir/k.txt"))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo("abc".getBytes()));
        assertThat(S3Server.virtualHostBucket("127.0.0.1:9000")).isNull();
        assertThat(S3Server.virtualHostBucket("localhost:9000")).isNull();
    }

    @Test
    void decodeAwsChunked_stripsSignaturesAndTrailers() {
        String body = "5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n"
                + "0;chunk-signature=000\r\nx-amz-checksum-crc32:AAAAAA==\r\nx-amz-trailer-signature:ff\r\n\r\n";
        assertThat(new String(S3Server.decodeAwsChunked(body.getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("hello world");
        String unsigned = "3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
        assertThat(new String(S3Server.decodeAwsChunked(unsigned.getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("abc");
    }
}
