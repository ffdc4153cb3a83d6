package io.personalizekit.exception;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a data job left in Amazon S3 could not be listed or read: the files of a dataset export job, or a metric
 * attribution report (a file that cannot be read, or a line that is not in the report's format). Carries the S3 URI
 * (or job ARN) and the 1-based line; the cause, when present, is the original SDK or parse failure.
 */
public class DataJobException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final @Nullable String source;
    private final long line;

    /**
     * Creates the exception.
     *
     * @param source the {@code s3://} URI or job ARN concerned, or {@code null} when unknown
     * @param line the 1-based line concerned, or 0 when the failure concerns the whole file or listing
     * @param message the explanation
     * @param cause the original failure, or {@code null}
     */
    public DataJobException(@Nullable String source, long line, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.source = source;
        this.line = line;
    }

    /**
     * The {@code s3://} URI or job ARN concerned.
     *
     * @return the source, or empty when unknown
     */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /**
     * The 1-based line concerned.
     *
     * @return the line, or 0 when the failure concerns the whole file or listing
     */
    public long line() {
        return line;
    }
}
