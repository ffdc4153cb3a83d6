package io.personalizekit.exception;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reading a dataset CSV failed for an I/O reason; the cause is the original {@link java.io.IOException}. Positions
 * as in {@link CsvValidationException}: the physical line (header = line 1) and the data record being read.
 */
public class CsvReadException extends PersonalizeKitException {
    private static final long serialVersionUID = 2L;

    private final @Nullable String source;
    private final long line;
    private final long record;

    /**
     * Creates the exception.
     *
     * @param source the file or stream being read, or {@code null} when unknown
     * @param line the 1-based physical line being read when it failed, or 0 when unknown
     * @param record the 1-based data record being read (0 while reading the header)
     * @param message the explanation
     * @param cause the I/O failure
     */
    public CsvReadException(@Nullable String source, long line, long record, String message, Throwable cause) {
        super(message, cause);
        this.source = source;
        this.line = line;
        this.record = record;
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
     * The physical line being read when the failure happened, 1-based, the header being line 1.
     *
     * @return the line number, or 0 when unknown
     */
    public long line() {
        return line;
    }

    /**
     * The data record being read when the failure happened, 1-based, the header not counted.
     *
     * @return the record number, 0 while reading the header
     */
    public long record() {
        return record;
    }
}
