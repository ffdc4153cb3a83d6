package io.personalizekit.exception;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reading a dataset CSV failed for an I/O reason; the cause is the original {@link java.io.IOException}. */
public class CsvReadException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final @Nullable String source;
    private final long line;

    /**
     * Creates the exception.
     *
     * @param source the file or stream being read, or {@code null} when unknown
     * @param line the 1-based physical line being read when it failed
     * @param message the explanation
     * @param cause the I/O failure
     */
    public CsvReadException(@Nullable String source, long line, String message, Throwable cause) {
        super(message, cause);
        this.source = source;
        this.line = line;
    }

    /**
     * The file or stream being read.
     *
     * @return the source, or empty when unknown
     */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /**
     * The 1-based physical line being read when the failure happened.
     *
     * @return the line number
     */
    public long line() {
        return line;
    }
}
