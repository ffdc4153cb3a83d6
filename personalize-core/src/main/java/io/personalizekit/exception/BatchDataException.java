package io.personalizekit.exception;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A batch inference input file could not be written, or an output file could not be read or has a malformed
 * line. Carries the file (or S3 URI) and the 1-based line; the cause, when present, is the original {@link
 * java.io.IOException} or JSON parse error.
 */
public class BatchDataException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final @Nullable String source;
    private final long line;

    /**
     * Creates the exception.
     *
     * @param source the file, stream or {@code s3://} URI, or {@code null} when unknown
     * @param line the 1-based line (or record) concerned, or 0 when the failure concerns the whole file
     * @param message the explanation
     * @param cause the original failure, or {@code null}
     */
    public BatchDataException(@Nullable String source, long line, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.source = source;
        this.line = line;
    }

    /**
     * The file, stream or {@code s3://} URI concerned.
     *
     * @return the source, or empty when unknown
     */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /**
     * The 1-based line (or record) concerned.
     *
     * @return the line, or 0 when the failure concerns the whole file
     */
    public long line() {
        return line;
    }
}
