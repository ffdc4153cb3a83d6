package io.personalizekit.exception;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Writing a dataset CSV failed for an I/O reason; the cause is the original {@link java.io.IOException}. */
public class CsvWriteException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final @Nullable String target;
    private final long row;

    /**
     * Creates the exception.
     *
     * @param target the file or stream being written, or {@code null} when unknown
     * @param row the 1-based data row being written when it failed, or 0 for the header
     * @param message the explanation
     * @param cause the I/O failure
     */
    public CsvWriteException(@Nullable String target, long row, String message, Throwable cause) {
        super(message, cause);
        this.target = target;
        this.row = row;
    }

    /**
     * The file or stream being written.
     *
     * @return the target, or empty when unknown
     */
    public Optional<String> target() {
        return Optional.ofNullable(target);
    }

    /**
     * The 1-based data row being written when the failure happened.
     *
     * @return the row number, 0 for the header
     */
    public long row() {
        return row;
    }
}
