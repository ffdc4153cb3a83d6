/**
 * Writing, reading and validating dataset CSV files in Amazon Personalize's bulk-import dialect.
 *
 * <p>The dialect (see the service's "bulk data format guidelines"): a header row of the schema's field names,
 * comma separated, UTF-8, one record per line, multi-value categorical values joined with {@code |}, textual
 * values in double quotes with {@code "} and {@code \} escaped by a backslash, an empty cell for null,
 * lower-case booleans and timestamps in epoch seconds. Every reader and writer here shares one implementation of it.
 *
 * <ul>
 *   <li>{@link io.personalizekit.csv.DatasetCsvWriter} writes records of your own type through a {@link
 *       io.personalizekit.schema.BoundSchema} (or rows of values for a plain schema), checks every record as it is
 *       written, and publishes the file only on {@code commit()}; {@link io.personalizekit.csv.ItemCsvWriter} is the
 *       same writer for the Items (catalogue) dataset.
 *   <li>{@link io.personalizekit.csv.DatasetCsvReader} streams an existing file record by record.
 *   <li>{@link io.personalizekit.csv.DatasetCsvValidator} checks an existing file against a schema and returns a
 *       {@link io.personalizekit.csv.ValidationReport}.
 *   <li>{@link io.personalizekit.csv.DatasetProfile} summarises a dataset (rows, users, items, users with two or
 *       more interactions, time range) and checks it against the service's training minimums.
 * </ul>
 *
 * <p>Positions in errors are named the same everywhere: the physical {@code line} (1-based, the header is line 1)
 * and the data {@code record} (1-based, the header not counted), as in {@code items.csv line 12 (record 11), field
 * LABELS: ...}.
 *
 * <pre>{@code
 * BoundSchema<Article> items = SchemaBuilder.forType(DatasetType.ITEMS)
 *         .bind(Article.class)
 *         .stringField("ITEM_ID", Article::id)
 *         .categoricalField("LABELS", Article::labels, f -> f.nullable())
 *         .timestampField("CREATION_TIMESTAMP", Article::published)
 *         .build();
 * try (ItemCsvWriter<Article> w = ItemCsvWriter.builder(items).path(Path.of("items.csv")).build()) {
 *     w.writeAll(articles);
 *     w.commit(); // publishes items.csv; an exception before it leaves no file
 * }
 * ValidationReport report = DatasetCsvValidator.builder().schema(items.schema()).build().validate(Path.of("items.csv"));
 * }</pre>
 */
@NullMarked
package io.personalizekit.csv;

import org.jspecify.annotations.NullMarked;
