package io.personalizekit.exception;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A recommendation request breaks a rule of the recipe (or recommender use case) it is sent to, for example a
 * User-Personalization request without a {@code userId}, or more results than the recipe returns. It is thrown
 * before any call, instead of the service's {@code InvalidInputException}; nothing was sent.
 */
public class RecipeRuleException extends PersonalizeKitException {
    private static final long serialVersionUID = 1L;

    private final String recipe;
    private final String field;
    private final @Nullable String value;

    /**
     * Creates the exception; the message is {@code "Recipe <recipe>: <rule> (<field> = <value>)"}.
     *
     * @param recipe the recipe or use case name, for example {@code aws-user-personalization-v2}
     * @param field the request field that breaks the rule, for example {@code userId}
     * @param value the field's value as sent, or {@code null} when it is missing
     * @param rule the rule, in words
     */
    public RecipeRuleException(String recipe, String field, @Nullable String value, String rule) {
        super("Recipe " + recipe + ": " + rule + " (" + field + " = " + (value == null ? "missing" : value) + ")");
        this.recipe = Objects.requireNonNull(recipe, "recipe");
        this.field = Objects.requireNonNull(field, "field");
        this.value = value;
    }

    /**
     * The recipe or use case whose rule is broken.
     *
     * @return its name
     */
    public String recipe() {
        return recipe;
    }

    /**
     * The request field that breaks the rule.
     *
     * @return the field name
     */
    public String field() {
        return field;
    }

    /**
     * The field's value.
     *
     * @return the value, or empty when the field is missing
     */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }
}
