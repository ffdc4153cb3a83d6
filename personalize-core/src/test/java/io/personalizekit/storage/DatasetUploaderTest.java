package io.personalizekit.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.S3UploadException;
import io.personalizekit.testing.S3ProxyServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

class DatasetUploaderTest {
    private static final int MIB = 1024 * 1024;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.create();

    @TempDir
    Path dir;

    private static String newBucket() {
        return S3.createBucket("uploads-" + BUCKETS.incrementAndGet());
    }

    private Path file(String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] download(S3Location location) {
        return S3.client()
                .getObjectAsBytes(r -> r.bucket(location.bucket()).key(location.key()))
                .asByteArray();
    }

    private static List<MultipartUpload> pendingUploads(String bucket) {
        return S3.client().listMultipartUploads(r -> r.bucket(bucket)).uploads();
    }

    @Test
    void upload_whenSmallFile_putsOneObjectUnderThePrefixAndReturnsItsUri() throws IOException {
        String bucket = newBucket();
        Path csv = Files.writeString(dir.resolve("items.csv"), "ITEM_ID,LABELS\ni1,A|B\n", StandardCharsets.UTF_8);
        List<Long> progress = new ArrayList<>();
        DatasetUploader uploader = DatasetUploader.builder()
                .s3Client(S3.client())
                .progressListener((t, sent, total) -> progress.add(sent))
                .build();

        UploadResult result = uploader.upload(csv, S3Location.of(bucket, "import/run-1/"));

        assertThat(result.uri()).isEqualTo("s3://" + bucket + "/import/run-1/items.csv");
        assertThat(result.multipart()).isFalse();
        assertThat(result.partCount()).isEqualTo(1);
        assertThat(result.size()).isEqualTo(Files.size(csv));
        assertThat(download(result.location())).isEqualTo(Files.readAllBytes(csv));
        HeadObjectResponse head = S3.client().headObject(r -> r.bucket(bucket).key("import/run-1/items.csv"));
        assertThat(head.contentType()).isEqualTo("text/csv");
        assertThat(head.eTag()).isEqualTo(result.eTag());
        assertThat(progress).containsExactly(Files.size(csv));
    }

    @Test
    void upload_whenTargetIsAnObjectKey_writesExactlyThatKey() throws IOException {
        String bucket = newBucket();
        Path json = Files.writeString(dir.resolve("local-name.json"), "{\"itemId\":\"1\"}\n");

        UploadResult result = DatasetUploader.builder()
                .s3Client(S3.client())
                .build()
                .upload(json, S3Location.parse("s3://" + bucket + "/batch/in/items.json"));

        assertThat(result.uri()).isEqualTo("s3://" + bucket + "/batch/in/items.json");
        assertThat(download(result.location())).isEqualTo(Files.readAllBytes(json));
    }

