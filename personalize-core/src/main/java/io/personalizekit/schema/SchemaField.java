package io.personalizekit.schema;

import java.util.Objects;

/**
 * One field of a dataset schema: its name, Avro type, nullability and Personalize attributes ({@code
 * categorical}, {@code textual}, {@code itemName}). Immutable and thread-safe.
 *
 * <p>Fields are normally created through {@link SchemaBuilder}; {@link #of} exists for code that builds fields
 * from other metadata. Rules that involve the dataset type (required fields, reserved names, attribute placement)
 * are checked when the {@link DatasetSchema} is built.
 */
public final class SchemaField {
    private final String name;
    private final FieldType type;
    private final boolean nullable;
    private final boolean categorical;
    private final boolean textual;
    private final boolean itemName;

    private SchemaField(
            String name, FieldType type, boolean nullable, boolean categorical, boolean textual, boolean itemName) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.nullable = nullable;
        this.categorical = categorical;
        this.textual = textual;
        this.itemName = itemName;
    }

    /**
     * Creates a field.
     *
     * @param name the field name, as in the CSV header
     * @param type the Avro type
     * @param nullable whether the Avro type is a union with {@code null}
     * @param categorical whether the string field holds categories ({@code |}-separated values)
     * @param textual whether the string field holds unstructured text (items only, at most one)
     * @param itemName whether the string field holds the item's name (used by Semantic-Similarity)
     * @return the field
     * @throws IllegalArgumentException when an attribute is set on a field that is not a string
     */
    public static SchemaField of(
            String name, FieldType type, boolean nullable, boolean categorical, boolean textual, boolean itemName) {
        if (type != FieldType.STRING && (categorical || textual || itemName)) {
            throw new IllegalArgumentException("Field " + name + ": categorical, textual and itemName are only"
                    + " allowed on string fields, but its type is " + type.avroName());
        }
        if (categorical && textual) {
            throw new IllegalArgumentException(
                    "Field " + name + ": a field is either categorical or textual, not both");
        }
        return new SchemaField(name, type, nullable, categorical, textual, itemName);
    }

    /**
     * The field name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The Avro type.
     *
     * @return the type
     */
    public FieldType type() {
        return type;
    }

    /**
     * Whether the field may be empty (its Avro type is a union with {@code null}).
     *
     * @return true when nullable
     */
    public boolean nullable() {
        return nullable;
    }

    /**
     * Whether the field is categorical: its values are categories, several of them separated by {@code |}.
     *
     * @return true when categorical
     */
    public boolean categorical() {
        return categorical;
    }

    /**
     * Whether the field is textual: unstructured text the service analyses (items only).
     *
     * @return true when textual
     */
    public boolean textual() {
        return textual;
    }

    /**
     * Whether the field holds the item's name ({@code "itemName": true}).
     *
     * @return true when it is the item-name field
     */
    public boolean itemName() {
        return itemName;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SchemaField)) {
            return false;
        }
        SchemaField f = (SchemaField) o;
        return nullable == f.nullable
                && categorical == f.categorical
                && textual == f.textual
                && itemName == f.itemName
                && name.equals(f.name)
                && type == f.type;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, nullable, categorical, textual, itemName);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(':').append(type.avroName());
        if (nullable) {
            sb.append('?');
        }
        if (categorical) {
            sb.append(" categorical");
        }
        if (textual) {
            sb.append(" textual");
        }
        if (itemName) {
            sb.append(" itemName");
        }
        return sb.toString();
    }
}
