package io.personalizekit.local.internal.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blocking HTTP/1.1 server: an acceptor thread, then one thread per connection that reads a request, calls the
 * handler and writes the whole response with a single write, until the client closes, asks to close or stays idle
 * past the idle timeout.
 *
 * <p>Why not {@code com.sun.net.httpserver}: its selector thread hands every request to a worker and every
 * finished exchange back to the selector, two thread switches per request, which on a small machine cost more
 * than the emulator's work. Measured on loopback with the same canned response (docs/benchmarks.md) this server
 * answers about three times as many requests per second. Keep-alive connections hold a thread each, so the
 * connection limit is generous; requests beyond {@code maxConcurrentRequests} wait for a permit.
 *
 * <p>Speaks what the AWS SDKs and CLIs send: {@code Content-Length} or {@code chunked} bodies, {@code Expect:
 * 100-continue}, keep-alive (HTTP/1.1 default, HTTP/1.0 on request) and pipelined requests. Malformed requests get
 * 400, oversized heads 431, oversized bodies 413, and the connection is closed. Thread-safe.
 */
public final class BlockingHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BlockingHttpServer.class);

    /** Largest request line plus headers: {@value} bytes. */
    static final int MAX_HEAD = 64 * 1024;

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** A body longer than this is read into an array that grows as bytes arrive. */
    private static final int GROW_FROM = 1024 * 1024;

    /** A response body longer than this is written after the head instead of copied next to it. */
    private static final int COPY_LIMIT = 64 * 1024;

    private final ServerSocket socket;
    private final HttpHandler handler;
    private final int maxBody;
    private final int idleTimeoutMillis;
    private final Semaphore connections;
    private final Semaphore requests;
    private final ExecutorService threads;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private BlockingHttpServer(
            ServerSocket socket,
            HttpHandler handler,
            String name,
            int maxConnections,
            int maxConcurrentRequests,
            int maxBody,
            Duration idleTimeout) {
        this.socket = socket;
        this.handler = handler;
        this.maxBody = maxBody;
        this.idleTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis());
        this.connections = new Semaphore(maxConnections);
        this.requests = new Semaphore(maxConcurrentRequests);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, name + "-acceptor");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds and starts serving.
     *
     * @param host the address to bind, for example {@code 127.0.0.1}
     * @param port the port, 0 for a free one
     * @param handler answers each request
     * @param name thread name prefix
     * @param maxConnections connections served at once; more wait in the accept backlog
     * @param maxConcurrentRequests requests handled at once
     * @param maxBody largest request body in bytes
     * @param idleTimeout how long an idle keep-alive connection is kept
     * @return the running server
     * @throws IOException when the address cannot be bound
     */
    public static BlockingHttpServer start(
            String host,
            int port,
            HttpHandler handler,
            String name,
            int maxConnections,
            int maxConcurrentRequests,
            int maxBody,
            Duration idleTimeout)
            throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 512);
        BlockingHttpServer server =
                new BlockingHttpServer(s, handler, name, maxConnections, maxConcurrentRequests, maxBody, idleTimeout);
        server.acceptor.start();
        return server;
    }

    /** @return the bound address */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Stops accepting, closes every open connection and waits briefly for the connection threads. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("Closing the listening socket: {}", e.toString());
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        threads.shutdownNow();
        try {
            acceptor.join(5_000);
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                connections.acquire();
            } catch (InterruptedException e) {
                return;
            }
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                connections.release();
                if (!closed) {
                    log.warn("Accepting a connection failed: {}", e.toString());
                }
                continue;
            }
            open.add(s);
            try {
                threads.execute(() -> serve(s));
            } catch (RuntimeException e) { // rejected: the server is closing
                open.remove(s);
                closeQuietly(s);
                connections.release();
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(idleTimeoutMillis);
            Connection c = new Connection(s.getInputStream(), s.getOutputStream());
            while (!closed && c.serveOne()) {
                // next request on this keep-alive connection
            }
        } catch (SocketTimeoutException | EOFException e) {
            // idle keep-alive connection timed out, or the client went away between requests
        } catch (SocketException e) {
            if (!closed) {
                log.debug("Connection ended: {}", e.toString());
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                log.warn("Connection failed", e);
            }
        } finally {
            open.remove(s);
            connections.release();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** Thrown for a request that cannot be parsed: answered with its status, then the connection is closed. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** One connection's buffered reader and writer. Not thread-safe; used by the connection's thread only. */
    private final class Connection {
        private final InputStream in;
        private final OutputStream out;
        private byte[] buf = new byte[16 * 1024];
        private int pos;
        private int lim;

        Connection(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        /** @return whether the connection stays open for another request */
        boolean serveOne() throws IOException {
            HttpRequest request;
            boolean keepAlive;
            try {
                int headEnd = readHead();
                if (headEnd < 0) {
                    return false; // clean close between requests
                }
                int lineEnd = indexOfLf(pos, headEnd);
                String requestLine = HttpRequest.latin1(buf, pos, trimCr(pos, lineEnd));
                String[] parts = requestLine.split(" ", -1);
                if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
                    throw new BadRequest(400, "Malformed request line");
                }
                String version = parts[2];
                if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
                    throw new BadRequest(505, "HTTP version not supported: " + version);
                }
                List<String> names = new ArrayList<>(12);
                List<String> values = new ArrayList<>(12);
                int p = lineEnd + 1;
                while (p < headEnd) {
                    int e = indexOfLf(p, headEnd);
                    int end = trimCr(p, e);
                    if (end == p) {
                        break;
                    }
                    int colon = -1;
                    for (int i = p; i < end; i++) {
                        if (buf[i] == ':') {
                            colon = i;
                            break;
                        }
                    }
                    if (colon <= p) {
                        throw new BadRequest(400, "Malformed header line");
                    }
                    names.add(HttpRequest.latin1(buf, p, colon));
                    values.add(HttpRequest.latin1(buf, colon + 1, end).trim());
                    p = e + 1;
                }
                pos = headEnd;
                String target = parts[1];
                int q = target.indexOf('?');
                String rawPath = q < 0 ? target : target.substring(0, q);
                String rawQuery = q < 0 ? null : target.substring(q + 1);
                if (rawPath.startsWith("http://") || rawPath.startsWith("https://")) { // absolute form
                    int slash = rawPath.indexOf('/', rawPath.indexOf("//") + 2);
                    rawPath = slash < 0 ? "/" : rawPath.substring(slash);
                }
                String connection = HttpRequest.first(names, values, "Connection");
                keepAlive = version.equals("HTTP/1.1")
                        ? connection == null || !connection.equalsIgnoreCase("close")
                        : connection != null && connection.equalsIgnoreCase("keep-alive");
                String expect = HttpRequest.first(names, values, "Expect");
                byte[] body = readBody(names, values, expect != null && expect.equalsIgnoreCase("100-continue"));
                request = new HttpRequest(parts[0], rawPath, rawQuery, names, values, body);
            } catch (BadRequest e) {
                write(
                        HttpResponse.of(e.status, e.getMessage().getBytes(StandardCharsets.UTF_8))
                                .header("Content-Type", "text/plain"),
                        false,
                        false);
                return false;
            }
            HttpResponse response;
            requests.acquireUninterruptibly();
            try {
                response = handler.handle(request);
            } catch (RuntimeException e) {
                log.warn("Handler failed on {}", request, e);
                response = HttpResponse.of(500, new byte[0]);
            } finally {
                requests.release();
            }
            write(response, keepAlive, request.method().equals("HEAD"));
            return keepAlive;
        }

        /** Reads until the blank line ending the head. @return the index after it, or -1 on a clean close */
        private int readHead() throws IOException, BadRequest {
            int scanned = 0; // bytes after pos already searched; relative, since fill() may move pos
            while (true) {
                for (int i = pos + Math.max(0, scanned - 3); i < lim; i++) {
                    if (buf[i] == '\n') {
                        if (i + 1 < lim && buf[i + 1] == '\n') {
                            return i + 2;
                        }
                        if (i + 2 < lim && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
                            return i + 3;
                        }
                    }
                }
                scanned = lim - pos;
                if (scanned >= MAX_HEAD) {
                    throw new BadRequest(431, "Request line and headers exceed " + MAX_HEAD + " bytes");
                }
                if (!fill()) {
                    if (lim == pos) {
                        return -1;
                    }
                    throw new EOFException("Connection closed in the middle of a request head");
                }
            }
        }

        /** Reads more bytes after {@code lim}, compacting or growing the buffer. @return false at end of stream */
        private boolean fill() throws IOException {
            if (lim == buf.length) {
                if (pos > 0) {
                    System.arraycopy(buf, pos, buf, 0, lim - pos);
                    lim -= pos;
                    pos = 0;
                } else {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            }
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                return false;
            }
            lim += n;
            return true;
        }

        private int indexOfLf(int from, int to) {
            for (int i = from; i < to; i++) {
                if (buf[i] == '\n') {
                    return i;
                }
            }
            return to;
        }

        private int trimCr(int from, int lf) {
            return lf > from && buf[lf - 1] == '\r' ? lf - 1 : lf;
        }

        private byte[] readBody(List<String> names, List<String> values, boolean expectContinue)
                throws IOException, BadRequest {
            String te = HttpRequest.first(names, values, "Transfer-Encoding");
            String cl = HttpRequest.first(names, values, "Content-Length");
            boolean chunked =
                    te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            long length = 0;
            if (!chunked && cl != null) {
                try {
                    length = Long.parseLong(cl.trim());
                } catch (NumberFormatException e) {
                    throw new BadRequest(400, "Invalid Content-Length: " + cl);
                }
                if (length < 0) {
                    throw new BadRequest(400, "Invalid Content-Length: " + cl);
                }
                if (length > maxBody) {
                    throw new BadRequest(413, "Request body of " + length + " bytes exceeds " + maxBody + " bytes");
                }
            }
            if (!chunked && length == 0) {
                return new byte[0];
            }
            if (expectContinue) {
                out.write(CONTINUE);
                out.flush();
            }
            if (!chunked) {
                return readExactly((int) length);
            }
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine();
                int semi = sizeLine.indexOf(';');
                String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim();
                int size;
                try {
                    size = Integer.parseInt(hex, 16);
                } catch (NumberFormatException e) {
                    throw new BadRequest(400, "Invalid chunk size: " + hex);
                }
                if (size < 0 || (long) body.size() + size > maxBody) {
                    throw new BadRequest(413, "Chunked request body exceeds " + maxBody + " bytes");
                }
                if (size == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers are not used
                    }
                    return body.toByteArray();
                }
                body.write(readExactly(size));
                if (!readLine().isEmpty()) {
                    throw new BadRequest(400, "Chunk not followed by CRLF");
                }
            }
        }

        private String readLine() throws IOException, BadRequest {
            while (true) {
                for (int i = pos; i < lim; i++) {
                    if (buf[i] == '\n') {
                        String line = HttpRequest.latin1(buf, pos, trimCr(pos, i));
                        pos = i + 1;
                        return line;
                    }
                }
                if (lim - pos > 8192) {
                    throw new BadRequest(400, "Line too long in a chunked body");
                }
                if (!fill()) {
                    throw new EOFException("Connection closed in the middle of a chunked body");
                }
            }
        }

        private byte[] readExactly(int n) throws IOException {
            // A large declared length is not trusted with one allocation up front: the array grows as bytes arrive.
            byte[] out = new byte[Math.min(n, GROW_FROM)];
            int have = Math.min(n, lim - pos);
            if (have > out.length) {
                out = Arrays.copyOf(out, have);
            }
            System.arraycopy(buf, pos, out, 0, have);
            pos += have;
            while (have < n) {
                if (have == out.length) {
                    out = Arrays.copyOf(out, (int) Math.min(n, Math.max(2L * out.length, GROW_FROM)));
                }
                int r = in.read(out, have, out.length - have);
                if (r < 0) {
                    throw new EOFException("Connection closed after " + have + " of " + n + " body bytes");
                }
                have += r;
            }
            return out;
        }

        private void write(HttpResponse r, boolean keepAlive, boolean head) throws IOException {
            StringBuilder h = new StringBuilder(256);
            h.append("HTTP/1.1 ")
                    .append(r.status())
                    .append(' ')
                    .append(reason(r.status()))
                    .append("\r\n");
            List<String> names = r.headerNames();
            List<String> values = r.headerValues();
            for (int i = 0; i < names.size(); i++) {
                h.append(names.get(i)).append(": ").append(values.get(i)).append("\r\n");
            }
            int status = r.status();
            boolean noBody = status == 204 || status == 304 || status < 200;
            if (!noBody) { // RFC 9110: no Content-Length on 1xx, 204, 304
                h.append("Content-Length: ").append(r.contentLength()).append("\r\n");
            }
            if (!keepAlive) {
                h.append("Connection: close\r\n");
            }
            h.append("\r\n");
            byte[] headBytes = h.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] body = head || noBody ? new byte[0] : r.body();
            if (body.length > COPY_LIMIT) {
                out.write(headBytes);
                out.write(body);
            } else {
                byte[] all = new byte[headBytes.length + body.length];
                System.arraycopy(headBytes, 0, all, 0, headBytes.length);
                System.arraycopy(body, 0, all, headBytes.length, body.length);
                out.write(all);
            }
            out.flush();
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 413 -> "Payload Too Large";
            case 416 -> "Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status";
        };
    }
}
