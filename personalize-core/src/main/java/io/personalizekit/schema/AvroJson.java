package io.personalizekit.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.exception.SchemaValidationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Renders and parses the Avro JSON form of a schema. */
final class AvroJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AvroJson() {}

    static String render(DatasetSchema schema) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("type", "record");
        root.put("name", schema.recordName());
        root.put("namespace", schema.namespace());
        ArrayNode fields = root.putArray("fields");
        for (SchemaField f : schema.fields()) {
            ObjectNode n = fields.addObject();
            n.put("name", f.name());
            if (f.nullable()) {
                n.putArray("type").add("null").add(f.type().avroName());
            } else {
                n.put("type", f.type().avroName());
            }
            if (f.categorical()) {
                n.put("categorical", true);
            }
            if (f.textual()) {
                n.put("textual", true);
            }
            if (f.itemName()) {
                n.put("itemName", true);
            }
        }
        root.put("version", "1.0");
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render schema", e);
        }
    }

    static DatasetSchema parse(String json, @Nullable DatasetType expectedType) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SchemaValidationException(
                    null, "json", "The schema is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SchemaValidationException(null, "json", "The schema must be a JSON object (an Avro record)");
        }
        if (!"record".equals(root.path("type").asText())) {
            throw new SchemaValidationException(
                    null, "record-type", "The schema's \"type\" must be \"record\", but it is " + root.get("type"));
        }
        String recordName = root.path("name").asText("");
        if (recordName.isEmpty()) {
            throw new SchemaValidationException(null, "record-name", "The schema has no record \"name\"");
        }
        DatasetType type = expectedType;
        if (type == null) {
            try {
                type = DatasetType.fromApiName(recordName);
            } catch (IllegalArgumentException e) {
                throw new SchemaValidationException(
                        null,
                        "record-name",
                        "The record name '" + recordName + "' names no dataset type; use one of Interactions, Items,"
                                + " Users, Actions, Action_Interactions");
            }
        }
        String namespace = root.path("namespace").asText(DatasetSchema.DEFAULT_NAMESPACE);
        JsonNode fieldsNode = root.get("fields");
        if (fieldsNode == null || !fieldsNode.isArray()) {
            throw new SchemaValidationException(null, "fields", "The schema has no \"fields\" array");
        }
        List<SchemaField> fields = new ArrayList<>();
        for (JsonNode fn : fieldsNode) {
            fields.add(parseField(fn));
        }
        DatasetSchema schema = new DatasetSchema(type, recordName, namespace, fields);
        SchemaRules.validate(schema);
        return schema;
    }

    private static SchemaField parseField(JsonNode fn) {
        String name = fn.path("name").asText("");
        if (name.isEmpty()) {
            throw new SchemaValidationException(null, "field-name", "A field has no \"name\": " + fn);
        }
        JsonNode typeNode = fn.get("type");
        boolean nullable = false;
        String avroType = null;
        if (typeNode != null && typeNode.isTextual()) {
            avroType = typeNode.asText();
        } else if (typeNode != null && typeNode.isArray()) {
            int nulls = 0;
            for (JsonNode t : typeNode) {
                if (!t.isTextual()) {
                    throw unsupported(name, typeNode);
                }
                if ("null".equals(t.asText())) {
                    nulls++;
                } else if (avroType == null) {
                    avroType = t.asText();
                } else {
                    throw unsupported(name, typeNode);
                }
            }
            if (nulls != 1 || avroType == null || typeNode.size() != 2) {
                throw unsupported(name, typeNode);
            }
            nullable = true;
        } else {
            throw unsupported(name, typeNode);
        }
        FieldType type = FieldType.fromAvroName(avroType);
        if (type == null) {
            throw unsupported(name, typeNode);
        }
        boolean categorical = flag(fn, name, "categorical");
        boolean textual = flag(fn, name, "textual");
        boolean itemName = flag(fn, name, "itemName");
        for (Iterator<Map.Entry<String, JsonNode>> it = fn.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (!List.of("name", "type", "categorical", "textual", "itemName", "doc", "default")
                    .contains(key)) {
                throw new SchemaValidationException(
                        name, "field-attribute", "Field " + name + " has an unknown attribute \"" + key + "\"");
            }
        }
        try {
            return SchemaField.of(name, type, nullable, categorical, textual, itemName);
        } catch (IllegalArgumentException e) {
            throw new SchemaValidationException(name, "attribute-type", e.getMessage());
        }
    }

    private static boolean flag(JsonNode fn, String field, String attribute) {
        JsonNode n = fn.get(attribute);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new SchemaValidationException(
                    field, "field-attribute", "Field " + field + ": \"" + attribute + "\" must be true or false");
        }
        return n.asBoolean();
    }

    private static SchemaValidationException unsupported(String field, @Nullable JsonNode typeNode) {
        return new SchemaValidationException(
                field,
                "field-type",
                "Field " + field + " has type " + typeNode + "; Personalize accepts only the primitive types string,"
                        + " int, long, float, double, boolean, optionally in a union with \"null\"");
    }
}
