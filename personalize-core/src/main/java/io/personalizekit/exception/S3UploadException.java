package io.personalizekit.exception;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Uploading a file to Amazon S3 failed. Carries the target {@code s3://} URI, the multipart upload id and the
 * part being sent when it failed (for a multipart upload), and whether the multipart upload was aborted so that
 * no parts are left behind (and billed). The cause is the original failure: an SDK exception (with its request
 * id) or the {@link java.io.IOException} that reading the file raised.
 */
public class S3UploadException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final String uri;
    private final @Nullable String uploadId;
    private final int partNumber;
    private final boolean aborted;

    /**
     * Creates the exception.
     *
     * @param uri the target {@code s3://bucket/key}
     * @param uploadId the multipart upload id, or {@code null} for a single {@code PutObject} or when the upload
     *     could not be created
     * @param partNumber the 1-based part being sent when the failure happened, or 0 when no part was in flight
     * @param aborted whether the multipart upload was aborted successfully
     * @param message the explanation
     * @param cause the original failure
     */
    public S3UploadException(
            String uri,
            @Nullable String uploadId,
            int partNumber,
            boolean aborted,
            String message,
            @Nullable Throwable cause) {
        super(message, cause);
        this.uri = uri;
        this.uploadId = uploadId;
        this.partNumber = partNumber;
        this.aborted = aborted;
    }

    /**
     * The target of the upload.
     *
     * @return the {@code s3://bucket/key} URI
     */
    public String uri() {
        return uri;
    }

    /**
     * The multipart upload id.
     *
     * @return the upload id, or empty for a single {@code PutObject} or when no multipart upload was created
     */
    public Optional<String> uploadId() {
        return Optional.ofNullable(uploadId);
    }

    /**
     * The 1-based part that was being sent when the upload failed.
     *
     * @return the part number, or 0 when no part was in flight
     */
    public int partNumber() {
        return partNumber;
    }

    /**
     * Whether the multipart upload was aborted, so no uploaded parts remain in the bucket. False for a single
     * {@code PutObject} (nothing to abort) and when the abort itself failed (its failure is attached as a
     * suppressed exception).
     *
     * @return true when aborted
     */
    public boolean aborted() {
        return aborted;
    }
}
