package io.personalizekit.local.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The events API ({@code personalize-events}): PutEvents, PutItems, PutUsers, PutActions and
 * PutActionInteractions. Validates requests as the service does and appends the records to the datasets' streamed
 * data ({@link DataState#streamed}), which queries see at once and the next training reads. Thread-safe.
 */
final class EventsApi {
    /** Request path to operation. */
    static final Map<String, String> PATHS = Map.of(
            "/events", "PutEvents",
            "/items", "PutItems",
            "/users", "PutUsers",
            "/actions", "PutActions",
            "/action-interactions", "PutActionInteractions");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> FORBIDDEN_EVENT_PROPERTIES =
            Set.of("userid", "sessionid", "eventtype", "timestamp", "recommendationid", "impression");

    private final DataState state;

    EventsApi(DataState state) {
        this.state = state;
    }

    ObjectNode handle(String operation, Input in) {
        return switch (operation) {
            case "PutEvents" -> putEvents(in);
            case "PutItems" -> putRecords(in, "items", "itemId", DatasetType.ITEMS, 32000);
            case "PutUsers" -> putRecords(in, "users", "userId", DatasetType.USERS, 24000);
            case "PutActions" -> putRecords(in, "actions", "actionId", DatasetType.ACTIONS, 32000);
            case "PutActionInteractions" -> putActionInteractions(in);
            default -> throw new IllegalArgumentException("not an events operation: " + operation);
        };
    }

    private static Map<String, String> properties(String member, String json, int max) {
        Input.checkLength(member, json, 1, max);
        JsonNode node;
        try {
            node = LocalServer.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw ApiException.invalidInput("Invalid JSON in " + member + ": " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalidInput(member + " must be a JSON object serialized as a string.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                v.forEach(p -> parts.add(p.asText()));
                out.put(e.getKey(), String.join("|", parts));
            } else if (v.isObject()) {
                throw ApiException.invalidInput(member + "." + e.getKey() + " must not be an object.");
            } else {
                out.put(e.getKey(), v.asText());
            }
        }
        return out;
    }

    private static String camel(String field) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char ch : field.toLowerCase(Locale.ROOT).toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return b.toString();
    }

    private ObjectNode putEvents(Input in) {
        String trackingId = in.string("trackingId", 1, 256);
        String userId = in.optionalString("userId", 1, 256);
        String sessionId = in.string("sessionId", 1, 256);
        ArrayNode events = in.list("eventList", 1, 10);
        record Event(
                String itemId,
                long sentAt,
                String eventType,
                @Nullable Float eventValue,
                @Nullable String impression) {}
        List<Event> parsed = new ArrayList<>();
        List<AttributionMetrics.Event> attributed = new ArrayList<>();
        int i = 0;
        for (JsonNode e : events) {
            String p = "eventList." + (++i);
            if (!e.isObject()) {
                throw ApiException.invalidInput(p + " must be a structure");
            }
            Input ev = new Input((ObjectNode) e);
            String eventType = ev.optional("eventType");
            if (eventType == null) {
                throw ApiException.invalidInput("1 validation error detected: Value null at '" + p
                        + ".eventType' failed to satisfy constraint: Member must not be null");
            }
            Input.checkLength(p + ".eventType", eventType, 1, 256);
            JsonNode sentAt = e.get("sentAt");
            if (sentAt == null || !sentAt.isNumber()) {
                throw ApiException.invalidInput("1 validation error detected: Value null at '" + p
                        + ".sentAt' failed to satisfy constraint: Member must not be null");
            }
            ev.optionalString("eventId", 1, 256);
            String itemId = ev.optionalString("itemId", 1, 256);
            String recommendationId = ev.optionalString("recommendationId", 1, 40);
            String attributionSource = eventAttributionSource(p, e.get("metricAttribution"));
            String impression = null;
            if (ev.has("impression")) {
                List<String> shown = new ArrayList<>();
                for (JsonNode imp : ev.list("impression", 1, 25)) {
                    shown.add(Input.checkLength(p + ".impression", imp.asText(), 1, 256));
                }
                impression = String.join("|", shown);
            }
            JsonNode value = e.get("eventValue");
            if (value != null && !value.isNull() && !value.isNumber()) {
                throw ApiException.invalidInput(p + ".eventValue must be a number");
            }
            String props = ev.optional("properties");
            Map<String, String> propertyValues = Map.of();
            if (props != null) {
                propertyValues = properties(p + ".properties", props, 1024);
                for (String key : propertyValues.keySet()) {
                    if (FORBIDDEN_EVENT_PROPERTIES.contains(key.toLowerCase(Locale.ROOT))) {
                        throw ApiException.invalidInput(
                                p + ".properties must not contain the reserved key " + key + ".");
                    }
                }
            }
            Map<String, String> columns = propertyValues;
            Float eventValue = value == null || value.isNull() ? null : (float) value.asDouble();
            attributed.add(new AttributionMetrics.Event(
                    eventType,
                    (long) Math.floor(sentAt.asDouble()),
                    itemId,
                    recommendationId,
                    attributionSource,
                    column -> column.equals("EVENT_VALUE")
                            ? (eventValue == null ? null : eventValue.toString())
                            : columns.getOrDefault(camel(column), columns.get(column))));
            if (itemId != null) {
                parsed.add(new Event(
                        itemId,
                        (long) Math.floor(sentAt.asDouble()),
                        eventType,
                        value == null || value.isNull() ? null : (float) value.asDouble(),
                        impression));
            }
        }
        Resource tracker = state.cp()
                .trackerById(trackingId)
                .orElseThrow(() -> ApiException.invalidInput("The trackingId " + trackingId + " is not valid."));
        if (!tracker.isActive()) {
            throw ApiException.invalidInput("The event tracker for trackingId " + trackingId + " is not ACTIVE.");
        }
        Resource dataset = state.dataset(tracker.attr("datasetGroupArn"), DatasetType.INTERACTIONS)
                .orElseThrow(() -> ApiException.invalidInput(
                        "The dataset group of trackingId " + trackingId + " has no Interactions dataset."));
        DatasetData streamed = state.streamed(dataset, DatasetType.INTERACTIONS);
        String user = userId == null ? sessionId : userId;
        for (Event e : parsed) {
            streamed.appendInteraction(user, e.itemId(), e.sentAt(), e.eventType(), e.eventValue(), e.impression());
        }
        state.attribution().recordEvents(tracker.attr("datasetGroupArn"), attributed);
        return JSON.objectNode();
    }

    private static final java.util.regex.Pattern ATTRIBUTION_SOURCE =
            java.util.regex.Pattern.compile("^[\\x20-\\x7E]*[\\x21-\\x7E]+[\\x20-\\x7E]*$");

    /** An event's {@code metricAttribution.eventAttributionSource}, checked; null when the event has none. */
    private static @Nullable String eventAttributionSource(String p, @Nullable JsonNode metricAttribution) {
        if (metricAttribution == null || metricAttribution.isNull()) {
            return null;
        }
        if (!metricAttribution.isObject()) {
            throw ApiException.invalidInput(p + ".metricAttribution must be a structure");
        }
        String member = p + ".metricAttribution.eventAttributionSource";
        JsonNode source = metricAttribution.get("eventAttributionSource");
        if (source == null || source.isNull()) {
            throw ApiException.invalidInput("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        if (!source.isTextual()) {
            throw ApiException.invalidInput("Member '" + member + "' must be a string");
        }
        Input.checkLength(member, source.asText(), 0, 1024);
        return Input.checkPattern(member, source.asText(), ATTRIBUTION_SOURCE);
    }

    private ObjectNode putRecords(Input in, String listMember, String idMember, DatasetType type, int maxProperties) {
        String datasetArn = in.arn("datasetArn");
        ArrayNode records = in.list(listMember, 1, 10);
        List<Map.Entry<String, Map<String, String>>> parsed = new ArrayList<>();
        int i = 0;
        Resource dataset = state.cp().require(Kind.DATASET, datasetArn);
        if (!dataset.attr("datasetType").equals(type.name())) {
            throw ApiException.invalidInput(
                    "Dataset " + datasetArn + " is a " + dataset.attr("datasetType") + " dataset, not " + type + ".");
        }
        if (!dataset.isActive()) {
            throw ApiException.inUse("Dataset " + datasetArn + " is " + dataset.status() + ", not ACTIVE.");
        }
        Resource schemaRes =
                state.cp().find(Kind.SCHEMA, dataset.attr("schemaArn")).orElse(null);
        DatasetSchema schema = schemaRes == null ? null : (DatasetSchema) schemaRes.payload;
        for (JsonNode r : records) {
            String p = listMember + "." + (++i);
            if (!r.isObject()) {
                throw ApiException.invalidInput(p + " must be a structure");
            }
            Input rec = new Input((ObjectNode) r);
            String id = rec.optional(idMember);
            if (id == null) {
                throw ApiException.invalidInput("1 validation error detected: Value null at '" + p + "." + idMember
                        + "' failed to satisfy constraint: Member must not be null");
            }
            Input.checkLength(p + "." + idMember, id, 1, 256);
            String props = rec.optional("properties");
            Map<String, String> fields = props == null ? Map.of() : properties(p + ".properties", props, maxProperties);
            if (schema != null) {
                for (String key : fields.keySet()) {
                    boolean known = schema.fieldNames().stream().anyMatch(f -> camel(f).equals(key) || f.equals(key));
                    if (!known) {
                        throw ApiException.invalidInput("Invalid property " + key + " in " + p
                                + ".properties: the schema has no field " + key + " (properties use camelCase of "
                                + "the schema's field names).");
                    }
                }
            }
            parsed.add(Map.entry(id, fields));
        }
        if (type == DatasetType.ACTIONS) {
            return JSON.objectNode();
        }
        DatasetData streamed = state.streamed(dataset, type);
        for (Map.Entry<String, Map<String, String>> e : parsed) {
            if (type == DatasetType.ITEMS) {
                streamed.upsertItem(e.getKey(), e.getValue());
            } else {
                streamed.upsertUser(e.getKey(), e.getValue());
            }
        }
        return JSON.objectNode();
    }

    private ObjectNode putActionInteractions(Input in) {
        String trackingId = in.string("trackingId", 1, 256);
        in.list("actionInteractions", 1, 10);
        state.cp()
                .trackerById(trackingId)
                .orElseThrow(() -> ApiException.notFound("The trackingId " + trackingId + " is not valid."));
        return JSON.objectNode();
    }
}
