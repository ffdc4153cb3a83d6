package io.personalizekit.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Fluent builder of a {@link DatasetSchema} with typed fields. Field order is column order in the CSV.
 *
 * <p>The attributes that Personalize allows only on strings ({@code categorical}, {@code textual}, {@code
 * itemName}) are only offered on string fields, so they cannot be misplaced at compile time. The article's two
 * schemas:
 *
 * <pre>{@code
 * DatasetSchema items = SchemaBuilder.forType(DatasetType.ITEMS)
 *         .stringField("ITEM_ID")
 *         .stringField("LABELS", f -> f.categorical().nullable())
 *         .longField("CREATION_TIMESTAMP")
 *         .build();
 * DatasetSchema interactions = SchemaBuilder.forType(DatasetType.INTERACTIONS)
 *         .stringField("USER_ID")
 *         .stringField("ITEM_ID")
 *         .longField("TIMESTAMP")
 *         .build();
 * }</pre>
 *
 * <p>Not thread-safe; the built schema is.
 */
public final class SchemaBuilder {
    private final DatasetType datasetType;
    private final List<SchemaField> fields = new ArrayList<>();
    private @Nullable String recordName;
    private String namespace = DatasetSchema.DEFAULT_NAMESPACE;

    private SchemaBuilder(DatasetType datasetType) {
        this.datasetType = Objects.requireNonNull(datasetType, "datasetType");
    }

    /**
     * Starts a schema for the given dataset type.
     *
     * @param datasetType the dataset type the schema is for; it decides the required and reserved fields
     * @return a new builder
     */
    public static SchemaBuilder forType(DatasetType datasetType) {
        return new SchemaBuilder(datasetType);
    }

    static SchemaBuilder from(DatasetSchema schema) {
        SchemaBuilder b = new SchemaBuilder(schema.datasetType());
        b.recordName = schema.recordName();
        b.namespace = schema.namespace();
        b.fields.addAll(schema.fields());
        return b;
    }

    /**
     * Binds the schema to a record type of your own: the fields are then added with a getter each, and the result
     * is a {@link BoundSchema} that drives the CSV writer, the item seeder and the event recorder. The record name
     * and namespace set so far carry over.
     *
     * <pre>{@code
     * BoundSchema<Article> items = SchemaBuilder.forType(DatasetType.ITEMS)
     *         .bind(Article.class)
     *         .stringField("ITEM_ID", Article::id)
     *         .categoricalField("LABELS", Article::labels, f -> f.nullable())
     *         .timestampField("CREATION_TIMESTAMP", Article::published)
     *         .build();
     * }</pre>
     *
     * @param <T> the record type
     * @param recordType the class of the records
     * @return a builder of the bound schema
     * @throws IllegalStateException when fields were already added to this builder (they would have no getter)
     */
    public <T> BoundSchema.Builder<T> bind(Class<T> recordType) {
        Objects.requireNonNull(recordType, "recordType");
        if (!fields.isEmpty()) {
            throw new IllegalStateException("bind(" + recordType.getSimpleName() + ".class) must come before the"
                    + " fields, which are then added with their getters; this builder already has " + fields);
        }
        return new BoundSchema.Builder<>(datasetType, recordType, recordName, namespace);
    }

    /**
     * Sets the Avro record name. Defaults to the dataset type's {@linkplain DatasetType#apiName() service name},
     * for example {@code "Items"}; the service compares it to the dataset type ignoring case.
     *
     * @param recordName the record name
     * @return this builder
     */
    public SchemaBuilder recordName(String recordName) {
        this.recordName = Objects.requireNonNull(recordName, "recordName");
        return this;
    }

