package io.personalizekit.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personalizekit.exception.BatchDataException;
import io.personalizekit.storage.S3Location;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Streams the JSON Lines output of a related-items batch inference job into {@link BatchResult}s, one line at a
 * time (memory use does not grow with the file). Each line looks like
 *
 * <pre>{@code
 * {"input": {"itemId": "105"}, "output": {"recommendedItems": ["106", "107", "49"]}}
 * {"input": {"itemId": "999"}, "output": null, "error": "..."}
 * }</pre>
 *
 * <p>Blank lines are skipped. A line that is not a JSON object, lacks {@code input.itemId}, has a {@code
 * recommendedItems} that is not an array of strings, or has neither an output nor an error, fails with a {@link
 * BatchDataException} carrying the source and the 1-based line number.
 *
 * <pre>{@code
 * try (BatchOutputReader reader = BatchOutputReader.fromS3(s3, job.resultsLocation());
 *         Stream<BatchResult> results = reader.stream()) {
 *     results.filter(BatchResult::succeeded).forEach(r -> cache.put(r.itemId(), r.recommendedItems()));
 * }
 * }</pre>
 *
 * <p>A reader is single-use ({@link #iterator()}, {@link #stream()} and {@link #forEachResult} share one
 * position) and not thread-safe. It owns the underlying stream and closes it in {@link #close()}; an {@code
 * S3Client} passed to {@link #fromS3} is borrowed and never closed.
 */
public final class BatchOutputReader implements Iterable<BatchResult>, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader reader;
    private final String source;
    private long lineNumber;
    private @Nullable BatchResult next;
    private boolean done;

    private BatchOutputReader(InputStream in, String source) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        this.source = source;
    }

    /**
     * Reads a local output file.
     *
     * @param file the {@code .out} file
     * @return the reader
     * @throws BatchDataException when the file cannot be opened
     */
    public static BatchOutputReader open(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            return new BatchOutputReader(Files.newInputStream(file), file.toString());
        } catch (IOException e) {
            throw new BatchDataException(file.toString(), 0, "Cannot open the batch output " + file + ": " + e, e);
        }
    }

    /**
     * Reads output from a stream, which the reader then owns and closes.
     *
     * @param in the stream
     * @param sourceName a name for messages, for example the file or URI it came from
     * @return the reader
     */
    public static BatchOutputReader of(InputStream in, String sourceName) {
        return new BatchOutputReader(
                Objects.requireNonNull(in, "in"), Objects.requireNonNull(sourceName, "sourceName"));
    }

    /**
     * Streams an output object from S3 ({@code GetObject}); the object is read as the results are consumed.
     *
     * @param s3 the client (borrowed: never closed by the reader)
     * @param location the output object, for example {@code s3://bucket/out/items.json.out}
     * @return the reader
     * @throws software.amazon.awssdk.services.s3.model.S3Exception when S3 rejects the request (for example
     *     {@code NoSuchKey})
     */
    public static BatchOutputReader fromS3(S3Client s3, S3Location location) {
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(location, "location");
        return new BatchOutputReader(
                s3.getObject(r -> r.bucket(location.bucket()).key(location.key())), location.uri());
    }

    /**
     * The 1-based number of the last line read.
     *
     * @return the line number, 0 before the first read
     */
    public long lineNumber() {
        return lineNumber;
    }

    /**
     * An iterator over the remaining results. Its {@code hasNext()} and {@code next()} throw {@link
     * BatchDataException} for a malformed line or a read failure.
     *
     * @return the iterator
     */
    @Override
    public Iterator<BatchResult> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return advance();
            }

            @Override
            public BatchResult next() {
                if (!advance()) {
                    throw new NoSuchElementException("No more results in " + source);
                }
                BatchResult result = Objects.requireNonNull(next);
                next = null;
                return result;
            }
        };
    }

    /**
     * The remaining results as a sequential stream; closing the stream closes this reader.
     *
     * @return the stream
     */
    public Stream<BatchResult> stream() {
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
                        false)
                .onClose(this::close);
    }

    /**
     * Feeds every remaining result to a consumer, then closes this reader.
     *
     * @param consumer receives each result in file order
     * @return the number of results fed
     * @throws BatchDataException for a malformed line or a read failure
     */
    public long forEachResult(Consumer<? super BatchResult> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        long n = 0;
        try (this) {
            for (BatchResult result : this) {
                consumer.accept(result);
                n++;
            }
        }
        return n;
    }

    /**
     * Closes the underlying stream. Idempotent.
     *
     * @throws BatchDataException when closing the stream fails
     */
    @Override
    public void close() {
        done = true;
        try {
            reader.close();
        } catch (IOException e) {
            throw new BatchDataException(source, lineNumber, "Closing the batch output " + source + " failed: " + e, e);
        }
    }

    private boolean advance() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        String line;
        do {
            try {
                line = reader.readLine();
            } catch (IOException e) {
                throw new BatchDataException(
                        source, lineNumber + 1, "Reading the batch output " + source + " failed: " + e, e);
            }
            if (line == null) {
                done = true;
                return false;
            }
            lineNumber++;
        } while (line.isBlank());
        next = parse(line);
        return true;
    }

    private BatchResult parse(String line) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw malformed("is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw malformed("is not a JSON object", null);
        }
        JsonNode itemId = root.path("input").path("itemId");
        if (!itemId.isTextual()) {
            throw malformed("has no string input.itemId (only related-items output is supported)", null);
        }
        JsonNode errorNode = root.path("error");
        String error = errorNode.isMissingNode() || errorNode.isNull()
                ? null
                : errorNode.isTextual() ? errorNode.asText() : errorNode.toString();
        JsonNode items = root.path("output").path("recommendedItems");
        List<String> recommended = new ArrayList<>();
        if (items.isArray()) {
            for (JsonNode item : items) {
                if (!item.isTextual()) {
                    throw malformed("has a non-string entry in output.recommendedItems: " + item, null);
                }
                recommended.add(item.asText());
            }
        } else if (!items.isMissingNode() && !items.isNull()) {
            throw malformed("has an output.recommendedItems that is not an array", null);
        } else if (error == null) {
            throw malformed("has neither output.recommendedItems nor an error", null);
        }
        return BatchResult.of(itemId.asText(), recommended, error);
    }

    private BatchDataException malformed(String problem, @Nullable Throwable cause) {
        return new BatchDataException(
                source,
                lineNumber,
                "Malformed batch output at " + source + " line " + lineNumber + ": it " + problem,
                cause);
    }
}
