package io.personalizekit.cache.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.RedisClient;

/**
 * A real {@code redis-server} for tests, on a free loopback port, without persistence except on {@link #stop()}
 * (which saves, so {@link #start()} on the same port brings the data back, as a restarted server with RDB would).
 * The binary is the one {@link RedisServerBinary} picks: the {@code PATH}'s, else the one embedded-redis ships, so it
 * never skips and needs nothing installed. Public, in this module's test-jar, for the examples' and benchmarks' Redis.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final @Nullable String password;
    private final @Nullable Path tlsDir;
    private final RedisServerBinary binary;
    private @Nullable Process process;

    private RedisServerProcess(RedisServerBinary binary, @Nullable String password, @Nullable Path tlsDir)
            throws IOException {
        this.binary = binary;
        this.dir = Files.createTempDirectory("redis-test");
        this.port = freePort();
        this.password = password;
        this.tlsDir = tlsDir;
    }

    /**
     * A server that accepts only TLS on its port, with the certificate {@code server.crt} / {@code server.key} in
     * {@code tlsDir} (see {@link TestCertificates}); clients are not asked for certificates.
     */
    static RedisServerProcess launchTls(Path tlsDir, String password) throws IOException {
        return launch(RedisServerBinary.get(), password, tlsDir);
    }

    /** Starts {@code binary} (TLS only when {@code tlsDir} is set, as {@link #launchTls}). */
    static RedisServerProcess launch(RedisServerBinary binary, @Nullable String password, @Nullable Path tlsDir)
            throws IOException {
        RedisServerProcess p = new RedisServerProcess(binary, password, tlsDir);
        try {
            p.start();
        } catch (IOException | RuntimeException | Error e) {
            try {
                p.close();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                e.addSuppressed(ie);
            }
            throw e;
        }
        return p;
    }

    /**
     * Starts a server on a free loopback port that requires {@code password} (none when null).
     *
     * @param password the AUTH password, or null
     * @return the running server
     * @throws IOException when its directory cannot be made or the process cannot start
     */
    public static RedisServerProcess launch(@Nullable String password) throws IOException {
        return launch(RedisServerBinary.get(), password, null);
    }

    /**
     * Starts a server on a free loopback port, without a password.
     *
     * @return the running server
     * @throws IOException when its directory cannot be made or the process cannot start
     */
    public static RedisServerProcess launch() throws IOException {
        return launch(null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The server's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** A Jedis client of this server (no password), for tests that borrow one. */
    RedisClient jedis() {
        return RedisClient.create("127.0.0.1", port);
    }

    /** A {@code redis://} URI of this server, with its password. */
    public String uri() {
        return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port;
    }

    synchronized void start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                binary.path().toString(),
                "--port",
                tlsDir == null ? Integer.toString(port) : "0",
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--dbfilename",
                "dump.rdb",
                "--logfile",
                dir.resolve("redis.log").toString()));
        if (password != null) {
            cmd.add("--requirepass");
            cmd.add(password);
        }
        if (tlsDir != null) {
            cmd.addAll(List.of(
                    "--tls-port",
                    Integer.toString(port),
                    "--tls-cert-file",
                    tlsDir.resolve("server.crt").toString(),
                    "--tls-key-file",
                    tlsDir.resolve("server.key").toString(),
                    "--tls-ca-cert-file",
                    tlsDir.resolve("ca.crt").toString(),
                    "--tls-auth-clients",
                    "no"));
        }
        Process started = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        process = started;
        Poll.until(
                Duration.ofSeconds(10),
                () -> {
                    if (!started.isAlive()) {
                        throw new AssertionError(
                                binary + " exited with " + started.exitValue() + ": " + output(started) + readLog());
                    }
                    if (tlsDir != null) {
                        return readLog().contains("Ready to accept connections");
                    }
                    String reply = command("PING");
                    return reply != null && (reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"));
                },
                () -> binary + " answering PING on port " + port + readLog());
    }

    private static String output(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    private String readLog() {
        try {
            return "\n" + Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Sends one inline command (after AUTH when needed); returns the first reply line, or null if unreachable. */
    @Nullable
    String command(String command) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            if (password != null && !command.equals("PING")) {
                out.write(("AUTH " + password + "\r\n").getBytes(StandardCharsets.UTF_8));
                readLine(in);
            }
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readLine(in);
        } catch (IOException e) {
            return null;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** Saves and shuts the server down, as an orderly restart would. */
    synchronized void stop() throws InterruptedException {
        Process p = process;
        if (p == null) {
            return;
        }
        command("SHUTDOWN SAVE");
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        process = null;
    }

    /** Kills the server without saving. */
    synchronized void kill() throws InterruptedException {
        Process p = process;
        if (p != null) {
            p.destroyForcibly().waitFor();
            process = null;
        }
    }

    /** Kills the server and deletes its directory. */
    @Override
    public void close() throws InterruptedException {
        kill();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // temp dir; best effort
        }
    }
}
