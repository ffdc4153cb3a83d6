package io.personalizekit.schema;

import io.personalizekit.exception.SchemaValidationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated dataset schema: the dataset type, the Avro record name and namespace, and the fields in CSV column
 * order. It renders the Avro JSON that {@code CreateSchema} takes ({@link #toAvroJson()}) and parses one back
 * ({@link #parse(String)}); a round trip gives an equal schema. Immutable and thread-safe.
 *
 * <p>Two schemas are {@linkplain #equals equal} when their type, record name, namespace and fields are equal;
 * {@link #sameDefinitionAs} compares only what the service uses (type and fields), which is what drift detection
 * needs.
 */
public final class DatasetSchema {
    /** The namespace used when none is given: {@value}. */
    public static final String DEFAULT_NAMESPACE = "com.amazonaws.personalize.schema";

    private final DatasetType datasetType;
    private final String recordName;
    private final String namespace;
    private final List<SchemaField> fields;
    private final Map<String, Integer> index;

    DatasetSchema(DatasetType datasetType, String recordName, String namespace, List<SchemaField> fields) {
        this.datasetType = Objects.requireNonNull(datasetType, "datasetType");
        this.recordName = Objects.requireNonNull(recordName, "recordName");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < this.fields.size(); i++) {
            idx.putIfAbsent(this.fields.get(i).name(), i);
        }
        this.index = Collections.unmodifiableMap(idx);
    }

    /**
     * Parses an Avro JSON schema, inferring the dataset type from the record name (ignoring case, so the
     * article's {@code "ITEMS"} works), and validates it.
     *
     * @param avroJson the Avro JSON document
     * @return the schema
     * @throws SchemaValidationException when the document is not a flat Avro record Personalize accepts, the
     *     record name names no dataset type, or a rule is broken
     */
    public static DatasetSchema parse(String avroJson) {
        return AvroJson.parse(avroJson, null);
    }

    /**
     * Parses an Avro JSON schema for a known dataset type, and validates it.
     *
     * @param datasetType the dataset type the schema is for
     * @param avroJson the Avro JSON document
     * @return the schema
     * @throws SchemaValidationException when the document is not a flat Avro record Personalize accepts, or a rule
     *     is broken
     */
    public static DatasetSchema parse(DatasetType datasetType, String avroJson) {
        return AvroJson.parse(avroJson, Objects.requireNonNull(datasetType, "datasetType"));
    }

    /**
     * Returns a builder holding this schema's settings and fields, to derive a changed schema.
     *
     * @return a new builder
     */
    public SchemaBuilder toBuilder() {
        return SchemaBuilder.from(this);
    }

    /**
     * The dataset type.
     *
     * @return the type
     */
    public DatasetType datasetType() {
        return datasetType;
    }

    /**
     * The Avro record name.
     *
     * @return the record name
     */
    public String recordName() {
        return recordName;
    }

    /**
     * The Avro namespace.
     *
     * @return the namespace
     */
    public String namespace() {
        return namespace;
    }

    /**
     * The fields, in CSV column order.
     *
     * @return an unmodifiable list
     */
    public List<SchemaField> fields() {
        return fields;
    }

    /**
     * The field names, in CSV column order: the CSV header.
     *
     * @return an unmodifiable list of names
     */
    public List<String> fieldNames() {
        List<String> names = new ArrayList<>(fields.size());
        fields.forEach(f -> names.add(f.name()));
        return Collections.unmodifiableList(names);
    }

    /**
     * Finds a field by exact name.
     *
     * @param name the field name
     * @return the field, or empty when the schema has no such field
     */
    public Optional<SchemaField> field(String name) {
        Integer i = index.get(name);
        return i == null ? Optional.empty() : Optional.of(fields.get(i));
    }

    /**
     * The column index of a field.
     *
     * @param name the field name
     * @return the 0-based index, or -1 when the schema has no such field
     */
    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    /**
     * Renders the compact Avro JSON document that {@code CreateSchema} takes. Deterministic: the same schema
     * always renders the same string.
     *
     * @return the Avro JSON
     */
    public String toAvroJson() {
        return AvroJson.render(this);
    }

    /**
     * Whether this schema defines the same dataset as another one, as far as the service is concerned: same
     * dataset type and same fields in the same order (record name case and namespace are ignored).
     *
     * @param other the other schema
     * @return true when the definitions match
     */
    public boolean sameDefinitionAs(DatasetSchema other) {
        return datasetType == other.datasetType && fields.equals(other.fields);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DatasetSchema)) {
            return false;
        }
        DatasetSchema s = (DatasetSchema) o;
        return datasetType == s.datasetType
                && recordName.equals(s.recordName)
                && namespace.equals(s.namespace)
                && fields.equals(s.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(datasetType, recordName, namespace, fields);
    }

    @Override
    public String toString() {
        return datasetType.apiName() + fields;
    }
}
