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
        List<String> classPath =
                Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        String withoutLettuce =
                classPath.stream().filter(e -> !isLettuceJar(e)).collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath)
                .as("this test's own class path has Lettuce, so the child's is really filtered")
                .anyMatch(e -> e.replace(File.separatorChar, '/').contains("/io/lettuce/lettuce-core/"));
        Path output = dir.resolve("child.log");

        try (RedisServerProcess server = RedisServerProcess.launch()) {
            Process child = new ProcessBuilder(
                            FetcherKillTest.java(),
                            "-Xmx128m",
                            "-cp",
                            withoutLettuce,
                            JedisOnlyProcess.class.getName(),
                            server.uri())
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
            assertThat(log)
                    .contains("no Lettuce on the class path")
                    .contains("JEDIS JEDIS [b, c]")
                    .contains("LETTUCE ERROR RedisDriver.LETTUCE needs Lettuce")
                    .contains("add the dependency io.lettuce:lettuce-core")
                    .doesNotContain("NoClassDefFoundError");
        }
    }
}
