package io.personalizekit.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: recorded output that a refactoring must reproduce byte for byte. The files live in
 * {@code src/test/resources/golden/}; run the test with {@code -Dgolden.update=true} to (re)record one, then
 * review the diff before committing it.
 */
public final class Golden {
    private static final Path DIR = Path.of("src", "test", "resources", "golden");

    private Golden() {}

    /**
     * Asserts that {@code actual} equals the recorded file, or records it when {@code golden.update} is set.
     *
     * @param name the file name under {@code src/test/resources/golden/}
     * @param actual the output to compare
     */
    public static void check(String name, String actual) {
        Path file = DIR.resolve(name);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(DIR);
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file)
                    .as("golden file %s (record it with -Dgolden.update=true)", file.toAbsolutePath())
                    .exists();
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(actual).as("output against golden file %s", file).isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
