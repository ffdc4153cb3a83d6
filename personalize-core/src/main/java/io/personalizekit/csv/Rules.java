package io.personalizekit.csv;

import io.personalizekit.PersonalizeLimits;
import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.schema.DatasetType;
import org.jspecify.annotations.Nullable;

/** Limits of Personalize's bulk-import format and the message format shared by the writer and the validator. */
final class Rules {
    /** USER_ID, ITEM_ID and ACTION_ID: {@link PersonalizeLimits#MAX_ID_LENGTH}. */
    static final int MAX_ID_LENGTH = PersonalizeLimits.MAX_ID_LENGTH;
    /** Categorical cells (including the {@code |} separators) and plain strings: {@link PersonalizeLimits#MAX_STRING_LENGTH}. */
    static final int MAX_STRING_LENGTH = PersonalizeLimits.MAX_STRING_LENGTH;
    /**
     * Timestamps above 10^11 are taken for epoch milliseconds: in seconds that is the year 5138, while every
     * millisecond timestamp after 1973-03-03 is above it.
     */
    static final long MILLIS_THRESHOLD = 100_000_000_000L;

    static final int DISPLAY_LIMIT = 60;

    static final String RULE_REQUIRED = "required";
    static final String RULE_ID_LENGTH = "id-length";
    static final String RULE_STRING_LENGTH = "string-length";
    static final String RULE_CATEGORICAL_LENGTH = "categorical-length";
    static final String RULE_CATEGORICAL_SEPARATOR = "categorical-separator";
    static final String RULE_CATEGORICAL_EMPTY = "categorical-empty";
    static final String RULE_NEWLINE = "newline";
    static final String RULE_TYPE = "type";
    static final String RULE_NOT_FINITE = "not-finite";
    static final String RULE_TIMESTAMP_MILLIS = "timestamp-millis";
    static final String RULE_TIMESTAMP_FUTURE = "timestamp-future";
    static final String RULE_DUPLICATE_ID = "duplicate-id";
    static final String RULE_COLUMN_COUNT = "column-count";
    static final String RULE_HEADER = "header";
    static final String RULE_BOOLEAN = "boolean";
    static final String RULE_QUOTED_HEADER = "header-quoted";
    static final String RULE_UNKNOWN_FIELD = "unknown-field";
    /** The input is not UTF-8 text (malformed UTF-8, or a NUL character). */
    static final String RULE_ENCODING = "encoding";

    private Rules() {}

    static boolean isIdField(String name) {
        return name.equals("USER_ID") || name.equals("ITEM_ID") || name.equals("ACTION_ID");
    }

    static boolean isTimestampField(String name) {
        return name.equals("TIMESTAMP")
                || name.equals("CREATION_TIMESTAMP")
                || name.equals("EXPIRATION_TIMESTAMP")
                || name.equals("ACTION_EXPIRATION_TIMESTAMP");
    }

    /** The field whose values must be unique within a dataset of this type, or null. */
    static @Nullable String uniqueIdField(DatasetType type) {
        switch (type) {
            case ITEMS:
                return "ITEM_ID";
            case USERS:
                return "USER_ID";
            case ACTIONS:
                return "ACTION_ID";
            default:
                return null;
        }
    }

    static String display(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        String s = String.valueOf(value);
        StringBuilder sb = new StringBuilder(Math.min(s.length(), DISPLAY_LIMIT) + 24);
        int n = Math.min(s.length(), DISPLAY_LIMIT);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c)); // no raw control characters
            } else {
                sb.append(c);
            }
        }
        if (s.length() > DISPLAY_LIMIT) {
            sb.append("...(").append(s.length()).append(" chars)");
        }
        return sb.toString();
    }

    /**
     * The position of an error in the vocabulary shared by the writer, the reader and the validator: {@code line 12
     * (record 11)}; {@code line 1 (header)} for the header; only the record when the line is unknown.
     */
    static String position(long line, long record) {
        if (line <= 0) {
            return record > 0 ? "record " + record : "";
        }
        return record > 0 ? "line " + line + " (record " + record + ")" : "line " + line + " (header)";
    }

    /**
     * Builds the error: {@code <source> line 12 (record 11), field LABELS, value '...': <what> [rule]}; {@code what}
     * explains the rule and names the limit.
     */
    static CsvValidationException error(
            String source,
            long line,
            long record,
            @Nullable String field,
            @Nullable Object value,
            String rule,
            String what) {
        String shown = value == null ? null : display(value);
        StringBuilder m = new StringBuilder(128).append(source);
        String where = position(line, record);
        if (!where.isEmpty()) {
            m.append(' ').append(where);
        }
        if (field != null) {
            m.append(", field ").append(field);
        }
        if (shown != null) {
            m.append(", value '").append(shown).append('\'');
        }
        m.append(": ").append(what).append(" [").append(rule).append(']');
        return new CsvValidationException(source, line, record, field, shown, rule, m.toString());
    }
}
