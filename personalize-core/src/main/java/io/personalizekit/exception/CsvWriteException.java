package io.personalizekit.exception;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Writing a dataset CSV failed for an I/O reason; the cause is the original {@link java.io.IOException}. Positions
 * as in {@link CsvValidationException}: a writer writes one record per line, so the line is the record plus one
 * (the header is line 1, record 0).
 */
public class CsvWriteException extends PersonalizeKitException {
    private static final long serialVersionUID = 2L;

    private final @Nullable String target;
    private final long record;

    /**
     * Creates the exception.
     *
     * @param target the file or stream being written, or {@code null} when unknown
     * @param record the 1-based data record being written when it failed, or 0 for the header
     * @param message the explanation
     * @param cause the I/O failure
     */
    public CsvWriteException(@Nullable String target, long record, String message, Throwable cause) {
        super(message, cause);
        this.target = target;
        this.record = record;
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
     * The physical line being written when the failure happened: the record plus one (the header is line 1).
     *
     * @return the line number
     */
    public long line() {
        return record + 1;
    }

    /**
     * The data record being written when the failure happened, 1-based.
     *
     * @return the record number, 0 for the header
     */
    public long record() {
        return record;
    }
}
