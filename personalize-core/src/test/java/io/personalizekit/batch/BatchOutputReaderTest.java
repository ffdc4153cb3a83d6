package io.personalizekit.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.personalizekit.exception.BatchDataException;
import io.personalizekit.storage.S3Location;
import io.personalizekit.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;

class BatchOutputReaderTest {
    // the shape the service writes (personalize-api.md section 8), including a failed record
    private static final String OUTPUT = "{\"input\": {\"itemId\": \"105\"}, \"output\": {\"recommendedItems\":"
            + " [\"106\", \"107\", \"49\"]}}\n"
            + "{\"input\": {\"itemId\": \"106\"}, \"output\": {\"recommendedItems\": [\"105\", \"107\", \"49\"]},"
            + " \"error\": null}\n"
            + "\n"
            + "{\"input\": {\"itemId\": \"x\"}, \"output\": null, \"error\": \"Item x could not be processed\"}\n";

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.create();

    @TempDir
    Path dir;

    private static BatchOutputReader reader(String text) {
        return BatchOutputReader.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.out");
    }

    @Test
    void stream_parsesResultsAndErrorsSkippingBlankLines() {
        List<BatchResult> results;
        try (Stream<BatchResult> stream = reader(OUTPUT).stream()) {
            results = stream.collect(Collectors.toList());
        }

        assertThat(results)
                .containsExactly(
                        BatchResult.of("105", List.of("106", "107", "49"), null),
                        BatchResult.of("106", List.of("105", "107", "49"), null),
                        BatchResult.of("x", List.of(), "Item x could not be processed"));
        assertThat(results.get(0).succeeded()).isTrue();
        assertThat(results.get(2).succeeded()).isFalse();
        assertThat(results.get(2).error()).contains("Item x could not be processed");
    }

    @Test
    void fromS3_streamsTheOutputObjectAndLeavesTheClientOpen() {
        String bucket = S3.createBucket("batch-output");
        S3.client().putObject(r -> r.bucket(bucket).key("out/items.json.out"), RequestBody.fromString(OUTPUT));
        List<String> ids = new ArrayList<>();

        long n;
        try (BatchOutputReader reader =
                BatchOutputReader.fromS3(S3.client(), S3Location.parse("s3://batch-output/out/items.json.out"))) {
            n = reader.forEachResult(r -> ids.add(r.itemId()));
            assertThat(reader.lineNumber()).isEqualTo(4);
        }

        assertThat(n).isEqualTo(3);
        assertThat(ids).containsExactly("105", "106", "x");
        assertThat(S3.client().listObjectsV2(r -> r.bucket(bucket)).contents()).hasSize(1);
    }

    @Test
    void open_readsALargeFileLineByLine() throws IOException {
        Path file = dir.resolve("items.json.out");
        int lines = 10_000;
        try (var out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < lines; i++) {
                out.write("{\"input\":{\"itemId\":\"" + i + "\"},\"output\":{\"recommendedItems\":[\"" + (i + 1)
                        + "\",\"" + (i + 2) + "\"]}}\n");
            }
        }
        long[] sum = {0};

        long n = BatchOutputReader.open(file)
                .forEachResult(r -> sum[0] += r.recommendedItems().size());

        assertThat(n).isEqualTo(lines);
        assertThat(sum[0]).isEqualTo(2L * lines);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{not json|is not valid JSON",
                "[1,2]|is not a JSON object",
                "{\"input\":{\"userId\":\"u1\"},\"output\":{\"recommendedItems\":[]}}|has no string input.itemId",
                "{\"input\":{\"itemId\":\"1\"},\"output\":{\"recommendedItems\":\"2\"}}|is not an array",
                "{\"input\":{\"itemId\":\"1\"},\"output\":{\"recommendedItems\":[2]}}|non-string entry",
                "{\"input\":{\"itemId\":\"1\"}}|neither output.recommendedItems nor an error"
            })
    void iterator_whenALineIsMalformed_reportsItsLineNumber(String badLine, String problem) {
        String text = "{\"input\":{\"itemId\":\"1\"},\"output\":{\"recommendedItems\":[\"2\"]}}\n\n" + badLine + "\n";
        Iterator<BatchResult> results = reader(text).iterator();

        assertThat(results.next().itemId()).isEqualTo("1");
        assertThatThrownBy(results::hasNext)
                .isInstanceOfSatisfying(BatchDataException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.source()).contains("test.out");
                })
                .hasMessageContaining("line 3")
                .hasMessageContaining(problem);
    }

    @Test
    void close_closesTheOwnedStream() {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(OUTPUT.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        try (Stream<BatchResult> results = BatchOutputReader.of(in, "s").stream()) {
            assertThat(results.findFirst()).isPresent();
        }

        assertThat(closed[0]).isTrue();
    }

    @Test
    void open_whenTheFileIsMissing_throwsBatchDataExceptionNamingIt() {
        assertThatThrownBy(() -> BatchOutputReader.open(dir.resolve("missing.out")))
                .isInstanceOf(BatchDataException.class)
                .hasMessageContaining("missing.out");
    }
}
