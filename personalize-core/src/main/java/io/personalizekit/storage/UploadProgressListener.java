package io.personalizekit.storage;

/**
 * Receives progress of an upload from {@link DatasetUploader}: once after a single {@code PutObject}, and after
 * each part of a multipart upload. Called on the uploading thread; keep it fast. An exception it throws fails
 * the upload (a multipart upload is then aborted).
 */
@FunctionalInterface
public interface UploadProgressListener {
    /**
     * Reports the bytes sent so far.
     *
     * @param target the object being written
     * @param bytesSent the bytes acknowledged by S3 so far
     * @param totalBytes the size of the file
     */
    void onProgress(S3Location target, long bytesSent, long totalBytes);

    /**
     * A listener that ignores progress.
     *
     * @return the no-op listener
     */
    static UploadProgressListener none() {
        return (target, sent, total) -> {};
    }
}
