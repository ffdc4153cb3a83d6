package io.personalizekit.local.internal.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The emulator's own check of a {@code CreateSchema} document against Amazon Personalize's documented schema rules
 * (developer guide: "Schema formatting requirements", "Custom datasets and schemas", the per-dataset-type
 * requirement pages and the service quotas). It shares no code with personalize-core's schema package on purpose:
 * the toolkit validates schemas with its own rules, and a rule that is wrong in one place shows up as a
 * disagreement with the other (both run the same corpus of cases) instead of passing both by construction.
 *
 * <p>The rules, in the order they are checked; the first one broken is reported:
 *
 * <ul>
 *   <li>the document is a JSON object: an Avro {@code record} whose {@code name} is a dataset type ({@code
 *       Interactions}, {@code Items}, {@code Users}, {@code Actions}, {@code Action_Interactions}; case and {@code
 *       _} are ignored, so the guide's own {@code ActionInteractions} matches) and whose {@code fields} is a
 *       non-empty array;
 *   <li>each field has an Avro name (a letter or {@code _}, then letters, digits, {@code _}); names are unique
 *       alphanumerically ({@code GENRES_FIELD_1} and {@code GENRESFIELD1} clash);
 *   <li>each field's type is {@code float}, {@code double}, {@code int}, {@code long}, {@code string} or {@code
 *       boolean}, alone or in a two-member union with {@code null}: no complex or nested types;
 *   <li>attributes are {@code categorical}, {@code textual} and {@code itemName} (booleans), {@code doc} and {@code
 *       default}; {@code categorical} and {@code textual} only on strings; {@code textual} and {@code itemName}
 *       only in an Items schema, at most one textual field;
 *   <li>required fields are present with their type and not nullable: Interactions {@code USER_ID}, {@code
 *       ITEM_ID} (string), {@code TIMESTAMP} (long); Items {@code ITEM_ID}; Users {@code USER_ID}; Actions {@code
 *       ACTION_ID}; Action interactions {@code USER_ID}, {@code ACTION_ID}, {@code EVENT_TYPE} (string), {@code
 *       TIMESTAMP} (long); required string fields are neither categorical nor textual;
 *   <li>reserved keywords, when present, have their type (nullable only where the guide lists {@code null}), and
 *       reserved string fields are not categorical;
 *   <li>metadata fields (neither required nor reserved): Items, Users and Actions need at least one; at most 5
 *       (Interactions, Action interactions), 100 (Items), 25 (Users), 10 (Actions).
 * </ul>
 *
 * <p>Domain schemas (the {@code domain} of {@code CreateSchema}) get the custom rules; the domains' extra required
 * fields are not checked. Stateless and thread-safe.
 */
public final class SchemaValidator {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> PRIMITIVES = Set.of("float", "double", "int", "long", "string", "boolean");
    private static final Set<String> ATTRIBUTES =
            Set.of("name", "type", "categorical", "textual", "itemName", "doc", "default");
    private static final int MAX_TEXTUAL_FIELDS = 1;

    /** A required or reserved field: its Avro type and whether the guide lists {@code null} for it. */
    private record Slot(String type, boolean mayBeNull) {}

    /** A dataset type as the schema rules see it. */
    private enum Type {
        INTERACTIONS("Interactions", 0, 5),
        ITEMS("Items", 1, 100),
        USERS("Users", 1, 25),
        ACTIONS("Actions", 1, 10),
        ACTION_INTERACTIONS("Action_Interactions", 0, 5);

        final String apiName;
        final int minMetadata;
        final int maxMetadata;
        final Map<String, Slot> required = new LinkedHashMap<>();
        final Map<String, Slot> reserved = new LinkedHashMap<>();

        Type(String apiName, int minMetadata, int maxMetadata) {
            this.apiName = apiName;
            this.minMetadata = minMetadata;
            this.maxMetadata = maxMetadata;
        }

