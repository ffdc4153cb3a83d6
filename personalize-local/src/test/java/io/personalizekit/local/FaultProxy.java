package io.personalizekit.local;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * An HTTP/1.1 proxy for fault tests. It forwards each request to an upstream server (the emulator) and, for the
 * requests a rule picks, reads the upstream's whole answer (so the upstream has carried the request out) and then
 * closes the client's connection without sending a byte: the client sees a reply lost in the network.
 *
 * <p>Handles what the AWS SDKs send: keep-alive, {@code Content-Length} and chunked bodies, {@code Expect:
 * 100-continue} (answered by the proxy itself). One thread per client connection, each with its own upstream
 * connection. Thread-safe; {@link #close()} stops it.
 */
final class FaultProxy implements AutoCloseable {
    /** One proxied request, as the rule sees it. */
    record Request(String method, String path, Map<String, String> headers, byte[] body) {
        /** A header by case-insensitive name, or "". */
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }

        String target() {
            return header("x-amz-target");
        }
    }

    private final ServerSocket server;
    private final URI upstream;
    private final Predicate<Request> dropReply;
    private final List<String> dropped = Collections.synchronizedList(new ArrayList<>());
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private FaultProxy(ServerSocket server, URI upstream, Predicate<Request> dropReply) {
        this.server = server;
        this.upstream = upstream;
        this.dropReply = dropReply;
    }

    /**
     * Starts a proxy on a free loopback port.
     *
     * @param upstream where requests go, for example {@code local.endpoint()}
     * @param dropReply picks the requests whose reply is dropped after the upstream answered
     */
    static FaultProxy start(URI upstream, Predicate<Request> dropReply) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        FaultProxy proxy = new FaultProxy(s, upstream, dropReply);
        Thread t = new Thread(proxy::acceptLoop, "fault-proxy-accept");
        t.setDaemon(true);
        t.start();
        return proxy;
    }

    /**
     * A rule that drops the first reply of every distinct request (same {@code X-Amz-Target} and body) whose
     * {@code X-Amz-Target} starts with the prefix; a repeat of the same request (the SDK's retry) gets through.
     */
    static Predicate<Request> firstReplyOf(String targetPrefix) {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        return r -> r.target().startsWith(targetPrefix)
                && seen.add(r.target() + "\n" + new String(r.body(), StandardCharsets.UTF_8));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The {@code X-Amz-Target} (or method and path) of each request whose reply was dropped, in order. */
    List<String> dropped() {
        synchronized (dropped) {
            return List.copyOf(dropped);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "fault-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        Socket up = null;
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                Head head = Head.read(in);
                if (head == null) {
                    return; // the client closed its keep-alive connection
                }
                if (head.first("expect").equalsIgnoreCase("100-continue")) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                byte[] body = readBody(in, head, false);
                String[] line = head.startLine.split(" ", 3);
                Request request = new Request(line[0], line.length > 1 ? line[1] : "", head.headers, body);
                if (up == null) {
                    up = new Socket(upstream.getHost(), upstream.getPort());
                    open.add(up);
                }
                OutputStream upOut = up.getOutputStream();
                upOut.write(head.forward(body.length));
                upOut.write(body);
                upOut.flush();
                InputStream upIn = up.getInputStream();
                Head response;
                do {
                    response = Head.read(upIn);
                    if (response == null) {
                        throw new EOFException("the upstream closed the connection without an answer");
                    }
                } while (response.startLine.matches("HTTP/1\\.1 1\\d\\d.*"));
                boolean noBody =
                        request.method().equals("HEAD") || response.startLine.matches("HTTP/1\\.1 (204|304).*");
                byte[] answer = noBody ? new byte[0] : readBody(upIn, response, true);
                if (dropReply.test(request)) {
                    dropped.add(
                            request.target().isEmpty() ? request.method() + " " + request.path() : request.target());
                    return; // close without a byte: the reply is lost
                }
                out.write(response.forward(answer.length));
                out.write(answer);
                out.flush();
                if (head.first("connection").equalsIgnoreCase("close")
                        || response.first("connection").equalsIgnoreCase("close")) {
                    return;
                }
            }
        } catch (IOException e) {
            // a broken connection ends this proxied connection, as it would end a real one
        } finally {
            if (up != null) {
                open.remove(up);
                try {
                    up.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
            open.remove(client);
        }
    }

    /** Reads a body by Content-Length or chunked encoding (or, for a response without either, to the end). */
    private static byte[] readBody(InputStream in, Head head, boolean response) throws IOException {
        if (head.first("transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                String size = readLine(in);
                if (size == null) {
                    throw new EOFException("chunked body cut short");
                }
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    String trailer;
                    do {
                        trailer = readLine(in);
                    } while (trailer != null && !trailer.isEmpty());
                    return b.toByteArray();
                }
                b.write(in.readNBytes(n));
                readLine(in);
            }
        }
        String length = head.first("content-length");
        if (!length.isEmpty()) {
            int n = Integer.parseInt(length.trim());
            byte[] body = in.readNBytes(n);
            if (body.length < n) {
                throw new EOFException("body cut short");
            }
            return body;
        }
        return response ? in.readAllBytes() : new byte[0];
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    /** A request or response head: start line and headers, in order. */
    private static final class Head {
        final String startLine;
        final List<String[]> lines = new ArrayList<>();
        final Map<String, String> headers = new LinkedHashMap<>();

        private Head(String startLine) {
            this.startLine = startLine;
        }

        static Head read(InputStream in) throws IOException {
            String start = readLine(in);
            while (start != null && start.isEmpty()) {
                start = readLine(in);
            }
            if (start == null) {
                return null;
            }
            Head h = new Head(start);
            String line;
            while ((line = readLine(in)) != null && !line.isEmpty()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String name = line.substring(0, colon).trim();
                    String value = line.substring(colon + 1).trim();
                    h.lines.add(new String[] {name, value});
                    h.headers.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
                }
            }
            return h;
        }

        String first(String name) {
            return headers.getOrDefault(name, "");
        }

        /** The head as forwarded: without Expect and the framing headers, with a Content-Length for the body. */
        byte[] forward(int bodyLength) {
            StringBuilder b = new StringBuilder(startLine).append("\r\n");
            for (String[] h : lines) {
                String n = h[0].toLowerCase(Locale.ROOT);
                if (n.equals("expect") || n.equals("content-length") || n.equals("transfer-encoding")) {
                    continue;
                }
                b.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            b.append("Content-Length: ").append(bodyLength).append("\r\n\r\n");
            return b.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }
}
