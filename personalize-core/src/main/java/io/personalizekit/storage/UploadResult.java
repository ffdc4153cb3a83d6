package io.personalizekit.storage;

import java.util.Objects;

/**
 * The outcome of a {@link DatasetUploader#upload}: where the object now is (as an {@link S3Location} and as the
 * {@code s3://} URI an import job takes), its size, its ETag and how it was sent. An immutable record.
 *
 * @param location where the object is
 * @param size the object's size in bytes
 * @param eTag the ETag S3 returned, as S3 wrote it (usually quoted)
 * @param partCount the number of parts sent: 1 for a single {@code PutObject}, else the number of multipart parts
 * @param multipart whether a multipart upload was used
 */
public record UploadResult(S3Location location, long size, String eTag, int partCount, boolean multipart) {

    /**
     * Creates a result.
     *
     * @throws NullPointerException when {@code location} or {@code eTag} is null
     * @throws IllegalArgumentException when {@code size} is negative or {@code partCount} is below 1
     */
    public UploadResult {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(eTag, "eTag");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, but was " + size);
        }
        if (partCount < 1) {
            throw new IllegalArgumentException("partCount must be >= 1, but was " + partCount);
        }
    }

    /**
     * Creates a result; the same as the constructor.
     *
     * @param location where the object is
     * @param size its size in bytes
     * @param eTag the ETag S3 returned, as S3 wrote it (usually quoted)
     * @param partCount the number of parts sent: 1 for a single {@code PutObject}
     * @param multipart whether a multipart upload was used
     * @return the result
     * @throws IllegalArgumentException when {@code size} is negative or {@code partCount} is below 1
     */
    public static UploadResult of(S3Location location, long size, String eTag, int partCount, boolean multipart) {
        return new UploadResult(location, size, eTag, partCount, multipart);
    }

    /**
     * The {@code s3://bucket/key} URI, for {@code CreateDatasetImportJob}'s {@code dataSource.dataLocation} or a
     * batch job's input path.
     *
     * @return the URI
     */
    public String uri() {
        return location.uri();
    }

    @Override
    public String toString() {
        return "UploadResult{" + location.uri() + ", size=" + size + ", eTag=" + eTag + ", parts=" + partCount
                + (multipart ? ", multipart" : "") + "}";
    }
}
