package io.personalizekit.local.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.local.internal.http.BlockingHttpServer;
import io.personalizekit.local.internal.http.HttpRequest;
import io.personalizekit.local.internal.http.HttpResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP listener: control plane on {@code POST /} routed by {@code X-Amz-Target}, runtime and events
 * routed by path, each answered in its protocol's wire format, with fault injection and optional SigV4 checks in
 * front.
 */
public final class LocalServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalServer.class);
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TARGET_PREFIX = "AmazonPersonalize.";
    private static final String AWS_JSON = "application/x-amz-json-1.1";
    private static final String REST_JSON = "application/json";
    private static final java.time.format.DateTimeFormatter HTTP_DATE =
            java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.withZone(java.time.ZoneOffset.UTC);

    /** Runtime and events operations, by path. */
    public interface RestApi {
        /**
         * @return the operation name for a path, or {@code null} when the path is not this API's
         */
        @Nullable
        String operationFor(String path);

        ObjectNode handle(String operation, ObjectNode body);
    }

    /** Connections served at once; keep-alive connections hold one each, so this is generous. */
    private static final int MAX_CONNECTIONS = 1024;
    /** Largest request body; the service's own limits are far lower. */
    private static final int MAX_BODY = 16 * 1024 * 1024;
    /** An idle keep-alive connection is closed after this long (longer than the SDK's 60 s idle eviction). */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private final BlockingHttpServer server;
    private final ControlPlane controlPlane;
    private final RestApi rest;
    private final Faults faults;
    private final @Nullable SigV4Verifier verifier;
    private final @Nullable Journal journal;

    private LocalServer(
            ControlPlane controlPlane,
            RestApi rest,
            Faults faults,
            @Nullable SigV4Verifier verifier,
            @Nullable Journal journal,
            String host,
            int port,
            int threads)
            throws IOException {
        this.controlPlane = controlPlane;
        this.rest = rest;
        this.faults = faults;
        this.verifier = verifier;
        this.journal = journal;
        this.server = BlockingHttpServer.start(
                host, port, this::handle, "personalize-local-http", MAX_CONNECTIONS, threads, MAX_BODY, IDLE_TIMEOUT);
    }

    /**
     * Starts the listener on {@code host:port} (0 = a free port). Each connection is served by its own thread;
     * at most {@code threads} requests are handled at once.
     */
    public static LocalServer start(
            String host,
            int port,
            int threads,
            ControlPlane controlPlane,
            RestApi rest,
            Faults faults,
            @Nullable SigV4Verifier verifier,
            @Nullable Journal journal)
            throws IOException {
        return new LocalServer(controlPlane, rest, faults, verifier, journal, host, port, threads);
    }

    /** @return {@code http://host:port} */
    public URI endpoint() {
        InetSocketAddress a = server.address();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    @Override
    public void close() {
        server.close();
    }

    private HttpResponse handle(HttpRequest request) {
        String requestId = requestId();
        String target = request.header("X-Amz-Target");
        String path = request.rawPath();
        boolean control = target != null || (path.equals("/") && "POST".equals(request.method()));
        String contentType = control ? AWS_JSON : REST_JSON;
        try {
            byte[] raw = request.body();
            String operation;
            if (control) {
                if (target == null || !target.startsWith(TARGET_PREFIX)) {
                    throw new ApiException(
                            "UnknownOperationException", 400, "Unknown operation " + (target == null ? "" : target));
                }
                operation = target.substring(TARGET_PREFIX.length());
            } else {
                String op = rest.operationFor(path);
                if (op == null || !"POST".equals(request.method())) {
                    throw new ApiException(
                            "UnknownOperationException", 404, "Unknown operation " + request.method() + " " + path);
                }
                operation = op;
            }
            if (verifier != null) {
                verifier.verify(request, raw);
            }
            faults.received(operation);
            if (!faults.isEmpty()) {
                ApiException injected = faults.apply(operation);
                if (injected != null) {
                    throw injected;
                }
            }
            ObjectNode body = parse(raw);
            java.time.Instant at = controlPlane.clock().instant();
            ObjectNode result;
            try {
                result = control ? controlPlane.handle(operation, body) : rest.handle(operation, body);
            } catch (ApiException e) {
                throw control ? e : e.forRest();
            }
            if (journal != null && Journal.isMutating(operation)) {
                journal.record(control, operation, createdAt(operation, result, at), body, result);
            }
            return send(200, contentType, requestId, json(result), null);
        } catch (ApiException e) {
            ObjectNode err = MAPPER.createObjectNode();
            err.put("__type", e.errorType());
            err.put("message", e.getMessage());
            HttpResponse r = send(e.httpStatus(), contentType, requestId, json(err), e.errorType());
            if (verifier != null && e.httpStatus() == 403) {
                // As the service: the SDKs correct their clock from it after a skew error.
                r.header("Date", HTTP_DATE.format(verifier.clock().instant()));
            }
            return r;
        } catch (RuntimeException e) {
            log.warn("Internal error handling {} {}", request.method(), path, e);
            ObjectNode err = MAPPER.createObjectNode();
            err.put("__type", "InternalFailure");
            err.put("message", "The request processing has failed because of an unknown error.");
            return send(500, contentType, requestId, json(err), "InternalFailure");
        }
    }

    /**
     * A request id in the service's UUID form. From {@link ThreadLocalRandom}: {@code UUID.randomUUID()} draws on
     * the shared SecureRandom, which the handler threads would contend on, and the ids need no secrecy.
     */
    static String requestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new java.util.UUID(hi, lo).toString();
    }

    private static byte[] json(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize a response", e);
        }
    }

    /** For a Create, the new resource's own creation time, so a replay reproduces its timestamps exactly. */
    private java.time.Instant createdAt(String operation, ObjectNode result, java.time.Instant fallback) {
        if (!operation.startsWith("Create")) {
            return fallback;
        }
        for (java.util.Map.Entry<String, JsonNode> m : result.properties()) {
            if (m.getKey().endsWith("Arn") && m.getValue().isTextual()) {
                return controlPlane
                        .anyResource(m.getValue().asText())
                        .map(r -> r.lifecycle.created())
                        .orElse(fallback);
            }
        }
        return fallback;
    }

    private static ObjectNode parse(byte[] raw) {
        if (raw.length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode n = MAPPER.readTree(raw);
            if (n == null || n.isMissingNode()) {
                return MAPPER.createObjectNode();
            }
            if (!n.isObject()) {
                // As the service's JSON protocols: a body that is not a structure does not deserialize.
                throw new ApiException(
                        "SerializationException",
                        400,
                        n.isArray()
                                ? "Start of list found where not expected"
                                : "Unexpected " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                                        + " value found where a structure was expected");
            }
            return (ObjectNode) n;
        } catch (JsonProcessingException e) {
            throw new ApiException(
                    "SerializationException", 400, "Start of structure or map found where not expected.");
        } catch (IOException e) {
            throw ApiException.invalidInput("Unreadable request body.");
        }
    }

    private static HttpResponse send(
            int status, String contentType, String requestId, byte[] body, @Nullable String errorType) {
        HttpResponse r = HttpResponse.of(status, body)
                .header("Content-Type", contentType)
                .header("x-amzn-RequestId", requestId);
        if (errorType != null) {
            r.header("x-amzn-ErrorType", errorType);
        }
        return r;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