    /**
     * Sets the Avro namespace. Defaults to {@code com.amazonaws.personalize.schema}.
     *
     * @param namespace the namespace
     * @return this builder
     */
    public SchemaBuilder namespace(String namespace) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        return this;
    }

    /**
     * Appends a required (non-null), plain string field.
     *
     * @param name the field name
     * @return this builder
     */
    public SchemaBuilder stringField(String name) {
        return stringField(name, o -> {});
    }

    /**
     * Appends a string field with options, for example {@code f -> f.categorical().nullable()}.
     *
     * @param name the field name
     * @param options sets the field's options
     * @return this builder
     */
    public SchemaBuilder stringField(String name, Consumer<StringOptions> options) {
        StringOptions o = new StringOptions();
        options.accept(o);
        return addField(SchemaField.of(name, FieldType.STRING, o.nullable, o.categorical, o.textual, o.itemName));
    }

    /**
     * Appends a required {@code int} field.
     *
     * @param name the field name
     * @return this builder
     */
    public SchemaBuilder intField(String name) {
        return intField(name, o -> {});
    }

    /**
     * Appends an {@code int} field with options.
     *
     * @param name the field name
     * @param options sets the field's options
     * @return this builder
     */
    public SchemaBuilder intField(String name, Consumer<Options> options) {
        return simple(name, FieldType.INT, options);
    }

    /**
     * Appends a required {@code long} field (timestamps are longs, in epoch seconds).
     *
     * @param name the field name
     * @return this builder
     */
    public SchemaBuilder longField(String name) {
        return longField(name, o -> {});
    }

    /**
     * Appends a {@code long} field with options.
     *
     * @param name the field name
     * @param options sets the field's options
     * @return this builder
     */
    public SchemaBuilder longField(String name, Consumer<Options> options) {
        return simple(name, FieldType.LONG, options);
    }

    /**
     * Appends a required {@code float} field.
     *
     * @param name the field name
     * @return this builder
     */
    public SchemaBuilder floatField(String name) {
        return floatField(name, o -> {});
    }

    /**
     * Appends a {@code float} field with options.
     *
     * @param name the field name
     * @param options sets the field's options
     * @return this builder
     */
    public SchemaBuilder floatField(String name, Consumer<Options> options) {
        return simple(name, FieldType.FLOAT, options);
    }

    /**
     * Appends a required {@code double} field.
     *
     * @param name the field name
     * @return this builder
     */
    public SchemaBuilder doubleField(String name) {
        return doubleField(name, o -> {});
    }

    /**
     * Appends a {@code double} field with options.
     *
     * @param name the field name
     * @param options sets the field's options
     * @return this builder
     */
    public SchemaBuilder doubleField(String name, Consumer<Options> options) {
        return simple(name, FieldType.DOUBLE, options);
    }

    /**
     * Appends a required {@code boolean} field. Note that the service uses booleans neither for training nor for
     * filtering; a {@code "True"/"False"} categorical string or a 0/1 int is usually the better choice.
     *
     * @param name the field name
     * @return this builder
     */
    public SchemaBuilder booleanField(String name) {
        return booleanField(name, o -> {});
    }

    /**
     * Appends a {@code boolean} field with options.
     *
     * @param name the field name
     * @param options sets the field's options
     * @return this builder
     */
    public SchemaBuilder booleanField(String name, Consumer<Options> options) {
        return simple(name, FieldType.BOOLEAN, options);
    }

    /**
     * Appends a field built elsewhere.
     *
     * @param field the field
     * @return this builder
     */
    public SchemaBuilder addField(SchemaField field) {
        fields.add(Objects.requireNonNull(field, "field"));
        return this;
    }

    /**
     * Replaces all fields.
     *
     * @param fields the fields, in column order
     * @return this builder
     */
    public SchemaBuilder fields(List<SchemaField> fields) {
        this.fields.clear();
        fields.forEach(this::addField);
        return this;
    }

    /**
     * Builds and validates the schema against Personalize's rules for its dataset type.
     *
     * @return the schema
     * @throws io.personalizekit.exception.SchemaValidationException naming the field and the rule, when the
     *     schema breaks one of Personalize's rules
     */
    public DatasetSchema build() {
        DatasetSchema schema = new DatasetSchema(
                datasetType, recordName == null ? datasetType.apiName() : recordName, namespace, fields);
        SchemaRules.validate(schema);
        return schema;
    }

    private SchemaBuilder simple(String name, FieldType type, Consumer<Options> options) {
        Options o = new Options();
        options.accept(o);
        return addField(SchemaField.of(name, type, o.nullable, false, false, false));
    }

    /** Options of a non-string field. */
    public static final class Options {
        boolean nullable;

        Options() {}

        /**
         * Makes the field nullable (Avro {@code ["null", T]}); an empty CSV cell then means null.
         *
         * @return these options
         */
        public Options nullable() {
            this.nullable = true;
            return this;
        }
    }

    /** Options of a string field. */
    public static final class StringOptions {
        boolean nullable;
        boolean categorical;
        boolean textual;
        boolean itemName;

        StringOptions() {}

        /**
         * Makes the field nullable (Avro {@code ["null", "string"]}); an empty CSV cell then means null.
         *
         * @return these options
         */
        public StringOptions nullable() {
            this.nullable = true;
            return this;
        }

        /**
         * Marks the field categorical: the service trains on it, and several values are separated by {@code |}.
         *
         * @return these options
         */
        public StringOptions categorical() {
            this.categorical = true;
            return this;
        }

        /**
         * Marks the field textual: unstructured text the service analyses. Items only, at most one per schema.
         *
         * @return these options
         */
        public StringOptions textual() {
            this.textual = true;
            return this;
        }

        /**
         * Marks the field as the item's name ({@code "itemName": true}), as Semantic-Similarity requires.
         *
         * @return these options
         */
        public StringOptions itemName() {
            this.itemName = true;
            return this;
        }
    }
}
