package io.personalizekit.local.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/** What the S3 endpoint keeps with an object besides its bytes: Content-Type, user metadata, multipart ETags. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S3ObjectMetadataTest {
    @TempDir
    Path dir;

    private static S3Client client(S3Server server) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "skid")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    @Test
    void putObject_keepsContentTypeAndUserMetadata_throughGetHeadCopyAndARestart() {
        try (S3Server server = S3Server.start(ObjectStore.onDisk(dir), "127.0.0.1", 0);
                S3Client s3 = client(server)) {
            s3.createBucket(b -> b.bucket("meta"));
            s3.putObject(
                    p -> p.bucket("meta").key("a.csv").contentType("text/csv").metadata(Map.of("source", "crm")),
                    RequestBody.fromString("a,b\n"));

            var got = s3.getObjectAsBytes(g -> g.bucket("meta").key("a.csv")).response();
            assertThat(got.contentType()).isEqualTo("text/csv");
            assertThat(got.metadata()).containsExactly(Map.entry("source", "crm"));
            HeadObjectResponse head = s3.headObject(h -> h.bucket("meta").key("a.csv"));
            assertThat(head.contentType()).isEqualTo("text/csv");
            assertThat(head.metadata()).containsEntry("source", "crm");

            s3.copyObject(c -> c.sourceBucket("meta")
                    .sourceKey("a.csv")
                    .destinationBucket("meta")
                    .destinationKey("copy.csv"));
            assertThat(s3.headObject(h -> h.bucket("meta").key("copy.csv")).metadata())
                    .as("a copy keeps the source's metadata by default")
                    .containsEntry("source", "crm");
            s3.copyObject(c -> c.sourceBucket("meta")
                    .sourceKey("a.csv")
                    .destinationBucket("meta")
                    .destinationKey("replaced.csv")
                    .metadataDirective(MetadataDirective.REPLACE)
                    .contentType("application/octet-stream")
                    .metadata(Map.of("source", "export")));
            HeadObjectResponse replaced = s3.headObject(h -> h.bucket("meta").key("replaced.csv"));
            assertThat(replaced.contentType()).isEqualTo("application/octet-stream");
            assertThat(replaced.metadata()).containsExactly(Map.entry("source", "export"));

            s3.putObject(p -> p.bucket("meta").key("a.csv"), RequestBody.fromBytes(new byte[] {1}));
            assertThat(s3.headObject(h -> h.bucket("meta").key("a.csv")).metadata())
                    .as("a new PutObject replaces the metadata")
                    .isEmpty();
        }
        try (S3Server server = S3Server.start(ObjectStore.onDisk(dir), "127.0.0.1", 0);
                S3Client s3 = client(server)) {
            HeadObjectResponse afterRestart =
                    s3.headObject(h -> h.bucket("meta").key("copy.csv"));
            assertThat(afterRestart.contentType()).isEqualTo("text/csv");
            assertThat(afterRestart.metadata()).containsEntry("source", "crm");
        }
    }

    @Test
    void multipartObject_hasTheS3EtagEndingInThePartCount_andItsMetadata() throws Exception {
        byte[] part1 = new byte[5 * 1024 * 1024];
        new Random(3).nextBytes(part1);
        byte[] part2 = "tail".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream digests = new ByteArrayOutputStream();
        digests.writeBytes(java.security.MessageDigest.getInstance("MD5").digest(part1));
        digests.writeBytes(java.security.MessageDigest.getInstance("MD5").digest(part2));
        String expected = "\""
                + HexFormat.of()
                        .formatHex(
                                java.security.MessageDigest.getInstance("MD5").digest(digests.toByteArray()))
                + "-2\"";
        String completed;
        try (S3Server server = S3Server.start(ObjectStore.onDisk(dir), "127.0.0.1", 0);
                S3Client s3 = client(server)) {
            s3.createBucket(b -> b.bucket("mpu"));
            String id = s3.createMultipartUpload(c -> c.bucket("mpu")
                            .key("big.csv")
                            .contentType("text/csv")
                            .metadata(Map.of("rows", "12")))
                    .uploadId();
            String e1 = s3.uploadPart(
                            u -> u.bucket("mpu").key("big.csv").uploadId(id).partNumber(1),
                            RequestBody.fromBytes(part1))
                    .eTag();
            String e2 = s3.uploadPart(
                            u -> u.bucket("mpu").key("big.csv").uploadId(id).partNumber(2),
                            RequestBody.fromBytes(part2))
                    .eTag();
            completed = s3.completeMultipartUpload(c -> c.bucket("mpu")
                            .key("big.csv")
                            .uploadId(id)
                            .multipartUpload(m -> m.parts(
                                    CompletedPart.builder()
                                            .partNumber(1)
                                            .eTag(e1)
                                            .build(),
                                    CompletedPart.builder()
                                            .partNumber(2)
                                            .eTag(e2)
                                            .build())))
                    .eTag();

            assertThat(completed).isEqualTo(expected);
            HeadObjectResponse head = s3.headObject(h -> h.bucket("mpu").key("big.csv"));
            assertThat(head.eTag()).isEqualTo(expected);
            assertThat(head.contentType()).isEqualTo("text/csv");
            assertThat(head.metadata()).containsEntry("rows", "12");
            assertThat(s3.listObjectsV2(l -> l.bucket("mpu")).contents().get(0).eTag())
                    .isEqualTo(expected);
            assertThat(s3.getObjectAsBytes(g -> g.bucket("mpu").key("big.csv")).asByteArray())
                    .hasSize(part1.length + part2.length);
        }
        try (S3Server server = S3Server.start(ObjectStore.onDisk(dir), "127.0.0.1", 0);
                S3Client s3 = client(server)) {
            assertThat(s3.headObject(h -> h.bucket("mpu").key("big.csv")).eTag())
                    .as("the multipart ETag survives a restart")
                    .isEqualTo(expected);
        }
    }
}