        static @Nullable Type ofRecordName(String name) {
            String key = name.replace("_", "").toLowerCase(Locale.ROOT);
            for (Type t : values()) {
                if (t.apiName.replace("_", "").toLowerCase(Locale.ROOT).equals(key)) {
                    return t;
                }
            }
            return null;
        }

        /** "an Items schema", "an Interactions schema", "a Users schema". */
        String article() {
            return ("AEIOU".indexOf(apiName.charAt(0)) >= 0 ? "an " : "a ") + apiName + " schema";
        }
    }

    static {
        Slot id = new Slot("string", false);
        Slot time = new Slot("long", false);
        Slot optionalString = new Slot("string", true);
        Slot optionalLong = new Slot("long", true);
        Type.INTERACTIONS.required.put("USER_ID", id);
        Type.INTERACTIONS.required.put("ITEM_ID", id);
        Type.INTERACTIONS.required.put("TIMESTAMP", time);
        Type.INTERACTIONS.reserved.put("EVENT_TYPE", new Slot("string", false));
        Type.INTERACTIONS.reserved.put("EVENT_VALUE", new Slot("float", true));
        Type.INTERACTIONS.reserved.put("IMPRESSION", optionalString);
        Type.INTERACTIONS.reserved.put("RECOMMENDATION_ID", optionalString);
        Type.INTERACTIONS.reserved.put("EVENT_ATTRIBUTION_SOURCE", optionalString);
        Type.ITEMS.required.put("ITEM_ID", id);
        // nullable: the guide infers a missing creation timestamp from the item's interactions
        Type.ITEMS.reserved.put("CREATION_TIMESTAMP", optionalLong);
        Type.USERS.required.put("USER_ID", id);
        Type.ACTIONS.required.put("ACTION_ID", id);
        Type.ACTIONS.reserved.put("CREATION_TIMESTAMP", optionalLong);
        Type.ACTIONS.reserved.put("VALUE", optionalLong);
        Type.ACTIONS.reserved.put("TYPE", optionalString);
        Type.ACTIONS.reserved.put("EXPIRATION_TIMESTAMP", optionalLong);
        Type.ACTIONS.reserved.put("REPEAT_FREQUENCY", optionalLong);
        Type.ACTION_INTERACTIONS.required.put("USER_ID", id);
        Type.ACTION_INTERACTIONS.required.put("ACTION_ID", id);
        Type.ACTION_INTERACTIONS.required.put("EVENT_TYPE", new Slot("string", false));
        Type.ACTION_INTERACTIONS.required.put("TIMESTAMP", time);
        Type.ACTION_INTERACTIONS.reserved.put("IMPRESSION", optionalString);
        Type.ACTION_INTERACTIONS.reserved.put("RECOMMENDATION_ID", optionalString);
    }

    /**
     * One field of an accepted schema.
     *
     * @param name the field name
     * @param type the Avro primitive type
     * @param nullable whether the type is a union with {@code null}
     * @param categorical the categorical attribute
     * @param textual the textual attribute
     * @param itemName the itemName attribute
     */
    public record Field(
            String name, String type, boolean nullable, boolean categorical, boolean textual, boolean itemName) {}

    /**
     * An accepted schema.
     *
     * @param datasetType the dataset type its record name matched, as {@code CreateDataset} spells it
     * @param fields the fields in document order
     */
    public record Accepted(String datasetType, List<Field> fields) {
        /** Copies the fields. */
        public Accepted {
            fields = List.copyOf(fields);
        }
    }

