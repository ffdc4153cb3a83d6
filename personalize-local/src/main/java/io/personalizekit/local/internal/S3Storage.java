package io.personalizekit.local.internal;

import java.net.URI;
import java.util.Map;

/**
 * Where import jobs read their CSV files and batch inference jobs read their input and write their output: the
 * embedded S3 endpoint ({@link EmbeddedS3Storage}) or an external S3-compatible one ({@link ExternalS3Storage}).
 *
 * <p>Failures are reported as {@link Failure} with the reason the job shows as its {@code failureReason}, never as
 * an error of the API call that started the job. Implementations are thread-safe.
 */
interface S3Storage extends AutoCloseable {
    /** The reason import jobs give when the bucket is missing or not readable, in the service's words. */
    String NO_ACCESS = "Insufficient privileges for accessing data in Amazon S3.";

    /**
     * The storage the configuration asks for: the external endpoint when one is set, else the embedded one.
     *
     * @throws java.io.UncheckedIOException when the embedded endpoint cannot be started
     */
    static S3Storage open(Emulator.Config config) {
        Emulator.ExternalS3 external = config.externalS3();
        if (external != null) {
            return new ExternalS3Storage(
                    external.endpoint(), config.region(), external.accessKeyId(), external.secretAccessKey());
        }
        return EmbeddedS3Storage.start(config);
    }

    /** @return the S3 endpoint clients use (path-style) */
    URI endpoint();

    /**
     * @return whether the bucket exists and can be read
     * @throws Failure when the store cannot answer (unreachable, refused)
     */
    boolean bucketExists(String bucket);

    /**
     * The objects at a location: the object itself, or every object directly under a folder prefix (key ends with
     * {@code /}, or is empty), in key order.
     *
     * @return key to content; empty when nothing is there
     * @throws Failure when the store cannot be read
     */
    Map<String, byte[]> read(DataService.S3Location location);

    /**
     * Stores an object, replacing any previous content.
     *
     * @throws Failure when it cannot be written
     */
    void put(String bucket, String key, byte[] data);

    @Override
    void close();

    /** A storage failure, carrying the job's failure reason. */
    final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String failureReason, Throwable cause) {
            super(failureReason, cause);
        }

        String failureReason() {
            return getMessage();
        }
    }
}
