package io.personalizekit.local.internal.data;

import io.personalizekit.local.internal.http.BlockingHttpServer;
import io.personalizekit.local.internal.http.HttpRequest;
import io.personalizekit.local.internal.http.HttpResponse;
import io.personalizekit.local.internal.http.SigV4;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small path-style S3 endpoint over an {@link ObjectStore}, enough for the AWS SDK v2 {@code S3Client}, the
 * AWS CLI ({@code aws s3 mb/cp/ls/rm}) and boto3, served by the emulator's own {@link BlockingHttpServer}.
 *
 * <p>Requests are path-style ({@code /bucket/key}); virtual-hosted-style requests are understood when the
 * {@code Host} is {@code <bucket>.localhost[:port]}. Supported: ListBuckets, CreateBucket, HeadBucket, DeleteBucket,
 * GetBucketLocation, PutObject (plain bodies and {@code aws-chunked} streaming bodies, signed or unsigned, with or
 * without trailers), CopyObject, GetObject (with {@code Range}), HeadObject, DeleteObject, DeleteObjects,
 * ListObjects (v1) and ListObjectsV2 (prefix, delimiter, max-keys, continuation, start-after,
 * {@code encoding-type=url}), and multipart uploads (create, upload part, complete, abort; list parts is not
 * supported). ETags are the MD5 of the content in quotes; a multipart object's is S3's {@code "<md5 of the parts'
 * MD5s>-<number of parts>"}. Objects keep the {@code Content-Type} and {@code x-amz-meta-*} headers they were
 * stored with (PutObject, CreateMultipartUpload, CopyObject with {@code x-amz-metadata-directive: REPLACE}; a
 * copy otherwise keeps the source's) and return them on GetObject and HeadObject ({@code binary/octet-stream}
 * when none was given). Request bodies are XML parsed with StAX (no DTDs, no external entities).
 *
 * <p>Authentication: with a {@link SigV4} (service {@code s3}), every request must be signed (header or presigned
 * URL) as S3 requires, and failures get S3's errors ({@code AccessDenied}, {@code InvalidAccessKeyId},
 * {@code SignatureDoesNotMatch}, {@code RequestTimeTooSkewed}, {@code AuthorizationHeaderMalformed},
 * {@code XAmzContentSHA256Mismatch}); {@code aws-chunked} chunk and trailer signatures are checked. Without one,
 * nothing is checked. Either way the data's {@code Content-MD5} and {@code x-amz-checksum-crc32}, {@code -crc32c},
 * {@code -sha1} and {@code -sha256} (header or trailer) are checked on PutObject and UploadPart ({@code BadDigest});
 * {@code -crc64nvme} is accepted unchecked.
 *
 * <p>Request bodies are held in memory (up to 2 GiB each), as objects are. Thread-safe; {@link #close()} stops it.
 * Multipart uploads in progress live in memory and are lost on close.
 */
public final class S3Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);
    private static final String XML_HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final String DEFAULT_REGION = "us-east-1";
    private static final String USER_META = "x-amz-meta-";
    /** Largest request body: what one Java array holds. */
    private static final int MAX_BODY = Integer.MAX_VALUE - 16;

    private static final int MAX_CONNECTIONS = 256;
    private static final int THREADS = 8;
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private final ObjectStore store;
    private final BlockingHttpServer server;
    private final URI endpoint;
    private final String region;
    private final @Nullable SigV4 auth;
    private final Clock clock;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    private S3Server(ObjectStore store, String region, @Nullable SigV4 auth, Clock clock, String host, int port)
            throws IOException {
        this.store = store;
        this.region = region;
        this.auth = auth;
        this.clock = clock;
        this.server = BlockingHttpServer.start(
                host, port, this::handle, "personalize-local-s3", MAX_CONNECTIONS, THREADS, MAX_BODY, IDLE_TIMEOUT);
        InetSocketAddress addr = server.address();
        String h = addr.getAddress().getHostAddress();
        if (h.contains(":")) {
            h = "[" + h + "]";
        }
        this.endpoint = URI.create("http://" + h + ":" + addr.getPort());
    }

    /**
     * Starts a server that checks no signatures, in region {@code us-east-1}.
     *
     * @param store the objects to serve
     * @param host the address to bind, for example {@code 127.0.0.1}
     * @param port the port, or 0 for a free port
     * @return the running server
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static S3Server start(ObjectStore store, String host, int port) {
        return start(store, host, port, DEFAULT_REGION, null, Clock.systemUTC());
    }

    /**
     * Starts a server.
     *
     * @param store the objects to serve
     * @param host the address to bind, for example {@code 127.0.0.1}
     * @param port the port, or 0 for a free port
     * @param region the region buckets are in ({@code x-amz-bucket-region}, GetBucketLocation)
     * @param auth the signature check every request must pass (service {@code s3}), or null for none
     * @param clock the clock of {@code Date} headers and modification times
     * @return the running server
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static S3Server start(
            ObjectStore store, String host, int port, String region, @Nullable SigV4 auth, Clock clock) {
        try {
            S3Server s3 = new S3Server(store, region, auth, clock, host, port);
            LOG.debug("S3 endpoint listening on {}", s3.endpoint);
            return s3;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the S3 endpoint on " + host + ":" + port, e);
        }
    }

    /**
     * The base URI, for example {@code http://127.0.0.1:41234}; use it as the SDK's {@code endpointOverride}
     * with path-style access.
     *
     * @return the endpoint
     */
    public URI endpoint() {
        return endpoint;
    }

    /** Stops the server and its threads. */
    @Override
    public void close() {
        server.close();
    }

    // ------------------------------------------------------------------------------------------------ dispatch

    /** One request and the headers of its response. */
    private final class Exchange {
        final HttpRequest request;
        final String method;
        final String requestId;
        final List<String[]> headers = new ArrayList<>(8);
        SigV4.@Nullable Verified verified;

        Exchange(HttpRequest request, String requestId) {
            this.request = request;
            this.method = request.method().toUpperCase(Locale.ROOT);
            this.requestId = requestId;
        }

        @Nullable
        String header(String name) {
            return request.header(name);
        }

        void set(String name, String value) {
            headers.removeIf(h -> h[0].equalsIgnoreCase(name));
            headers.add(new String[] {name, value});
        }

        HttpResponse respond(int status, byte @Nullable [] body) {
            HttpResponse r = HttpResponse.of(status, body == null ? new byte[0] : body);
            r.header("x-amz-request-id", requestId);
            r.header("x-amz-id-2", requestId);
            r.header("Date", HTTP_DATE.format(clock.instant()));
            if (body != null
                    && body.length > 0
                    && headers.stream().noneMatch(h -> h[0].equalsIgnoreCase("Content-Type"))) {
                r.header("Content-Type", "application/xml");
            }
            for (String[] h : headers) {
                r.header(h[0], h[1]);
            }
            return r;
        }
    }

    private HttpResponse handle(HttpRequest request) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        String requestId = String.format(Locale.ROOT, "%016X", rnd.nextLong());
        Exchange ex = new Exchange(request, requestId);
        try {
            if (auth != null) {
                try {
                    ex.verified = auth.verify(request);
                } catch (SigV4.Rejection e) {
                    throw authError(e);
                }
            }
            return dispatch(ex);
        } catch (S3Error e) {
            return errorResponse(ex, e);
        } catch (RuntimeException e) {
            LOG.warn("S3 request {} failed", request, e);
            return errorResponse(
                    ex, new S3Error(500, "InternalError", "We encountered an internal error. Please try again."));
        }
    }

    private HttpResponse dispatch(Exchange ex) {
        String method = ex.method;
        String path = percentDecode(ex.request.rawPath(), false);
        Map<String, String> q = parseQuery(ex.request.rawQuery());
        String rest = path.startsWith("/") ? path.substring(1) : path;
        String virtualBucket = virtualHostBucket(ex.header("Host"));
        String bucket;
        String key;
        if (virtualBucket != null) {
            bucket = virtualBucket;
            key = rest;
        } else {
            int slash = rest.indexOf('/');
            bucket = slash < 0 ? rest : rest.substring(0, slash);
            key = slash < 0 ? "" : rest.substring(slash + 1);
        }
        LOG.debug("S3 {} bucket={} key={} query={}", method, bucket, key, q.keySet());

        if (bucket.isEmpty()) {
            if (method.equals("GET")) {
                return listBuckets(ex);
            }
            throw new S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
        }
        if (key.isEmpty()) {
            return bucketOperation(ex, method, bucket, q);
        }
        return objectOperation(ex, method, bucket, key, q);
    }

    private HttpResponse bucketOperation(Exchange ex, String method, String bucket, Map<String, String> q) {
        switch (method) {
            case "PUT" -> {
                body(ex);
                if (!store.createBucket(bucket)) {
                    throw new S3Error(
                            409,
                            "BucketAlreadyOwnedByYou",
                            "Your previous request to create the named bucket succeeded and you already own it.",
                            bucket);
                }
                ex.set("Location", "/" + bucket);
                return ex.respond(200, null);
            }
            case "HEAD" -> {
                requireBucket(bucket);
                ex.set("x-amz-bucket-region", region);
                return ex.respond(200, null);
            }
            case "DELETE" -> {
                requireBucket(bucket);
                try {
                    store.deleteBucket(bucket);
                } catch (IllegalStateException e) {
                    throw new S3Error(409, "BucketNotEmpty", "The bucket you tried to delete is not empty", bucket);
                }
                return ex.respond(204, null);
            }
            case "GET" -> {
                requireBucket(bucket);
                if (q.containsKey("location")) {
                    return ex.respond(
                            200,
                            xml(
                                    region.equals(DEFAULT_REGION)
                                            ? "<LocationConstraint xmlns=\"" + NS + "\"/>"
                                            : "<LocationConstraint xmlns=\"" + NS + "\">" + esc(region)
                                                    + "</LocationConstraint>"));
                } else if ("2".equals(q.get("list-type"))) {
                    return listObjects(ex, bucket, q, true);
                } else if (q.containsKey("versioning")) {
                    return ex.respond(200, xml("<VersioningConfiguration xmlns=\"" + NS + "\"/>"));
                } else {
                    return listObjects(ex, bucket, q, false);
                }
            }
            case "POST" -> {
                requireBucket(bucket);
                if (!q.containsKey("delete")) {
                    throw notImplemented();
                }
                return deleteObjects(ex, bucket);
            }
            default ->
                throw new S3Error(
                        405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
        }
    }

    private HttpResponse objectOperation(Exchange ex, String method, String bucket, String key, Map<String, String> q) {
        switch (method) {
            case "PUT" -> {
                requireBucket(bucket);
                String uploadId = q.get("uploadId");
                if (uploadId != null) {
                    return uploadPart(ex, bucket, key, uploadId, q.get("partNumber"));
                } else if (ex.header("x-amz-copy-source") != null) {
                    return copyObject(ex, bucket, key);
                } else {
                    byte[] data = objectData(ex);
                    store.put(bucket, key, data, requestMeta(ex));
                    ex.set("ETag", quote(ObjectStore.md5Hex(data)));
                    return ex.respond(200, null);
                }
            }
            case "GET", "HEAD" -> {
                return getObject(ex, bucket, key, method.equals("HEAD"));
            }
            case "DELETE" -> {
                requireBucket(bucket);
                String uploadId = q.get("uploadId");
                if (uploadId != null) {
                    body(ex);
                    if (uploads.remove(uploadId) == null) {
                        throw noSuchUpload(uploadId);
                    }
                } else {
                    store.delete(bucket, key);
                }
                return ex.respond(204, null);
            }
            case "POST" -> {
                requireBucket(bucket);
                if (q.containsKey("uploads")) {
                    body(ex);
                    String uploadId = UUID.randomUUID().toString();
                    uploads.put(uploadId, new Upload(bucket, key, requestMeta(ex)));
                    return ex.respond(
                            200,
                            xml("<InitiateMultipartUploadResult xmlns=\"" + NS + "\"><Bucket>" + esc(bucket)
                                    + "</Bucket><Key>" + esc(key) + "</Key><UploadId>" + uploadId
                                    + "</UploadId></InitiateMultipartUploadResult>"));
                } else if (q.containsKey("uploadId")) {
                    return completeUpload(ex, bucket, key, q.get("uploadId"));
                } else {
                    throw notImplemented();
                }
            }
            default ->
                throw new S3Error(
                        405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
        }
    }

    // ----------------------------------------------------------------------------------------------- operations

    private HttpResponse listBuckets(Exchange ex) {
        body(ex);
        StringBuilder sb = new StringBuilder("<ListAllMyBucketsResult xmlns=\"" + NS + "\">");
        sb.append("<Owner><ID>personalize-local</ID><DisplayName>personalize-local</DisplayName></Owner><Buckets>");
        String created = ISO_MILLIS.format(Instant.EPOCH);
        for (String b : store.listBuckets()) {
            sb.append("<Bucket><Name>")
                    .append(esc(b))
                    .append("</Name><CreationDate>")
                    .append(created)
                    .append("</CreationDate></Bucket>");
        }
        sb.append("</Buckets></ListAllMyBucketsResult>");
        return ex.respond(200, xml(sb.toString()));
    }

    private HttpResponse listObjects(Exchange ex, String bucket, Map<String, String> q, boolean v2) {
        String prefix = q.getOrDefault("prefix", "");
        String delimiter = q.getOrDefault("delimiter", "");
        boolean urlEncode = "url".equals(q.get("encoding-type"));
        int maxKeys = 1000;
        if (q.containsKey("max-keys")) {
            try {
                maxKeys = Math.max(0, Math.min(1000, Integer.parseInt(q.get("max-keys"))));
            } catch (NumberFormatException e) {
                throw new S3Error(400, "InvalidArgument", "Provided max-keys not an integer or within integer range");
            }
        }
        String token = q.get("continuation-token");
        String after;
        if (v2) {
            after = token != null ? decodeToken(token) : q.get("start-after");
        } else {
            after = q.get("marker");
        }
        // Walk the keys, folding those with a delimiter after the prefix into common prefixes.
        List<ObjectStore.ObjectInfo> contents = new ArrayList<>();
        TreeSet<String> commonPrefixes = new TreeSet<>();
        boolean truncated = false;
        String last = null;
        String cursor = after;
        outer:
        while (true) {
            List<ObjectStore.ObjectInfo> batch = store.list(bucket, prefix, cursor, 1000);
            if (batch.isEmpty()) {
                break;
            }
            for (ObjectStore.ObjectInfo info : batch) {
                String k = info.key();
                cursor = k;
                String cp = null;
                if (!delimiter.isEmpty()) {
                    int i = k.indexOf(delimiter, prefix.length());
                    if (i >= 0) {
                        cp = k.substring(0, i + delimiter.length());
                    }
                }
                if (cp != null && commonPrefixes.contains(cp)) {
                    last = k;
                    continue;
                }
                if (contents.size() + commonPrefixes.size() >= maxKeys) {
                    truncated = true;
                    break outer;
                }
                if (cp != null) {
                    commonPrefixes.add(cp);
                } else {
                    contents.add(info);
                }
                last = k;
            }
            if (batch.size() < 1000) {
                break;
            }
        }
        StringBuilder sb = new StringBuilder("<ListBucketResult xmlns=\"" + NS + "\">");
        sb.append("<Name>").append(esc(bucket)).append("</Name>");
        sb.append("<Prefix>").append(esc(enc(prefix, urlEncode))).append("</Prefix>");
        if (v2) {
            if (token != null) {
                sb.append("<ContinuationToken>").append(esc(token)).append("</ContinuationToken>");
            }
            if (q.containsKey("start-after")) {
                sb.append("<StartAfter>")
                        .append(esc(enc(q.get("start-after"), urlEncode)))
                        .append("</StartAfter>");
            }
            sb.append("<KeyCount>")
                    .append(contents.size() + commonPrefixes.size())
                    .append("</KeyCount>");
        } else {
            sb.append("<Marker>")
                    .append(esc(enc(after == null ? "" : after, urlEncode)))
                    .append("</Marker>");
        }
        sb.append("<MaxKeys>").append(maxKeys).append("</MaxKeys>");
        if (!delimiter.isEmpty()) {
            sb.append("<Delimiter>").append(esc(enc(delimiter, urlEncode))).append("</Delimiter>");
        }
        if (urlEncode) {
            sb.append("<EncodingType>url</EncodingType>");
        }
        sb.append("<IsTruncated>").append(truncated).append("</IsTruncated>");
        if (truncated && last != null) {
            if (v2) {
                sb.append("<NextContinuationToken>").append(encodeToken(last)).append("</NextContinuationToken>");
            } else {
                sb.append("<NextMarker>").append(esc(enc(last, urlEncode))).append("</NextMarker>");
            }
        }
        for (ObjectStore.ObjectInfo info : contents) {
            sb.append("<Contents><Key>")
                    .append(esc(enc(info.key(), urlEncode)))
                    .append("</Key><LastModified>")
                    .append(ISO_MILLIS.format(info.lastModified()))
                    .append("</LastModified><ETag>&quot;")
                    .append(info.etag())
                    .append("&quot;</ETag><Size>")
                    .append(info.size())
                    .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }
        for (String cp : commonPrefixes) {
            sb.append("<CommonPrefixes><Prefix>")
                    .append(esc(enc(cp, urlEncode)))
                    .append("</Prefix></CommonPrefixes>");
        }
        sb.append("</ListBucketResult>");
        return ex.respond(200, xml(sb.toString()));
    }

    private HttpResponse getObject(Exchange ex, String bucket, String key, boolean head) {
        body(ex);
        requireBucket(bucket);
        Optional<ObjectStore.ObjectInfo> info = store.stat(bucket, key);
        Optional<byte[]> data = head ? Optional.empty() : store.get(bucket, key);
        if (info.isEmpty() || (!head && data.isEmpty())) {
            if (head) {
                return ex.respond(404, null);
            }
            throw new S3Error(404, "NoSuchKey", "The specified key does not exist.", key);
        }
        long size = info.get().size();
        ex.set("ETag", quote(info.get().etag()));
        ex.set("Last-Modified", HTTP_DATE.format(info.get().lastModified().truncatedTo(ChronoUnit.SECONDS)));
        ex.set("Accept-Ranges", "bytes");
        String range = ex.header("Range");
        long start = 0;
        long end = size - 1;
        int status = 200;
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                if (m.group(1).isEmpty()) {
                    long suffix = Long.parseLong(m.group(2));
                    start = Math.max(0, size - suffix);
                } else {
                    start = Long.parseLong(m.group(1));
                    if (!m.group(2).isEmpty()) {
                        end = Math.min(end, Long.parseLong(m.group(2)));
                    }
                }
                if (start >= size || start > end) {
                    ex.set("Content-Range", "bytes */" + size);
                    throw new S3Error(416, "InvalidRange", "The requested range is not satisfiable", key);
                }
                status = 206;
                ex.set("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
        }
        long length = size == 0 ? 0 : end - start + 1;
        ObjectStore.ObjectMeta meta = store.meta(bucket, key).orElse(ObjectStore.ObjectMeta.NONE);
        ex.set("Content-Type", meta.contentType() == null ? "binary/octet-stream" : meta.contentType());
        meta.userMetadata().forEach((name, value) -> ex.set(USER_META + name, value));
        HttpResponse r;
        if (head) {
            r = ex.respond(status, null).headLength(length);
        } else {
            byte[] bytes = data.get();
            if (start == 0 && length == bytes.length) {
                r = ex.respond(status, bytes);
            } else {
                byte[] slice = new byte[(int) length];
                System.arraycopy(bytes, (int) start, slice, 0, (int) length);
                r = ex.respond(status, slice);
            }
        }
        return r;
    }

    private HttpResponse copyObject(Exchange ex, String bucket, String key) {
        body(ex);
        String source = percentDecode(String.valueOf(ex.header("x-amz-copy-source")), false);
        int q = source.indexOf('?');
        if (q >= 0) {
            source = source.substring(0, q);
        }
        if (source.startsWith("/")) {
            source = source.substring(1);
        }
        int slash = source.indexOf('/');
        if (slash <= 0) {
            throw new S3Error(400, "InvalidArgument", "Copy Source must mention the source bucket and key");
        }
        String srcBucket = source.substring(0, slash);
        String srcKey = source.substring(slash + 1);
        requireBucket(srcBucket);
        byte[] data = store.get(srcBucket, srcKey)
                .orElseThrow(() -> new S3Error(404, "NoSuchKey", "The specified key does not exist.", srcKey));
        ObjectStore.ObjectMeta meta = "REPLACE".equalsIgnoreCase(ex.header("x-amz-metadata-directive"))
                ? requestMeta(ex)
                : store.meta(srcBucket, srcKey)
                        .orElse(ObjectStore.ObjectMeta.NONE)
                        .withEtag(null);
        store.put(bucket, key, data, meta);
        return ex.respond(
                200,
                xml("<CopyObjectResult><LastModified>" + ISO_MILLIS.format(clock.instant())
                        + "</LastModified><ETag>&quot;" + ObjectStore.md5Hex(data)
                        + "&quot;</ETag></CopyObjectResult>"));
    }

    private HttpResponse deleteObjects(Exchange ex, String bucket) {
        XmlElement delete = parseXml(body(ex), "Delete");
        boolean quiet = "true".equalsIgnoreCase(delete.childText("Quiet").trim());
        StringBuilder sb = new StringBuilder("<DeleteResult xmlns=\"" + NS + "\">");
        for (XmlElement object : delete.children("Object")) {
            XmlElement keyElement = object.child("Key");
            if (keyElement == null) {
                throw malformedXml();
            }
            String k = keyElement.text;
            store.delete(bucket, k);
            if (!quiet) {
                sb.append("<Deleted><Key>").append(esc(k)).append("</Key></Deleted>");
            }
        }
        sb.append("</DeleteResult>");
        return ex.respond(200, xml(sb.toString()));
    }

    private HttpResponse uploadPart(
            Exchange ex, String bucket, String key, String uploadId, @Nullable String partNumber) {
        byte[] data = objectData(ex);
        Upload upload = uploads.get(uploadId);
        if (upload == null || !upload.bucket.equals(bucket) || !upload.key.equals(key)) {
            throw noSuchUpload(uploadId);
        }
        int n;
        try {
            n = Integer.parseInt(partNumber == null ? "" : partNumber);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 10000) {
            throw new S3Error(400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
        }
        upload.parts.put(n, data);
        ex.set("ETag", quote(ObjectStore.md5Hex(data)));
        return ex.respond(200, null);
    }

    private HttpResponse completeUpload(Exchange ex, String bucket, String key, String uploadId) {
        byte[] body = body(ex);
        Upload upload = uploads.get(uploadId);
        if (upload == null || !upload.bucket.equals(bucket) || !upload.key.equals(key)) {
            throw noSuchUpload(uploadId);
        }
        List<Integer> numbers = new ArrayList<>();
        List<String> etags = new ArrayList<>();
        if (body.length > 0) {
            for (XmlElement part : parseXml(body, "CompleteMultipartUpload").children("Part")) {
                String number = part.childText("PartNumber").trim();
                try {
                    numbers.add(Integer.parseInt(number));
                } catch (NumberFormatException e) {
                    throw malformedXml();
                }
                etags.add(part.childText("ETag").trim());
            }
        }
        if (numbers.isEmpty()) {
            numbers.addAll(upload.parts.keySet());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream partDigests = new ByteArrayOutputStream();
        int previous = 0;
        for (int i = 0; i < numbers.size(); i++) {
            int n = numbers.get(i);
            byte[] part = upload.parts.get(n);
            String etag = i < etags.size() ? etags.get(i).replace("\"", "") : "";
            if (part == null || (!etag.isEmpty() && !etag.equalsIgnoreCase(ObjectStore.md5Hex(part)))) {
                throw new S3Error(
                        400,
                        "InvalidPart",
                        "One or more of the specified parts could not be found. The part may not have been"
                                + " uploaded, or the specified entity tag may not match the part's entity tag.");
            }
            if (n <= previous) {
                throw new S3Error(400, "InvalidPartOrder", "The list of parts was not in ascending order.");
            }
            previous = n;
            out.writeBytes(part);
            partDigests.writeBytes(java.util.HexFormat.of().parseHex(ObjectStore.md5Hex(part)));
        }
        byte[] data = out.toByteArray();
        // As S3: the MD5 of the parts' binary MD5s, then a dash and the number of parts.
        String etag = ObjectStore.md5Hex(partDigests.toByteArray()) + "-" + numbers.size();
        store.put(bucket, key, data, upload.meta.withEtag(etag));
        uploads.remove(uploadId);
        return ex.respond(
                200,
                xml("<CompleteMultipartUploadResult xmlns=\"" + NS + "\"><Location>"
                        + esc(endpoint + "/" + bucket + "/" + key) + "</Location><Bucket>" + esc(bucket)
                        + "</Bucket><Key>" + esc(key)
                        + "</Key><ETag>&quot;" + etag
                        + "&quot;</ETag></CompleteMultipartUploadResult>"));
    }

    // -------------------------------------------------------------------------------------------------- helpers

    /**
     * The bucket of a virtual-hosted-style request ({@code Host: my-bucket.localhost:port}), as some clients send
     * when the endpoint is {@code http://localhost:port}; null for path-style requests.
     */
    static @Nullable String virtualHostBucket(@Nullable String hostHeader) {
        if (hostHeader == null || hostHeader.startsWith("[")) {
            return null;
        }
        int colon = hostHeader.lastIndexOf(':');
        String host = (colon >= 0 ? hostHeader.substring(0, colon) : hostHeader).toLowerCase(Locale.ROOT);
        String suffix = ".localhost";
        if (host.endsWith(suffix) && host.length() > suffix.length()) {
            return host.substring(0, host.length() - suffix.length());
        }
        return null;
    }

    private void requireBucket(String bucket) {
        if (!store.bucketExists(bucket)) {
            throw new S3Error(404, "NoSuchBucket", "The specified bucket does not exist", bucket);
        }
    }

    private static S3Error noSuchUpload(String uploadId) {
        return new S3Error(
                404,
                "NoSuchUpload",
                "The specified upload does not exist. The upload ID may be invalid, or the upload may have been"
                        + " aborted or completed.",
                uploadId);
    }

    private static S3Error notImplemented() {
        return new S3Error(
                501, "NotImplemented", "A header or query you provided implies functionality that is not implemented.");
    }

    private static S3Error malformedXml() {
        return new S3Error(
                400,
                "MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema");
    }

    /** The request body, with {@code aws-chunked} framing decoded (and its signatures checked when signed). */
    private byte[] body(Exchange ex) {
        return decodedBody(ex, null);
    }

    /** The body of PutObject or UploadPart: decoded, then its MD5 and checksums (header or trailer) checked. */
    private byte[] objectData(Exchange ex) {
        List<String> trailers = new ArrayList<>();
        byte[] data = decodedBody(ex, trailers);
        String md5 = ex.header("Content-MD5");
        if (md5 != null && !md5.trim().equals(base64(digest("MD5", data)))) {
            throw new S3Error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
        }
        Map<String, String> sums = new HashMap<>();
        for (String t : trailers) {
            int colon = t.indexOf(':');
            if (colon > 0) {
                sums.put(
                        t.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        t.substring(colon + 1).trim());
            }
        }
        for (String algorithm : List.of("crc32", "crc32c", "sha1", "sha256")) {
            String name = "x-amz-checksum-" + algorithm;
            String sent = sums.containsKey(name) ? sums.get(name) : ex.header(name);
            if (sent != null && !sent.trim().equals(checksum(algorithm, data))) {
                throw new S3Error(
                        400,
                        "BadDigest",
                        "The " + algorithm.toUpperCase(Locale.ROOT) + " you specified did not match the calculated"
                                + " checksum.");
            }
        }
        return data;
    }

    private byte[] decodedBody(Exchange ex, @Nullable List<String> trailersOut) {
        byte[] raw = ex.request.body();
        String encoding = ex.header("Content-Encoding");
        String sha = ex.header("x-amz-content-sha256");
        boolean chunked = (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("aws-chunked"))
                || (sha != null && sha.startsWith("STREAMING-"));
        if (!chunked) {
            return raw;
        }
        SigV4.Verified v = ex.verified;
        SigV4.ChunkChain chain = v != null && v.signedChunks() ? v.chunks() : null;
        byte[] data;
        try {
            data = decodeAwsChunked(raw, chain, v != null && v.signedTrailer(), trailersOut);
        } catch (SigV4.Rejection e) {
            throw authError(e);
        }
        String decodedLength = ex.header("x-amz-decoded-content-length");
        if (decodedLength != null && !decodedLength.trim().equals(Integer.toString(data.length))) {
            throw new S3Error(
                    400,
                    "IncompleteBody",
                    "You did not provide the number of bytes specified by the x-amz-decoded-content-length header");
        }
        return data;
    }

    /**
     * Decodes an {@code aws-chunked} body without checking signatures: {@code hex-size[;chunk-signature=...]\r\n
     * data \r\n} repeated, ended by a zero-size chunk and optional trailer lines.
     */
    static byte[] decodeAwsChunked(byte[] raw) {
        return decodeAwsChunked(raw, null, false, null);
    }

    /**
     * Decodes an {@code aws-chunked} body, checking each chunk's signature with {@code chain} (when not null) and the
     * trailer's signature when {@code signedTrailer}; trailer lines other than the signature go to
     * {@code trailersOut}.
     */
    static byte[] decodeAwsChunked(
            byte[] raw, SigV4.@Nullable ChunkChain chain, boolean signedTrailer, @Nullable List<String> trailersOut) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int pos = 0;
        boolean last = false;
        while (pos < raw.length && !last) {
            int lineEnd = indexOfCrlf(raw, pos);
            if (lineEnd < 0) {
                throw new S3Error(400, "IncompleteBody", "The request body terminated unexpectedly");
            }
            String header = new String(raw, pos, lineEnd - pos, StandardCharsets.US_ASCII);
            int semi = header.indexOf(';');
            String hex = (semi >= 0 ? header.substring(0, semi) : header).trim();
            String signature = null;
            if (semi >= 0) {
                for (String ext : header.substring(semi + 1).split(";")) {
                    String e = ext.trim();
                    if (e.startsWith("chunk-signature=")) {
                        signature = e.substring("chunk-signature=".length());
                    }
                }
            }
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new S3Error(400, "InvalidRequest", "Malformed aws-chunked body: bad chunk size '" + hex + "'");
            }
            pos = lineEnd + 2;
            if (size < 0 || pos + size > raw.length) {
                throw new S3Error(400, "IncompleteBody", "The request body terminated unexpectedly");
            }
            if (chain != null) {
                chain.chunk(signature, raw, pos, size);
            }
            if (size == 0) {
                last = true;
                break;
            }
            out.write(raw, pos, size);
            pos += size;
            if (pos + 1 < raw.length && raw[pos] == '\r' && raw[pos + 1] == '\n') {
                pos += 2;
            }
        }
        if (!last && chain != null) {
            throw new S3Error(400, "IncompleteBody", "The request body terminated unexpectedly");
        }
        // Trailer lines, then an empty line.
        List<String> trailers = new ArrayList<>();
        String trailerSignature = null;
        while (pos < raw.length) {
            int lineEnd = indexOfCrlf(raw, pos);
            int end = lineEnd < 0 ? raw.length : lineEnd;
            String line = new String(raw, pos, end - pos, StandardCharsets.US_ASCII);
            pos = lineEnd < 0 ? raw.length : lineEnd + 2;
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new S3Error(400, "InvalidRequest", "Malformed aws-chunked trailer: '" + line + "'");
            }
            if (line.substring(0, colon).trim().equalsIgnoreCase("x-amz-trailer-signature")) {
                trailerSignature = line.substring(colon + 1).trim();
            } else {
                trailers.add(line);
            }
        }
        if (chain != null && signedTrailer) {
            chain.trailer(trailerSignature, trailers);
        }
        if (trailersOut != null) {
            trailersOut.addAll(trailers);
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** S3's checksum value of {@code data}: base64 of the big-endian CRC or of the digest. */
    static String checksum(String algorithm, byte[] data) {
        return switch (algorithm) {
            case "crc32" -> crc(new CRC32(), data);
            case "crc32c" -> crc(new CRC32C(), data);
            case "sha1" -> base64(digest("SHA-1", data));
            case "sha256" -> base64(digest("SHA-256", data));
            default -> throw new IllegalArgumentException(algorithm);
        };
    }

    private static String crc(Checksum c, byte[] data) {
        c.update(data, 0, data.length);
        long v = c.getValue();
        return base64(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /** S3's error for a refused signature, with the facts S3 puts in its error body. */
    private S3Error authError(SigV4.Rejection e) {
        String malformed = "The authorization header is malformed; ";
        boolean presigned = "true".equals(e.detail("presigned"));
        S3Error err = switch (e.problem()) {
            case MISSING -> new S3Error(403, "AccessDenied", "Access Denied");
            case UNSUPPORTED_ALGORITHM ->
                new S3Error(
                        400,
                        "InvalidRequest",
                        "The authorization mechanism you have provided is not supported. Please use"
                                + " AWS4-HMAC-SHA256.");
            case MALFORMED ->
                presigned
                        ? new S3Error(400, "AuthorizationQueryParametersError", e.getMessage())
                        : new S3Error(400, "AuthorizationHeaderMalformed", malformed + e.getMessage());
            case UNKNOWN_KEY ->
                new S3Error(
                                403,
                                "InvalidAccessKeyId",
                                "The AWS Access Key Id you provided does not exist in our records.")
                        .with("AWSAccessKeyId", e.detail("accessKeyId"));
            case BAD_DATE ->
                new S3Error(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header");
            case SKEWED ->
                new S3Error(
                                403,
                                "RequestTimeTooSkewed",
                                "The difference between the request time and the current time is too large.")
                        .with("RequestTime", e.detail("requestTime"))
                        .with("ServerTime", e.detail("serverTime"))
                        .with("MaxAllowedSkewMilliseconds", e.detail("maxSkewMillis"));
            case EXPIRED ->
                new S3Error(403, "AccessDenied", "Request has expired")
                        .with("X-Amz-Expires", e.detail("expires"))
                        .with("Expires", e.detail("expiresAt"))
                        .with("ServerTime", e.detail("serverTime"));
            case SCOPE_DATE ->
                new S3Error(
                        400,
                        "AuthorizationHeaderMalformed",
                        malformed + "Invalid credential date \"" + e.detail("scopeDate")
                                + "\". This date is not the same as X-Amz-Date: \""
                                + e.detail("requestTime")
                                        .substring(
                                                0,
                                                Math.min(
                                                        8,
                                                        e.detail("requestTime").length()))
                                + "\".");
            case WRONG_REGION ->
                new S3Error(
                                400,
                                "AuthorizationHeaderMalformed",
                                malformed + "the region '" + e.detail("requestRegion") + "' is wrong; expecting '"
                                        + e.detail("region") + "'")
                        .with("Region", e.detail("region"));
            case WRONG_SERVICE ->
                new S3Error(
                        400,
                        "AuthorizationHeaderMalformed",
                        malformed + "incorrect service \"" + e.detail("requestService")
                                + "\". This endpoint belongs to \"s3\".");
            case BAD_TERMINATOR ->
                new S3Error(
                        400,
                        "AuthorizationHeaderMalformed",
                        malformed + "incorrect terminal \"" + e.detail("terminator")
                                + "\". This endpoint uses \"aws4_request\".");
            case BAD_CONTENT_SHA256 -> new S3Error(400, "InvalidArgument", e.getMessage());
            case PAYLOAD_HASH_MISMATCH ->
                new S3Error(400, "XAmzContentSHA256Mismatch", e.getMessage())
                        .with("ClientComputedContentSHA256", e.detail("clientSha256"))
                        .with("S3ComputedContentSHA256", e.detail("computedSha256"));
            case SIGNATURE_MISMATCH, CHUNK_SIGNATURE_MISMATCH ->
                new S3Error(
                                403,
                                "SignatureDoesNotMatch",
                                "The request signature we calculated does not match the signature you provided."
                                        + " Check your key and signing method.")
                        .with("AWSAccessKeyId", e.detail("accessKeyId"))
                        .with("StringToSign", e.detail("stringToSign"))
                        .with("SignatureProvided", e.detail("signatureProvided"))
                        .with("CanonicalRequest", e.detail("canonicalRequest"));
        };
        return err;
    }

    private HttpResponse errorResponse(Exchange ex, S3Error e) {
        StringBuilder sb = new StringBuilder("<Error><Code>").append(e.code).append("</Code><Message>");
        sb.append(esc(e.getMessage() == null ? e.code : e.getMessage())).append("</Message>");
        if (e.resource != null) {
            String tag = switch (e.code) {
                case "NoSuchBucket", "BucketNotEmpty", "BucketAlreadyOwnedByYou" -> "BucketName";
                case "NoSuchUpload" -> "UploadId";
                default -> "Key";
            };
            sb.append('<')
                    .append(tag)
                    .append('>')
                    .append(esc(e.resource))
                    .append("</")
                    .append(tag)
                    .append('>');
        }
        for (String[] extra : e.extra) {
            if (!extra[1].isEmpty()) {
                sb.append('<')
                        .append(extra[0])
                        .append('>')
                        .append(esc(extra[1]))
                        .append("</")
                        .append(extra[0])
                        .append('>');
            }
        }
        sb.append("<RequestId>").append(ex.requestId).append("</RequestId></Error>");
        return ex.respond(e.status, (XML_HEADER + sb).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] xml(String body) {
        return (XML_HEADER + body).getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String etag) {
        return "\"" + etag + "\"";
    }

    // ------------------------------------------------------------------------------------------------------ XML

    /** One element of a parsed request body: its local name, its text and its child elements. */
    static final class XmlElement {
        final String name;
        final String text;
        final List<XmlElement> children;

        XmlElement(String name, String text, List<XmlElement> children) {
            this.name = name;
            this.text = text;
            this.children = children;
        }

        List<XmlElement> children(String childName) {
            List<XmlElement> out = new ArrayList<>();
            for (XmlElement c : children) {
                if (c.name.equals(childName)) {
                    out.add(c);
                }
            }
            return out;
        }

        @Nullable
        XmlElement child(String childName) {
            for (XmlElement c : children) {
                if (c.name.equals(childName)) {
                    return c;
                }
            }
            return null;
        }

        String childText(String childName) {
            XmlElement c = child(childName);
            return c == null ? "" : c.text;
        }
    }

    /**
     * Parses a request body with StAX (the JDK's own parser, DTDs and external entities off) into elements by local
     * name; the root must be {@code rootName}.
     *
     * @throws S3Error {@code MalformedXML} when it is not well-formed, has a DTD, or has another root
     */
    static XmlElement parseXml(byte[] body, String rootName) {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        XMLStreamReader r = null;
        try {
            r = f.createXMLStreamReader(new ByteArrayInputStream(body));
            List<String> names = new ArrayList<>();
            List<StringBuilder> texts = new ArrayList<>();
            List<List<XmlElement>> kids = new ArrayList<>();
            XmlElement root = null;
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE -> throw malformedXml();
                    case XMLStreamConstants.START_ELEMENT -> {
                        names.add(r.getLocalName());
                        texts.add(new StringBuilder());
                        kids.add(new ArrayList<>());
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!texts.isEmpty()) {
                            texts.get(texts.size() - 1).append(r.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        int last = names.size() - 1;
                        XmlElement e = new XmlElement(
                                names.remove(last), texts.remove(last).toString(), kids.remove(last));
                        if (kids.isEmpty()) {
                            root = e;
                        } else {
                            kids.get(kids.size() - 1).add(e);
                        }
                    }
                    default -> {
                        // comments, processing instructions, document start and end
                    }
                }
            }
            if (root == null || !root.name.equals(rootName)) {
                throw malformedXml();
            }
            return root;
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof S3Error s3Error) {
                throw s3Error;
            }
            throw malformedXml();
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held
                }
            }
        }
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\r' -> sb.append("&#13;");
                case '\n' -> sb.append("&#10;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** URL-encodes like S3 does for {@code encoding-type=url} (keeps unreserved characters and '/'). */
    private static String enc(String s, boolean urlEncode) {
        if (!urlEncode) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~'
                    || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static String encodeToken(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new S3Error(400, "InvalidArgument", "The continuation token provided is incorrect");
        }
    }

    static Map<String, String> parseQuery(@Nullable String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = percentDecode(eq < 0 ? pair : pair.substring(0, eq), true);
            String v = eq < 0 ? "" : percentDecode(pair.substring(eq + 1), true);
            q.putIfAbsent(k, v);
        }
        return q;
    }

    static String percentDecode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
            return s;
        }
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out[n++] = ' ';
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (n + enc.length > out.length) {
                    out = java.util.Arrays.copyOf(out, out.length * 2 + enc.length);
                }
                System.arraycopy(enc, 0, out, n, enc.length);
                n += enc.length;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * The Content-Type and {@code x-amz-meta-*} headers of a PutObject, CreateMultipartUpload or replacing
     * CopyObject request, as S3 stores them with the object.
     */
    private static ObjectStore.ObjectMeta requestMeta(Exchange ex) {
        Map<String, String> user = new java.util.LinkedHashMap<>();
        for (String name : ex.request.headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(USER_META) && lower.length() > USER_META.length()) {
                user.putIfAbsent(lower.substring(USER_META.length()), String.valueOf(ex.header(name)));
            }
        }
        return new ObjectStore.ObjectMeta(ex.header("Content-Type"), user, null);
    }

    /** A multipart upload in progress. */
    private static final class Upload {
        final String bucket;
        final String key;
        final ObjectStore.ObjectMeta meta;
        final Map<Integer, byte[]> parts = new java.util.concurrent.ConcurrentSkipListMap<>();

        Upload(String bucket, String key, ObjectStore.ObjectMeta meta) {
            this.bucket = bucket;
            this.key = key;
            this.meta = meta;
        }
    }

    /** An S3 error response. */
    static final class S3Error extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;
        final transient @Nullable String resource;
        final transient List<String[]> extra = new ArrayList<>(2);

        S3Error(int status, String code, String message) {
            this(status, code, message, null);
        }

        S3Error(int status, String code, String message, @Nullable String resource) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.resource = resource;
        }

        /** Adds an element to the error body, as S3 does for some codes. */
        S3Error with(String element, String value) {
            extra.add(new String[] {element, value});
            return this;
        }
    }
}