    /** A schema the service would reject, with the reason in the guide's terms. */
    public static final class InvalidSchemaException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidSchemaException(String message) {
            super(message, null, false, false);
        }
    }

    private SchemaValidator() {}

    /**
     * Checks a schema document.
     *
     * @param avroJson the {@code schema} member of {@code CreateSchema}
     * @return the accepted schema
     * @throws InvalidSchemaException naming the first rule the document breaks
     */
    public static Accepted validate(String avroJson) {
        JsonNode root;
        try {
            root = JSON.readTree(avroJson);
        } catch (JsonProcessingException e) {
            throw invalid("The schema is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("The schema must be a JSON object defining an Avro record.");
        }
        JsonNode recordType = root.get("type");
        if (recordType == null
                || !recordType.isTextual()
                || !recordType.asText().equals("record")) {
            throw invalid("The schema must define an Avro record (\"type\": \"record\"), but its type is " + recordType
                    + ".");
        }
        JsonNode nameNode = root.get("name");
        String recordName = nameNode != null && nameNode.isTextual() ? nameNode.asText() : "";
        Type type = Type.ofRecordName(recordName);
        if (type == null) {
            throw invalid("The schema name '" + recordName + "' must match the dataset type: one of Interactions,"
                    + " Items, Users, Actions, Action_Interactions.");
        }
        JsonNode fieldsNode = root.get("fields");
        if (fieldsNode == null || !fieldsNode.isArray() || fieldsNode.isEmpty()) {
            throw invalid("The schema must have a \"fields\" array with at least one field.");
        }
        List<Field> fields = new ArrayList<>();
        Map<String, String> alphanumeric = new HashMap<>();
        for (JsonNode fn : fieldsNode) {
            Field f = field(fn);
            String key = f.name().replaceAll("[^A-Za-z0-9]", "");
            String clash = alphanumeric.putIfAbsent(key, f.name());
            if (clash != null) {
                throw invalid("Schema fields must have unique alphanumeric names, but '" + clash + "' and '" + f.name()
                        + "' are both " + key + ".");
            }
            fields.add(f);
        }
        checkAttributes(type, fields);
        checkRequiredAndReserved(type, fields);
        checkMetadataCount(type, fields);
        return new Accepted(type.apiName, fields);
    }

    private static Field field(JsonNode fn) {
        if (!fn.isObject()) {
            throw invalid("Each schema field must be a JSON object with a name and a type, but one is " + fn + ".");
        }
        JsonNode nameNode = fn.get("name");
        if (nameNode == null || !nameNode.isTextual()) {
            throw invalid("A schema field has no name: " + fn + ".");
        }
        String name = nameNode.asText();
        if (!AVRO_NAME.matcher(name).matches()) {
            throw invalid("Field name '" + name + "' is not a valid Avro name: it must start with a letter or an"
                    + " underscore, followed by letters, digits or underscores.");
        }
        for (Iterator<String> it = fn.fieldNames(); it.hasNext(); ) {
            String attribute = it.next();
            if (!ATTRIBUTES.contains(attribute)) {
                throw invalid("Field " + name + " has an unsupported attribute '" + attribute + "'.");
            }
        }
        JsonNode t = fn.get("type");
        String primitive = null;
        boolean nullable = false;
        if (t != null && t.isTextual()) {
            primitive = t.asText();
        } else if (t != null && t.isArray() && t.size() == 2) {
            JsonNode a = t.get(0);
            JsonNode b = t.get(1);
            if (a.isTextual() && b.isTextual()) {
                if (a.asText().equals("null")) {
                    primitive = b.asText();
                    nullable = true;
                } else if (b.asText().equals("null")) {
                    primitive = a.asText();
                    nullable = true;
                }
            }
        }
        if (primitive == null || !PRIMITIVES.contains(primitive)) {
            throw invalid("Field " + name + " has type " + t + ", which Amazon Personalize does not support: use"
                    + " float, double, int, long, string or boolean, optionally in a union with null (schemas"
                    + " are flat and have no complex types such as arrays, maps or records).");
        }
        return new Field(
                name,
                primitive,
                nullable,
                flag(fn, name, "categorical"),
                flag(fn, name, "textual"),
                flag(fn, name, "itemName"));
    }

    private static boolean flag(JsonNode fn, String field, String attribute) {
        JsonNode n = fn.get(attribute);
        if (n == null) {
            return false;
        }
        if (!n.isBoolean()) {
            throw invalid(
                    "Field " + field + ": the " + attribute + " attribute must be true or false, but it is " + n + ".");
        }
        return n.booleanValue();
    }

    private static void checkAttributes(Type type, List<Field> fields) {
        int textual = 0;
        for (Field f : fields) {
            boolean string = f.type().equals("string");
            if (f.categorical() && !string) {
                throw invalid("Field " + f.name() + " is categorical but of type " + f.type()
                        + ": only string fields can be categorical.");
            }
            if (f.textual()) {
                if (!string) {
                    throw invalid("Field " + f.name() + " is textual but of type " + f.type()
                            + ": only string fields can be textual.");
                }
                if (type != Type.ITEMS) {
                    throw invalid("Field " + f.name() + " is textual, but only an Items schema can have a textual"
                            + " field.");
                }
                if (++textual > MAX_TEXTUAL_FIELDS) {
                    throw invalid("An Items schema can have at most " + MAX_TEXTUAL_FIELDS + " textual field; "
                            + f.name() + " is one too many.");
                }
            }
            if (f.itemName()) {
                if (!string) {
                    throw invalid("Field " + f.name() + " has itemName set but is of type " + f.type()
                            + ": the item name field must be a string.");
                }
                if (type != Type.ITEMS) {
                    throw invalid("Field " + f.name() + " has itemName set, but only an Items schema can have an"
                            + " item name field.");
                }
            }
        }
    }

    private static void checkRequiredAndReserved(Type type, List<Field> fields) {
        Map<String, Field> byName = new HashMap<>();
        for (Field f : fields) {
            byName.put(f.name(), f);
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Slot> e : type.required.entrySet()) {
            Field f = byName.get(e.getKey());
            if (f == null) {
                missing.add(e.getKey());
            } else {
                checkSlot(type, f, e.getValue(), "required field");
                if (f.categorical() || f.textual()) {
                    throw invalid("Required field " + f.name() + " of " + type.article() + " can't be "
                            + (f.categorical() ? "categorical" : "textual") + ".");
                }
            }
        }
        if (!missing.isEmpty()) {
            throw invalid(capitalized(type.article()) + " requires the fields " + describe(type.required)
                    + ", but " + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " missing.");
        }
        for (Map.Entry<String, Slot> e : type.reserved.entrySet()) {
            Field f = byName.get(e.getKey());
            if (f != null) {
                checkSlot(type, f, e.getValue(), "reserved keyword");
                if (f.categorical()) {
                    throw invalid("Reserved keyword " + f.name() + " of " + type.article()
                            + " is a string field and can't be categorical.");
                }
            }
        }
    }

    private static void checkSlot(Type type, Field f, Slot slot, String kind) {
        if (!f.type().equals(slot.type())) {
            throw invalid(capitalized(kind) + " " + f.name() + " of " + type.article() + " must be of type "
                    + slot.type() + ", but it is " + f.type() + ".");
        }
        if (f.nullable() && !slot.mayBeNull()) {
            throw invalid(capitalized(kind) + " " + f.name() + " of " + type.article() + " must be of type "
                    + slot.type() + " and can't be null.");
        }
    }

    private static void checkMetadataCount(Type type, List<Field> fields) {
        int metadata = 0;
        for (Field f : fields) {
            if (!type.required.containsKey(f.name()) && !type.reserved.containsKey(f.name())) {
                metadata++;
            }
        }
        if (metadata < type.minMetadata) {
            throw invalid(capitalized(type.article()) + " requires at least " + type.minMetadata
                    + " metadata field (a field that is neither required nor a reserved keyword), but it has none.");
        }
        if (metadata > type.maxMetadata) {
            throw invalid(capitalized(type.article()) + " can have at most " + type.maxMetadata
                    + " metadata fields (besides required fields and reserved keywords), but it has " + metadata
                    + ".");
        }
    }

    private static String describe(Map<String, Slot> slots) {
        List<String> out = new ArrayList<>();
        slots.forEach((name, slot) -> out.add(name + " (" + slot.type() + ")"));
        return String.join(", ", out);
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static InvalidSchemaException invalid(String message) {
        return new InvalidSchemaException(message);
    }
}
