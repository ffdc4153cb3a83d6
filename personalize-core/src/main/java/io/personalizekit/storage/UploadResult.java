package io.personalizekit.storage;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a {@link DatasetUploader#upload}: where the object now is (as an {@link S3Location} and as the
 * {@code s3://} URI an import job takes), its size, its ETag and how it was sent. Immutable and thread-safe.
 */
public final class UploadResult {
    private final S3Location location;
    private final long size;
    private final String eTag;
    private final int partCount;
    private final boolean multipart;

    private UploadResult(S3Location location, long size, String eTag, int partCount, boolean multipart) {
        this.location = Objects.requireNonNull(location, "location");
        this.eTag = Objects.requireNonNull(eTag, "eTag");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, but was " + size);
        }
        if (partCount < 1) {
            throw new IllegalArgumentException("partCount must be >= 1, but was " + partCount);
        }
        this.size = size;
        this.partCount = partCount;
        this.multipart = multipart;
    }

    /**
     * Creates a result; mainly for tests of code that consumes results.
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
     * Where the object is.
     *
     * @return the location
     */
    public S3Location location() {
        return location;
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

    /**
     * The object's size.
     *
     * @return the size in bytes
     */
    public long size() {
        return size;
    }

    /**
     * The ETag S3 returned.
     *
     * @return the ETag, as S3 wrote it
     */
    public String eTag() {
        return eTag;
    }

    /**
     * The number of parts sent.
     *
     * @return 1 for a single {@code PutObject}, else the number of multipart parts
     */
    public int partCount() {
        return partCount;
    }

    /**
     * Whether a multipart upload was used.
     *
     * @return true for multipart
     */
    public boolean multipart() {
        return multipart;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UploadResult)) {
            return false;
        }
        UploadResult r = (UploadResult) o;
        return size == r.size
                && partCount == r.partCount
                && multipart == r.multipart
                && location.equals(r.location)
                && eTag.equals(r.eTag);
    }

    @Override
    public int hashCode() {
        return Objects.hash(location, size, eTag, partCount, multipart);
    }

    @Override
    public String toString() {
        return "UploadResult{" + location.uri() + ", size=" + size + ", eTag=" + eTag + ", parts=" + partCount
                + (multipart ? ", multipart" : "") + "}";
    }
}
