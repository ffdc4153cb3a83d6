package io.personalizekit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keeps docs/spring-boot.md in step with the code: each java block the guide marks {@code <!-- not-compiled -->} (for
 * the examples' DocSnippetsTest, which has no Spring to compile them) must appear verbatim, whitespace aside, in
 * {@code io.personalizekit.spring.snippets.SpringBootSnippets}, which this module's test build compiles.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SpringBootGuideTest {
    private static final Path GUIDE = Path.of("..", "docs", "spring-boot.md");
    private static final Path SNIPPETS =
            Path.of("src", "test", "java", "io", "personalizekit", "spring", "snippets", "SpringBootSnippets.java");

    @Test
    void theGuidesSpringSamples_areCompiledSnippetCode() throws IOException {
        String source = normalize(Files.readString(SNIPPETS, StandardCharsets.UTF_8));
        List<String> blocks = springBlocks(Files.readString(GUIDE, StandardCharsets.UTF_8));
        assertThat(blocks).as("not-compiled java blocks in %s", GUIDE).hasSizeGreaterThanOrEqualTo(5);
        assertThat(blocks)
                .as("blocks of the guide that are not verbatim in %s", SNIPPETS)
                .allSatisfy(b -> assertThat(source).contains(normalize(b)));
    }

    @Test
    void springBlocks_takesOnlyTheMarkedJavaBlocks() {
        String md = "<!-- not-compiled -->\n```java\na();\n```\n\n```java\nb();\n```\n<!-- not-compiled -->\n"
                + "```xml\n<c/>\n```\n";
        assertThat(springBlocks(md)).containsExactly("a();\n");
    }

    private static List<String> springBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        String[] lines = markdown.split("\r?\n", -1);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].equals("```java") && lines[i - 1].equals("<!-- not-compiled -->")) {
                StringBuilder code = new StringBuilder();
                for (i++; i < lines.length && !lines[i].equals("```"); i++) {
                    code.append(lines[i]).append('\n');
                }
                blocks.add(code.toString());
            }
        }
        return blocks;
    }

    private static String normalize(String code) {
        return code.replaceAll("\\s+", " ").trim();
    }
}
