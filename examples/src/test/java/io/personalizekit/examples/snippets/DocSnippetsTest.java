package io.personalizekit.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the guides and the code in step: every {@code ```java} block in {@code docs/*.md} must appear verbatim
 * (whitespace-normalized) in a source file under {@code examples/src/main/java/io/personalizekit/examples/snippets},
 * which the build compiles. A block preceded by the line {@code <!-- not-compiled -->} is exempt. A block preceded
 * by {@code <!-- snippet: Class#method -->} must come from that class, which must declare that method. A block may
 * start with {@code import} lines, so that a guide shows where each type comes from: each must be an import of the
 * named class (of any snippet source, without a marker), and the code after them is checked as above.
 */
class DocSnippetsTest {
    static final String NOT_COMPILED = "<!-- not-compiled -->";
    private static final Pattern SNIPPET_MARKER = Pattern.compile("<!-- snippet: (\\w+)#(\\w+)(:\\d+-\\d+)? -->");
    private static final String SNIPPETS = "examples/src/main/java/io/personalizekit/examples/snippets";

    /**
     * A fenced java block of a guide: where it starts, whether it is exempt, the class and method its marker names
     * (or null), and its code (null when the fence is not closed).
     */
    record Block(String file, int line, boolean exempt, String marker, String code) {}

    @Test
    void everyJavaBlockInTheGuides_isCompiledSnippetCode() throws IOException {
        Path root = projectRoot();
        Map<String, String> sources = snippetSources(root.resolve(SNIPPETS));
        assertThat(sources).as("snippet sources under %s", SNIPPETS).isNotEmpty();
        List<Block> blocks = new ArrayList<>();
        for (Path md : guides(root)) {
            blocks.addAll(javaBlocks(md.getFileName().toString(), Files.readString(md, StandardCharsets.UTF_8)));
        }
        assertThat(blocks).as("```java blocks in docs/*.md").isNotEmpty();
        assertThat(drifted(blocks, sources))
                .as(
                        "java blocks in the guides that are not verbatim in the snippet sources under %s (copy the"
                                + " snippet method's body into the guide, or fix the snippet)",
                        SNIPPETS)
                .isEmpty();
    }

    @Test
    void everyTypeAGuideUses_isImportedInTheGuideAtOrBeforeItsFirstUse() throws IOException {
        Path root = projectRoot();
        Map<String, String> raw = rawSnippetSources(root.resolve(SNIPPETS));
        List<String> missing = new ArrayList<>();
        for (Path md : guides(root)) {
            missing.addAll(unimported(javaBlocks(md.getFileName().toString(), Files.readString(md)), raw));
        }
        assertThat(missing)
                .as("types the guides use before any of their blocks shows the import (add the import lines to the"
                        + " block that first uses the type)")
                .isEmpty();
    }

    @Test
    void unimported_reportsATypeUsedBeforeAnyBlockOfTheGuideImportsIt() {
        String source = "package p;\nimport a.Foo;\nimport b.Bar;\nimport java.util.List;\nfinal class Snippets {\n"
                + " static void one() {\n Foo f = Foo.create(\"Bar\"); // Bar\n }\n"
                + " static void two() {\n Bar b = new Bar(); List<Foo> l = List.of();\n }\n}\n";
        String md =
                "<!-- snippet: Snippets#one -->\n```java\nimport a.Foo;\n\nFoo f = Foo.create(\"Bar\"); // Bar\n```\n\n"
                        + "<!-- snippet: Snippets#two -->\n```java\nBar b = new Bar(); List<Foo> l = List.of();\n```\n";
        assertThat(unimported(javaBlocks("g.md", md), Map.of("Snippets", source)))
                .containsExactly("g.md:9: Bar (import b.Bar;)", "g.md:9: List (import java.util.List;)");
    }

    @Test
    void theApiMapOfGettingStarted_namesEveryPublicPackage() throws IOException {
        Path root = projectRoot();
        String guide = Files.readString(root.resolve("docs/getting-started.md"));
        int start = guide.indexOf("\n" + API_MAP + "\n");
        assertThat(start)
                .as("docs/getting-started.md has a section \"%s\"", API_MAP)
                .isNotNegative();
        int end = guide.indexOf("\n## ", start + 1);
        String map = guide.substring(start, end < 0 ? guide.length() : end);
        List<String> packages = publicPackages(root);
        assertThat(packages).contains("io.personalizekit.resource", "io.personalizekit.exception");
        assertThat(packages)
                .as("public packages the API map of docs/getting-started.md does not name")
                .allMatch(p -> map.contains("`" + p + "`"));
    }

    @Test
    void everyGuideWithJava_hasAtLeastOneCompiledBlock() throws IOException {
        for (Path md : guides(projectRoot())) {
            List<Block> blocks = javaBlocks(md.getFileName().toString(), Files.readString(md, StandardCharsets.UTF_8));
            if (!blocks.isEmpty()) {
                assertThat(blocks)
                        .as("%s marks every java block not-compiled", md.getFileName())
                        .anyMatch(b -> !b.exempt());
            }
        }
    }

    @Test
    void drifted_whenABlockDiffersFromTheSource_reportsItWithFileAndLine() {
        String md = "# Guide\n\ntext\n\n```java\nint a = 1;\nint b = a + 2;\n```\n";
        List<Block> blocks = javaBlocks("guide.md", md);
        assertThat(drifted(blocks, sources("void m() {\n    int a = 1;\n    int b = a + 1;\n}")))
                .containsExactly("guide.md:5: int a = 1; int b = a + 2;");
    }

    @Test
    void drifted_whenOnlyIndentationAndLineBreaksDiffer_acceptsTheBlock() {
        String md = "```java\nDatasetSchema s = SchemaBuilder.forType(ITEMS)\n    .build();\n```\n";
        String source = "static void m() {\n        DatasetSchema s = SchemaBuilder.forType(ITEMS)\n"
                + "                .build();\n    }";
        assertThat(drifted(javaBlocks("g.md", md), sources(source))).isEmpty();
    }

    @Test
    void javaBlocks_whenMarkedNotCompiled_exemptsOnlyThatBlock() {
        String md = "a\n\n" + NOT_COMPILED + "\n```java\nfoo();\n```\n\n```java\nbar();\n```\n```xml\n<x/>\n```\n";
        List<Block> blocks = javaBlocks("g.md", md);
        assertThat(blocks).extracting(Block::exempt).containsExactly(true, false);
        assertThat(drifted(blocks, sources("bar();"))).isEmpty();
        assertThat(drifted(blocks, sources("foo();"))).hasSize(1);
    }

    @Test
    void drifted_whenTheMarkerNamesAnotherClassOrAMissingMethod_reportsIt() {
        String md = "<!-- snippet: Snippets#write -->\n```java\nwrite();\n```\n\n"
                + "<!-- snippet: Snippets#gone -->\n```java\nwrite();\n```\n\n"
                + "<!-- snippet: Other#write:1-2 -->\n```java\nwrite();\n```\n";
        Map<String, String> sources = new LinkedHashMap<>(sources("static void write() {\n    write();\n}"));
        sources.put("Other", normalize("static void write() {\n    other();\n}"));
        assertThat(drifted(javaBlocks("g.md", md), sources))
                .containsExactly(
                        "g.md:7: the marker names Snippets#gone, which does not exist",
                        "g.md:12: not in Other: write();");
    }

    @Test
    void drifted_whenABlockStartsWithImports_checksEachAgainstTheSourceAndTheRestVerbatim() {
        String md = "<!-- snippet: Snippets#write -->\n```java\nimport a.B;\nimport c.D;\n\nwrite();\n```\n\n"
                + "```java\nimport a.B;\nwrite();\n```\n";
        Map<String, String> sources =
                Map.of("Snippets", normalize("import a.B;\nfinal class S {\n static void write() {\n write();\n }\n}"));
        assertThat(drifted(javaBlocks("g.md", md), sources))
                .containsExactly("g.md:2: import c.D; is not an import of Snippets");
    }

    @Test
    void javaBlocks_whenAFenceIsNotClosed_reportsTheGuide() {
        List<Block> blocks = javaBlocks("g.md", "```java\nfoo();\n");
        assertThat(drifted(blocks, sources("foo();")))
                .singleElement()
                .asString()
                .contains("g.md:1", "unclosed");
    }

    /** The fenced java blocks of a markdown text, in order. */
    static List<Block> javaBlocks(String file, String markdown) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = markdown.split("\r?\n", -1);
        String previous = "";
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.equals("```java")) {
                int start = i;
                StringBuilder code = new StringBuilder();
                boolean closed = false;
                for (i++; i < lines.length; i++) {
                    if (lines[i].strip().equals("```")) {
                        closed = true;
                        break;
                    }
                    code.append(lines[i]).append('\n');
                }
                Matcher marker = SNIPPET_MARKER.matcher(previous);
                blocks.add(new Block(
                        file,
                        start + 1,
                        previous.equals(NOT_COMPILED),
                        marker.matches() ? marker.group(1) + "#" + marker.group(2) : null,
                        closed ? code.toString() : null));
                previous = "```";
            } else if (!line.isEmpty()) {
                previous = line;
            }
        }
        return blocks;
    }

    /**
     * The blocks, not exempt, whose normalized code is in none of the normalized sources (for a block with a marker:
     * not in the named class, or the class does not declare the named method), as "file:line: problem".
     */
    static List<String> drifted(List<Block> blocks, Map<String, String> normalizedSources) {
        List<String> out = new ArrayList<>();
        for (Block b : blocks) {
            if (b.code() == null) {
                out.add(b.file() + ":" + b.line() + ": unclosed ```java fence");
                continue;
            }
            if (b.exempt()) {
                continue;
            }
            List<String> imports = new ArrayList<>();
            String code = normalize(withoutImports(b.code(), imports));
            String importSource =
                    b.marker() == null ? null : normalizedSources.get(b.marker().split("#")[0]);
            for (String imp : imports) {
                boolean found = importSource != null
                        ? importSource.contains(imp)
                        : normalizedSources.values().stream().anyMatch(s -> s.contains(imp));
                if (!found) {
                    out.add(b.file() + ":" + b.line() + ": " + imp + " is not an import of "
                            + (b.marker() == null
                                    ? "any snippet source"
                                    : b.marker().split("#")[0]));
                }
            }
            if (b.marker() != null) {
                String[] classAndMethod = b.marker().split("#");
                String source = normalizedSources.get(classAndMethod[0]);
                if (source == null || !source.contains(" " + classAndMethod[1] + "(")) {
                    out.add(b.file() + ":" + b.line() + ": the marker names " + b.marker() + ", which does not exist");
                } else if (code.isEmpty() || !source.contains(code)) {
                    out.add(b.file() + ":" + b.line() + ": not in " + classAndMethod[0] + ": " + code);
                }
            } else if (code.isEmpty() || normalizedSources.values().stream().noneMatch(s -> s.contains(code))) {
                out.add(b.file() + ":" + b.line() + ": " + code);
            }
        }
        return out;
    }

    /**
     * The types each guide's compiled blocks use, in order, that no block of the guide up to that one imports, as
     * "file:line: Type (import ...;)". A block's types are the simple names its source class imports (the class its
     * marker names, else the first source holding the code), found in the code outside comments and string literals.
     */
    static List<String> unimported(List<Block> blocks, Map<String, String> rawSources) {
        List<String> out = new ArrayList<>();
        Set<String> shown = new HashSet<>();
        for (Block b : blocks) {
            if (b.exempt() || b.code() == null) {
                continue;
            }
            List<String> imports = new ArrayList<>();
            String code = withoutImports(b.code(), imports);
            for (String imp : imports) {
                Matcher m = IMPORT.matcher(imp);
                if (m.matches()) {
                    shown.add(m.group(2));
                }
            }
            String source = b.marker() != null
                    ? rawSources.get(b.marker().split("#")[0])
                    : rawSources.values().stream()
                            .filter(s -> normalize(s).contains(normalize(code)))
                            .findFirst()
                            .orElse(null);
            if (source == null) {
                continue; // reported by drifted(..)
            }
            Map<String, String> imported = new LinkedHashMap<>();
            source.lines().map(String::strip).forEach(line -> {
                Matcher m = IMPORT.matcher(line);
                if (m.matches()) {
                    imported.put(m.group(2), line);
                }
            });
            Matcher word = TYPE_NAME.matcher(CODE_NOISE.matcher(code).replaceAll(" "));
            Set<String> used = new LinkedHashSet<>();
            while (word.find()) {
                used.add(word.group());
            }
            for (String type : used) {
                if (imported.containsKey(type) && shown.add(type)) {
                    out.add(b.file() + ":" + b.line() + ": " + type + " (" + imported.get(type) + ")");
                }
            }
        }
        return out;
    }

    private static final Pattern IMPORT = Pattern.compile("import ([\\w.]+\\.)?(\\w+);");
    private static final Pattern TYPE_NAME = Pattern.compile("\\b[A-Z]\\w*\\b");
    /** Comments and string and character literals. */
    private static final Pattern CODE_NOISE = Pattern.compile(
            "//[^\\n]*|/\\*.*?\\*/|\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*'", Pattern.DOTALL);

    /** The code after its leading {@code import} lines (and blank lines), which are added to {@code imports}. */
    static String withoutImports(String code, List<String> imports) {
        String[] lines = code.split("\n", -1);
        int i = 0;
        for (; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("import ") && line.endsWith(";")) {
                imports.add(normalize(line));
            } else if (!line.isEmpty()) {
                break;
            }
        }
        return String.join("\n", Arrays.asList(lines).subList(i, lines.length));
    }

    /** Collapses every run of whitespace to one space and trims. */
    static String normalize(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /** One source named "Snippets", for the tests of the matcher. */
    private static Map<String, String> sources(String text) {
        return Map.of("Snippets", normalize(text));
    }

    /** The normalized snippet sources by class (file) name. */
    private static Map<String, String> snippetSources(Path dir) throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p :
                    files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
                String name = p.getFileName().toString();
                sources.put(
                        name.substring(0, name.length() - ".java".length()),
                        normalize(Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        return sources;
    }

    /** The snippet sources as written, by class (file) name. */
    private static Map<String, String> rawSnippetSources(Path dir) throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p :
                    files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
                String name = p.getFileName().toString();
                sources.put(name.substring(0, name.length() - ".java".length()), Files.readString(p));
            }
        }
        return sources;
    }

    static final String API_MAP = "## The API at a glance";

    /** The packages of the library's artifacts that hold a package-info.java, without the internal ones. */
    private static List<String> publicPackages(Path root) throws IOException {
        List<String> packages = new ArrayList<>();
        for (String module : List.of("personalize-core", "personalize-redis-cache", "personalize-local")) {
            Path src = root.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(src)) {
                files.filter(f -> f.getFileName().toString().equals("package-info.java"))
                        .map(f -> src.relativize(f.getParent())
                                .toString()
                                .replace(f.getFileSystem().getSeparator(), "."))
                        .filter(p -> !p.contains("internal"))
                        .forEach(packages::add);
            }
        }
        return packages;
    }

    /** The guides: the markdown files directly under docs/. */
    private static List<Path> guides(Path root) throws IOException {
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            return docs.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList());
        }
    }

    /** The project root: the nearest directory up from the working directory holding docs/ and examples/. */
    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.isDirectory(p.resolve("examples"))) {
                return p;
            }
        }
        throw new IllegalStateException("No directory holding docs/ and examples/ above " + dir);
    }
}
