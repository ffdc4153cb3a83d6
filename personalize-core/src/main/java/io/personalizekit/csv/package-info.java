/**
 * Writing, reading and validating dataset CSV files in Amazon Personalize's bulk-import dialect.
 *
 * <p>The dialect (see the service's "bulk data format guidelines"): a header row of the schema's field names,
 * comma separated, UTF-8, one record per line, multi-value categorical values joined with {@code |}, textual
 * values in double quotes with {@code "} and {@code \} escaped by a backslash, an empty cell for null,
 * lower-case booleans and timestamps in epoch seconds.
 *
 * <ul>
 *   <li>{@link io.personalizekit.csv.DatasetCsvWriter} writes rows in schema order, checks every row as it is
 *       written, and publishes the file only on {@code commit()}; {@link io.personalizekit.csv.ItemCsvWriter},
 *       {@link io.personalizekit.csv.InteractionCsvWriter} and {@link io.personalizekit.csv.UserCsvWriter} take
 *       typed records.
 *   <li>{@link io.personalizekit.csv.DatasetCsvReader} streams an existing file record by record.
 *   <li>{@link io.personalizekit.csv.DatasetCsvValidator} checks an existing file against a schema and returns a
 *       {@link io.personalizekit.csv.ValidationReport}.
 *   <li>{@link io.personalizekit.csv.DatasetProfile} summarises a dataset (rows, users, items, users with two or
 *       more interactions, time range) and checks it against the service's training minimums.
 * </ul>
 *
 * <pre>{@code
 * DatasetSchema items = SchemaBuilder.forType(DatasetType.ITEMS)
 *         .stringField("ITEM_ID")
 *         .stringField("LABELS", f -> f.categorical().nullable())
 *         .longField("CREATION_TIMESTAMP")
 *         .build();
 * try (ItemCsvWriter w = ItemCsvWriter.builder().schema(items).path(Path.of("items.csv")).build()) {
 *     w.write(Item.builder().itemId("1").putMetadata("LABELS", List.of("SPORTS", "SCIENCE"))
 *             .creationTime(Instant.ofEpochSecond(1570003267)).build());
 *     w.commit(); // publishes items.csv; an exception before it leaves no file
 * }
 * ValidationReport report = DatasetCsvValidator.builder().schema(items).build().validate(Path.of("items.csv"));
 * }</pre>
 */
@NullMarked
package io.personalizekit.csv;

import org.jspecify.annotations.NullMarked;
