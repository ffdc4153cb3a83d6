package io.personalizekit.internal.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personalizekit.events.DeliveryResult;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.FieldType;
import io.personalizekit.schema.SchemaField;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.personalizeevents.model.Item;

/**
 * Checks one item against an Items schema and renders its {@code properties} JSON string: every key must be a
 * schema field, non-nullable fields must have a value of the field's type, strings keep to the service's lengths,
 * categorical values to the {@code |} rules, timestamps to epoch seconds. Thread-safe.
 */
public final class ItemValidator {
    /** The id field of the Items dataset. */
    public static final String ITEM_ID = "ITEM_ID";
    /** The longest id: {@value}. */
    public static final int MAX_ID_LENGTH = 256;
    /** The longest categorical or plain string value: {@value}. */
    public static final int MAX_STRING_LENGTH = 1000;
    /** The longest properties JSON string of {@code PutItems}: {@value}. */
    public static final int MAX_PROPERTIES_LENGTH = 32_000;
    /** Epoch-second values from this one on are taken for milliseconds: {@value} (year 5138). */
    public static final long MAX_EPOCH_SECONDS = 100_000_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatasetSchema schema;
    private final Map<String, String> keys = new LinkedHashMap<>();

    /**
     * Creates a validator.
     *
     * @param schema the Items schema
     */
    public ItemValidator(DatasetSchema schema) {
        this.schema = schema;
        for (SchemaField f : schema.fields()) {
            if (!f.name().equals(ITEM_ID)) {
                keys.put(f.name(), PropertyNames.camelCase(f.name()));
            }
        }
    }

    /** The outcome for one item: the SDK item to send, or why not. */
    public static final class Outcome {
        private final @Nullable Item item;
        private final DeliveryResult.@Nullable Failure failure;

        private Outcome(@Nullable Item item, DeliveryResult.@Nullable Failure failure) {
            this.item = item;
            this.failure = failure;
        }

        /**
         * The item to send.
         *
         * @return the item, or {@code null} when invalid
         */
        public @Nullable Item item() {
            return item;
        }

        /**
         * Why the item is not sent.
         *
         * @return the failure, or {@code null} when valid
         */
        public DeliveryResult.@Nullable Failure failure() {
            return failure;
        }
    }

