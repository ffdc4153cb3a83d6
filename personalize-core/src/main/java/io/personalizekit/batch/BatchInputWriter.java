package io.personalizekit.batch;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.personalizekit.exception.BatchDataException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Writes the JSON Lines input of a related-items batch inference job: one {@code {"itemId":"..."}} object per
 * line, UTF-8, {@code \n} line ends.
 *
 * <p>Two targets:
 *
 * <ul>
 *   <li>{@link #toFile(Path)} writes to a temporary file next to the target and moves it into place on {@link
 *       #close()} (atomically where the file system allows), so a reader never sees a half-written file. If a
 *       write failed, or {@link #abort()} was called, {@code close()} deletes the temporary file instead and the
 *       target is left untouched. {@link #writeFile(Path, Iterable)} does all of this in one call.
 *   <li>{@link #toStream(OutputStream)} writes to a caller's stream, which is borrowed: {@code close()} flushes
 *       it but does not close it.
 * </ul>
 *
 * <pre>{@code
 * try (BatchInputWriter in = BatchInputWriter.toFile(Path.of("items.json"))) {
 *     catalog.forEach(item -> in.write(item.id()));
 * }
 * }</pre>
 *
 * <p>Item ids must be 1 to 256 characters (Personalize's limit for {@code ITEM_ID}). The writer buffers; it is
 * not thread-safe.
 */
public final class BatchInputWriter implements AutoCloseable {
    /** Personalize's maximum length of an item id. */
    public static final int MAX_ITEM_ID_LENGTH = 256;

    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    private final Writer out;
    private final String name;
    private final @Nullable Path target;
    private final @Nullable Path temp;
    private final boolean ownsStream;
    private long count;
    private boolean failed;
    private boolean closed;

    private BatchInputWriter(Writer out, String name, @Nullable Path target, @Nullable Path temp, boolean ownsStream) {
        this.out = out;
        this.name = name;
        this.target = target;
        this.temp = temp;
        this.ownsStream = ownsStream;
    }

    /**
     * Opens a writer whose output replaces {@code target} when the writer is closed.
     *
     * @param target the input file to produce, for example {@code items.json}
     * @return the writer
     * @throws NullPointerException when {@code target} is null
     * @throws BatchDataException when the temporary file cannot be created
     */
    public static BatchInputWriter toFile(Path target) {
        Objects.requireNonNull(target, "target");
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        try {
            Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
            Writer writer = new BufferedWriter(
                    new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8), 1 << 16);
            return new BatchInputWriter(writer, target.toString(), absolute, temp, true);
        } catch (IOException e) {
            throw new BatchDataException(
                    target.toString(), 0, "Cannot create a temporary file in " + dir + ": " + e, e);
        }
    }

    /**
     * Opens a writer onto a caller's stream. The stream is borrowed: {@link #close()} flushes but does not close
     * it.
     *
     * @param out the stream
     * @return the writer
     * @throws NullPointerException when {@code out} is null
     */
    public static BatchInputWriter toStream(OutputStream out) {
        Objects.requireNonNull(out, "out");
        return new BatchInputWriter(
                new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16),
                "stream",
                null,
                null,
                false);
    }

    /**
     * Writes {@code target} atomically from the given item ids: either the whole file appears, or (on any
     * failure, including one thrown by the iterable) nothing changes.
     *
     * @param target the input file to produce
     * @param itemIds the item ids, in order
     * @return the number of lines written
     * @throws IllegalArgumentException when an item id is empty or longer than 256 characters
     * @throws BatchDataException when the file cannot be written
     */
    public static long writeFile(Path target, Iterable<String> itemIds) {
        Objects.requireNonNull(itemIds, "itemIds");
        BatchInputWriter writer = toFile(target);
        try {
            writer.writeAll(itemIds);
        } catch (RuntimeException | Error e) {
            writer.abort();
            throw e;
        }
        writer.close();
        return writer.count();
    }

    /**
     * Writes one line, {@code {"itemId":"<itemId>"}}.
     *
     * @param itemId the item id
     * @return this writer
     * @throws NullPointerException when {@code itemId} is null
     * @throws IllegalArgumentException when {@code itemId} is empty or longer than 256 characters
     * @throws IllegalStateException when the writer is closed
     * @throws BatchDataException when writing fails
     */
    public BatchInputWriter write(String itemId) {
        Objects.requireNonNull(itemId, "itemId");
        if (closed) {
            throw new IllegalStateException("BatchInputWriter for " + name + " is closed");
        }
        if (itemId.isEmpty() || itemId.length() > MAX_ITEM_ID_LENGTH) {
            failed = true;
            throw new IllegalArgumentException("Item id at record " + (count + 1) + " must be 1 to "
                    + MAX_ITEM_ID_LENGTH + " characters, but has " + itemId.length());
        }
        try {
            out.write("{\"itemId\":\"");
            out.write(ENCODER.quoteAsString(itemId));
            out.write("\"}\n");
        } catch (IOException e) {
            failed = true;
            throw new BatchDataException(name, count + 1, "Writing the batch input " + name + " failed: " + e, e);
        }
        count++;
        return this;
    }

    /**
     * Writes one line per item id.
     *
     * @param itemIds the item ids, in order
     * @return this writer
     * @throws IllegalArgumentException when an item id is empty or longer than 256 characters
     * @throws BatchDataException when writing fails
     */
    public BatchInputWriter writeAll(Iterable<String> itemIds) {
        for (String itemId : itemIds) {
            write(itemId);
        }
        return this;
    }

    /**
     * Writes one line per item id of a stream (the stream is consumed, not closed).
     *
     * @param itemIds the item ids, in order
     * @return this writer
     * @throws IllegalArgumentException when an item id is empty or longer than 256 characters
     * @throws BatchDataException when writing fails
     */
    public BatchInputWriter writeAll(Stream<String> itemIds) {
        itemIds.forEachOrdered(this::write);
        return this;
    }

    /**
     * The number of lines written so far.
     *
     * @return the count
     */
    public long count() {
        return count;
    }

    /**
     * Marks the output as unusable: for a file writer, {@link #close()} then deletes the temporary file and leaves
     * the target untouched. Closes the writer.
     */
    public void abort() {
        failed = true;
        close();
    }

    /**
     * Finishes the output: flushes, and for a file writer moves the temporary file onto the target (or deletes
     * it when a write failed or {@link #abort()} was called). Idempotent.
     *
     * @throws BatchDataException when flushing or moving fails (the temporary file is then deleted)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (ownsStream) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            discardTemp();
            throw new BatchDataException(name, 0, "Finishing the batch input " + name + " failed: " + e, e);
        }
        if (temp == null || target == null) {
            return;
        }
        if (failed) {
            discardTemp();
            return;
        }
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            discardTemp();
            throw new BatchDataException(
                    name, 0, "Moving the batch input into place at " + target + " failed: " + e, e);
        }
    }

    private void discardTemp() {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: a leftover hidden .tmp file is harmless and named after the target
            }
        }
    }
}
