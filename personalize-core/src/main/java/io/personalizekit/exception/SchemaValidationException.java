package io.personalizekit.exception;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A dataset schema breaks one of Amazon Personalize's rules (required fields and their types, reserved names,
 * attribute placement, field counts, size), or an Avro schema document could not be parsed.
 */
public class SchemaValidationException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final @Nullable String field;
    private final String rule;

    /**
     * Creates the exception.
     *
     * @param field the field that breaks the rule, or {@code null} when the rule concerns the whole schema
     * @param rule a short, stable identifier of the rule, for example {@code "required-field"}
     * @param message the full, human-readable explanation
     */
    public SchemaValidationException(@Nullable String field, String rule, String message) {
        super(message);
        this.field = field;
        this.rule = rule;
    }

    /**
     * The field that breaks the rule.
     *
     * @return the field name, or empty when the rule concerns the whole schema
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /**
     * The rule that was broken, as a short stable identifier such as {@code "required-field"}, {@code
     * "reserved-name"}, {@code "field-type"}, {@code "textual-count"}, {@code "record-name"}.
     *
     * @return the rule identifier
     */
    public String rule() {
        return rule;
    }
}
