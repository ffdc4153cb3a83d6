package io.personalizekit.pipeline;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A recommendation filter: its name and expression, for example {@code EXCLUDE ItemID WHERE Items.CATEGORY IN
 * ("obituaries")}. Filters cannot be changed; a filter with the same name and another expression is drift.
 * Immutable and thread-safe.
 */
public final class FilterSpec {
    private final String name;
    private final String expression;

    private FilterSpec(String name, String expression) {
        this.name = name;
        this.expression = expression;
    }

    /**
     * Creates a filter spec.
     *
     * @param name 1-63 characters of {@code [a-zA-Z0-9-_]}
     * @param expression 1-2500 characters
     * @return the spec
     * @throws IllegalArgumentException if the name breaks the service's pattern or the expression its length
     */
    public static FilterSpec of(String name, String expression) {
        Objects.requireNonNull(expression, "expression");
        if (expression.isEmpty() || expression.length() > 2500) {
            throw new IllegalArgumentException("expression must be 1-2500 characters, got " + expression.length());
        }
        return new FilterSpec(Names.name(name, "name"), expression);
    }

    /**
     * The filter's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The filter expression.
     *
     * @return the expression
     */
    public String expression() {
        return expression;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof FilterSpec
                && name.equals(((FilterSpec) o).name)
                && expression.equals(((FilterSpec) o).expression);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, expression);
    }

    @Override
    public String toString() {
        return "FilterSpec{name=" + name + ", expression=" + expression + "}";
    }
}
