package io.personalizekit.internal.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.PersonalizeLimits;
import io.personalizekit.events.DeliveryResult;
import io.personalizekit.schema.BoundField;
import io.personalizekit.schema.BoundSchema;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.personalizeevents.model.Item;

/**
 * Reads one record through an Items {@link BoundSchema} and renders the {@code PutItems} item: ITEM_ID becomes
 * {@code itemId}, every other field a key of the {@code properties} JSON string (camelCase of the field name,
 * schema order, nulls left out). Checks what the getters' types do not already guarantee: ids of 1 to {@value
 * PersonalizeLimits#MAX_ID_LENGTH} characters, non-nullable fields present, strings up to {@value
 * PersonalizeLimits#MAX_STRING_LENGTH} characters (textual fields only to the properties limit), categorical
 * values without empty values or {@code |} inside one, timestamps in epoch seconds, finite numbers, and the
 * properties string up to {@value PersonalizeLimits#MAX_ITEM_PROPERTIES_LENGTH} characters. Thread-safe when the
 * getters are.
 *
 * @param <T> the record type
 */
public final class ItemValidator<T> {
    /** The id field of the Items dataset. */
    public static final String ITEM_ID = "ITEM_ID";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<BoundField<T>> fields;
    private final @Nullable BoundField<T> idField;
    private final List<String> keys;

    /**
     * Creates a validator.
     *
     * @param schema the bound Items schema
     */
    public ItemValidator(BoundSchema<T> schema) {
        this.fields = schema.fields();
        this.idField = schema.field(ITEM_ID).orElse(null);
        this.keys = new ArrayList<>(fields.size());
        for (BoundField<T> f : fields) {
            keys.add(PropertyNames.camelCase(f.name()));
        }
    }

    /** The outcome for one record: the SDK item to send, or why not. */
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
         * Why the record is not sent.
         *
         * @return the failure, or {@code null} when valid
         */
        public DeliveryResult.@Nullable Failure failure() {
            return failure;
        }
    }

    /**
     * Reads, validates and renders one record.
     *
     * @param record the record
     * @param position its 0-based position in the input, for the report when it has no usable ITEM_ID
     * @return the outcome
     */
    public Outcome validate(T record, int position) {
        List<String[]> problems = new ArrayList<>();
        ValueCollector c = new ValueCollector();
        String itemId = null;
        if (idField != null) {
            Object v = idField.value(record);
            itemId = v == null ? null : v.toString();
        }
        String reportedId = itemId == null || itemId.isEmpty() ? "#" + position : itemId;
        if (itemId == null) {
            problems.add(new String[] {ITEM_ID, "ITEM_ID is missing"});
        } else if (itemId.isEmpty() || itemId.length() > PersonalizeLimits.MAX_ID_LENGTH) {
            problems.add(new String[] {
                ITEM_ID,
                "ITEM_ID must be 1 to " + PersonalizeLimits.MAX_ID_LENGTH + " characters, but it has " + itemId.length()
            });
        }
        ObjectNode properties = JSON.createObjectNode();
        for (int i = 0; i < fields.size(); i++) {
            BoundField<T> f = fields.get(i);
            if (f == idField) {
                continue;
            }
            c.reset(f.field());
            f.accept(record, c);
            if (c.problem != null) {
                problems.add(new String[] {f.name(), c.problem});
            } else if (c.value != null) {
                properties.putPOJO(keys.get(i), c.value);
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
            if (json != null && json.length() > PersonalizeLimits.MAX_ITEM_PROPERTIES_LENGTH) {
                problems.add(new String[] {
                    null,
                    "properties JSON has " + json.length() + " characters; PutItems takes at most "
                            + PersonalizeLimits.MAX_ITEM_PROPERTIES_LENGTH
                });
            }
        }
        if (!problems.isEmpty()) {
            return new Outcome(null, failure(reportedId, problems));
        }
        Item.Builder item = Item.builder().itemId(itemId);
        if (json != null) {
            item.properties(json);
        }
        return new Outcome(item.build(), null);
    }

    static DeliveryResult.Failure failure(String reportedId, List<String[]> problems) {
        StringBuilder reason = new StringBuilder();
        for (String[] p : problems) {
            if (reason.length() > 0) {
                reason.append("; ");
            }
            reason.append(p[1]);
        }
        String field = problems.size() == 1 ? problems.get(0)[0] : null;
        return DeliveryResult.Failure.of(reportedId, DeliveryResult.Stage.INVALID, field, reason.toString());
    }
}
