package io.personalizekit.storage;

import io.personalizekit.PersonalizeLimits;
import io.personalizekit.exception.S3UploadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Puts a dataset file (CSV for import jobs, JSON Lines for batch inference) into Amazon S3 and returns the
 * {@code s3://} URI Personalize takes.
 *
 * <pre>{@code
 * DatasetUploader uploader = DatasetUploader.builder()
 *         .s3Client(s3)                               // borrowed: never closed by the uploader
 *         .multipartThreshold(64L << 20)              // optional, default 16 MiB
 *         .build();
 * UploadResult r = uploader.upload(Path.of("interactions.csv"), S3Location.parse("s3://my-bucket/import/"));
 * r.uri();   // "s3://my-bucket/import/interactions.csv"
 * }</pre>
 *
 * <p>Files up to {@linkplain Builder#multipartThreshold(long) the threshold} go in one {@code PutObject}; larger
 * files go in a multipart upload of {@linkplain Builder#partSize(long) parts} sent one after another, each part
 * streamed from the file (memory use does not grow with the file or part size). The part size grows by itself
 * when the file would need more than S3's 10,000 parts. If any part fails, or the file changes size during the
 * upload, the multipart upload is aborted so that no parts are left behind, and an {@link S3UploadException} is
 * thrown. Parts carry a CRC32 checksum that S3 verifies.
 *
 * <p>Progress: a DEBUG log line per part, one INFO line when a multipart upload completes, and an optional
 * {@link UploadProgressListener}.
 *
 * <p>For the permissions Personalize needs to read the uploaded data, see {@link PersonalizeS3Policies} and
 * {@link #policiesFor(String)}.
 *
 * <p>Thread-safe: one uploader may run several uploads at once (the SDK's {@code S3Client} is thread-safe).
 */
public final class DatasetUploader {
    /** S3's minimum size of every part but the last: 5 MiB. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    /** S3's maximum part size: 5 GiB. */
    public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;

    /** S3's maximum number of parts in one multipart upload. */
    public static final int MAX_PARTS = 10_000;

    /** The default size above which a multipart upload is used: 16 MiB. */
    public static final long DEFAULT_MULTIPART_THRESHOLD = 16L * 1024 * 1024;

    /** The default part size: 8 MiB. */
    public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;

    /** Personalize's limit on the length of an S3 path ({@code S3Location} shape, max 256). */
    public static final int MAX_URI_LENGTH = PersonalizeLimits.MAX_S3_PATH_LENGTH;

    private static final Logger log = LoggerFactory.getLogger(DatasetUploader.class);

    private final S3Client s3;
    private final long multipartThreshold;
    private final long partSize;
    private final UploadProgressListener listener;

    private DatasetUploader(Builder b) {
        this.s3 = Objects.requireNonNull(b.s3Client, "s3Client");
        this.multipartThreshold = b.multipartThreshold;
        this.partSize = b.partSize;
        this.listener = b.progressListener;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The policy documents that let Personalize read (and, with {@link PersonalizeS3Policies.Builder#allowWrite},
     * write) the given bucket; a shortcut for {@code PersonalizeS3Policies.forBucket(bucket)}.
     *
     * @param bucket the bucket the uploads go to
     * @return the policies
     * @throws IllegalArgumentException when the bucket name breaks S3's rules
     */
    public static PersonalizeS3Policies policiesFor(String bucket) {
        return PersonalizeS3Policies.forBucket(bucket);
    }

    /**
     * The size above which a multipart upload is used.
     *
     * @return the threshold in bytes
     */
    public long multipartThreshold() {
        return multipartThreshold;
    }

    /**
     * The configured part size (the effective one may be larger for files above {@code 10,000 x partSize}).
     *
     * @return the part size in bytes
     */
    public long partSize() {
        return partSize;
    }

    /**
     * Uploads a file. When {@code target} is a prefix (its key is empty or ends with {@code /}) the object key is
     * the prefix followed by the file's name; otherwise {@code target} is the exact object key.
     *
     * @param file the local file
     * @param target the destination prefix or object
     * @return where the object is, with its size and ETag
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when {@code file} is not a readable regular file, or the resulting URI is
     *     longer than Personalize's 256 characters
     * @throws S3UploadException when the file cannot be read or S3 rejects a request; a multipart upload has
     *     then been aborted
     */
    public UploadResult upload(Path file, S3Location target) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(target, "target");
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("Not a readable regular file: " + file);
        }
        Path fileName = file.getFileName();
        S3Location object = target.isPrefix() ? target.resolve(String.valueOf(fileName)) : target;
        if (object.uri().length() > MAX_URI_LENGTH) {
            throw new IllegalArgumentException(
                    "The S3 URI " + object.uri() + " has " + object.uri().length()
                            + " characters; Personalize accepts at most " + MAX_URI_LENGTH + ". Use a shorter prefix or"
                            + " file name.");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new S3UploadException(object.uri(), null, 0, false, "Cannot read the size of " + file, e);
        }
        return size > multipartThreshold ? uploadMultipart(file, object, size) : uploadSingle(file, object, size);
    }

    private UploadResult uploadSingle(Path file, S3Location object, long size) {
        log.debug("PutObject {} ({} bytes)", object, size);
        String eTag;
        try {
            eTag = s3.putObject(
                            r -> r.bucket(object.bucket())
                                    .key(object.key())
                                    .contentType(contentType(object))
                                    .contentLength(size),
                            RequestBody.fromContentProvider(new PartStream(file, 0, size), size, contentType(object)))
                    .eTag();
        } catch (RuntimeException e) {
            throw new S3UploadException(
                    object.uri(), null, 0, false, "Uploading " + file + " to " + object + " failed: " + e, e);
        }
        listener.onProgress(object, size, size);
        return UploadResult.of(object, size, String.valueOf(eTag), 1, false);
    }

    private UploadResult uploadMultipart(Path file, S3Location object, long size) {
        long part = effectivePartSize(size, partSize);
        int parts = (int) ((size + part - 1) / part);
        long started = System.nanoTime();
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(r -> r.bucket(object.bucket())
                            .key(object.key())
                            .contentType(contentType(object))
                            .checksumAlgorithm(ChecksumAlgorithm.CRC32))
                    .uploadId();
        } catch (RuntimeException e) {
            throw new S3UploadException(
                    object.uri(),
                    null,
                    0,
                    false,
                    "Starting the multipart upload of " + file + " to " + object + " failed: " + e,
                    e);
        }
        log.debug("Multipart upload {} of {} ({} bytes, {} parts of {} bytes)", uploadId, object, size, parts, part);
        int partNumber = 0;
        try {
            List<CompletedPart> completed = new ArrayList<>(parts);
            long sent = 0;
            for (partNumber = 1; partNumber <= parts; partNumber++) {
                long offset = (partNumber - 1) * part;
                long length = Math.min(part, size - offset);
                int n = partNumber;
                UploadPartResponse response = s3.uploadPart(
                        r -> r.bucket(object.bucket())
                                .key(object.key())
                                .uploadId(uploadId)
                                .partNumber(n)
                                .contentLength(length)
                                .checksumAlgorithm(ChecksumAlgorithm.CRC32),
                        RequestBody.fromContentProvider(
                                new PartStream(file, offset, length), length, "application/octet-stream"));
                completed.add(CompletedPart.builder()
                        .partNumber(n)
                        .eTag(response.eTag())
                        .checksumCRC32(response.checksumCRC32())
                        .build());
                sent += length;
                log.debug(
                        "Uploaded part {}/{} of {} ({}/{} bytes, {}%)",
                        n, parts, object, sent, size, sent * 100 / size);
                listener.onProgress(object, sent, size);
            }
            partNumber = 0;
            long sizeNow = Files.size(file);
            if (sizeNow != size) {
                throw new IOException("The file changed size during the upload, from " + size + " to " + sizeNow
                        + " bytes; upload it again once it is complete");
            }
            String eTag = s3.completeMultipartUpload(r -> r.bucket(object.bucket())
                            .key(object.key())
                            .uploadId(uploadId)
                            .multipartUpload(m -> m.parts(completed)))
                    .eTag();
            log.info(
                    "Uploaded {} to {} ({} bytes in {} parts, {} ms)",
                    file.getFileName(),
                    object,
                    size,
                    parts,
                    (System.nanoTime() - started) / 1_000_000);
            return UploadResult.of(object, size, String.valueOf(eTag), parts, true);
        } catch (IOException | RuntimeException e) {
            boolean aborted = abort(object, uploadId, e);
            throw new S3UploadException(
                    object.uri(),
                    uploadId,
                    partNumber,
                    aborted,
                    "Multipart upload of " + file + " to " + object
                            + (partNumber > 0 ? " failed at part " + partNumber + " of " + parts : " failed")
                            + (aborted
                                    ? "; the upload was aborted, no parts remain: "
                                    : "; aborting it failed too, so parts may remain (see the suppressed exception;"
                                            + " a bucket lifecycle rule for incomplete uploads cleans them up): ")
                            + e,
                    e);
        } catch (Error e) {
            abort(object, uploadId, e);
            throw e;
        }
    }

    /** The part size actually used: the configured one, grown so that the file fits in {@link #MAX_PARTS}. */
    static long effectivePartSize(long fileSize, long configuredPartSize) {
        return Math.max(configuredPartSize, (fileSize + MAX_PARTS - 1) / MAX_PARTS);
    }

    private boolean abort(S3Location object, String uploadId, Throwable failure) {
        try {
            s3.abortMultipartUpload(
                    r -> r.bucket(object.bucket()).key(object.key()).uploadId(uploadId));
            log.debug("Aborted multipart upload {} of {}", uploadId, object);
            return true;
        } catch (RuntimeException abortFailure) {
            failure.addSuppressed(abortFailure);
            return false;
        }
    }

    private static String contentType(S3Location object) {
        String name = object.fileName().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return "text/csv";
        }
        if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".out")) {
            return "application/json";
        }
        return "application/octet-stream";
    }

    /**
     * Streams one byte range of the file; each {@link #newStream()} (the SDK calls it again on a retry) makes a
     * fresh stream, which opens its own channel on the first read, and closes the previous one. Opening on the first
     * read makes a file that cannot be opened fail as a read ({@link IOException}, which the SDK reports like any
     * failed request body) instead of an unchecked exception out of {@code newStream()}.
     */
    private static final class PartStream implements ContentStreamProvider {
        private final Path file;
        private final long offset;
        private final long length;
        private @Nullable InputStream current;

        PartStream(Path file, long offset, long length) {
            this.file = file;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public InputStream newStream() {
            closeCurrent();
            InputStream in = new RangeInputStream(file, offset, length);
            current = in;
            return in;
        }

        private void closeCurrent() {
            InputStream in = current;
            current = null;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // a read-only channel that fails to close leaks nothing we can act on
                }
            }
        }
    }

    /** Reads exactly {@code length} bytes; a file that ends early is an error, not a short part. */
    private static final class RangeInputStream extends InputStream {
        private final Path file;
        private final long offset;
        private final long end;
        private long remaining;
        private @Nullable InputStream in;
        private boolean closed;

        RangeInputStream(Path file, long offset, long length) {
            this.file = file;
            this.offset = offset;
            this.remaining = length;
            this.end = offset + length;
        }

        private InputStream in() throws IOException {
            InputStream open = in;
            if (open == null) {
                if (closed) {
                    throw new IOException("The stream of " + file + " at offset " + offset + " is closed");
                }
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                try {
                    channel.position(offset);
                } catch (IOException e) {
                    channel.close();
                    throw e;
                }
                open = Channels.newInputStream(channel);
                in = open;
            }
            return open;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in().read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new IOException(file + " ended " + remaining + " bytes before offset " + end
                        + "; it changed during the upload");
            }
            remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            InputStream open = in;
            in = null;
            if (open != null) {
                open.close();
            }
        }
    }

    /** Builds a {@link DatasetUploader}. Not thread-safe. */
    public static final class Builder {
        private @Nullable S3Client s3Client;
        private long multipartThreshold = DEFAULT_MULTIPART_THRESHOLD;
        private long partSize = DEFAULT_PART_SIZE;
        private UploadProgressListener progressListener = UploadProgressListener.none();

        private Builder() {}

        /**
         * The S3 client to upload with (required). The client is borrowed: the uploader never closes it, its
         * owner does.
         *
         * @param s3Client the client
         * @return this builder
         */
        public Builder s3Client(S3Client s3Client) {
            this.s3Client = Objects.requireNonNull(s3Client, "s3Client");
            return this;
        }

        /**
         * Files larger than this go in a multipart upload; default 16 MiB.
         *
         * @param bytes the threshold in bytes, at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code bytes} is below 1
         */
        public Builder multipartThreshold(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("multipartThreshold must be >= 1 byte, but was " + bytes);
            }
            this.multipartThreshold = bytes;
            return this;
        }

        /**
         * The size of each part of a multipart upload but the last; default 8 MiB.
         *
         * @param bytes the part size in bytes, from 5 MiB ({@link #MIN_PART_SIZE}) to 5 GiB ({@link
         *     #MAX_PART_SIZE})
         * @return this builder
         * @throws IllegalArgumentException when {@code bytes} is outside S3's limits
         */
        public Builder partSize(long bytes) {
            if (bytes < MIN_PART_SIZE || bytes > MAX_PART_SIZE) {
                throw new IllegalArgumentException("partSize must be between " + MIN_PART_SIZE + " (5 MiB) and "
                        + MAX_PART_SIZE + " (5 GiB) bytes, but was " + bytes);
            }
            this.partSize = bytes;
            return this;
        }

        /**
         * A listener told about progress after each part; default none.
         *
         * @param listener the listener, or {@code null} for none
         * @return this builder
         */
        public Builder progressListener(@Nullable UploadProgressListener listener) {
            this.progressListener = listener == null ? UploadProgressListener.none() : listener;
            return this;
        }

        /**
         * Applies a mutation to this builder, for reusable configuration.
         *
         * @param mutation the mutation
         * @return this builder
         */
        public Builder applyMutation(Consumer<Builder> mutation) {
            mutation.accept(this);
            return this;
        }

        /**
         * Builds the uploader.
         *
         * @return the uploader
         * @throws NullPointerException when {@code s3Client} was not set
         */
        public DatasetUploader build() {
            return new DatasetUploader(this);
        }
    }
}
