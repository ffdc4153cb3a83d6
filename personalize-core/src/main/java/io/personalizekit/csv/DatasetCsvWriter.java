package io.personalizekit.csv;

import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.exception.CsvWriteException;
import io.personalizekit.schema.BoundField;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Writes a dataset CSV in Amazon Personalize's bulk-import dialect from records of your own type, driven by a
 * {@link BoundSchema}: the header is the schema's field names, each record is read through the schema's getters in
 * field order, so schema, records and file cannot drift. This is the one writer of every dataset type; {@link
 * ItemCsvWriter} is the same writer for an Items schema.
 *
 * <pre>{@code
 * BoundSchema<Reading> interactions = SchemaBuilder.forType(DatasetType.INTERACTIONS)
 *         .bind(Reading.class)
 *         .stringField("USER_ID", Reading::userId)
 *         .stringField("ITEM_ID", Reading::articleId)
 *         .timestampField("TIMESTAMP", Reading::at)
 *         .build();
 * try (DatasetCsvWriter<Reading> w = DatasetCsvWriter.builder(interactions).path(Path.of("interactions.csv")).build()) {
 *     w.writeAll(readings);
 *     w.commit(); // publishes interactions.csv; without it, close() discards the records
 * }
 * }</pre>
 *
 * <p>A writer built from a plain {@link DatasetSchema} ({@link #builder(DatasetSchema)}) takes rows of values in
 * field order instead ({@link #writeRow(Object...)}; its {@link #write} takes an {@code Object[]}), and {@code
 * writeRow} works on any writer. Values of a row, by field type ({@code null} writes an empty cell, which the
 * service reads as null):
 *
 * <ul>
 *   <li>string: a {@link CharSequence} (or a number, {@link UUID}, enum or character, written with {@code
 *       toString()}); an empty string is an empty cell, like null. Textual fields are always written in double
 *       quotes, other strings only when they hold {@code ,}, {@code "} or {@code \}; inside quotes {@code "} and
 *       {@code \} are escaped with a backslash.
 *   <li>categorical string: the cell as a {@link CharSequence} (several values joined with {@code |}), or the
 *       values as a {@link Collection} or array, joined with {@code |}.
 *   <li>int, long: {@link Integer}, {@link Long}, {@link Short} or {@link Byte}; a long field also takes an
 *       {@link Instant}, written as epoch seconds.
 *   <li>float, double: any {@link Number}; boolean: {@link Boolean}, written {@code true}/{@code false}.
 * </ul>
 *
 * <p><b>Checks on every record</b>; a failing record throws {@link CsvValidationException} naming the source, the
 * position ({@code items.csv line 12 (record 11)}: the writer writes one record per line, after the header on line
 * 1), the field, the value (truncated to 60 characters) and the limit, and nothing of that record is written:
 *
 * <ul>
 *   <li>{@code required}: a non-nullable field has a value (a getter returning null for one breaks it);
 *   <li>{@code id-length}: USER_ID, ITEM_ID and ACTION_ID at most {@value io.personalizekit.PersonalizeLimits#MAX_ID_LENGTH}
 *       characters;
 *   <li>{@code categorical-length}: a categorical cell at most {@value
 *       io.personalizekit.PersonalizeLimits#MAX_STRING_LENGTH} characters including the {@code |} separators;
 *       {@code categorical-separator}: no {@code |} inside one value of a collection; {@code categorical-empty}: no
 *       empty value between separators (an empty collection is an empty cell);
 *   <li>{@code string-length}: other non-textual strings at most {@value
 *       io.personalizekit.PersonalizeLimits#MAX_STRING_LENGTH} characters (textual values are truncated by the
 *       service, not rejected);
 *   <li>{@code newline}: no line break in any value (one record per line);
 *   <li>{@code timestamp-millis}: TIMESTAMP, CREATION_TIMESTAMP and EXPIRATION_TIMESTAMP above 10<sup>11</sup>
 *       look like epoch milliseconds (every millisecond value after 1973 is above it; as seconds it would be the
 *       year 5138); {@code timestamp-future}: later than now plus {@link Builder#futureTolerance(Duration)}
 *       (default 1 day), with "now" read once from the {@link Builder#clock(Clock)} when the writer is built;
 *   <li>{@code not-finite}: float and double values are finite; {@code type}: the Java type fits the field (rows
 *       of values only; a bound getter's type is fixed by the schema).
 * </ul>
 *
 * <p><b>Duplicate ids</b> ({@code duplicate-id}): ITEM_ID (items), USER_ID (users) and ACTION_ID (actions) must be
 * unique within the file (see {@link Builder#checkDuplicateIds(boolean)}, on by default). For speed this check runs
 * when the writer commits, not per record: each record only appends the 64-bit hash of its id to an array, and
 * {@link #commit()} (or {@link #profile()}) groups a copy of the hashes by their top bits and checks each group in a
 * small set that fits the CPU cache. So {@code write} never reports a duplicate; {@link #commit()} throws {@link
 * CsvValidationException} naming the source, the first record that repeats an earlier id, the field, the record of
 * the earlier occurrence and the rule, and publishes nothing. For a {@link Path} target the file is then not created
 * (its temporary file is deleted); two equal hashes are confirmed by reading the temporary file back, so a hash
 * collision is never reported and the message shows the value. A {@link Writer} or {@link OutputStream} target cannot
 * be read back: the message then omits the value, and two distinct ids sharing a 64-bit hash (probability about
 * n&sup2;/2<sup>65</sup> for n records, 3&times;10<sup>-8</sup> for a million) would be reported as a duplicate.
 *
 * <p><b>Output and failure: nothing is published without {@link #commit()}</b>. To a {@link Path} the records go to a
 * temporary sibling file that {@code commit()} moves into place, so the target appears complete or not at all. A
 * {@link #close()} without a successful {@code commit()} (an exception in the writing code, a rejected record, a
 * forgotten {@code commit()}) deletes the temporary file, so a try-with-resources block publishes the file only when
 * it reached its {@code commit()}; when records were written and the writer had not failed, {@code close()} logs a
 * warning that they were discarded. After a record is rejected or an I/O error occurs the writer is failed: further
 * writes and {@code commit()} throw {@link IllegalStateException}. A {@link Writer} or {@link OutputStream} given to
 * the builder is borrowed, never closed: {@code commit()} writes the last records and flushes it; records are handed
 * to it in 60 KiB pieces as they are written, so without {@code commit()} it holds the pieces handed over so far
 * (never the rest), and it is the caller's to discard.
 *
 * <p>Speed: getters are called through the schema's {@link BoundField}s, primitive ones without boxing, and values
 * are encoded straight into one char buffer; no reflection and no per-record allocation beyond what the getters
 * return. Memory: the buffer; for the duplicate check 8 bytes per record (the id hashes, kept in 256 KiB chunks, so
 * growing copies nothing; 16 bytes per record while {@code commit()} groups its copy); for an interactions
 * dataset's {@link DatasetProfile}, 8 bytes per table slot of distinct users and items. A million items thus take 8
 * MiB of hashes. Not thread-safe.
 *
 * @param <T> the record type
 */
public final class DatasetCsvWriter<T> extends AbstractCsvWriter<T> {
    private DatasetCsvWriter(Builder<T> b) throws IOException {
        super(b);
    }

    /**
     * A builder of a writer of records bound by a schema; then set exactly one of {@link Builder#path}, {@link
     * Builder#writer} or {@link Builder#outputStream}.
     *
     * @param <T> the record type
     * @param schema the bound schema: header, column order, getters and rules
     * @return a new builder
     */
    public static <T> Builder<T> builder(BoundSchema<T> schema) {
        return new Builder<>(Objects.requireNonNull(schema, "schema").schema(), schema);
    }

    /**
     * A builder of a writer of rows of values in the schema's field order ({@link #writeRow(Object...)}), for a
     * schema not bound to a record type (for example one parsed from Avro JSON); then set exactly one of {@link
     * Builder#path}, {@link Builder#writer} or {@link Builder#outputStream}.
     *
     * @param schema the schema: header, column order and rules
     * @return a new builder
     */
    public static Builder<Object[]> builder(DatasetSchema schema) {
        return new Builder<>(Objects.requireNonNull(schema, "schema"), null);
    }

    /**
     * Builds a {@link DatasetCsvWriter}. Not thread-safe.
     *
     * @param <T> the record type
     */
    public static final class Builder<T> extends AbstractCsvWriter.BaseBuilder<T, Builder<T>> {
        private Builder(DatasetSchema schema, @Nullable BoundSchema<T> bound) {
            super(schema, bound);
        }

        @Override
        Builder<T> self() {
            return this;
        }

        /**
         * Opens the output and writes the header.
         *
         * @return the writer
         * @throws IllegalStateException when not exactly one of path, writer and outputStream is set
         * @throws CsvWriteException when the output cannot be opened
         */
        public DatasetCsvWriter<T> build() {
            String name = checkSinks();
            try {
                return new DatasetCsvWriter<>(this);
            } catch (IOException e) {
                throw cannotOpen(name, e);
            }
        }
    }
}
