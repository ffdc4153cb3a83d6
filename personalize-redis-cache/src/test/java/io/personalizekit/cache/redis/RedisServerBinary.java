package io.personalizekit.cache.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which {@code redis-server} the tests (and the benchmark mains) run, by one rule: the {@code PATH}'s first, else the
 * binary that the Maven artifact {@code com.github.codemonstur:embedded-redis} ships (Redis 6.2 for linux and macOS on
 * amd64 and arm64, built with TLS), extracted once into a per-user cache directory ({@code
 * $XDG_CACHE_HOME/personalize-kit} or {@code ~/.cache/personalize-kit}, under a name holding its SHA-256, so every
 * JVM, test and clone reuses one copy and nothing is left per test). So {@code mvn verify} needs no
 * {@code redis-server} installed. The system property {@code redis.server} overrides the rule: a path, or {@code
 * embedded} to use the shipped binary even when the {@code PATH} has one.
 *
 * <p>{@link #get()} resolves once per JVM and prints which binary runs, for example {@code redis-server:
 * /usr/bin/redis-server (PATH, v=7.0.15)}.
 */
public final class RedisServerBinary {
    /** The system property that overrides the rule: a path to a redis-server, or {@code embedded}. */
    public static final String OVERRIDE = "redis.server";

    private static final String EMBEDDED = "embedded-redis";
    private static final Pattern VERSION = Pattern.compile("v=(\\S+)");
    private static @Nullable RedisServerBinary resolved;

    private final Path path;
    private final String source;
    private final String version;

    private RedisServerBinary(Path path, String source, String version) {
        this.path = path;
        this.source = source;
        this.version = version;
    }

    /**
     * The binary to run, resolved on the first call (the override, then the {@code PATH}, then embedded-redis) and
     * printed to standard output once.
     *
     * @return the binary
     * @throws AssertionError when none can be found or run, saying what was tried
     */
    public static synchronized RedisServerBinary get() {
        RedisServerBinary b = resolved;
        if (b == null) {
            b = resolve(System.getProperty(OVERRIDE), System.getenv("PATH"), cacheDir());
            System.out.println(b.describe()); // the test output says which binary ran
            resolved = b;
        }
        return b;
    }

    /**
     * The rule, with its inputs explicit (for tests).
     *
     * @param override the value of {@value #OVERRIDE}: a path, {@code embedded}, or null
     * @param pathEnv the {@code PATH}, or null
     * @param cacheDir where the embedded binary is extracted
     * @return the binary
     */
    static RedisServerBinary resolve(@Nullable String override, @Nullable String pathEnv, Path cacheDir) {
        if (override != null && !override.isBlank() && !override.equals("embedded")) {
            Path p = Path.of(override).toAbsolutePath();
            return new RedisServerBinary(p, "-D" + OVERRIDE, version(p));
        }
        if (override == null || override.isBlank()) {
            Optional<Path> onPath = onPath(pathEnv);
            if (onPath.isPresent()) {
                return new RedisServerBinary(onPath.get(), "PATH", version(onPath.get()));
            }
        }
        String resource = embeddedResource();
        Path extracted = extract(resource, cacheDir);
        return new RedisServerBinary(extracted, EMBEDDED, version(extracted));
    }

    /** The first executable {@code redis-server} in {@code pathEnv}. */
    static Optional<Path> onPath(@Nullable String pathEnv) {
        if (pathEnv == null) {
            return Optional.empty();
        }
        for (String d : pathEnv.split(File.pathSeparator)) {
            if (d.isEmpty()) {
                continue;
            }
            Path f = Path.of(d, "redis-server");
            if (Files.isRegularFile(f) && Files.isExecutable(f)) {
                return Optional.of(f.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** The executable. */
    public Path path() {
        return path;
    }

    /** Where it came from: {@code PATH}, {@code embedded-redis} or {@code -Dredis.server}. */
    public String source() {
        return source;
    }

    /** The version that {@code redis-server --version} reports, for example {@code 7.0.15}. */
    public String version() {
        return version;
    }

    /**
     * One line saying which binary runs: {@code redis-server: /usr/bin/redis-server (PATH, v=7.0.15)}, or {@code
     * redis-server: embedded-redis 6.2.11 (extracted to ~/.cache/personalize-kit/redis-server-...)}.
     */
    public String describe() {
        return source.equals(EMBEDDED)
                ? "redis-server: embedded-redis " + version + " (extracted to " + path + ")"
                : "redis-server: " + path + " (" + source + ", v=" + version + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The user's cache directory for extracted binaries. */
    static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("personalize-kit");
    }

    /** The name of the embedded-redis resource for this OS and CPU. */
    static String embeddedResource() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        boolean amd64 = arch.equals("amd64") || arch.equals("x86_64");
        if (os.contains("linux") && amd64) {
            return "redis-server-6.2.6-v5-linux-amd64";
        } else if (os.contains("linux") && arm) {
            return "redis-server-6.2.7-linux-arm64";
        } else if (os.contains("mac") && amd64) {
            return "redis-server-6.2.6-v5-darwin-amd64";
        } else if (os.contains("mac") && arm) {
            return "redis-server-6.2.6-v5-darwin-arm64";
        }
        throw new AssertionError("redis-server is not on the PATH and embedded-redis ships none for " + os + "/" + arch
                + ": install redis-server (apt-get install -y redis-server)");
    }

    /**
     * Extracts {@code resource} from the class path into {@code dir} once: the file is named by the resource and its
     * SHA-256, written to a temporary sibling and moved into place atomically, so concurrent JVMs never run a half
     * written file and later runs reuse it.
     */
    static Path extract(String resource, Path dir) {
        URL url = RedisServerBinary.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new AssertionError("redis-server is not on the PATH and the class path has no " + resource
                    + " (the test dependency com.github.codemonstur:embedded-redis ships it): install redis-server"
                    + " (apt-get install -y redis-server) or add that dependency");
        }
        try {
            String sha;
            try (InputStream in = new DigestInputStream(url.openStream(), sha256())) {
                in.transferTo(OutputStream.nullOutputStream());
                sha = HexFormat.of()
                        .formatHex(((DigestInputStream) in).getMessageDigest().digest());
            }
            Path target = dir.resolve(resource + "-" + sha.substring(0, 16));
            if (Files.isExecutable(target)) {
                return target;
            }
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "." + resource + ".", ".tmp");
            try {
                try (InputStream in = url.openStream()) {
                    Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            return target;
        } catch (IOException e) {
            throw new AssertionError("cannot extract " + resource + " into " + dir + ": " + e, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs {@code binary --version}; fails, saying why, when it does not run. */
    static String version(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(binary + " --version did not finish within 30 s");
            }
            Matcher m = VERSION.matcher(out);
            if (p.exitValue() != 0 || !m.find()) {
                throw new AssertionError(binary + " does not run (" + binary + " --version exited with "
                        + p.exitValue() + "): " + out.strip() + "; install redis-server (apt-get install -y"
                        + " redis-server) to use that one instead");
            }
            return m.group(1);
        } catch (IOException e) {
            throw new AssertionError(binary + " does not run: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + binary + " --version", e);
        }
    }
}
