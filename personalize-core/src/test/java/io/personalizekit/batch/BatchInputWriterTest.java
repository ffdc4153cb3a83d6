package io.personalizekit.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchInputWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void toStream_writesOneItemIdObjectPerLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (BatchInputWriter writer = BatchInputWriter.toStream(out)) {
            writer.write("105").writeAll(List.of("106", "107"));
            assertThat(writer.count()).isEqualTo(3);
        }

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"itemId\":\"105\"}\n{\"itemId\":\"106\"}\n{\"itemId\":\"107\"}\n");
    }

    @Test
    void write_escapesJsonSoEveryLineParsesBackToTheSameId() throws IOException {
        List<String> ids = List.of("quote\"d", "back\\slash", "tab\there", "line\nbreak", "ünïcødé-✓", "𝄞");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BatchInputWriter writer = BatchInputWriter.toStream(out)) {
            writer.writeAll(ids.stream());
        }

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        assertThat(lines).hasSize(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            assertThat(JSON.readTree(lines.get(i)).get("itemId").asText()).isEqualTo(ids.get(i));
            assertThat(JSON.readTree(lines.get(i)).size()).isEqualTo(1);
        }
    }

    @Test
    void toStream_flushesButDoesNotCloseTheBorrowedStream() {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        BatchInputWriter.toStream(out).write("1").close();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"itemId\":\"1\"}\n");
        assertThat(closed[0]).isFalse();
    }

    @Test
    void toFile_whenClosed_movesTheCompleteFileIntoPlaceAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("items.json");
        try (BatchInputWriter writer = BatchInputWriter.toFile(target)) {
            writer.write("a");
            assertThat(target).doesNotExist(); // readers never see a partial file
        }

        assertThat(target).hasContent("{\"itemId\":\"a\"}");
        assertThat(filesIn(dir)).containsExactly("items.json");
    }

    @Test
    void toFile_whenAWriteFailed_keepsTheOldTargetAndRemovesTheTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("items.json"), "{\"itemId\":\"old\"}\n");

        try (BatchInputWriter writer = BatchInputWriter.toFile(target)) {
            writer.write("new");
            assertThatThrownBy(() -> writer.write("")).isInstanceOf(IllegalArgumentException.class);
        }

        assertThat(target).hasContent("{\"itemId\":\"old\"}");
        assertThat(filesIn(dir)).containsExactly("items.json");
    }

    @Test
    void writeFile_whenTheSourceThrows_leavesNothingBehind() throws IOException {
        Path target = dir.resolve("items.json");
        Iterable<String> failing = () -> new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                if (++n > 2) {
                    throw new IllegalStateException("catalog query failed");
                }
                return "item-" + n;
            }
        };

        assertThatThrownBy(() -> BatchInputWriter.writeFile(target, failing)).hasMessage("catalog query failed");
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void writeFile_returnsTheLineCount() throws IOException {
        Path target = dir.resolve("items.json");

        assertThat(BatchInputWriter.writeFile(target, List.of("1", "2"))).isEqualTo(2);
        assertThat(Files.readAllLines(target)).containsExactly("{\"itemId\":\"1\"}", "{\"itemId\":\"2\"}");
    }

    @Test
    void write_whenItemIdIsEmptyOrTooLong_throwsIllegalArgumentWithTheLimit() {
        BatchInputWriter writer = BatchInputWriter.toStream(new ByteArrayOutputStream());

        assertThatThrownBy(() -> writer.write(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 256");
        assertThatThrownBy(() -> writer.write("x".repeat(257)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 257");
        assertThat(writer.write("x".repeat(256)).count()).isEqualTo(1);
        assertThatThrownBy(() -> writer.write(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("itemId");
    }

    @Test
    void write_whenClosed_throwsIllegalState() {
        BatchInputWriter writer = BatchInputWriter.toStream(new ByteArrayOutputStream());
        writer.close();

        assertThatThrownBy(() -> writer.write("1")).isInstanceOf(IllegalStateException.class);
    }
}