    @Test
    void upload_whenAboveThreshold_sendsPartsAndTheServerAssemblesTheSameBytes() throws IOException {
        String bucket = newBucket();
        Path big = file("interactions.csv", 11 * MIB + 123);
        List<Integer> partsOnTheWire = new CopyOnWriteArrayList<>();
        List<Long> progress = new ArrayList<>();
        try (S3Client counting = S3.clientWith(new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UploadPartRequest) {
                    partsOnTheWire.add(((UploadPartRequest) context.request()).partNumber());
                }
            }
        })) {
            DatasetUploader uploader = DatasetUploader.builder()
                    .s3Client(counting)
                    .multipartThreshold(MIB)
                    .partSize(5 * MIB)
                    .progressListener((t, sent, total) -> progress.add(sent))
                    .build();

            UploadResult result = uploader.upload(big, S3Location.of(bucket, "import/"));

            assertThat(result.multipart()).isTrue();
            assertThat(result.partCount()).isEqualTo(3);
            assertThat(partsOnTheWire).containsExactly(1, 2, 3);
            assertThat(progress).containsExactly(5L * MIB, 10L * MIB, 11L * MIB + 123);
            assertThat(download(result.location())).isEqualTo(Files.readAllBytes(big));
            HeadObjectResponse head =
                    S3.client().headObject(r -> r.bucket(bucket).key("import/interactions.csv"));
            assertThat(head.contentLength()).isEqualTo(11L * MIB + 123);
            assertThat(head.eTag()).isEqualTo(result.eTag()).endsWith("-3\"");
            assertThat(pendingUploads(bucket)).isEmpty();
        }
    }

    @Test
    void upload_whenAPartIsRejected_abortsTheUploadSoNoPartsRemain() throws IOException {
        String bucket = newBucket();
        // an unrelated pending upload proves the listing below really shows pending uploads
        String unrelated = S3.client()
                .createMultipartUpload(r -> r.bucket(bucket).key("other.csv"))
                .uploadId();
        Path big = file("interactions.csv", 11 * MIB);
        SdkClientException networkFailure = SdkClientException.create("simulated: connection reset");
        // part 2 never reaches the server, as when the connection drops; part 1 is already stored there
        try (S3Client faulty = S3.clientWith(new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.httpRequest()
                        .firstMatchingRawQueryParameter("partNumber")
                        .filter("2"::equals)
                        .isPresent()) {
                    throw networkFailure;
                }
            }
        })) {
            DatasetUploader uploader = DatasetUploader.builder()
                    .s3Client(faulty)
                    .multipartThreshold(MIB)
                    .partSize(5 * MIB)
                    .build();

            assertThatThrownBy(() -> uploader.upload(big, S3Location.of(bucket, "import/")))
                    .isInstanceOfSatisfying(S3UploadException.class, e -> {
                        assertThat(e.uri()).isEqualTo("s3://" + bucket + "/import/interactions.csv");
                        assertThat(e.partNumber()).as(e.getMessage()).isEqualTo(2);
                        assertThat(e.aborted()).isTrue();
                        assertThat(e.uploadId()).isPresent();
                        assertThat(e.getCause())
                                .isInstanceOf(SdkClientException.class)
                                .hasMessageContaining("simulated: connection reset");
                        assertThat(e.getMessage()).contains("part 2 of 3", "aborted");
                    });
        }
        assertThat(pendingUploads(bucket)).extracting(MultipartUpload::uploadId).containsExactly(unrelated);
        assertThatThrownBy(() -> S3.client().headObject(r -> r.bucket(bucket).key("import/interactions.csv")))
                .isInstanceOf(S3Exception.class);
    }

    @Test
    void upload_whenTheAbortFailsToo_reportsThatPartsMayRemainAndAttachesTheAbortFailure() throws IOException {
        String bucket = newBucket();
        Path big = file("items.csv", 11 * MIB);
        try (S3Client faulty = S3.clientWith(new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                SdkHttpRequest http = context.httpRequest();
                boolean part2 = http.firstMatchingRawQueryParameter("partNumber")
                        .filter("2"::equals)
                        .isPresent();
                boolean abort = http.method() == SdkHttpMethod.DELETE
                        && http.firstMatchingRawQueryParameter("uploadId").isPresent();
                if (part2 || abort) {
                    throw SdkClientException.create("simulated: network down");
                }
            }
        })) {
            DatasetUploader uploader = DatasetUploader.builder()
                    .s3Client(faulty)
                    .multipartThreshold(MIB)
                    .partSize(5 * MIB)
                    .build();

            assertThatThrownBy(() -> uploader.upload(big, S3Location.of(bucket, "")))
                    .isInstanceOfSatisfying(S3UploadException.class, e -> {
                        assertThat(e.aborted()).isFalse();
                        assertThat(e.getMessage()).contains("parts may remain");
                        assertThat(e.getCause().getSuppressed())
                                .singleElement()
                                .satisfies(s -> assertThat(s).hasMessageContaining("network down"));
                    });
        }
        // the server really kept the upload: this is what the abort normally prevents
        assertThat(pendingUploads(bucket)).hasSize(1);
        S3.client()
                .abortMultipartUpload(r -> r.bucket(bucket)
                        .key("items.csv")
                        .uploadId(pendingUploads(bucket).get(0).uploadId()));
    }

    @Test
    void effectivePartSize_growsSoThatTheFileFitsInTenThousandParts() {
        long eightMib = 8L * MIB;

        assertThat(DatasetUploader.effectivePartSize(100L * MIB, eightMib)).isEqualTo(eightMib);
        assertThat(DatasetUploader.effectivePartSize(10_000 * eightMib, eightMib))
                .isEqualTo(eightMib);
        long hundredGib = 100L * 1024 * MIB;
        long grown = DatasetUploader.effectivePartSize(hundredGib, eightMib);
        assertThat(grown).isGreaterThan(eightMib);
        assertThat((hundredGib + grown - 1) / grown).isLessThanOrEqualTo(DatasetUploader.MAX_PARTS);
    }

    @Test
    void upload_whenTheFileShrinksDuringTheUpload_abortsAndSaysSo() throws IOException {
        String bucket = newBucket();
        Path big = file("items.csv", 11 * MIB);
        // its own client: the aborted request leaves a connection the server has given up on
        S3Client own = S3.clientWith();
        DatasetUploader uploader = DatasetUploader.builder()
                .s3Client(own)
                .multipartThreshold(MIB)
                .partSize(5 * MIB)
                .progressListener((target, sent, total) -> {
                    if (sent == 5L * MIB) { // another process truncates the file after part 1
                        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
                            raf.setLength(7L * MIB);
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    }
                })
                .build();

        assertThatThrownBy(() -> uploader.upload(big, S3Location.of(bucket, "")))
                .isInstanceOfSatisfying(S3UploadException.class, e -> {
                    assertThat(e.aborted()).isTrue();
                    assertThat(e.partNumber()).isEqualTo(2);
                })
                .hasStackTraceContaining("changed during the upload");
        own.close();
        assertThat(pendingUploads(bucket)).isEmpty();
        assertThatThrownBy(() -> S3.client().headObject(r -> r.bucket(bucket).key("items.csv")))
                .isInstanceOf(S3Exception.class);
    }

    @Test
    void upload_whenTheBucketDoesNotExist_wrapsTheServiceErrorWithTheUri() throws IOException {
        Path csv = Files.writeString(dir.resolve("items.csv"), "ITEM_ID\ni1\n");
        DatasetUploader uploader =
                DatasetUploader.builder().s3Client(S3.client()).build();

        assertThatThrownBy(() -> uploader.upload(csv, S3Location.of("no-such-bucket", "x/")))
                .isInstanceOfSatisfying(S3UploadException.class, e -> {
                    assertThat(e.uri()).isEqualTo("s3://no-such-bucket/x/items.csv");
                    assertThat(e.uploadId()).isEmpty();
                    assertThat(e.aborted()).isFalse();
                    assertThat(e.getCause()).isInstanceOf(S3Exception.class);
                });
    }

    @Test
    void upload_neverClosesTheBorrowedClient() throws IOException {
        String bucket = newBucket();
        Path small = Files.writeString(dir.resolve("a.csv"), "ITEM_ID\ni1\n");
        Path big = file("b.csv", 6 * MIB);
        try (S3Client own = S3.clientBuilder().build()) {
            DatasetUploader uploader = DatasetUploader.builder()
                    .s3Client(own)
                    .multipartThreshold(5 * MIB)
                    .partSize(5 * MIB)
                    .build();
            uploader.upload(small, S3Location.of(bucket, ""));
            uploader.upload(big, S3Location.of(bucket, ""));

            // a closed SDK client throws IllegalStateException ("Connection pool shut down") here
            assertThat(own.listObjectsV2(r -> r.bucket(bucket)).contents()).hasSize(2);
        }
    }

    @Test
    void upload_withTheLibraryDefaultUrlConnectionClient_streamsPartsToo() throws IOException {
        String bucket = newBucket();
        Path big = file("items.csv", 6 * MIB + 7);
        try (S3Client urlConnection = S3.clientBuilder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            UploadResult result = DatasetUploader.builder()
                    .s3Client(urlConnection)
                    .multipartThreshold(5 * MIB)
                    .partSize(5 * MIB)
                    .build()
                    .upload(big, S3Location.of(bucket, "in/"));

            assertThat(result.partCount()).isEqualTo(2);
            assertThat(download(result.location())).isEqualTo(Files.readAllBytes(big));
        }
    }

    @Test
    void upload_whenFileIsMissing_throwsIllegalArgument() {
        DatasetUploader uploader =
                DatasetUploader.builder().s3Client(S3.client()).build();

        assertThatThrownBy(() -> uploader.upload(dir.resolve("missing.csv"), S3Location.of("bucket", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing.csv");
        assertThatThrownBy(() -> uploader.upload(dir, S3Location.of("bucket", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a readable regular file");
    }

    @Test
    void upload_whenUriIsLongerThanPersonalizeAccepts_throwsIllegalArgument() throws IOException {
        Path csv = Files.writeString(dir.resolve("items.csv"), "ITEM_ID\ni1\n");
        DatasetUploader uploader =
                DatasetUploader.builder().s3Client(S3.client()).build();

        assertThatThrownBy(() -> uploader.upload(csv, S3Location.of("bucket", "p/".repeat(130))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 256");
    }

    @Test
    void builder_rejectsValuesOutsideS3Limits() {
        assertThatThrownBy(() -> DatasetUploader.builder().partSize(5 * MIB - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(5 * MIB - 1));
        assertThatThrownBy(() -> DatasetUploader.builder().partSize(DatasetUploader.MAX_PART_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatasetUploader.builder().multipartThreshold(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multipartThreshold");
        assertThatThrownBy(() -> DatasetUploader.builder().build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("s3Client");
    }

    @Test
    void builder_defaultsAreSixteenMebibyteThresholdAndEightMebibyteParts() {
        DatasetUploader uploader =
                DatasetUploader.builder().s3Client(S3.client()).build();

        assertThat(uploader.multipartThreshold()).isEqualTo(16L * MIB);
        assertThat(uploader.partSize()).isEqualTo(8L * MIB);
    }

    @Test
    void upload_whenTheFileIsDeletedDuringAMultipartUpload_abortsWithTheIoFailureAndNoUncheckedWrapper()
            throws IOException {
        String bucket = newBucket();
        Path big = file("gone.csv", 11 * MIB);
        S3Client own = S3.clientWith();
        DatasetUploader uploader = DatasetUploader.builder()
                .s3Client(own)
                .multipartThreshold(MIB)
                .partSize(5 * MIB)
                .progressListener((target, sent, total) -> {
                    if (sent == 5L * MIB) { // another process removes the file after part 1
                        try {
                            Files.delete(big);
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    }
                })
                .build();

        assertThatThrownBy(() -> uploader.upload(big, S3Location.of(bucket, "")))
                .isInstanceOfSatisfying(S3UploadException.class, e -> {
                    assertThat(e.aborted()).isTrue();
                    assertThat(e.partNumber()).isEqualTo(2);
                    List<Throwable> chain = new ArrayList<>();
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        chain.add(t);
                    }
                    assertThat(chain).noneMatch(t -> t instanceof java.io.UncheckedIOException);
                    assertThat(chain).anyMatch(t -> t instanceof java.nio.file.NoSuchFileException);
                });
        own.close();
        assertThat(pendingUploads(bucket)).isEmpty();
    }

    @Test
    void upload_whenStartingTheMultipartUploadFails_wrapsTheServiceErrorWithTheUri() throws IOException {
        Path big = file("items.csv", 2 * MIB);
        DatasetUploader uploader = DatasetUploader.builder()
                .s3Client(S3.client())
                .multipartThreshold(MIB)
                .build();

        assertThatThrownBy(() -> uploader.upload(big, S3Location.of("no-such-bucket", "x/")))
                .isInstanceOfSatisfying(S3UploadException.class, e -> {
                    assertThat(e.uri()).isEqualTo("s3://no-such-bucket/x/items.csv");
                    assertThat(e.uploadId()).isEmpty();
                    assertThat(e.partNumber()).isZero();
                    assertThat(e.aborted()).isFalse();
                    assertThat(e.getCause()).isInstanceOf(S3Exception.class);
                })
                .hasMessageContaining("Starting the multipart upload");
    }
}
