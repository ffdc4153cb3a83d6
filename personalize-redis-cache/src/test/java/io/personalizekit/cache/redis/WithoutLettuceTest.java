package io.personalizekit.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lettuce is an optional dependency: an application with only Jedis (what Maven gives a user of this module) runs
 * the store on Jedis, and asking for Lettuce says which dependency to add. Checked in a child JVM whose class path is
 * this test's with every Lettuce, netty and Reactor jar removed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WithoutLettuceTest {
    /** The jars Lettuce brings along, by their Maven repository paths. */
    private static final List<String> LETTUCE_AND_ITS_DEPENDENCIES =
            List.of("/io/lettuce/", "/io/netty/", "/io/projectreactor/", "/org/reactivestreams/");

    static boolean isLettuceJar(String entry) {
        String path = entry.replace(File.separatorChar, '/');
        return LETTUCE_AND_ITS_DEPENDENCIES.stream().anyMatch(path::contains);
    }

    @Test
    void jedisPath_withoutLettuceOnTheClassPath_worksAndLettuceDriverNamesTheDependency(@TempDir Path dir)
            throws Exception {
        try (RedisServerProcess server = RedisServerProcess.launch()) {
            String log = runWithoutLettuce(dir, server.uri());

            assertThat(log)
                    .contains("no Lettuce on the class path")
                    .contains("JEDIS JEDIS [b, c]")
                    .contains("LETTUCE ERROR RedisDriver.LETTUCE needs Lettuce")
                    .contains("add the dependency io.lettuce:lettuce-core")
                    .doesNotContain("NoClassDefFoundError");
        }
    }

    @Test
    void jedisClusterPath_withoutLettuceOnTheClassPath_worksAndLettuceDriverNamesTheDependency(@TempDir Path dir)
            throws Exception {
        // One master holding every slot: still a Redis Cluster to the client (CLUSTER SLOTS, redirects), the
        // cheapest one; the spreading itself is RedisClusterStoreTest's.
        try (RedisClusterProcess cluster = RedisClusterProcess.start(1, 0)) {
            String[] args = new String[cluster.uris().length + 1];
            args[0] = "--cluster";
            System.arraycopy(cluster.uris(), 0, args, 1, cluster.uris().length);
            String log = runWithoutLettuce(dir, args);

            assertThat(log)
                    .contains("no Lettuce on the class path")
                    .contains("JEDIS JEDIS clustered true [b, c]")
                    .contains("LETTUCE ERROR RedisDriver.LETTUCE needs Lettuce")
                    .contains("add the dependency io.lettuce:lettuce-core")
                    .doesNotContain("NoClassDefFoundError");
        }
    }

    /** Runs {@link JedisOnlyProcess} with the arguments in a child JVM without Lettuce; returns its output. */
    private static String runWithoutLettuce(Path dir, String... args) throws Exception {
        List<String> classPath =
                Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        String withoutLettuce =
                classPath.stream().filter(e -> !isLettuceJar(e)).collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath)
                .as("this test's own class path has Lettuce, so the child's is really filtered")
                .anyMatch(e -> e.replace(File.separatorChar, '/').contains("/io/lettuce/lettuce-core/"));
        Path output = dir.resolve("child.log");
        List<String> command = new java.util.ArrayList<>(
                List.of(FetcherKillTest.java(), "-Xmx128m", "-cp", withoutLettuce, JedisOnlyProcess.class.getName()));
        command.addAll(Arrays.asList(args));
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean ended = child.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly().waitFor();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(ended).as(log).isTrue();
        assertThat(child.exitValue()).as(log).isZero();
        return log;
    }
}
