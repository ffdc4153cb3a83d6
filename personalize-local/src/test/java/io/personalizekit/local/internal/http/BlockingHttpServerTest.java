package io.personalizekit.local.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator's HTTP/1.1 listener on raw sockets: framing, keep-alive, limits, and the JDK client on top. */
class BlockingHttpServerTest {
    private final List<HttpRequest> seen = new CopyOnWriteArrayList<>();
    private BlockingHttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = BlockingHttpServer.start(
                "127.0.0.1",
                0,
                r -> {
                    seen.add(r);
                    String text = r.method() + " " + r.rawPath() + " q=" + r.rawQuery() + " x=" + r.header("x-test")
                            + " body=" + new String(r.body(), StandardCharsets.UTF_8);
                    return HttpResponse.of(200, text.getBytes(StandardCharsets.UTF_8))
                            .header("Content-Type", "text/plain")
                            .header("x-amzn-RequestId", "rid");
                },
                "test-http",
                4,
                2,
                1000,
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void keepAlive_servesSeveralRequestsOnOneConnection_includingPipelinedOnes() throws IOException {
        try (Socket s = connect()) {
            String two = "POST /a?x=1%202 HTTP/1.1\r\nHost: h\r\nX-Test: one\r\nContent-Length: 3\r\n\r\nabc"
                    + "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n";
            s.getOutputStream().write(two.getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(s.getInputStream())).endsWith("POST /a q=x=1%202 x=one body=abc");
            assertThat(readResponse(s.getInputStream())).endsWith("POST /b q=null x=null body=");
            s.getOutputStream().write("GET /c HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String third = readResponse(s.getInputStream());
            assertThat(third).startsWith("HTTP/1.1 200 OK\r\n").contains("x-amzn-RequestId: rid\r\n");
            assertThat(third).doesNotContain("Connection: close");
        }
    }

    @Test
    void requestHead_splitAcrossManyReadsAndTheBufferEnd_isParsed() throws IOException {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            // The first request is 16,374 bytes of head, so the second one's head straddles the 16 KB buffer's end.
            String first = "POST /1 HTTP/1.1\r\nX-Pad: " + "p".repeat(16_374 - 29) + "\r\n\r\n";
            assertThat(first).hasSize(16_374);
            out.write(first.getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(s.getInputStream())).contains("POST /1");
            byte[] second = "POST /2 HTTP/1.1\r\nX-Test: split\r\nContent-Length: 2\r\n\r\nok"
                    .getBytes(StandardCharsets.US_ASCII);
            for (byte b : second) {
                out.write(b);
                out.flush();
            }
            assertThat(readResponse(s.getInputStream())).endsWith("POST /2 q=null x=split body=ok");
        }
    }

    @Test
    void chunkedBody_withExpectContinue_isDecodedAfterA100() throws IOException {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(readHead(in)).startsWith("HTTP/1.1 100 Continue");
            out.write("4;ext=1\r\nwiki\r\n5\r\npedia\r\n0\r\nTrailer: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).endsWith("PUT /up q=null x=null body=wikipedia");
        }
    }

    @Test
    void http10_andConnectionClose_closeAfterTheResponse() throws IOException {
        for (String request : List.of(
                "POST /x HTTP/1.0\r\nContent-Length: 0\r\n\r\n",
                "POST /x HTTP/1.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")) {
            try (Socket s = connect()) {
                s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponse(s.getInputStream())).contains("Connection: close\r\n");
                assertThat(s.getInputStream().read())
                        .as("closed after %s", request)
                        .isEqualTo(-1);
            }
        }
    }

    @Test
    void limitsAndMalformedRequests_getTheirStatus_andTheConnectionIsClosed() throws IOException {
        assertThat(exchange("POST /big HTTP/1.1\r\nContent-Length: 1001\r\n\r\n"))
                .startsWith("HTTP/1.1 413 ")
                .contains("1001 bytes exceeds 1000 bytes");
        assertThat(exchange("POST /x HTTP/1.1\r\nContent-Length: ten\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ")
                .contains("Invalid Content-Length: ten");
        assertThat(exchange("NONSENSE\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(exchange("POST /x HTTP/2.0\r\n\r\n")).startsWith("HTTP/1.1 505 ");
        assertThat(exchange("POST /x HTTP/1.1\r\nNoColonHere\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(exchange("POST /x HTTP/1.1\r\nX: " + "y".repeat(70_000) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431 ");
        assertThat(seen).isEmpty();
    }

    @Test
    void jdkHttpClient_roundTripsOverKeepAlive() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/path?k=v");
        for (int i = 0; i < 20; i++) {
            java.net.http.HttpResponse<String> r = client.send(
                    java.net.http.HttpRequest.newBuilder(uri)
                            .header("X-Test", "n" + i)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"i\":" + i + "}"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("POST /path q=k=v x=n" + i + " body={\"i\":" + i + "}");
        }
        assertThat(seen).hasSize(20);
    }

    @Test
    void close_endsOpenConnections() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream()
                    .write("POST /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            readResponse(s.getInputStream());
            server.close();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.address().getPort());
        s.setSoTimeout(5_000);
        return s;
    }

    private String exchange(String request) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String response = readResponse(s.getInputStream());
            assertThat(response).contains("Connection: close\r\n");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            return response;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed inside a response head: " + head);
            }
            head.write(b);
            String h = head.toString(StandardCharsets.ISO_8859_1);
            if (h.endsWith("\r\n\r\n")) {
                return h;
            }
        }
    }

    /** One response: head plus Content-Length bytes. */
    private static String readResponse(InputStream in) throws IOException {
        String head = readHead(in);
        int i = head.indexOf("Content-Length: ");
        int length = Integer.parseInt(head.substring(i + 16, head.indexOf("\r\n", i)));
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
