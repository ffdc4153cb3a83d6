package io.personalizekit.local.internal.data;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small path-style S3 endpoint over an {@link ObjectStore}, enough for the AWS SDK v2 {@code S3Client}, the
 * AWS CLI ({@code aws s3 mb/cp/ls/rm}) and boto3.
 *
 * <p>Requests are path-style ({@code /bucket/key}); virtual-hosted-style requests are understood when the
 * {@code Host} is {@code <bucket>.localhost[:port]}. Supported: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, PutObject (plain bodies and
 * {@code aws-chunked} streaming bodies, signed or unsigned, with or without trailers; chunk signatures and
 * checksums are not verified), CopyObject, GetObject (with {@code Range}), HeadObject, DeleteObject,
 * DeleteObjects, ListObjects (v1) and ListObjectsV2 (prefix, delimiter, max-keys, continuation, start-after,
 * {@code encoding-type=url}), and multipart uploads (create, upload part, complete, abort, list parts is not
 * supported). Authentication is not checked. ETags are the MD5 of the whole content in quotes, also for
 * multipart objects.
 *
 * <p>Thread-safe. The server runs on a small fixed thread pool of daemon threads; {@link #close()} stops it.
 * Multipart uploads in progress live in memory and are lost on close.
 */
public final class S3Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);
    private static final String XML_HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern PART =
            Pattern.compile("<Part>.*?<PartNumber>\\s*(\\d+)\\s*</PartNumber>.*?</Part>", Pattern.DOTALL);
    private static final Pattern KEY = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final int THREADS = 4;

    private final ObjectStore store;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    private S3Server(ObjectStore store, HttpServer server, ExecutorService executor) {
        this.store = store;
        this.server = server;
        this.executor = executor;
        InetSocketAddress addr = server.getAddress();
        String host = addr.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        this.endpoint = URI.create("http://" + host + ":" + addr.getPort());
    }

    /**
     * Starts a server.
     *
     * @param store the objects to serve
     * @param host the address to bind, for example {@code 127.0.0.1}
     * @param port the port, or 0 for a free port
     * @return the running server
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static S3Server start(ObjectStore store, String host, int port) {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, new DaemonThreads());
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
            server.setExecutor(executor);
            S3Server s3 = new S3Server(store, server, executor);
            server.createContext("/", s3::handle);
            server.start();
            LOG.debug("S3 endpoint listening on {}", s3.endpoint);
            return s3;
        } catch (IOException e) {
            executor.shutdownNow();
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
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------------ dispatch

    private void handle(HttpExchange ex) throws IOException {
        String requestId =
                UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
        ex.getResponseHeaders().set("x-amz-request-id", requestId);
        ex.getResponseHeaders().set("x-amz-id-2", requestId);
        try {
            dispatch(ex);
        } catch (S3Error e) {
            sendError(ex, e.status, e.code, e.getMessage(), e.resource);
        } catch (RuntimeException | IOException e) {
            LOG.debug("S3 request {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
            sendError(ex, 500, "InternalError", "We encountered an internal error. Please try again.", null);
        } finally {
            ex.close();
        }
    }

    private void dispatch(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = percentDecode(ex.getRequestURI().getRawPath(), false);
        Map<String, String> q = parseQuery(ex.getRequestURI().getRawQuery());
        String rest = path.startsWith("/") ? path.substring(1) : path;
        String virtualBucket = virtualHostBucket(ex.getRequestHeaders().getFirst("Host"));
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
                listBuckets(ex);
                return;
            }
            throw new S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
        }
        if (key.isEmpty()) {
            bucketOperation(ex, method, bucket, q);
        } else {
            objectOperation(ex, method, bucket, key, q);
        }
    }

    private void bucketOperation(HttpExchange ex, String method, String bucket, Map<String, String> q)
            throws IOException {
        switch (method) {
            case "PUT" -> {
                readBody(ex);
                if (!store.createBucket(bucket)) {
                    throw new S3Error(
                            409,
                            "BucketAlreadyOwnedByYou",
                            "Your previous request to create the named bucket succeeded and you already own it.",
                            bucket);
                }
                ex.getResponseHeaders().set("Location", "/" + bucket);
                send(ex, 200, null);
            }
            case "HEAD" -> {
                requireBucket(bucket);
                ex.getResponseHeaders().set("x-amz-bucket-region", "us-east-1");
                send(ex, 200, null);
            }
            case "DELETE" -> {
                requireBucket(bucket);
                try {
                    store.deleteBucket(bucket);
                } catch (IllegalStateException e) {
                    throw new S3Error(409, "BucketNotEmpty", "The bucket you tried to delete is not empty", bucket);
                }
                send(ex, 204, null);
            }
            case "GET" -> {
                requireBucket(bucket);
                if (q.containsKey("location")) {
                    send(ex, 200, xml("<LocationConstraint xmlns=\"" + NS + "\"/>"));
                } else if ("2".equals(q.get("list-type"))) {
                    listObjects(ex, bucket, q, true);
                } else if (q.containsKey("versioning")) {
                    send(ex, 200, xml("<VersioningConfiguration xmlns=\"" + NS + "\"/>"));
                } else {
                    listObjects(ex, bucket, q, false);
                }
            }
            case "POST" -> {
                requireBucket(bucket);
                if (!q.containsKey("delete")) {
                    throw notImplemented();
                }
                deleteObjects(ex, bucket);
            }
            default ->
                throw new S3Error(
                        405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
        }
    }

    private void objectOperation(HttpExchange ex, String method, String bucket, String key, Map<String, String> q)
            throws IOException {
        switch (method) {
            case "PUT" -> {
                requireBucket(bucket);
                String uploadId = q.get("uploadId");
                if (uploadId != null) {
                    uploadPart(ex, bucket, key, uploadId, q.get("partNumber"));
                } else if (ex.getRequestHeaders().getFirst("x-amz-copy-source") != null) {
                    copyObject(ex, bucket, key);
                } else {
                    byte[] data = readBody(ex);
                    store.put(bucket, key, data);
                    ex.getResponseHeaders().set("ETag", quote(ObjectStore.md5Hex(data)));
                    send(ex, 200, null);
                }
            }
            case "GET", "HEAD" -> getObject(ex, bucket, key, method.equals("HEAD"));
            case "DELETE" -> {
                requireBucket(bucket);
                String uploadId = q.get("uploadId");
                if (uploadId != null) {
                    readBody(ex);
                    if (uploads.remove(uploadId) == null) {
                        throw noSuchUpload(uploadId);
                    }
                } else {
                    store.delete(bucket, key);
                }
                send(ex, 204, null);
            }
            case "POST" -> {
                requireBucket(bucket);
                if (q.containsKey("uploads")) {
                    readBody(ex);
                    String uploadId = UUID.randomUUID().toString();
                    uploads.put(uploadId, new Upload(bucket, key));
                    send(
                            ex,
                            200,
                            xml("<InitiateMultipartUploadResult xmlns=\"" + NS + "\"><Bucket>" + esc(bucket)
                                    + "</Bucket><Key>" + esc(key) + "</Key><UploadId>" + uploadId
                                    + "</UploadId></InitiateMultipartUploadResult>"));
                } else if (q.containsKey("uploadId")) {
                    completeUpload(ex, bucket, key, q.get("uploadId"));
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

    private void listBuckets(HttpExchange ex) throws IOException {
        readBody(ex);
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
        send(ex, 200, xml(sb.toString()));
    }

    private void listObjects(HttpExchange ex, String bucket, Map<String, String> q, boolean v2) throws IOException {
        readBody(ex);
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
        String root = v2 ? "ListBucketResult" : "ListBucketResult";
        StringBuilder sb = new StringBuilder("<" + root + " xmlns=\"" + NS + "\">");
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
        sb.append("</").append(root).append('>');
        send(ex, 200, xml(sb.toString()));
    }

    private void getObject(HttpExchange ex, String bucket, String key, boolean head) throws IOException {
        readBody(ex);
        requireBucket(bucket);
        Optional<ObjectStore.ObjectInfo> info = store.stat(bucket, key);
        Optional<byte[]> data = head ? Optional.empty() : store.get(bucket, key);
        if (info.isEmpty() || (!head && data.isEmpty())) {
            if (head) {
                send(ex, 404, null);
                return;
            }
            throw new S3Error(404, "NoSuchKey", "The specified key does not exist.", key);
        }
        long size = info.get().size();
        Headers h = ex.getResponseHeaders();
        h.set("ETag", quote(info.get().etag()));
        h.set("Last-Modified", HTTP_DATE.format(info.get().lastModified().truncatedTo(ChronoUnit.SECONDS)));
        h.set("Accept-Ranges", "bytes");
        h.set("Content-Type", "binary/octet-stream");
        String range = ex.getRequestHeaders().getFirst("Range");
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
                    h.set("Content-Range", "bytes */" + size);
                    throw new S3Error(416, "InvalidRange", "The requested range is not satisfiable", key);
                }
                status = 206;
                h.set("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
        }
        long length = size == 0 ? 0 : end - start + 1;
        if (head) {
            h.set("Content-Length", Long.toString(length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = data.get();
        if (start == 0 && length == bytes.length) {
            send(ex, status, bytes);
        } else {
            byte[] slice = new byte[(int) length];
            System.arraycopy(bytes, (int) start, slice, 0, (int) length);
            send(ex, status, slice);
        }
    }

    private void copyObject(HttpExchange ex, String bucket, String key) throws IOException {
        readBody(ex);
        String source = percentDecode(ex.getRequestHeaders().getFirst("x-amz-copy-source"), false);
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
        store.put(bucket, key, data);
        send(
                ex,
                200,
                xml("<CopyObjectResult><LastModified>" + ISO_MILLIS.format(Instant.now())
                        + "</LastModified><ETag>&quot;" + ObjectStore.md5Hex(data)
                        + "&quot;</ETag></CopyObjectResult>"));
    }

    private void deleteObjects(HttpExchange ex, String bucket) throws IOException {
        String body = new String(readBody(ex), StandardCharsets.UTF_8);
        boolean quiet = body.contains("<Quiet>true</Quiet>");
        StringBuilder sb = new StringBuilder("<DeleteResult xmlns=\"" + NS + "\">");
        Matcher m = KEY.matcher(body);
        while (m.find()) {
            String k = unesc(m.group(1));
            store.delete(bucket, k);
            if (!quiet) {
                sb.append("<Deleted><Key>").append(esc(k)).append("</Key></Deleted>");
            }
        }
        sb.append("</DeleteResult>");
        send(ex, 200, xml(sb.toString()));
    }

    private void uploadPart(HttpExchange ex, String bucket, String key, String uploadId, @Nullable String partNumber)
            throws IOException {
        byte[] data = readBody(ex);
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
        ex.getResponseHeaders().set("ETag", quote(ObjectStore.md5Hex(data)));
        send(ex, 200, null);
    }

    private void completeUpload(HttpExchange ex, String bucket, String key, String uploadId) throws IOException {
        String body = new String(readBody(ex), StandardCharsets.UTF_8);
        Upload upload = uploads.get(uploadId);
        if (upload == null || !upload.bucket.equals(bucket) || !upload.key.equals(key)) {
            throw noSuchUpload(uploadId);
        }
        List<Integer> numbers = new ArrayList<>();
        Matcher m = PART.matcher(body);
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group(1)));
        }
        if (numbers.isEmpty()) {
            numbers.addAll(upload.parts.keySet());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int previous = 0;
        for (int n : numbers) {
            byte[] part = upload.parts.get(n);
            if (part == null) {
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
            out.write(part);
        }
        byte[] data = out.toByteArray();
        store.put(bucket, key, data);
        uploads.remove(uploadId);
        send(
                ex,
                200,
                xml("<CompleteMultipartUploadResult xmlns=\"" + NS + "\"><Location>"
                        + esc(endpoint + "/" + bucket + "/" + key) + "</Location><Bucket>" + esc(bucket)
                        + "</Bucket><Key>" + esc(key)
                        + "</Key><ETag>&quot;" + ObjectStore.md5Hex(data)
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

    /** Reads the request body, decoding {@code aws-chunked} framing when the request uses it. */
    static byte[] readBody(HttpExchange ex) throws IOException {
        byte[] raw;
        try (InputStream in = ex.getRequestBody()) {
            raw = in.readAllBytes();
        }
        Headers h = ex.getRequestHeaders();
        String encoding = h.getFirst("Content-Encoding");
        String sha = h.getFirst("x-amz-content-sha256");
        boolean chunked = (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("aws-chunked"))
                || (sha != null && sha.startsWith("STREAMING-"));
        return chunked ? decodeAwsChunked(raw) : raw;
    }

    /**
     * Decodes an {@code aws-chunked} body: {@code hex-size[;chunk-signature=...]\r\n data \r\n} repeated, ended by
     * a zero-size chunk and optional trailer lines, which are ignored.
     */
    static byte[] decodeAwsChunked(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int pos = 0;
        while (pos < raw.length) {
            int lineEnd = indexOfCrlf(raw, pos);
            if (lineEnd < 0) {
                throw new S3Error(400, "IncompleteBody", "The request body terminated unexpectedly");
            }
            String header = new String(raw, pos, lineEnd - pos, StandardCharsets.US_ASCII);
            int semi = header.indexOf(';');
            String hex = (semi >= 0 ? header.substring(0, semi) : header).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new S3Error(400, "InvalidRequest", "Malformed aws-chunked body: bad chunk size '" + hex + "'");
            }
            pos = lineEnd + 2;
            if (size == 0) {
                break; // trailers follow; they carry checksums we do not verify
            }
            if (pos + size > raw.length) {
                throw new S3Error(400, "IncompleteBody", "The request body terminated unexpectedly");
            }
            out.write(raw, pos, size);
            pos += size;
            if (pos + 1 < raw.length && raw[pos] == '\r' && raw[pos + 1] == '\n') {
                pos += 2;
            }
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

    private static void send(HttpExchange ex, int status, byte @Nullable [] body) throws IOException {
        if (body == null || body.length == 0) {
            if (status != 204 && !ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
                ex.getResponseHeaders().set("Content-Length", "0");
            }
            ex.sendResponseHeaders(status, -1);
            return;
        }
        if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    private static void sendError(
            HttpExchange ex, int status, String code, @Nullable String message, @Nullable String resource) {
        try {
            ex.getRequestBody().readAllBytes();
        } catch (IOException ignored) {
            // the client may have gone already
        }
        String requestId = ex.getResponseHeaders().getFirst("x-amz-request-id");
        StringBuilder sb = new StringBuilder("<Error><Code>").append(code).append("</Code><Message>");
        sb.append(esc(message == null ? code : message)).append("</Message>");
        if (resource != null) {
            String tag = switch (code) {
                case "NoSuchBucket", "BucketNotEmpty", "BucketAlreadyOwnedByYou" -> "BucketName";
                case "NoSuchUpload" -> "UploadId";
                default -> "Key";
            };
            sb.append('<')
                    .append(tag)
                    .append('>')
                    .append(esc(resource))
                    .append("</")
                    .append(tag)
                    .append('>');
        }
        sb.append("<RequestId>").append(requestId).append("</RequestId></Error>");
        try {
            if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
                ex.sendResponseHeaders(status, -1);
            } else {
                ex.getResponseHeaders().set("Content-Type", "application/xml");
                byte[] body = (XML_HEADER + sb).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not send S3 error {} to the client", code, e);
        }
    }

    private static byte[] xml(String body) {
        return (XML_HEADER + body).getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String etag) {
        return "\"" + etag + "\"";
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

    private static String unesc(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = Pattern.compile("&(#x?[0-9a-fA-F]+|lt|gt|amp|quot|apos);").matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                default ->
                    e.startsWith("#x")
                            ? new String(Character.toChars(Integer.parseInt(e.substring(2), 16)))
                            : new String(Character.toChars(Integer.parseInt(e.substring(1))));
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(r));
        }
        m.appendTail(sb);
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

    /** A multipart upload in progress. */
    private static final class Upload {
        final String bucket;
        final String key;
        final Map<Integer, byte[]> parts = new java.util.concurrent.ConcurrentSkipListMap<>();

        Upload(String bucket, String key) {
            this.bucket = bucket;
            this.key = key;
        }
    }

    /** An S3 error response. */
    private static final class S3Error extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;
        final transient @Nullable String resource;

        S3Error(int status, String code, String message) {
            this(status, code, message, null);
        }

        S3Error(int status, String code, String message, @Nullable String resource) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.resource = resource;
        }
    }

    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "personalize-local-s3-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
