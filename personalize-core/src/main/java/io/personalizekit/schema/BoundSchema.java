package io.personalizekit.schema;

import io.personalizekit.exception.SchemaValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * A dataset schema bound to a record type of your own: every field has a getter that reads its value from a record.
 * One bound schema renders the Avro JSON for {@code CreateSchema} ({@link #schema()}), drives the CSV writer
 * ({@code DatasetCsvWriter}, {@code ItemCsvWriter}), the item seeder ({@code ItemSeeder}) and the event recorder
 * ({@code EventRecorder}), so the schema, the files and the streamed records cannot drift apart and no field is
 * named by a string twice. The idea is that of the DynamoDB Enhanced Client's {@code StaticTableSchema}.
 *
 * <pre>{@code
 * record Article(String id, List<String> labels, Instant published) {}
 *
 * BoundSchema<Article> items = SchemaBuilder.forType(DatasetType.ITEMS)
 *         .bind(Article.class)
 *         .stringField("ITEM_ID", Article::id)
 *         .categoricalField("LABELS", Article::labels, f -> f.nullable())
 *         .timestampField("CREATION_TIMESTAMP", Article::published)
 *         .build();
 * String avroJson = items.schema().toAvroJson();
 * }</pre>
 *
 * <p>Getters are plain functions, so records, classes with getters, maps or rows of a result set all bind. Primitive
 * getters ({@code ToLongFunction} and the like) reach the writer without boxing; a field that may be empty needs a
 * getter that can return null, hence {@code nullableLongField} and its siblings for numbers. A getter that returns
 * null for a field that is not nullable is reported where the record is used (the CSV writer's rule {@code
 * required}, the seeder's and recorder's per-record failures).
 *
 * <p>Immutable and thread-safe when the getters are. Two bound schemas are equal only when they are the same
 * object (getters have no useful equality); compare {@link #schema()} instead.
 *
 * @param <T> the record type
 */
public final class BoundSchema<T> {
    private final DatasetSchema schema;
    private final Class<T> recordType;
    private final List<BoundField<T>> fields;
    private final Map<String, BoundField<T>> byName;

    private BoundSchema(DatasetSchema schema, Class<T> recordType, List<BoundField<T>> fields) {
        this.schema = schema;
        this.recordType = recordType;
        this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
        Map<String, BoundField<T>> m = new LinkedHashMap<>();
        for (BoundField<T> f : fields) {
            m.put(f.name(), f);
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    /**
     * The schema: the Avro JSON for {@code CreateSchema} ({@link DatasetSchema#toAvroJson()}), the CSV header and
     * the rules the values are checked against.
     *
     * @return the schema
     */
    public DatasetSchema schema() {
        return schema;
    }

    /**
     * The dataset type, as {@code schema().datasetType()}.
     *
     * @return the dataset type
     */
    public DatasetType datasetType() {
        return schema.datasetType();
    }

    /**
     * The record type the getters read.
     *
     * @return the class given to {@link SchemaBuilder#bind(Class)}
     */
    public Class<T> recordType() {
        return recordType;
    }

    /**
     * The bound fields, in the schema's (CSV column) order.
     *
     * @return an unmodifiable list, one entry per schema field
     */
    public List<BoundField<T>> fields() {
        return fields;
    }

    /**
     * Finds a bound field by exact name.
     *
     * @param name the field name
     * @return the field, or empty when the schema has no such field
     */
    public Optional<BoundField<T>> field(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public String toString() {
        return "BoundSchema<" + recordType.getSimpleName() + ">" + schema;
    }

    /**
     * Builds a {@link BoundSchema}; started by {@link SchemaBuilder#bind(Class)}. Field order is column order in the
     * CSV. Each method appends one field and its getter; the field's Avro type follows from the method (a {@code
     * longField} is an Avro {@code long}, a {@code timestampField} a {@code long} of epoch seconds). Not
     * thread-safe.
     *
     * @param <T> the record type
     */
    public static final class Builder<T> {
        private final DatasetType datasetType;
        private final Class<T> recordType;
        private @Nullable String recordName;
        private String namespace;
        private final List<BoundField<T>> fields = new ArrayList<>();

        Builder(DatasetType datasetType, Class<T> recordType, @Nullable String recordName, String namespace) {
            this.datasetType = datasetType;
            this.recordType = Objects.requireNonNull(recordType, "recordType");
            this.recordName = recordName;
            this.namespace = namespace;
        }

        /**
         * Sets the Avro record name; defaults to the dataset type's service name, for example {@code "Items"}.
         *
         * @param recordName the record name
         * @return this builder
         */
        public Builder<T> recordName(String recordName) {
            this.recordName = Objects.requireNonNull(recordName, "recordName");
            return this;
        }

        /**
         * Sets the Avro namespace; defaults to {@value DatasetSchema#DEFAULT_NAMESPACE}.
         *
         * @param namespace the namespace
         * @return this builder
         */
        public Builder<T> namespace(String namespace) {
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        /**
         * Appends a required (non-null) plain string field, for example {@code .stringField("ITEM_ID",
         * Article::id)}.
         *
         * @param name the field name
         * @param getter reads the value; any {@link CharSequence}, written with {@code toString()}
         * @return this builder
         */
        public Builder<T> stringField(String name, Function<? super T, ? extends @Nullable CharSequence> getter) {
            return stringField(name, getter, o -> {});
        }

        /**
         * Appends a string field with options, for example {@code f -> f.textual().nullable()}. A categorical
         * string field bound here takes its values already joined with {@code |}; bind a collection of values with
         * {@link #categoricalField} instead.
         *
         * @param name the field name
         * @param getter reads the value; null means empty (allowed when the field is nullable)
         * @param options sets the field's options
         * @return this builder
         */
        public Builder<T> stringField(
                String name,
                Function<? super T, ? extends @Nullable CharSequence> getter,
                Consumer<SchemaBuilder.StringOptions> options) {
            SchemaBuilder.StringOptions o = new SchemaBuilder.StringOptions();
            options.accept(o);
            return add(BoundField.ofString(
                    field(name, FieldType.STRING, o.nullable, o.categorical, o.textual, o.itemName), getter));
        }

        /**
         * Appends a required categorical string field whose values come as a collection, for example {@code
         * .categoricalField("GENRES", Movie::genres)}; they are written joined with {@code |} (the service's
         * separator of categorical values, which no value may contain).
         *
         * @param name the field name
         * @param getter reads the values
         * @return this builder
         */
        public Builder<T> categoricalField(
                String name, Function<? super T, ? extends @Nullable Collection<String>> getter) {
            return categoricalField(name, getter, o -> {});
        }

        /**
         * Appends a categorical string field whose values come as a collection, with options (for example {@code f ->
         * f.nullable()}: a null or empty collection is then an empty cell).
         *
         * @param name the field name
         * @param getter reads the values
         * @param options sets the field's options
         * @return this builder
         */
        public Builder<T> categoricalField(
                String name,
                Function<? super T, ? extends @Nullable Collection<String>> getter,
                Consumer<SchemaBuilder.Options> options) {
            SchemaBuilder.Options o = new SchemaBuilder.Options();
            options.accept(o);
            return add(BoundField.ofStrings(field(name, FieldType.STRING, o.nullable, true, false, false), getter));
        }

        /**
         * Appends a required {@code int} field with a primitive getter.
         *
         * @param name the field name
         * @param getter reads the value
         * @return this builder
         */
        public Builder<T> intField(String name, ToIntFunction<? super T> getter) {
            return add(BoundField.ofInt(field(name, FieldType.INT, false, false, false, false), getter));
        }

        /**
         * Appends a nullable {@code int} field: a null value is an empty cell.
         *
         * @param name the field name
         * @param getter reads the value, or null
         * @return this builder
         */
        public Builder<T> nullableIntField(String name, Function<? super T, ? extends @Nullable Integer> getter) {
            return add(BoundField.ofBoxed(field(name, FieldType.INT, true, false, false, false), getter));
        }

        /**
         * Appends a required {@code long} field with a primitive getter, for example {@code
         * .longField("CREATION_TIMESTAMP", a -> a.published().getEpochSecond())}.
         *
         * @param name the field name
         * @param getter reads the value
         * @return this builder
         */
        public Builder<T> longField(String name, ToLongFunction<? super T> getter) {
            return add(BoundField.ofLong(field(name, FieldType.LONG, false, false, false, false), getter));
        }

        /**
         * Appends a nullable {@code long} field: a null value is an empty cell.
         *
         * @param name the field name
         * @param getter reads the value, or null
         * @return this builder
         */
        public Builder<T> nullableLongField(String name, Function<? super T, ? extends @Nullable Long> getter) {
            return add(BoundField.ofBoxed(field(name, FieldType.LONG, true, false, false, false), getter));
        }

        /**
         * Appends a required timestamp: an Avro {@code long} of epoch seconds read from an {@link Instant} (its
         * fraction of a second is dropped), for example {@code .timestampField("TIMESTAMP", Reading::at)}.
         *
         * @param name the field name, usually TIMESTAMP or CREATION_TIMESTAMP
         * @param getter reads the instant
         * @return this builder
         */
        public Builder<T> timestampField(String name, Function<? super T, ? extends @Nullable Instant> getter) {
            return timestampField(name, getter, o -> {});
        }

        /**
         * Appends a timestamp with options (for example {@code f -> f.nullable()}): an Avro {@code long} of epoch
         * seconds read from an {@link Instant}.
         *
         * @param name the field name
         * @param getter reads the instant; null means empty (allowed when the field is nullable)
         * @param options sets the field's options
         * @return this builder
         */
        public Builder<T> timestampField(
                String name,
                Function<? super T, ? extends @Nullable Instant> getter,
                Consumer<SchemaBuilder.Options> options) {
            SchemaBuilder.Options o = new SchemaBuilder.Options();
            options.accept(o);
            return add(BoundField.ofTimestamp(field(name, FieldType.LONG, o.nullable, false, false, false), getter));
        }

        /**
         * Appends a required {@code float} field with a primitive getter (EVENT_VALUE is a float).
         *
         * @param name the field name
         * @param getter reads the value
         * @return this builder
         */
        public Builder<T> floatField(String name, ToFloatFunction<? super T> getter) {
            return add(BoundField.ofFloat(field(name, FieldType.FLOAT, false, false, false, false), getter));
        }

        /**
         * Appends a nullable {@code float} field: a null value is an empty cell.
         *
         * @param name the field name
         * @param getter reads the value, or null
         * @return this builder
         */
        public Builder<T> nullableFloatField(String name, Function<? super T, ? extends @Nullable Float> getter) {
            return add(BoundField.ofBoxed(field(name, FieldType.FLOAT, true, false, false, false), getter));
        }

        /**
         * Appends a required {@code double} field with a primitive getter.
         *
         * @param name the field name
         * @param getter reads the value
         * @return this builder
         */
        public Builder<T> doubleField(String name, ToDoubleFunction<? super T> getter) {
            return add(BoundField.ofDouble(field(name, FieldType.DOUBLE, false, false, false, false), getter));
        }

        /**
         * Appends a nullable {@code double} field: a null value is an empty cell.
         *
         * @param name the field name
         * @param getter reads the value, or null
         * @return this builder
         */
        public Builder<T> nullableDoubleField(String name, Function<? super T, ? extends @Nullable Double> getter) {
            return add(BoundField.ofBoxed(field(name, FieldType.DOUBLE, true, false, false, false), getter));
        }

        /**
         * Appends a required {@code boolean} field. The service uses booleans neither for training nor for
         * filtering; a {@code "True"/"False"} categorical string or a 0/1 int is usually the better choice.
         *
         * @param name the field name
         * @param getter reads the value
         * @return this builder
         */
        public Builder<T> booleanField(String name, Predicate<? super T> getter) {
            return add(BoundField.ofBoolean(field(name, FieldType.BOOLEAN, false, false, false, false), getter));
        }

        /**
         * Appends a nullable {@code boolean} field: a null value is an empty cell.
         *
         * @param name the field name
         * @param getter reads the value, or null
         * @return this builder
         */
        public Builder<T> nullableBooleanField(String name, Function<? super T, ? extends @Nullable Boolean> getter) {
            return add(BoundField.ofBoxed(field(name, FieldType.BOOLEAN, true, false, false, false), getter));
        }

        /**
         * Builds the bound schema and validates its schema against Personalize's rules for the dataset type: a
         * required field without a getter (an Items binding without ITEM_ID, an Interactions binding without
         * TIMESTAMP), a reserved field of the wrong type, two fields of one name are errors naming the field.
         *
         * @return the bound schema
         * @throws SchemaValidationException naming the field and the rule, when the schema breaks one of
         *     Personalize's rules
         */
        public BoundSchema<T> build() {
            List<SchemaField> schemaFields = new ArrayList<>(fields.size());
            fields.forEach(f -> schemaFields.add(f.field()));
            DatasetSchema schema = new DatasetSchema(
                    datasetType, recordName == null ? datasetType.apiName() : recordName, namespace, schemaFields);
            SchemaRules.validate(schema);
            return new BoundSchema<>(schema, recordType, fields);
        }

        private static SchemaField field(
                String name, FieldType type, boolean nullable, boolean categorical, boolean textual, boolean itemName) {
            return SchemaField.of(Objects.requireNonNull(name, "name"), type, nullable, categorical, textual, itemName);
        }

        private Builder<T> add(BoundField<T> field) {
            fields.add(field);
            return this;
        }
    }
}
