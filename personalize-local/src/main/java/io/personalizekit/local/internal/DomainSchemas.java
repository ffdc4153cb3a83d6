package io.personalizekit.local.internal;

import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.FieldType;
import io.personalizekit.schema.SchemaField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What domain dataset groups require of their schemas and datasets, from the developer guide's ECOMMERCE and
 * VIDEO_ON_DEMAND "datasets and schemas" pages: the required fields of each dataset type (beyond the custom rules
 * that {@link DatasetSchema} checks), a schema created with a {@code domain} only for a dataset group of that
 * domain (and a schema without one only for a Custom dataset group), and no Actions or Action interactions datasets
 * in a domain dataset group.
 */
final class DomainSchemas {
    /** A required field: its types and whether it must be categorical. */
    private record Field(Set<FieldType> types, boolean categorical, String description) {}

    private static final Field STRING = new Field(Set.of(FieldType.STRING), false, "string");
    private static final Field LONG = new Field(Set.of(FieldType.LONG), false, "long");
    private static final Field FLOAT = new Field(Set.of(FieldType.FLOAT, FieldType.DOUBLE), false, "float");
    private static final Field CATEGORICAL = new Field(Set.of(FieldType.STRING), true, "categorical string");

    private static final Map<String, Map<DatasetType, Map<String, Field>>> REQUIRED = Map.of(
            "ECOMMERCE",
            Map.of(
                    DatasetType.INTERACTIONS, interactions(),
                    DatasetType.ITEMS, ordered("ITEM_ID", STRING, "PRICE", FLOAT, "CATEGORY_L1", CATEGORICAL),
                    DatasetType.USERS, ordered("USER_ID", STRING)),
            "VIDEO_ON_DEMAND",
            Map.of(
                    DatasetType.INTERACTIONS, interactions(),
                    DatasetType.ITEMS, ordered("ITEM_ID", STRING, "CREATION_TIMESTAMP", LONG, "GENRES", CATEGORICAL),
                    DatasetType.USERS, ordered("USER_ID", STRING)));

    private DomainSchemas() {}

    private static Map<String, Field> interactions() {
        Map<String, Field> m = ordered("USER_ID", STRING, "ITEM_ID", STRING);
        m.putAll(ordered("TIMESTAMP", LONG, "EVENT_TYPE", STRING));
        return m;
    }

    private static Map<String, Field> ordered(Object... nameAndField) {
        Map<String, Field> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndField.length; i += 2) {
            m.put((String) nameAndField[i], (Field) nameAndField[i + 1]);
        }
        return m;
    }

    /**
     * Checks a schema created with a {@code domain}.
     *
     * @throws ApiException (InvalidInput) naming the domain, the dataset type and the missing or mistyped field
     */
    static void checkSchema(String domain, DatasetSchema schema) {
        DatasetType type = schema.datasetType();
        Map<String, Field> required = REQUIRED.get(domain).get(type);
        String label = type.name().charAt(0) + type.name().substring(1).toLowerCase(Locale.ROOT);
        if (required == null) {
            throw ApiException.invalidInput("Invalid schema: " + label + " schemas cannot have a domain; the " + domain
                    + " domain has Interactions, Items and Users datasets only.");
        }
        for (Map.Entry<String, Field> e : required.entrySet()) {
            Optional<SchemaField> field = schema.field(e.getKey());
            Field want = e.getValue();
            if (field.isEmpty()
                    || !want.types().contains(field.get().type())
                    || (want.categorical() && !field.get().categorical())) {
                throw ApiException.invalidInput("Invalid schema for the " + domain + " domain: an " + label
                        + " schema requires the field " + e.getKey() + " (" + want.description() + "); required fields"
                        + " are " + required.keySet() + ".");
            }
        }
        if (type == DatasetType.USERS && schema.fields().size() < 2) {
            throw ApiException.invalidInput("Invalid schema for the " + domain + " domain: a Users schema requires"
                    + " USER_ID and at least 1 metadata field (categorical string or numerical).");
        }
    }

    /**
     * Checks that a schema fits a dataset group: a domain group takes schemas of its domain, a Custom group schemas
     * without a domain; a domain group has no Actions or Action interactions datasets.
     *
     * @throws ApiException (InvalidInput) naming both
     */
    static void checkDataset(Resource group, Resource schemaResource, DatasetType type) {
        String groupDomain = emptyToNull(group.attr("domain"));
        String schemaDomain = emptyToNull(schemaResource.attr("domain"));
        if (groupDomain != null
                && List.of(DatasetType.ACTIONS, DatasetType.ACTION_INTERACTIONS).contains(type)) {
            throw ApiException.invalidInput(
                    "Dataset group " + group.arn + " is a " + groupDomain + " domain dataset"
                            + " group; Actions and Action interactions datasets can only be created in a Custom dataset group.");
        }
        if (groupDomain == null && schemaDomain != null) {
            throw ApiException.invalidInput("The schema " + schemaResource.arn + " is for the " + schemaDomain
                    + " domain, but dataset group " + group.arn + " is a Custom dataset group; use a schema created"
                    + " without a domain.");
        }
        if (groupDomain != null && !groupDomain.equals(schemaDomain)) {
            throw ApiException.invalidInput("Dataset group " + group.arn + " is a " + groupDomain + " domain dataset"
                    + " group; its datasets need a schema created with domain " + groupDomain + ", and "
                    + schemaResource.arn + (schemaDomain == null ? " has none." : " is for " + schemaDomain + "."));
        }
    }

    private static @Nullable String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
