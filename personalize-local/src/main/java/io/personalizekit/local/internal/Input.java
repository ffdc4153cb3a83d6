package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A request body with the server-side validation the clients skip: required members, lengths, patterns,
 * enums and list sizes, each failing with an {@code InvalidInputException} whose message names the member.
 */
final class Input {
    static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9\\-_]*");
    static final Pattern ARN = Pattern.compile("arn:([a-z\\d-]+):personalize:.*:.*:.+");
    static final Pattern ROLE_ARN = Pattern.compile("arn:([a-z\\d-]+):iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    static final Pattern S3_LOCATION = Pattern.compile("(s3|http|https)://.+");
    static final Pattern TAG = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");

    private final ObjectNode body;

    Input(ObjectNode body) {
        this.body = body;
    }

    ObjectNode body() {
        return body;
    }

    boolean has(String member) {
        JsonNode n = body.get(member);
        return n != null && !n.isNull();
    }

    static String violation(String member, String value, String constraint) {
        return "1 validation error detected: Value '" + value + "' at '" + member + "' failed to satisfy constraint: "
                + constraint;
    }

    String required(String member) {
        String v = optional(member);
        if (v == null) {
            throw ApiException.invalidInput("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: " + "Member must not be null");
        }
        return v;
    }

    @Nullable
    String optional(String member) {
        JsonNode n = body.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.invalidInput("Member '" + member + "' must be a string");
        }
        return n.asText();
    }

    static String checkLength(String member, String v, int min, int max) {
        if (v.length() < min) {
            throw ApiException.invalidInput(
                    violation(member, v, "Member must have length greater than or equal to " + min));
        }
        if (v.length() > max) {
            // As the service: a value over its length limit is not echoed back.
            throw ApiException.invalidInput("1 validation error detected: Value at '" + member
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
        return v;
    }

    static String checkPattern(String member, String v, Pattern p) {
        if (!p.matcher(v).matches()) {
            throw ApiException.invalidInput(
                    violation(member, v, "Member must satisfy regular expression pattern: " + p.pattern()));
        }
        return v;
    }

    String name(String member) {
        return checkName(member, required(member));
    }

    static String checkName(String member, String v) {
        return checkPattern(member, checkLength(member, v, 1, 63), NAME);
    }

    @Nullable
    String optionalName(String member) {
        String v = optional(member);
        return v == null ? null : checkName(member, v);
    }

    String arn(String member) {
        return checkArn(member, required(member));
    }

    static String checkArn(String member, String v) {
        return checkPattern(member, checkLength(member, v, 0, 256), ARN);
    }

    @Nullable
    String optionalArn(String member) {
        String v = optional(member);
        return v == null ? null : checkArn(member, v);
    }

    @Nullable
    String optionalRoleArn(String member) {
        String v = optional(member);
        return v == null ? null : checkPattern(member, checkLength(member, v, 0, 256), ROLE_ARN);
    }

    String string(String member, int min, int max) {
        return checkLength(member, required(member), min, max);
    }

    @Nullable
    String optionalString(String member, int min, int max) {
        String v = optional(member);
        return v == null ? null : checkLength(member, v, min, max);
    }

    @Nullable
    String optionalEnum(String member, Set<String> values) {
        String v = optional(member);
        if (v != null && !values.contains(v)) {
            throw ApiException.invalidInput(
                    violation(member, v, "Member must satisfy enum value set: " + String.join(", ", values)));
        }
        return v;
    }

    @Nullable
    Integer optionalInt(String member, int min, int max) {
        JsonNode n = body.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber()) {
            throw ApiException.invalidInput("Member '" + member + "' must be an integer");
        }
        int v = n.asInt();
        if (v < min) {
            throw ApiException.invalidInput(
                    violation(member, String.valueOf(v), "Member must have value greater than or equal to " + min));
        }
        if (v > max) {
            throw ApiException.invalidInput(
                    violation(member, String.valueOf(v), "Member must have value less than or equal to " + max));
        }
        return v;
    }

    @Nullable
    Boolean optionalBoolean(String member) {
        JsonNode n = body.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw ApiException.invalidInput("Member '" + member + "' must be a boolean");
        }
        return n.asBoolean();
    }

    @Nullable
    ObjectNode optionalObject(String member) {
        JsonNode n = body.get(member);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw ApiException.invalidInput("Member '" + member + "' must be a structure");
        }
        return (ObjectNode) n;
    }

    ObjectNode requiredObject(String member) {
        ObjectNode o = optionalObject(member);
        if (o == null) {
            throw ApiException.invalidInput("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: " + "Member must not be null");
        }
        return o;
    }

    ArrayNode list(String member, int min, int max) {
        JsonNode n = body.get(member);
        if (n == null || n.isNull()) {
            throw ApiException.invalidInput("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: " + "Member must not be null");
        }
        if (!n.isArray()) {
            throw ApiException.invalidInput("Member '" + member + "' must be a list");
        }
        checkSize(member, n.size(), min, max);
        return (ArrayNode) n;
    }

    static void checkSize(String member, int size, int min, int max) {
        if (size < min) {
            throw ApiException.invalidInput("1 validation error detected: Value at '" + member
                    + "' failed to satisfy constraint: Member must have length greater than or equal to " + min);
        }
        if (size > max) {
            throw ApiException.invalidInput("1 validation error detected: Value at '" + member
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
    }

    /** A string-to-string map member with key/value length limits and a maximum size. */
    Map<String, String> stringMap(String member, int maxEntries, int maxKey, int maxValue) {
        ObjectNode o = optionalObject(member);
        Map<String, String> out = new LinkedHashMap<>();
        if (o == null) {
            return out;
        }
        checkSize(member, o.size(), 0, maxEntries);
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            checkLength(member + ".key", e.getKey(), 0, maxKey);
            if (!e.getValue().isTextual()) {
                throw ApiException.invalidInput("Member '" + member + "." + e.getKey() + "' must be a string");
            }
            out.put(
                    e.getKey(),
                    checkLength(member + "." + e.getKey(), e.getValue().asText(), 0, maxValue));
        }
        return out;
    }

    /** Validated {@code tags} (0-200 {@code Tag{tagKey, tagValue}}), or an empty list when absent. */
    List<Map.Entry<String, String>> tags(String member) {
        if (!has(member)) {
            return List.of();
        }
        ArrayNode list = list(member, 0, 200);
        List<Map.Entry<String, String>> out = new java.util.ArrayList<>();
        for (JsonNode t : list) {
            JsonNode k = t.get("tagKey");
            JsonNode v = t.get("tagValue");
            if (k == null || !k.isTextual() || v == null || !v.isTextual()) {
                throw ApiException.invalidInput("Each entry of '" + member + "' needs a tagKey and a tagValue");
            }
            checkPattern("tagKey", checkLength("tagKey", k.asText(), 1, 128), TAG);
            checkPattern("tagValue", checkLength("tagValue", v.asText(), 0, 256), TAG);
            out.add(Map.entry(k.asText(), v.asText()));
        }
        return out;
    }
}
