package io.personalizekit.local.internal.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Buckets and objects, held in memory or under a directory so that they survive a restart.
 *
 * <p>Thread-safe: every method may be called from any thread. A {@link #put} replaces the whole object
 * atomically (on disk: write to a temporary file, then an atomic rename), so readers see either the old or the
 * new content, never a mix.
 *
 * <p>On disk, each bucket is a directory under the root and each object a file whose name is the
 * percent-encoded key (keys longer than about 200 encoded characters are stored under a hash with the key in a
 * {@code .key} side file). An object's Content-Type, its user metadata ({@code x-amz-meta-*}) and the ETag of a
 * multipart object are kept in a {@code .meta} side file (lines of {@code name=value}, both URL-encoded); other
 * ETags are recomputed (and cached) from the bytes.
 */
public final class ObjectStore {
    private static final String TMP_SUFFIX = ".tmp-upload";
    private static final String LONG_PREFIX = "~";
    private static final String KEY_SUFFIX = ".key";
    private static final String META_SUFFIX = ".meta";
    private static final int MAX_ENCODED_NAME = 200;

    private final @Nullable Path root;
    private final boolean fsync;
    /** In memory: the whole content. On disk: a metadata cache (entries without data). */
    private final ConcurrentHashMap<String, ConcurrentSkipListMap<String, Entry>> buckets = new ConcurrentHashMap<>();

    private final AtomicLong tmpCounter = new AtomicLong();

    private ObjectStore(@Nullable Path root, boolean fsync) {
        this.root = root;
        this.fsync = fsync;
    }

    /**
     * Creates an empty store that lives in memory only.
     *
     * @return the store
     */
    public static ObjectStore inMemory() {
        return new ObjectStore(null, false);
    }

    /**
     * Creates a store under {@code dir}, creating the directory if needed and keeping the buckets and objects
     * already there.
     *
     * @param dir the root directory
     * @return the store
     * @throws UncheckedIOException when the directory cannot be created or read
     */
    public static ObjectStore onDisk(Path dir) {
        return onDisk(dir, false);
    }

    /**
     * Creates a store under {@code dir}, as {@link #onDisk(Path)}.
     *
     * @param dir the root directory
     * @param fsync whether each put forces the object and its directory entry to the device before returning, so
     *     that it survives a machine crash
     * @return the store
     * @throws UncheckedIOException when the directory cannot be created or read
     */
    public static ObjectStore onDisk(Path dir, boolean fsync) {
        Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
            ObjectStore store = new ObjectStore(dir, fsync);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path b : ds) {
                    if (Files.isDirectory(b)) {
                        String bucket = decodeName(b.getFileName().toString());
                        ConcurrentSkipListMap<String, Entry> objects = new ConcurrentSkipListMap<>();
                        store.loadBucket(b, objects);
                        store.buckets.put(bucket, objects);
                    }
                }
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open object store at " + dir, e);
        }
    }

    private void loadBucket(Path bucketDir, ConcurrentSkipListMap<String, Entry> objects) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(bucketDir)) {
            for (Path f : ds) {
                String name = f.getFileName().toString();
                if (name.endsWith(TMP_SUFFIX)) {
                    Files.deleteIfExists(f);
                    continue;
                }
                if (name.endsWith(KEY_SUFFIX) || name.endsWith(META_SUFFIX)) {
                    continue;
                }
                String key;
                if (name.startsWith(LONG_PREFIX)) {
                    Path keyFile = f.resolveSibling(name + KEY_SUFFIX);
                    if (!Files.exists(keyFile)) {
                        continue;
                    }
                    key = Files.readString(keyFile, StandardCharsets.UTF_8);
                } else {
                    key = decodeName(name);
                }
                Path metaFile = f.resolveSibling(name + META_SUFFIX);
                ObjectMeta meta = Files.exists(metaFile)
                        ? ObjectMeta.decode(Files.readString(metaFile, StandardCharsets.UTF_8))
                        : ObjectMeta.NONE;
                objects.put(
                        key,
                        new Entry(
                                null,
                                meta.etag(),
                                Files.size(f),
                                Files.getLastModifiedTime(f).toInstant(),
                                meta));
            }
        }
    }

    /**
     * Creates a bucket.
     *
     * @param bucket the bucket name
     * @return true when the bucket was created, false when it already existed
     * @throws UncheckedIOException when the bucket directory cannot be created
     */
    public boolean createBucket(String bucket) {
        Objects.requireNonNull(bucket, "bucket");
        if (buckets.containsKey(bucket)) {
            return false;
        }
        synchronized (buckets) {
            if (buckets.containsKey(bucket)) {
                return false;
            }
            if (root != null) {
                try {
                    Files.createDirectories(root.resolve(encodeName(bucket)));
                    if (fsync) {
                        forceDirectory(root);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot create bucket " + bucket, e);
                }
            }
            buckets.put(bucket, new ConcurrentSkipListMap<>());
            return true;
        }
    }

    /**
     * Whether a bucket exists.
     *
     * @param bucket the bucket name
     * @return true when it exists
     */
    public boolean bucketExists(String bucket) {
        return buckets.containsKey(bucket);
    }

    /**
     * The bucket names, sorted.
     *
     * @return the names
     */
    public List<String> listBuckets() {
        List<String> names = new ArrayList<>(buckets.keySet());
        Collections.sort(names);
        return names;
    }

    /**
     * Deletes an empty bucket.
     *
     * @param bucket the bucket name
     * @return false when there was no such bucket
     * @throws IllegalStateException when the bucket is not empty
     */
    public boolean deleteBucket(String bucket) {
        synchronized (buckets) {
            ConcurrentSkipListMap<String, Entry> objects = buckets.get(bucket);
            if (objects == null) {
                return false;
            }
            if (!objects.isEmpty()) {
                throw new IllegalStateException("The bucket you tried to delete is not empty: " + bucket);
            }
            if (root != null) {
                Path dir = root.resolve(encodeName(bucket));
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (NoSuchFileException e) {
                    // already gone
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot delete bucket " + bucket, e);
                }
            }
            buckets.remove(bucket);
            return true;
        }
    }

    /**
     * Stores an object without Content-Type or user metadata, replacing any previous content under the key.
     *
     * @param bucket the bucket name
     * @param key the object key
     * @param data the content; the array is copied
     * @throws NoSuchElementException when the bucket does not exist
     * @throws UncheckedIOException when the object cannot be written
     */
    public void put(String bucket, String key, byte[] data) {
        put(bucket, key, data, ObjectMeta.NONE);
    }

    /**
     * Stores an object with its Content-Type, user metadata and (for a multipart object) ETag, replacing any
     * previous content and metadata under the key.
     *
     * @param bucket the bucket name
     * @param key the object key
     * @param data the content; the array is copied
     * @param meta what S3 returns with the object besides its bytes
     * @throws NoSuchElementException when the bucket does not exist
     * @throws UncheckedIOException when the object cannot be written
     */
    public void put(String bucket, String key, byte[] data, ObjectMeta meta) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(meta, "meta");
        ConcurrentSkipListMap<String, Entry> objects = objects(bucket);
        byte[] copy = data.clone();
        String etag = meta.etag() != null ? meta.etag() : md5Hex(copy);
        Instant now = Instant.now();
        if (root == null) {
            objects.put(key, new Entry(copy, etag, copy.length, now, meta));
            return;
        }
        Path dir = root.resolve(encodeName(bucket));
        String name = fileName(key);
        try {
            if (name.startsWith(LONG_PREFIX)) {
                writeAtomically(dir, name + KEY_SUFFIX, key.getBytes(StandardCharsets.UTF_8));
            }
            if (meta.isEmpty()) {
                Files.deleteIfExists(dir.resolve(name + META_SUFFIX));
            } else {
                writeAtomically(dir, name + META_SUFFIX, meta.encode().getBytes(StandardCharsets.UTF_8));
            }
            writeAtomically(dir, name, copy);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write s3://" + bucket + "/" + key, e);
        }
        objects.put(key, new Entry(null, etag, copy.length, now, meta));
    }

    /**
     * The Content-Type, user metadata and stored ETag of an object.
     *
     * @param bucket the bucket name
     * @param key the object key
     * @return the metadata ({@link ObjectMeta#NONE} when none was stored), or empty when there is no such object
     */
    public Optional<ObjectMeta> meta(String bucket, String key) {
        ConcurrentSkipListMap<String, Entry> objects = buckets.get(bucket);
        Entry e = objects == null ? null : objects.get(key);
        return e == null ? Optional.empty() : Optional.of(e.meta);
    }

    private void writeAtomically(Path dir, String name, byte[] bytes) throws IOException {
        Path tmp = dir.resolve(
                tmpCounter.incrementAndGet() + "-" + Thread.currentThread().getId() + TMP_SUFFIX);
        if (fsync) {
            try (FileChannel c = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    c.write(b);
                }
                c.force(true);
            }
        } else {
            Files.write(tmp, bytes);
        }
        try {
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        if (fsync) {
            forceDirectory(dir);
        }
    }

    /** Makes renames in a directory durable; best effort, as not every platform can open a directory. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Windows cannot; the rename is then as durable as the platform makes it.
        }
    }

    /**
     * Reads an object.
     *
     * @param bucket the bucket name
     * @param key the object key
     * @return the content (a fresh array the caller may modify), or empty when the bucket or key does not exist
     * @throws UncheckedIOException when the object cannot be read
     */
    public Optional<byte[]> get(String bucket, String key) {
        ConcurrentSkipListMap<String, Entry> objects = buckets.get(bucket);
        if (objects == null) {
            return Optional.empty();
        }
        Entry e = objects.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (e.data != null) {
            return Optional.of(e.data.clone());
        }
        try {
            return Optional.of(
                    Files.readAllBytes(root().resolve(encodeName(bucket)).resolve(fileName(key))));
        } catch (NoSuchFileException ex) {
            return Optional.empty();
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot read s3://" + bucket + "/" + key, ex);
        }
    }

    /**
     * Size, ETag and modification time of an object, without reading it when they are known.
     *
     * @param bucket the bucket name
     * @param key the object key
     * @return the information, or empty when the bucket or key does not exist
     */
    public Optional<ObjectInfo> stat(String bucket, String key) {
        ConcurrentSkipListMap<String, Entry> objects = buckets.get(bucket);
        if (objects == null) {
            return Optional.empty();
        }
        Entry e = objects.get(key);
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(info(bucket, key, e, objects));
    }

    private ObjectInfo info(String bucket, String key, Entry e, ConcurrentSkipListMap<String, Entry> objects) {
        String etag = e.etag;
        if (etag == null) {
            Optional<byte[]> data = get(bucket, key);
            etag = data.map(ObjectStore::md5Hex).orElse(md5Hex(new byte[0]));
            objects.replace(key, e, new Entry(null, etag, e.size, e.lastModified, e.meta));
        }
        return new ObjectInfo(key, e.size, etag, e.lastModified);
    }

    /**
     * The keys in a bucket that start with {@code prefix}, in lexicographic (UTF-16) order.
     *
     * @param bucket the bucket name
     * @param prefix the prefix; empty for all keys
     * @return the keys; empty when the bucket does not exist
     */
    public List<String> listKeys(String bucket, String prefix) {
        ConcurrentSkipListMap<String, Entry> objects = buckets.get(bucket);
        if (objects == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (String k : objects.tailMap(prefix, true).keySet()) {
            if (!k.startsWith(prefix)) {
                break;
            }
            keys.add(k);
        }
        return keys;
    }

    /**
     * Information about the objects whose key starts with {@code prefix} and sorts after {@code startAfter}.
     *
     * @param bucket the bucket name
     * @param prefix the key prefix
     * @param startAfter only keys strictly greater than this; null for no lower bound
     * @param limit the maximum number of entries
     * @return the entries in key order
     */
    List<ObjectInfo> list(String bucket, String prefix, @Nullable String startAfter, int limit) {
        ConcurrentSkipListMap<String, Entry> objects = buckets.get(bucket);
        if (objects == null) {
            return List.of();
        }
        Map<String, Entry> tail = startAfter != null && startAfter.compareTo(prefix) >= 0
                ? objects.tailMap(startAfter, false)
                : objects.tailMap(prefix, true);
        List<ObjectInfo> out = new ArrayList<>();
        for (Map.Entry<String, Entry> me : tail.entrySet()) {
            if (out.size() >= limit || !me.getKey().startsWith(prefix)) {
                break;
            }
            out.add(info(bucket, me.getKey(), me.getValue(), objects));
        }
        return out;
    }

    /**
     * Deletes an object. Deleting a missing object is not an error (as in S3).
     *
     * @param bucket the bucket name
     * @param key the object key
     * @throws UncheckedIOException when the file cannot be deleted
     */
    public void delete(String bucket, String key) {
        ConcurrentSkipListMap<String, Entry> objects = buckets.get(bucket);
        if (objects == null) {
            return;
        }
        if (root != null) {
            Path dir = root.resolve(encodeName(bucket));
            String name = fileName(key);
            try {
                Files.deleteIfExists(dir.resolve(name));
                Files.deleteIfExists(dir.resolve(name + META_SUFFIX));
                if (name.startsWith(LONG_PREFIX)) {
                    Files.deleteIfExists(dir.resolve(name + KEY_SUFFIX));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete s3://" + bucket + "/" + key, e);
            }
        }
        objects.remove(key);
    }

    private ConcurrentSkipListMap<String, Entry> objects(String bucket) {
        ConcurrentSkipListMap<String, Entry> objects = buckets.get(Objects.requireNonNull(bucket, "bucket"));
        if (objects == null) {
            throw new NoSuchElementException("The specified bucket does not exist: " + bucket);
        }
        return objects;
    }

    private Path root() {
        return Objects.requireNonNull(root, "root");
    }

    /** The MD5 of {@code data} in lower-case hex (the S3 ETag of a single-part object, without quotes). */
    static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }

    private static String fileName(String key) {
        String enc = encodeName(key);
        if (enc.length() <= MAX_ENCODED_NAME) {
            return enc;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return LONG_PREFIX + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Percent-encodes everything except ASCII letters, digits, '-' and '_' so any key is a safe file name. */
    static String encodeName(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                sb.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    static String decodeName(String s) {
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** What the store knows about one object. */
    static final class Entry {
        final byte @Nullable [] data;
        final @Nullable String etag;
        final long size;
        final Instant lastModified;
        final ObjectMeta meta;

        Entry(byte @Nullable [] data, @Nullable String etag, long size, Instant lastModified, ObjectMeta meta) {
            this.data = data;
            this.etag = etag;
            this.size = size;
            this.lastModified = lastModified;
            this.meta = meta;
        }
    }

    /**
     * What S3 keeps with an object besides its bytes.
     *
     * @param contentType the Content-Type it was stored with, or null
     * @param userMetadata the {@code x-amz-meta-*} headers it was stored with, by lower-case name without the
     *     prefix, in the order given
     * @param etag the ETag to report instead of the content's MD5 (multipart objects: {@code <md5>-<parts>}), or null
     */
    public record ObjectMeta(
            @Nullable String contentType,
            Map<String, String> userMetadata,
            @Nullable String etag) {
        /** No Content-Type, no user metadata, the MD5 as ETag. */
        public static final ObjectMeta NONE = new ObjectMeta(null, Map.of(), null);

        /** Copies the metadata map. */
        public ObjectMeta {
            userMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(userMetadata));
        }

        /**
         * This metadata with another ETag.
         *
         * @param newEtag the ETag, or null for the content's MD5
         * @return a copy
         */
        public ObjectMeta withEtag(@Nullable String newEtag) {
            return new ObjectMeta(contentType, userMetadata, newEtag);
        }

        boolean isEmpty() {
            return contentType == null && userMetadata.isEmpty() && etag == null;
        }

        String encode() {
            StringBuilder sb = new StringBuilder();
            if (contentType != null) {
                sb.append("content-type=").append(enc(contentType)).append('\n');
            }
            if (etag != null) {
                sb.append("etag=").append(enc(etag)).append('\n');
            }
            userMetadata.forEach((k, v) ->
                    sb.append("meta.").append(enc(k)).append('=').append(enc(v)).append('\n'));
            return sb.toString();
        }

        static ObjectMeta decode(String text) {
            String type = null;
            String tag = null;
            Map<String, String> user = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = URLDecoder.decode(line.substring(0, eq), StandardCharsets.UTF_8);
                String value = URLDecoder.decode(line.substring(eq + 1), StandardCharsets.UTF_8);
                if (name.equals("content-type")) {
                    type = value;
                } else if (name.equals("etag")) {
                    tag = value;
                } else if (name.startsWith("meta.")) {
                    user.put(name.substring(5), value);
                }
            }
            return new ObjectMeta(type, user, tag);
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }

    /**
     * Size, ETag and modification time of one object.
     *
     * @param key the object key
     * @param size the size in bytes
     * @param etag the MD5 of the content in lower-case hex, without quotes
     * @param lastModified when the object was last written
     */
    public record ObjectInfo(String key, long size, String etag, Instant lastModified) {}
}
