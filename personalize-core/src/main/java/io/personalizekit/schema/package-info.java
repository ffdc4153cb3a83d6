/**
 * Typed dataset schemas for Amazon Personalize.
 *
 * <p>A {@link io.personalizekit.schema.DatasetSchema} is built with {@link io.personalizekit.schema.SchemaBuilder}
 * (or parsed from an existing Avro JSON document), is validated against Personalize's rules for its {@link
 * io.personalizekit.schema.DatasetType}, and renders the Avro JSON that {@code CreateSchema} takes. Bound to a
 * record type of your own ({@link io.personalizekit.schema.SchemaBuilder#bind(Class)}), it becomes a {@link
 * io.personalizekit.schema.BoundSchema}: every field gets a getter, and the one bound schema drives the CSV writer,
 * the item seeder and the event recorder, so the schema, the files and the streamed records cannot drift:
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
 * <p>All types in this package are immutable and thread-safe (a bound schema as far as its getters are); builders
 * are not thread-safe.
 */
@NullMarked
package io.personalizekit.schema;

import org.jspecify.annotations.NullMarked;
