/**
 * Typed dataset schemas for Amazon Personalize.
 *
 * <p>A {@link io.personalizekit.schema.DatasetSchema} is built with {@link io.personalizekit.schema.SchemaBuilder}
 * (or parsed from an existing Avro JSON document), is validated against Personalize's rules for its {@link
 * io.personalizekit.schema.DatasetType}, renders the Avro JSON that {@code CreateSchema} takes, and drives the CSV
 * writers, so the schema and the CSV column order cannot drift:
 *
 * <pre>{@code
 * DatasetSchema items = SchemaBuilder.forType(DatasetType.ITEMS)
 *         .stringField("ITEM_ID")
 *         .stringField("LABELS", f -> f.categorical().nullable())
 *         .longField("CREATION_TIMESTAMP")
 *         .build();
 * String avroJson = items.toAvroJson();
 * }</pre>
 *
 * <p>All types in this package are immutable and thread-safe; builders are not thread-safe.
 */
@NullMarked
package io.personalizekit.schema;

import org.jspecify.annotations.NullMarked;
