package io.personalizekit.schema;

import io.personalizekit.PersonalizeLimits;
import io.personalizekit.exception.SchemaValidationException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Personalize's schema rules per dataset type (developer guide, "Schema formatting requirements" and the dataset
 * requirement pages; quotas from the current limits table).
 */
final class SchemaRules {
    /** Longest Avro schema document {@code CreateSchema} accepts. */
    static final int MAX_SCHEMA_CHARS = PersonalizeLimits.MAX_SCHEMA_LENGTH;

    private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** A required or reserved field: its type and whether it must (TRUE), may (null) or must not (FALSE) be categorical. */
    private record Spec(FieldType type, boolean nullableAllowed, Boolean categorical) {}

    private static final Map<DatasetType, Map<String, Spec>> REQUIRED = new EnumMap<>(DatasetType.class);
    private static final Map<DatasetType, Map<String, Spec>> RESERVED = new EnumMap<>(DatasetType.class);
    private static final Map<DatasetType, Integer> MAX_METADATA = new EnumMap<>(DatasetType.class);
    private static final Map<DatasetType, Integer> MIN_METADATA = new EnumMap<>(DatasetType.class);

    static {
        Spec id = new Spec(FieldType.STRING, false, false);
        Spec ts = new Spec(FieldType.LONG, false, null);
        Spec optString = new Spec(FieldType.STRING, true, null);
        REQUIRED.put(DatasetType.INTERACTIONS, ordered("USER_ID", id, "ITEM_ID", id, "TIMESTAMP", ts));
        REQUIRED.put(DatasetType.ITEMS, ordered("ITEM_ID", id));
        REQUIRED.put(DatasetType.USERS, ordered("USER_ID", id));
        REQUIRED.put(DatasetType.ACTIONS, ordered("ACTION_ID", id));
        REQUIRED.put(
                DatasetType.ACTION_INTERACTIONS,
                ordered(
                        "USER_ID",
                        id,
                        "ACTION_ID",
                        id,
                        "EVENT_TYPE",
                        new Spec(FieldType.STRING, false, false),
                        "TIMESTAMP",
                        ts));

        RESERVED.put(
                DatasetType.INTERACTIONS,
                ordered(
                        "EVENT_TYPE", new Spec(FieldType.STRING, false, false),
                        "EVENT_VALUE", new Spec(FieldType.FLOAT, true, null),
                        "IMPRESSION", optString,
                        "RECOMMENDATION_ID", optString,
                        "EVENT_ATTRIBUTION_SOURCE", optString));
        RESERVED.put(DatasetType.ITEMS, ordered("CREATION_TIMESTAMP", new Spec(FieldType.LONG, true, null)));
        RESERVED.put(DatasetType.USERS, Map.of());
        Spec optLong = new Spec(FieldType.LONG, true, null);
        RESERVED.put(
                DatasetType.ACTIONS,
                ordered(
                        "CREATION_TIMESTAMP", optLong,
                        "VALUE", optLong,
                        "TYPE", optString,
                        "EXPIRATION_TIMESTAMP", optLong,
                        "REPEAT_FREQUENCY", optLong));
        RESERVED.put(DatasetType.ACTION_INTERACTIONS, ordered("IMPRESSION", optString, "RECOMMENDATION_ID", optString));

        MAX_METADATA.put(DatasetType.INTERACTIONS, 5);
        MAX_METADATA.put(DatasetType.ITEMS, 100);
        MAX_METADATA.put(DatasetType.USERS, 25);
        MAX_METADATA.put(DatasetType.ACTIONS, 10);
        MAX_METADATA.put(DatasetType.ACTION_INTERACTIONS, 5);
        MIN_METADATA.put(DatasetType.INTERACTIONS, 0);
        MIN_METADATA.put(DatasetType.ITEMS, 1);
        MIN_METADATA.put(DatasetType.USERS, 1);
        MIN_METADATA.put(DatasetType.ACTIONS, 1);
        MIN_METADATA.put(DatasetType.ACTION_INTERACTIONS, 0);
    }

    private SchemaRules() {}