    /**
     * Validates one item and renders it.
     *
     * @param itemId the item id
     * @param fields schema field name to value
     * @return the outcome
     */
    public Outcome validate(String itemId, Map<String, ? extends @Nullable Object> fields) {
        List<String[]> problems = new ArrayList<>();
        if (itemId.isEmpty() || itemId.length() > MAX_ID_LENGTH) {
            problems.add(new String[] {
                ITEM_ID, "ITEM_ID must be 1 to " + MAX_ID_LENGTH + " characters, but it has " + itemId.length()
            });
        }
        for (Map.Entry<String, ? extends @Nullable Object> e : fields.entrySet()) {
            String name = e.getKey();
            if (name.equals(ITEM_ID)) {
                if (e.getValue() != null && !itemId.equals(String.valueOf(e.getValue()))) {
                    problems.add(
                            new String[] {ITEM_ID, "ITEM_ID field '" + e.getValue() + "' differs from the item id"});
                }
            } else if (!keys.containsKey(name)) {
                problems.add(new String[] {name, name + " is not a field of the Items schema " + keys.keySet()});
            }
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        for (SchemaField f : schema.fields()) {
            if (f.name().equals(ITEM_ID)) {
                continue;
            }
            Object raw = fields.get(f.name());
            if (raw == null) {
                if (!f.nullable()) {
                    problems.add(new String[] {
                        f.name(),
                        f.name() + " is required: the schema does not allow null (type "
                                + f.type().avroName() + ")"
                    });
                }
                continue;
            }
            String[] problem = new String[1];
            Object value = convert(f, raw, problem);
            if (value == null) {
                problems.add(new String[] {f.name(), problem[0]});
            } else {
                properties.put(keys.get(f.name()), value);
            }
        }
        String json = null;
        if (problems.isEmpty() && !properties.isEmpty()) {
            try {
                json = JSON.writeValueAsString(properties);
            } catch (JsonProcessingException ex) {
                problems.add(
                        new String[] {null, "properties could not be rendered as JSON: " + ex.getOriginalMessage()});
            }
            if (json != null && json.length() > MAX_PROPERTIES_LENGTH) {
                problems.add(new String[] {
                    null,
                    "properties JSON has " + json.length() + " characters; PutItems takes at most "
                            + MAX_PROPERTIES_LENGTH
                });
            }
        }
        if (!problems.isEmpty()) {
            StringBuilder reason = new StringBuilder();
            for (String[] p : problems) {
                if (reason.length() > 0) {
                    reason.append("; ");
                }
                reason.append(p[1]);
            }
            String field = problems.size() == 1 ? problems.get(0)[0] : null;
            return new Outcome(
                    null,
                    DeliveryResult.Failure.of(
                            itemId.isEmpty() ? "(empty id)" : itemId,
                            DeliveryResult.Stage.INVALID,
                            field,
                            reason.toString()));
        }
        Item.Builder item = Item.builder().itemId(itemId);
        if (json != null) {
            item.properties(json);
        }
        return new Outcome(item.build(), null);
    }

    private static @Nullable Object convert(SchemaField f, Object raw, String[] problem) {
        String name = f.name();
        FieldType type = f.type();
        switch (type) {
            case STRING:
                return convertString(f, raw, problem);
            case INT:
            case LONG: {
                BigInteger v = null;
                if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
                    v = BigInteger.valueOf(((Number) raw).longValue());
                } else if (raw instanceof BigInteger) {
                    v = (BigInteger) raw;
                } else if (raw instanceof Instant && type == FieldType.LONG) {
                    v = BigInteger.valueOf(((Instant) raw).getEpochSecond());
                }
                if (v == null) {
                    problem[0] = name + " must be a whole number (" + type.avroName() + "), but it is a "
                            + raw.getClass().getSimpleName();
                    return null;
                }
                BigInteger min = BigInteger.valueOf(type == FieldType.INT ? Integer.MIN_VALUE : Long.MIN_VALUE);
                BigInteger max = BigInteger.valueOf(type == FieldType.INT ? Integer.MAX_VALUE : Long.MAX_VALUE);
                if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                    problem[0] = name + " value " + v + " does not fit an Avro " + type.avroName();
                    return null;
                }
                if (name.endsWith("TIMESTAMP")
                        && (v.signum() < 0 || v.compareTo(BigInteger.valueOf(MAX_EPOCH_SECONDS)) >= 0)) {
                    problem[0] = name + " value " + v + " is not in epoch seconds (it must be 0 to " + MAX_EPOCH_SECONDS
                            + "; milliseconds are a common mistake)";
                    return null;
                }
                return type == FieldType.INT ? (Object) v.intValue() : (Object) v.longValue();
            }
            case FLOAT:
            case DOUBLE: {
                if (!(raw instanceof Number)) {
                    problem[0] = name + " must be a number (" + type.avroName() + "), but it is a "
                            + raw.getClass().getSimpleName();
                    return null;
                }
                Number n = (Number) raw;
                if (!Double.isFinite(n.doubleValue())) {
                    problem[0] = name + " must be a finite number, but it is " + n;
                    return null;
                }
                return n instanceof BigDecimal || n instanceof Double || n instanceof Float ? n : n.doubleValue();
            }
            case BOOLEAN:
                if (!(raw instanceof Boolean)) {
                    problem[0] = name + " must be a boolean, but it is a "
                            + raw.getClass().getSimpleName();
                    return null;
                }
                return raw;
            default:
                problem[0] = name + " has an unsupported type " + type;
                return null;
        }
    }

    private static @Nullable Object convertString(SchemaField f, Object raw, String[] problem) {
        String name = f.name();
        String value;
        if (raw instanceof CharSequence) {
            value = raw.toString();
            if (f.categorical()) {
                for (String part : value.split("\\|", -1)) {
                    if (part.isEmpty()) {
                        problem[0] = name + " value '" + value + "' has an empty category: categorical values are"
                                + " separated by single '|' with none at the start or end";
                        return null;
                    }
                }
            }
        } else if ((raw instanceof Collection || raw instanceof Object[]) && f.categorical()) {
            Object[] parts = raw instanceof Collection ? ((Collection<?>) raw).toArray() : (Object[]) raw;
            StringBuilder sb = new StringBuilder();
            for (Object o : parts) {
                String part = String.valueOf(o);
                if (part.isEmpty() || part.indexOf('|') >= 0) {
                    problem[0] = name + " category '" + part + "' is empty or contains '|', which separates"
                            + " categories and cannot be escaped";
                    return null;
                }
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(part);
            }
            if (sb.length() == 0) {
                problem[0] = name + " has an empty list of categories; use null for none";
                return null;
            }
            value = sb.toString();
        } else {
            problem[0] = name + " must be a string" + (f.categorical() ? " or a collection or array of categories" : "")
                    + ", but it is a " + raw.getClass().getSimpleName();
            return null;
        }
        // Textual values longer than 20,000 characters are truncated by the service, not rejected; only the
        // properties limit applies to them.
        if (!f.textual() && value.length() > MAX_STRING_LENGTH) {
            problem[0] = name + " has " + value.length() + " characters; at most " + MAX_STRING_LENGTH
                    + " are allowed for " + (f.categorical() ? "a categorical" : "a string") + " field";
            return null;
        }
        return value;
    }
}
