package io.personalizekit.internal.events;

import io.personalizekit.PersonalizeLimits;
import io.personalizekit.schema.BoundField;
import io.personalizekit.schema.FieldType;
import io.personalizekit.schema.SchemaField;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Receives one field's value from {@link BoundField#accept} for the events API and checks it against the rules a
 * Put request shares with the bulk files: a value for a non-nullable field, strings up to {@value
 * PersonalizeLimits#MAX_STRING_LENGTH} characters unless textual, categorical values without empty values and no
 * {@code |} inside one (a collection is joined with {@code |}), timestamps in epoch seconds, finite numbers. Leaves
 * the JSON-ready value in {@link #value} (a String, Integer, Long, Float, Double or Boolean; null for none) or the
 * reason in {@link #problem}. One instance per call; not thread-safe.
 */
final class ValueCollector implements BoundField.ValueSink {
    /** Epoch-second values from this one on are taken for milliseconds (year 5138). */
    static final long MAX_EPOCH_SECONDS = 100_000_000_000L;

    private @Nullable SchemaField field;

    @Nullable
    Object value;

    @Nullable
    String problem;

    void reset(SchemaField field) {
        this.field = field;
        this.value = null;
        this.problem = null;
    }

    private SchemaField field() {
        SchemaField f = field;
        if (f == null) {
            throw new IllegalStateException("reset(field) first");
        }
        return f;
    }

    @Override
    public void onNull() {
        SchemaField f = field();
        if (!f.nullable()) {
            problem = f.name() + " is required: the schema does not allow null (type "
                    + f.type().avroName() + ")";
        }
    }

    @Override
    public void onString(CharSequence cs) {
        SchemaField f = field();
        String s = cs.toString();
        if (s.isEmpty()) {
            onNull();
            return;
        }
        if (f.categorical()) {
            for (String part : s.split("\\|", -1)) {
                if (part.isEmpty()) {
                    problem = f.name() + " value '" + s + "' has an empty category: categorical values are"
                            + " separated by single '|' with none at the start or end";
                    return;
                }
            }
        }
        string(f, s);
    }

    @Override
    public void onStrings(Collection<String> values) {
        SchemaField f = field();
        if (values.isEmpty()) {
            onNull();
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Object o : values) {
            String part = o == null ? "" : o.toString();
            if (part.isEmpty() || part.indexOf('|') >= 0) {
                problem = f.name() + " category '" + part + "' is empty or contains '|', which separates"
                        + " categories and cannot be escaped";
                return;
            }
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(part);
        }
        string(f, sb.toString());
    }

    private void string(SchemaField f, String s) {
        // Textual values longer than the service reads are truncated by it, not rejected; only the properties
        // limit applies to them.
        if (!f.textual() && s.length() > PersonalizeLimits.MAX_STRING_LENGTH) {
            problem = f.name() + " has " + s.length() + " characters; at most " + PersonalizeLimits.MAX_STRING_LENGTH
                    + " are allowed for " + (f.categorical() ? "a categorical" : "a string") + " field";
            return;
        }
        value = s;
    }

    @Override
    public void onInt(int v) {
        value = v;
    }

    @Override
    public void onLong(long v) {
        SchemaField f = field();
        if (f.type() == FieldType.INT && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
            problem = f.name() + " value " + v + " does not fit an Avro int";
            return;
        }
        if (f.name().endsWith("TIMESTAMP") && (v < 0 || v >= MAX_EPOCH_SECONDS)) {
            problem = f.name() + " value " + v + " is not in epoch seconds (it must be 0 to " + MAX_EPOCH_SECONDS
                    + "; milliseconds are a common mistake)";
            return;
        }
        value = v;
    }

    @Override
    public void onFloat(float v) {
        if (!Float.isFinite(v)) {
            problem = field().name() + " must be a finite number, but it is " + v;
            return;
        }
        value = v;
    }

    @Override
    public void onDouble(double v) {
        if (!Double.isFinite(v)) {
            problem = field().name() + " must be a finite number, but it is " + v;
            return;
        }
        value = v;
    }

    @Override
    public void onBoolean(boolean v) {
        value = v;
    }
}
