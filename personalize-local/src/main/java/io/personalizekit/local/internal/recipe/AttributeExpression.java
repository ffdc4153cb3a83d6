package io.personalizekit.local.internal.recipe;

import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.FieldType;
import io.personalizekit.schema.SchemaField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An Item-Attribute-Affinity query: {@code ITEMS.<field> = <value>}, several joined with {@code AND}, for example
 * {@code ITEMS.genres = "Comedy" AND ITEMS.audience = "teen"}. As the service documents, only {@code =} compares (not
 * {@code IN}), string values are double-quoted ({@code \"} escapes a quote), numbers may be bare, and the field must be
 * a metadata field of the Items schema that is neither textual nor reserved. Field and dataset names match ignoring
 * case. An item has the attribute when one of its {@code |}-separated values equals the value ignoring case (strings)
 * or numerically (numeric fields). Immutable.
 */
final class AttributeExpression {
    /** Fields that are not metadata. */
    static final Set<String> NOT_ATTRIBUTES = Set.of("ITEM_ID", "CREATION_TIMESTAMP");

    /** One {@code ITEMS.field = value}. */
    record Condition(SchemaField field, String value) {
        /** Whether an item's record has the attribute. */
        boolean matches(@Nullable Map<String, String> record) {
            String v = record == null ? null : record.get(field.name());
            if (v == null) {
                return false;
            }
            boolean numeric = field.type() != FieldType.STRING;
            for (String part : v.split("\\|")) {
                String p = part.trim();
                if (numeric) {
                    try {
                        if (Double.parseDouble(p) == Double.parseDouble(value)) {
                            return true;
                        }
                    } catch (NumberFormatException e) {
                        // not a number: no match
                    }
                } else if (p.equalsIgnoreCase(value)) {
                    return true;
                }
            }
            return false;
        }
    }

    final List<Condition> conditions;

    private AttributeExpression(List<Condition> conditions) {
        this.conditions = List.copyOf(conditions);
    }

    /**
     * A single-condition expression.
     *
     * @param field the field
     * @param value the value
     * @return the expression
     */
    static AttributeExpression of(SchemaField field, String value) {
        return new AttributeExpression(List.of(new Condition(field, value)));
    }

    /**
     * Parses an expression against the Items schema.
     *
     * @param expression the expression
     * @param schema the Items schema
     * @return the expression
     * @throws IllegalArgumentException naming the problem and its position
     */
    static AttributeExpression parse(String expression, DatasetSchema schema) {
        Objects.requireNonNull(expression, "expression");
        List<Condition> conditions = new ArrayList<>();
        Lexer in = new Lexer(expression);
        while (true) {
            String dataset = in.word("ITEMS");
            if (!dataset.equalsIgnoreCase("ITEMS")) {
                throw in.error("Expected ITEMS.<field>, found " + dataset);
            }
            in.expect('.');
            String name = in.word("a field name");
            SchemaField field = schema.fields().stream()
                    .filter(f -> f.name().equalsIgnoreCase(name))
                    .findFirst()
                    .orElseThrow(() -> in.error("The Items schema has no field " + name));
            if (field.textual() || NOT_ATTRIBUTES.contains(field.name())) {
                throw in.error("Field " + field.name() + " cannot be an item attribute: use a metadata field that is"
                        + " neither textual nor reserved");
            }
            in.expect('=');
            String value = in.value();
            if (field.type() != FieldType.STRING) {
                try {
                    Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw in.error(
                            "Field " + field.name() + " is numeric, but the value " + value + " is not a number");
                }
            }
            conditions.add(new Condition(field, value));
            if (in.atEnd()) {
                return new AttributeExpression(conditions);
            }
            String and = in.word("AND");
            if (!and.equalsIgnoreCase("AND")) {
                throw in.error("Expected AND or the end of the expression, found " + and);
            }
        }
    }

    /** Reads words, punctuation and values, skipping whitespace. */
    private static final class Lexer {
        private final String s;
        private int pos;

        Lexer(String s) {
            this.s = s;
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException(
                    "Invalid itemAttributes \"" + s + "\" at character " + (pos + 1) + ": " + message + ".");
        }

        private void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        boolean atEnd() {
            skipSpaces();
            return pos >= s.length();
        }

        String word(String expected) {
            skipSpaces();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw error("Expected " + expected);
            }
            return s.substring(start, pos);
        }

        void expect(char c) {
            skipSpaces();
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw error("Expected '" + c + "'");
            }
            pos++;
        }

        String value() {
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == '"') {
                StringBuilder b = new StringBuilder();
                pos++;
                while (pos < s.length() && s.charAt(pos) != '"') {
                    char c = s.charAt(pos++);
                    if (c == '\\' && pos < s.length()) {
                        c = s.charAt(pos++);
                    }
                    b.append(c);
                }
                if (pos >= s.length()) {
                    throw error("A quoted value is not closed");
                }
                pos++;
                return b.toString();
            }
            int start = pos;
            while (pos < s.length() && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("Expected a value");
            }
            String v = s.substring(start, pos);
            try {
                Double.parseDouble(v);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("Expected a number or a double-quoted string, found " + v);
            }
            return v;
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Condition c : conditions) {
            if (b.length() > 0) {
                b.append(" AND ");
            }
            b.append("ITEMS.")
                    .append(c.field().name().toLowerCase(Locale.ROOT))
                    .append(" = \"")
                    .append(c.value())
                    .append('"');
        }
        return b.toString();
    }
}
