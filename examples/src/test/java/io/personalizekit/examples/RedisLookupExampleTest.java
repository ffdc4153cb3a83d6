package io.personalizekit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the Redis-cached lookup example against a real redis-server started on a free loopback port. */
class RedisLookupExampleTest {
    private static Process redis;
    private static int port;

    @BeforeAll
    static void startRedis() throws Exception {
        String exe = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(d -> Path.of(d, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new AssertionError("redis-server not found on PATH: install it with"
                        + " apt-get install -y redis-server, as .ci/run does"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        redis = new ProcessBuilder(
                        exe, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answersPing()) {
            if (System.nanoTime() > deadline || !redis.isAlive()) {
                fail("redis-server did not answer PING on port " + port);
            }
            redis.waitFor(20, TimeUnit.MILLISECONDS); // bounded wait for the server to come up
        }
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            redis.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void lookups_areServedFromRedis_withoutAskingPersonalize() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();

        RedisLookupExample.run(
                "redis://127.0.0.1:" + port,
                List.of("article-1", "article-2", "article-3"),
                new PrintStream(buf, true, StandardCharsets.UTF_8));

        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("article-1 +CACHE +25 articles, first \\[article-\\d+");
        assertThat(out).containsPattern("article-2 +CACHE +25 articles");
        assertThat(out).containsPattern("article-3 +CACHE +25 articles");
        assertThat(out).contains("liveCalls=0").contains("storeErrors=0");
    }

    private static boolean answersPing() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            int n = s.getInputStream().read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
