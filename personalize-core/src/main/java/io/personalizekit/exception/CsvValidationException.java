package io.personalizekit.exception;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A value or a row of a dataset CSV breaks a rule of Amazon Personalize's bulk import format or a data check of
 * personalize-kit. The message names the source, the row (or line), the field, the value (truncated) and the
 * limit; each is also available through an accessor.
 */
public class CsvValidationException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final @Nullable String source;
    private final long row;
    private final @Nullable String field;
    private final @Nullable String value;
    private final String rule;

    /**
     * Creates the exception.
     *
     * @param source the file or stream the row belongs to, or {@code null} when unknown
     * @param row the 1-based data row (or, for a validator, the 1-based physical line), or 0 for the header
     * @param field the field (column) name, or {@code null} when the error concerns a whole row
     * @param value the offending value, already truncated for display, or {@code null}
     * @param rule a short stable identifier of the rule, for example {@code "id-length"}
     * @param message the full, human-readable explanation
     */
    public CsvValidationException(
            @Nullable String source,
            long row,
            @Nullable String field,
            @Nullable String value,
            String rule,
            String message) {
        super(message);
        this.source = source;
        this.row = row;
        this.field = field;
        this.value = value;
        this.rule = rule;
    }

    /**
     * The file or stream the row belongs to.
     *
     * @return the source name, or empty when unknown
     */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /**
     * The 1-based row (writers) or line (validators) the error was found on; 0 means the header.
     *
     * @return the row or line number
     */
    public long row() {
        return row;
    }

    /**
     * The field (column) the error concerns.
     *
     * @return the field name, or empty for a row-level error
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
