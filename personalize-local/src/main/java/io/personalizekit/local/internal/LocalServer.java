package io.personalizekit.local.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** Runtime and events operations, by path. */
    public interface RestApi {
        /**
         * @return the operation name for a path, or {@code null} when the path is not this API's
         */
        @Nullable
        String operationFor(String path);

        ObjectNode handle(String operation, ObjectNode body);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ControlPlane controlPlane;
    private final RestApi rest;
    private final Faults faults;
    private final @Nullable SigV4Verifier verifier;
    private final @Nullable Journal journal;

    private LocalServer(
            HttpServer server,
            ExecutorService executor,
            ControlPlane controlPlane,
            RestApi rest,
            Faults faults,
            @Nullable SigV4Verifier verifier,
            @Nullable Journal journal) {
        this.server = server;
        this.executor = executor;
        this.controlPlane = controlPlane;
        this.rest = rest;
        this.faults = faults;
        this.verifier = verifier;
        this.journal = journal;
    }

    /** Starts the listener on {@code host:port} (0 = a free port) with {@code threads} handler threads. */
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
        // Without it every keep-alive request waits ~40 ms for a delayed ACK (Nagle).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 256);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "personalize-local-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        LocalServer local = new LocalServer(server, executor, controlPlane, rest, faults, verifier, journal);
        server.createContext("/", local::handle);
        server.start();
        return local;
    }

    /** @return {@code http://host:port} */
    public URI endpoint() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        Headers req = exchange.getRequestHeaders();
        String target = req.getFirst("X-Amz-Target");
        String path = exchange.getRequestURI().getPath();
        boolean control = target != null || (path.equals("/") && "POST".equals(exchange.getRequestMethod()));
        String contentType = control ? AWS_JSON : REST_JSON;
        try {
            byte[] raw = readAll(exchange.getRequestBody());
            String operation;
            if (control) {
                if (target == null || !target.startsWith(TARGET_PREFIX)) {
                    throw new ApiException(
                            "UnknownOperationException", 400, "Unknown operation " + (target == null ? "" : target));
                }
                operation = target.substring(TARGET_PREFIX.length());
            } else {
                String op = rest.operationFor(path);
                if (op == null || !"POST".equals(exchange.getRequestMethod())) {
                    throw new ApiException(
                            "UnknownOperationException",
                            404,
                            "Unknown operation " + exchange.getRequestMethod() + " " + path);
                }
                operation = op;
            }
            if (verifier != null) {
                verifier.verify(exchange, raw);
            }
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
            send(exchange, 200, contentType, requestId, MAPPER.writeValueAsBytes(result), null);
        } catch (ApiException e) {
            ObjectNode err = MAPPER.createObjectNode();
            err.put("__type", e.errorType());
            err.put("message", e.getMessage());
            send(exchange, e.httpStatus(), contentType, requestId, MAPPER.writeValueAsBytes(err), e.errorType());
        } catch (RuntimeException e) {
            log.warn("Internal error handling {} {}", exchange.getRequestMethod(), path, e);
            ObjectNode err = MAPPER.createObjectNode();
            err.put("__type", "InternalFailure");
            err.put("message", "The request processing has failed because of an unknown error.");
            send(exchange, 500, contentType, requestId, MAPPER.writeValueAsBytes(err), "InternalFailure");
        } finally {
            exchange.close();
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
                throw ApiException.invalidInput("The request body must be a JSON object.");
            }
            return (ObjectNode) n;
        } catch (JsonProcessingException e) {
            throw new ApiException(
                    "SerializationException", 400, "Start of structure or map found where not expected.");
        } catch (IOException e) {
            throw ApiException.invalidInput("Unreadable request body.");
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static void send(
            HttpExchange exchange,
            int status,
            String contentType,
            String requestId,
            byte[] body,
            @Nullable String errorType)
            throws IOException {
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", contentType);
        h.set("x-amzn-RequestId", requestId);
        if (errorType != null) {
            h.set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
