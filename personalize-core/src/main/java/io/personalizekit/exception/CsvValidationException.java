package io.personalizekit.exception;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A value or a record of a dataset CSV breaks a rule of Amazon Personalize's bulk import format or a data check of
 * personalize-kit. The message names the source, the position, the field, the value (truncated) and the limit, as
 * in {@code items.csv line 12 (record 11), field LABELS, value 'A||B': ... [categorical-empty]}; each is also
 * available through an accessor.
 *
 * <p>Positions, the same for the writer, the reader and the validator: {@link #line()} is the physical line,
 * 1-based, counting the header as line 1; {@link #record()} is the data record, 1-based, not counting the header. A
 * writer writes one record per line, so there the line is always the record plus one; in a file read back, a quoted
 * value that spans lines makes them drift apart. An error of the header is on line 1, record 0.
 */
public class CsvValidationException extends PersonalizeKitException {
    private static final long serialVersionUID = 2L;

    private final @Nullable String source;
    private final long line;
    private final long record;
    private final @Nullable String field;
    private final @Nullable String value;
    private final String rule;

    /**
     * Creates the exception.
     *
     * @param source the file or stream, or {@code null} when unknown
     * @param line the 1-based physical line (the header is line 1), or 0 when unknown
     * @param record the 1-based data record (the header not counted), or 0 for the header or when unknown
     * @param field the field (column) name, or {@code null} when the error concerns a whole record
     * @param value the offending value, already truncated for display, or {@code null}
     * @param rule a short stable identifier of the rule, for example {@code "id-length"}
     * @param message the full, human-readable explanation
     */
    public CsvValidationException(
            @Nullable String source,
            long line,
            long record,
            @Nullable String field,
            @Nullable String value,
            String rule,
            String message) {
        super(message);
        this.source = source;
        this.line = line;
        this.record = record;
        this.field = field;
        this.value = value;
        this.rule = rule;
    }

    /**
     * The file or stream the record belongs to.
     *
     * @return the source name, or empty when unknown
     */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /**
     * The physical line of the error, 1-based, the header being line 1.
     *
     * @return the line number, or 0 when unknown
     */
    public long line() {
        return line;
    }

    /**
     * The data record of the error, 1-based, the header not counted.
     *
     * @return the record number, or 0 for an error of the header (or of the whole file)
     */
    public long record() {
        return record;
    }

    /**
     * The field (column) the error concerns.
     *
     * @return the field name, or empty for an error of a whole record
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /**
     * The offending value, truncated for display.
     *
     * @return the value, or empty when not applicable
     */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /**
     * The rule that was broken, as a short stable identifier.
     *
     * @return the rule identifier
     */
    public String rule() {
        return rule;
    }
}
