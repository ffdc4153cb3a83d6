package io.personalizekit.schema;

/** The Avro primitive types that Amazon Personalize accepts for a field. */
public enum FieldType {
    /** Avro {@code string}. */
    STRING("string"),
    /** Avro {@code int} (32-bit). */
    INT("int"),
    /** Avro {@code long} (64-bit); timestamps are longs in epoch seconds. */
    LONG("long"),
    /** Avro {@code float}. */
    FLOAT("float"),
    /** Avro {@code double}. */
    DOUBLE("double"),
    /** Avro {@code boolean}; not used for training or filtering by the service. */
    BOOLEAN("boolean");

    private final String avroName;

    FieldType(String avroName) {
        this.avroName = avroName;
    }

    /**
     * The Avro type name, for example {@code "long"}.
     *
     * @return the Avro name
     */
    public String avroName() {
        return avroName;
    }

    /**
     * Whether values of this type are numbers.
     *
     * @return true for int, long, float and double
     */
    public boolean isNumeric() {
        return this == INT || this == LONG || this == FLOAT || this == DOUBLE;
    }

    /**
     * Finds the type with the given Avro name.
     *
     * @param avroName an Avro primitive type name such as {@code "string"}
     * @return the type, or {@code null} when Personalize does not accept that type
     */
    static @org.jspecify.annotations.Nullable FieldType fromAvroName(String avroName) {
        for (FieldType t : values()) {
            if (t.avroName.equals(avroName)) {
                return t;
            }
        }
        return null;
    }
}
