package io.personalizekit.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which redis-server the tests run: the PATH's first, else the binary embedded-redis ships, extracted once into a
 * cache directory, able to serve plain and TLS connections; so {@code mvn verify} needs no redis-server installed.
 */
@Timeout(120)
class RedisServerBinaryTest {
    @TempDir
    Path cache;

    @TempDir
    Path empty;

    @Test
    void resolve_whenThePathHasNoRedisServer_extractsTheEmbeddedOneOnce() throws Exception {
        RedisServerBinary first = RedisServerBinary.resolve(null, empty.toString(), cache);
        long modified = Files.getLastModifiedTime(first.path()).toMillis();
        RedisServerBinary second = RedisServerBinary.resolve(null, empty.toString(), cache);

        assertThat(first.source()).isEqualTo("embedded-redis");
        assertThat(first.version()).startsWith("6.2.");
        assertThat(first.path().getParent()).isEqualTo(cache);
        assertThat(first.describe())
                .startsWith("redis-server: embedded-redis 6.2.")
                .contains(cache.toString());
        assertThat(second.path()).isEqualTo(first.path());
        assertThat(Files.getLastModifiedTime(second.path()).toMillis())
                .as("reused, not written again")
                .isEqualTo(modified);
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.toList()).as("one binary, no temporary file left").containsExactly(first.path());
        }
    }

    @Test
    void resolve_prefersThePathsRedisServer() throws Exception {
        Path bin = Files.createDirectory(empty.resolve("bin"));
        Path fake = bin.resolve("redis-server");
        Files.writeString(fake, "#!/bin/sh\necho 'Redis server v=9.8.7 sha=00000000:0 malloc=libc bits=64'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

        RedisServerBinary b = RedisServerBinary.resolve(null, empty + ":" + bin, cache);

        assertThat(b.path()).isEqualTo(fake);
        assertThat(b.source()).isEqualTo("PATH");
        assertThat(b.describe()).isEqualTo("redis-server: " + fake + " (PATH, v=9.8.7)");
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.toList()).as("nothing extracted").isEmpty();
        }
        assertThat(RedisServerBinary.resolve("embedded", bin.toString(), cache).source())
                .as("-Dredis.server=embedded picks the shipped binary over the PATH's")
                .isEqualTo("embedded-redis");
    }

    @Test
    void embeddedBinary_servesPlainAndTlsClients() throws Exception {
        RedisServerBinary embedded = RedisServerBinary.resolve("embedded", null, cache);
        try (RedisServerProcess plain = RedisServerProcess.launch(embedded, null, null)) {
            assertThat(plain.command("PING")).isEqualTo("+PONG");
        }

        Path tls = Files.createDirectory(empty.resolve("tls"));
        Path trustStore = TestCertificates.create(tls);
        try (RedisServerProcess server = RedisServerProcess.launch(embedded, "s3cret", tls)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(trustStore)) {
                ks.load(in, TestCertificates.TRUST_STORE_PASSWORD);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            try (SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", server.port())) {
                s.setSoTimeout(5000);
                s.startHandshake();
                OutputStream out = s.getOutputStream();
                out.write("AUTH s3cret\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                byte[] reply = new byte[12];
                int n = 0;
                InputStream in = s.getInputStream();
                while (n < reply.length) {
                    int r = in.read(reply, n, reply.length - n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                }
                assertThat(new String(reply, 0, n, StandardCharsets.US_ASCII)
                                .lines()
                                .toList())
                        .isEqualTo(List.of("+OK", "+PONG"));
            }
        }
    }
}
