package io.personalizekit.internal.events;

import java.util.Locale;

/** Maps schema field names to the camelCase keys that the events API's {@code properties} JSON takes. */
public final class PropertyNames {
    private PropertyNames() {}

    /**
     * The property key of a schema field: {@code CREATION_TIMESTAMP} becomes {@code creationTimestamp}, {@code
     * LABELS} becomes {@code labels}. Names that are already mixed case without underscores keep their humps and
     * only lose the capital of their first letter ({@code itemName}, {@code Genre} becomes {@code genre}).
     *
     * @param fieldName the schema field name
     * @return the property key
     */
    public static String camelCase(String fieldName) {
        boolean snake = fieldName.indexOf('_') >= 0 || fieldName.equals(fieldName.toUpperCase(Locale.ROOT));
        if (!snake) {
            return fieldName.isEmpty()
                    ? fieldName
                    : Character.toLowerCase(fieldName.charAt(0)) + fieldName.substring(1);
        }
        StringBuilder sb = new StringBuilder(fieldName.length());
        for (String part : fieldName.split("_")) {
            if (part.isEmpty()) {
                continue;
            }
            String lower = part.toLowerCase(Locale.ROOT);
            if (sb.length() == 0) {
                sb.append(lower);
            } else {
                sb.append(Character.toUpperCase(lower.charAt(0))).append(lower, 1, lower.length());
            }
        }
        return sb.toString();
    }
}
