package io.personalizekit.schema;

import java.util.Locale;

/** The dataset types of a custom dataset group, with the names the service uses for them. */
public enum DatasetType {
    /** Interactions between users and items (required by every recipe). */
    INTERACTIONS("Interactions"),
    /** Item metadata. */
    ITEMS("Items"),
    /** User metadata. */
    USERS("Users"),
    /** Actions (Next-Best-Action). */
    ACTIONS("Actions"),
    /** Interactions between users and actions. */
    ACTION_INTERACTIONS("Action_Interactions");

    private final String apiName;

    DatasetType(String apiName) {
        this.apiName = apiName;
    }

    /**
     * The name the service uses for this type: the {@code datasetType} of {@code CreateDataset} and the default
     * Avro record name, for example {@code "Interactions"}.
     *
     * @return the service's name for this type
     */
    public String apiName() {
        return apiName;
    }

    /** Whether {@code name} is this type's name, ignoring case and underscores. */
    boolean matchesName(String name) {
        return apiName.replace("_", "").equalsIgnoreCase(name.replace("_", ""));
    }

    /**
     * Parses the service's name of a dataset type, ignoring case ({@code "Items"}, {@code "ITEMS"}, {@code
     * "action_interactions"}, and {@code "ActionInteractions"} as a record name).
     *
     * @param value the name
     * @return the dataset type
     * @throws IllegalArgumentException when the value names no dataset type
     */
    public static DatasetType fromApiName(String value) {
        for (DatasetType t : values()) {
            if (t.matchesName(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unknown dataset type '" + value + "'; expected one of "
                + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
