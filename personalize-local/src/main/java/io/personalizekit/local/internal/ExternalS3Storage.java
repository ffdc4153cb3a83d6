package io.personalizekit.local.internal;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An external S3-compatible endpoint (AWS S3, MinIO, s3proxy, ...), reached path-style through an SDK v2
 * {@link S3Client} with the Apache HTTP client. Checksums are only sent and validated where S3 requires them, so
 * servers that do not implement the newer checksum headers work too. Thread-safe; owns and closes its client.
 */
final class ExternalS3Storage implements S3Storage {
    private final URI endpoint;
    private final S3Client client;

    ExternalS3Storage(URI endpoint, String region, String accessKeyId, String secretAccessKey) {
        this.endpoint = endpoint;
        this.client = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .build();
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public boolean bucketExists(String bucket) {
        try {
            client.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 403 || e.statusCode() == 404 || e.statusCode() == 301) {
                return false;
            }
            throw failure("s3://" + bucket, e);
        } catch (SdkException e) {
            throw failure("s3://" + bucket, e);
        }
    }

    @Override
    public Map<String, byte[]> read(DataService.S3Location loc) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        String where = "s3://" + loc.bucket() + "/" + loc.key();
        try {
            if (loc.isFolder()) {
                for (S3Object o : client.listObjectsV2Paginator(
                                b -> b.bucket(loc.bucket()).prefix(loc.key()).delimiter("/"))
                        .contents()) {
                    if (o.key().length() > loc.key().length()) {
                        out.put(o.key(), get(loc.bucket(), o.key()));
                    }
                }
            } else {
                out.put(loc.key(), get(loc.bucket(), loc.key()));
            }
        } catch (NoSuchBucketException | NoSuchKeyException e) {
            return new LinkedHashMap<>();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return new LinkedHashMap<>();
            }
            if (e.statusCode() == 403) {
                throw new Failure(NO_ACCESS, e);
            }
            throw failure(where, e);
        } catch (SdkException e) {
            throw failure(where, e);
        }
        return out;
    }

    private byte[] get(String bucket, String key) {
        return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    @Override
    public void put(String bucket, String key, byte[] data) {
        String where = "s3://" + bucket + "/" + key;
        try {
            client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
        } catch (NoSuchBucketException e) {
            throw new Failure("Invalid S3 output path: bucket " + bucket + " does not exist.", e);
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                throw new Failure("Insufficient privileges for writing " + where + " in Amazon S3.", e);
            }
            throw failure(where, e);
        } catch (SdkException e) {
            throw failure(where, e);
        }
    }

    private Failure failure(String where, SdkException e) {
        String detail = e instanceof S3Exception s3 && s3.awsErrorDetails() != null
                ? s3.awsErrorDetails().errorCode() + " (HTTP " + s3.statusCode() + "): "
                        + s3.awsErrorDetails().errorMessage()
                : e.getMessage();
        return new Failure("Cannot access " + where + " at the S3 endpoint " + endpoint + ": " + detail, e);
    }

    @Override
    public void close() {
        client.close();
    }
}