    private static Map<String, Spec> ordered(Object... pairs) {
        Map<String, Spec> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Spec) pairs[i + 1]);
        }
        return m;
    }

    /** The names of the required fields of a dataset type, in the order the developer guide lists them. */
    static Set<String> requiredFields(DatasetType type) {
        return REQUIRED.get(type).keySet();
    }

    static void validate(DatasetSchema schema) {
        DatasetType type = schema.datasetType();
        if (!schema.recordName().equalsIgnoreCase(type.apiName())) {
            throw new SchemaValidationException(
                    null,
                    "record-name",
                    "The record name '" + schema.recordName() + "' does not match the dataset type " + type.apiName()
                            + "; the service requires the Avro record name to be the dataset type ('"
                            + type.apiName() + "')");
        }
        if (schema.fields().isEmpty()) {
            throw new SchemaValidationException(null, "fields", "The schema has no fields");
        }
        Map<String, String> normalized = new HashMap<>();
        int textual = 0;
        int metadata = 0;
        Map<String, Spec> required = REQUIRED.get(type);
        Map<String, Spec> reserved = RESERVED.get(type);
        for (SchemaField f : schema.fields()) {
            String name = f.name();
            if (!AVRO_NAME.matcher(name).matches()) {
                throw new SchemaValidationException(
                        name,
                        "field-name",
                        "Field name '" + name + "' is not a valid Avro name: start with a letter or '_', then"
                                + " letters, digits or '_'");
            }
            String key = name.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
            String clash = normalized.putIfAbsent(key, name);
            if (clash != null) {
                throw new SchemaValidationException(
                        name,
                        "duplicate-field",
                        "Field '" + name + "' clashes with field '" + clash + "': field names must be unique when"
                                + " compared by their letters and digits alone, ignoring case");
            }
            Spec spec = required.get(name);
            boolean isRequired = spec != null;
            if (spec == null) {
                spec = reserved.get(name);
            }
            if (spec != null) {
                checkSpec(type, f, spec, isRequired);
            } else {
                metadata++;
            }
            if (f.textual()) {
                textual++;
                if (type != DatasetType.ITEMS) {
                    throw new SchemaValidationException(
                            name,
                            "textual-placement",
                            "Field " + name + " is textual, but only an Items schema may have a textual field");
                }
                if (textual > 1) {
                    throw new SchemaValidationException(
                            name,
                            "textual-count",
                            "Field " + name + " is a second textual field; an Items schema may have at most 1");
                }
            }
            if (f.itemName() && type != DatasetType.ITEMS) {
                throw new SchemaValidationException(
                        name,
                        "item-name-placement",
                        "Field " + name + " is marked itemName, but only an Items schema may have one");
            }
        }
        for (String name : required.keySet()) {
            if (schema.indexOf(name) < 0) {
                throw new SchemaValidationException(
                        name,
                        "required-field",
                        "A " + type.apiName() + " schema requires field " + name + " ("
                                + required.get(name).type().avroName() + "); required fields are "
                                + required.keySet());
            }
        }
        int nonRequired = schema.fields().size() - required.size();
        int minMeta = MIN_METADATA.get(type);
        if (nonRequired < minMeta) {
            throw new SchemaValidationException(
                    null,
                    "metadata-count",
                    "A " + type.apiName() + " schema needs at least " + minMeta + " field besides " + required.keySet()
                            + ", but it has none");
        }
        int maxMeta = MAX_METADATA.get(type);
        if (metadata > maxMeta) {
            throw new SchemaValidationException(
                    null,
                    "metadata-count",
                    "A " + type.apiName() + " schema may have at most " + maxMeta
                            + " metadata fields (besides required and reserved ones), but it has " + metadata);
        }
        int size = AvroJson.render(schema).length();
        if (size > MAX_SCHEMA_CHARS) {
            throw new SchemaValidationException(
                    null,
                    "schema-size",
                    "The schema renders to " + size + " characters; CreateSchema accepts at most " + MAX_SCHEMA_CHARS);
        }
    }

    private static void checkSpec(DatasetType type, SchemaField f, Spec spec, boolean isRequired) {
        String kind = isRequired ? "required" : "reserved";
        if (f.type() != spec.type()) {
            throw new SchemaValidationException(
                    f.name(),
                    "field-type",
                    "Field " + f.name() + " is a " + kind + " field of " + type.apiName() + " and must be of type "
                            + spec.type().avroName() + ", but it is " + f.type().avroName());
        }
        if (f.nullable() && !spec.nullableAllowed()) {
            throw new SchemaValidationException(
                    f.name(),
                    "field-nullable",
                    "Field " + f.name() + " is a " + kind + " field of " + type.apiName() + " and cannot be nullable");
        }
        if (Boolean.FALSE.equals(spec.categorical()) && f.categorical()) {
            throw new SchemaValidationException(
                    f.name(),
                    "field-categorical",
                    "Field " + f.name() + " is a " + kind + " field of " + type.apiName()
                            + " and cannot be categorical");
        }
        if (f.textual()) {
            throw new SchemaValidationException(
                    f.name(),
                    "field-textual",
                    "Field " + f.name() + " is a " + kind + " field of " + type.apiName() + " and cannot be textual");
        }
    }
}
