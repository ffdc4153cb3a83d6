package io.personalizekit.csv;

import io.personalizekit.exception.CsvReadException;
import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.SchemaField;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Validates an existing dataset CSV against a {@link DatasetSchema} and Amazon Personalize's bulk-import rules,
 * streaming it through {@link DatasetCsvReader} (the file is never loaded whole), and computes its {@link
 * DatasetProfile}.
 *
 * <pre>{@code
 * ValidationReport report = DatasetCsvValidator.builder().schema(items).maxErrors(100).build()
 *         .validate(Path.of("items.csv"));
 * report.errors().forEach(e -> System.err.println(e.getMessage()));
 * }</pre>
 *
 * <p>Checks: the header (every required field present, nullable ones may be left out; no unknown or repeated
 * column; the schema's order; not quoted); every record has as many values as the header; then per value the rules of {@link DatasetCsvWriter}
 * (required, id length, categorical length and empty values between {@code |}, string length, no line break,
 * integers and finite numbers that fit the Avro type, lower-case {@code true}/{@code false}, timestamps neither in
 * epoch milliseconds nor in the future beyond the tolerance) and unique ITEM_ID (items), USER_ID (users) or
 * ACTION_ID (actions). An empty cell is null. Malformed records (see {@link DatasetCsvReader}) are errors too.
 *
 * <p>Every error is counted; the first {@link Builder#maxErrors(int)} are kept, each naming the physical line
 * (1-based, header = line 1) and the data record (1-based, header not counted), as in {@code items.csv line 12
 * (record 11), field LABELS, value '...': ...}, the field, the value (truncated) and the limit. Input that is not
 * UTF-8 text ends the validation with one error of rule {@code encoding} ("not UTF-8 text at byte N"), instead of
 * an error per garbled value. The profile counts only rows without errors. Memory: the reader's buffer plus 8 to 16 bytes per table slot of distinct ids (see {@link
 * DatasetProfile}).
 *
 * <p>Immutable and thread-safe; each {@code validate} call is independent.
 */
public final class DatasetCsvValidator {
    private final DatasetSchema schema;
    private final int maxErrors;
    private final Clock clock;
    private final Duration futureTolerance;

    private DatasetCsvValidator(Builder b) {
        this.schema = Objects.requireNonNull(b.schema, "schema is required");
        this.maxErrors = b.maxErrors;
        this.clock = b.clock;
        this.futureTolerance = b.futureTolerance;
    }

    /**
     * A builder; {@link Builder#schema} is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates a file (UTF-8).
     *
     * @param path the CSV file
     * @return the report
     * @throws CsvReadException when the file cannot be read
     */
    public ValidationReport validate(Path path) {
        Objects.requireNonNull(path, "path");
        return run(DatasetCsvReader.builder().path(path));
    }

    /**
     * Validates characters from a borrowed {@link Reader} (not closed).
     *
     * @param reader the CSV text
     * @param sourceName the name used in messages
     * @return the report
     * @throws CsvReadException when reading fails
     */
    public ValidationReport validate(Reader reader, String sourceName) {
        return run(DatasetCsvReader.builder().reader(reader).sourceName(sourceName));
    }

    /**
     * Validates UTF-8 bytes from a borrowed {@link InputStream} (not closed).
     *
     * @param inputStream the CSV bytes
     * @param sourceName the name used in messages
     * @return the report
     * @throws CsvReadException when reading fails
     */
    public ValidationReport validate(InputStream inputStream, String sourceName) {
        return run(DatasetCsvReader.builder().inputStream(inputStream).sourceName(sourceName));
    }

    private ValidationReport run(DatasetCsvReader.Builder readerBuilder) {
        Run run = new Run();
        DatasetCsvReader reader;
        try {
            reader = readerBuilder.build();
        } catch (CsvValidationException e) {
            run.add(e);
            String source = e.source().orElse("<stream>");
            return new ValidationReport(source, 0, run.errors, run.errorCount, run.profile.snapshot());
        }
        try (DatasetCsvReader r = reader) {
            run.source = r.sourceName();
            run.header(r);
            while (true) {
                CsvRecord rec;
                try {
                    rec = r.next();
                } catch (CsvValidationException e) {
                    run.add(e);
                    if (e.rule().equals(Rules.RULE_ENCODING)) {
                        break; // the reader cannot go on; one error says why
                    }
                    continue;
                }
                if (rec == null) {
                    break;
                }
                run.record(rec);
            }
            return new ValidationReport(run.source, r.recordsRead(), run.errors, run.errorCount, run.profileSnapshot());
        }
    }

    /** The state of one validation. */
    private final class Run {
        final List<CsvValidationException> errors = new ArrayList<>();
        long errorCount;
        String source = "<stream>";
        final ProfileAccumulator profile = new ProfileAccumulator(schema);
        final long maxTimestamp;
        int[] colField = new int[0];
        ColumnKind[] colKind = new ColumnKind[0];
        String[] colName = new String[0];
        boolean[] colNullable = new boolean[0];
        int width;
        /** The data record being checked. */
        long record;

        final int userIndex;
        final int itemIndex;
        final int timeIndex;
        final @Nullable String uniqueField;

        Run() {
            long now = clock.instant().getEpochSecond();
            long tol = futureTolerance.getSeconds();
            long sum = now + tol;
            this.maxTimestamp = ((now ^ sum) & (tol ^ sum)) < 0 ? Long.MAX_VALUE : sum;
            this.userIndex = profile.userIndex;
            this.itemIndex = profile.itemIndex;
            this.timeIndex = profile.timeIndex;
            this.uniqueField = profile.uniqueField();
        }

        DatasetProfile profileSnapshot() {
            profile.drain();
            return profile.snapshot();
        }

        void add(CsvValidationException e) {
            errorCount++;
            if (errors.size() < maxErrors) {
                errors.add(e);
            }
        }

        void error(long line, long record, @Nullable String field, @Nullable Object value, String rule, String what) {
            errorCount++;
            if (errors.size() < maxErrors) {
                errors.add(Rules.error(source, line, record, field, value, rule, what));
            }
        }

        void header(DatasetCsvReader r) {
            List<String> header = r.header();
            width = header.size();
            colField = new int[width];
            colKind = new ColumnKind[width];
            colName = new String[width];
            colNullable = new boolean[width];
            List<SchemaField> fields = schema.fields();
            Map<String, Integer> seen = new HashMap<>();
            boolean[] present = new boolean[fields.size()];
            for (int j = 0; j < width; j++) {
                String name = header.get(j);
                colName[j] = name;
                int f = schema.indexOf(name);
                colField[j] = -1;
                if (seen.putIfAbsent(name, j) != null) {
                    error(1, 0, name, name, Rules.RULE_HEADER, "the column appears more than once in the header");
                    continue;
                }
                if (f < 0) {
                    error(
                            1,
                            0,
                            null,
                            name,
                            Rules.RULE_HEADER,
                            "the header names a column that is not in the schema; schema fields: "
                                    + String.join(",", schema.fieldNames()));
                    continue;
                }
                colField[j] = f;
                colKind[j] = ColumnKind.of(fields.get(f));
                colNullable[j] = fields.get(f).nullable();
                present[f] = true;
            }
            // The service needs the required (non-nullable) columns; a nullable one may be left out, and then every
            // value of it is null (developer guide, bulk data format guidelines; personalize-local agrees).
            List<String> missing = new ArrayList<>();
            for (int f = 0; f < present.length; f++) {
                if (!present[f] && !fields.get(f).nullable()) {
                    missing.add(fields.get(f).name());
                }
            }
            int last = -1;
            boolean ordered = true;
            for (int j = 0; j < width; j++) {
                if (colField[j] >= 0) {
                    ordered &= colField[j] > last;
                    last = colField[j];
                }
            }
            if (!missing.isEmpty()) {
                error(
                        1,
                        0,
                        null,
                        null,
                        Rules.RULE_HEADER,
                        "Input CSV is missing the following columns:" + missing + " (the schema's fields are "
                                + String.join(",", schema.fieldNames()) + "; only nullable ones may be left out)");
            } else if (!ordered) {
                error(
                        1,
                        0,
                        null,
                        String.join(",", header),
                        Rules.RULE_HEADER,
                        "the columns are not in the schema's field order " + String.join(",", schema.fieldNames()));
            }
            // Header quoting: the service wants an unquoted header row; the reader tells us per cell.
            for (int j = 0; j < width; j++) {
                if (headerQuoted(r, j)) {
                    error(1, 0, colName[j], colName[j], Rules.RULE_QUOTED_HEADER, "header names must not be quoted");
                }
            }
        }

        private boolean headerQuoted(DatasetCsvReader r, int j) {
            return r.headerQuoted(j);
        }

        void record(CsvRecord rec) {
            long line = rec.line();
            record = rec.record();
            if (rec.size() != width) {
                error(
                        line,
                        record,
                        null,
                        null,
                        Rules.RULE_COLUMN_COUNT,
                        "the record has " + rec.size() + " values but the header has " + width + " columns");
                return;
            }
            long before = errorCount;
            String user = null;
            String item = null;
            boolean hasTime = false;
            long time = 0;
            for (int j = 0; j < width; j++) {
                int f = colField[j];
                if (f < 0) {
                    continue;
                }
                String v = rec.get(j);
                if (v.isEmpty()) {
                    if (!colNullable[j]) {
                        error(
                                line,
                                record,
                                colName[j],
                                null,
                                Rules.RULE_REQUIRED,
                                "is required (its Avro type does not include null) but the cell is empty");
                    }
                    continue;
                }
                ColumnKind kind = colKind[j];
                switch (kind) {
                    case ID:
                        checkText(
                                line,
                                j,
                                v,
                                rec.isQuoted(j),
                                Rules.MAX_ID_LENGTH,
                                Rules.RULE_ID_LENGTH,
                                "ids are limited to ");
                        if (f == userIndex) {
                            user = v;
                        } else if (f == itemIndex) {
                            item = v;
                        }
                        break;
                    case CATEGORICAL:
                        checkText(
                                line,
                                j,
                                v,
                                rec.isQuoted(j),
                                Rules.MAX_STRING_LENGTH,
                                Rules.RULE_CATEGORICAL_LENGTH,
                                "categorical cells (including '|' separators) are limited to ");
                        checkCategoricalParts(line, j, v);
                        break;
                    case STRING:
                        checkText(
                                line,
                                j,
                                v,
                                rec.isQuoted(j),
                                Rules.MAX_STRING_LENGTH,
                                Rules.RULE_STRING_LENGTH,
                                "string values are limited to ");
                        break;
                    case TEXTUAL:
                        checkText(line, j, v, rec.isQuoted(j), Integer.MAX_VALUE, Rules.RULE_STRING_LENGTH, "");
                        break;
                    case INT:
                    case LONG:
                    case TIMESTAMP: {
                        long x = parseLong(v);
                        if (x == NOT_A_LONG && !v.equals(Long.toString(NOT_A_LONG))) {
                            error(
                                    line,
                                    record,
                                    colName[j],
                                    v,
                                    Rules.RULE_TYPE,
                                    "is not an integer; the field's Avro type is "
                                            + (kind == ColumnKind.INT ? "int" : "long"));
                            break;
                        }
                        if (kind == ColumnKind.INT && (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE)) {
                            error(
                                    line,
                                    record,
                                    colName[j],
                                    v,
                                    Rules.RULE_TYPE,
                                    "does not fit the field's Avro type int (32 bits)");
                        } else if (kind == ColumnKind.TIMESTAMP) {
                            if (x > Rules.MILLIS_THRESHOLD) {
                                error(
                                        line,
                                        record,
                                        colName[j],
                                        v,
                                        Rules.RULE_TIMESTAMP_MILLIS,
                                        "looks like epoch milliseconds (above 10^11); Amazon Personalize expects"
                                                + " epoch seconds");
                            } else if (x > maxTimestamp) {
                                error(
                                        line,
                                        record,
                                        colName[j],
                                        v,
                                        Rules.RULE_TIMESTAMP_FUTURE,
                                        "is " + Instant.ofEpochSecond(x) + ", in the future; the latest accepted"
                                                + " is " + Instant.ofEpochSecond(maxTimestamp)
                                                + " (now plus the future tolerance)");
                            } else if (f == timeIndex) {
                                hasTime = true;
                                time = x;
                            }
                        }
                        break;
                    }
                    case FLOAT:
                    case DOUBLE:
                        checkFloating(line, j, v);
                        break;
                    case BOOLEAN:
                        if (!v.equals("true") && !v.equals("false")) {
                            error(
                                    line,
                                    record,
                                    colName[j],
                                    v,
                                    Rules.RULE_BOOLEAN,
                                    "booleans must be lower-case true or false");
                        }
                        break;
                    default:
                        throw new IllegalStateException(kind.toString());
                }
            }
            if (errorCount != before) {
                return;
            }
            if (uniqueField == null) {
                // Nothing to reject: count in blocks, touching the table slots first so the cache misses overlap.
                profile.stage(user, item, hasTime, time, record);
                if (profile.stagedCount() >= 4096) {
                    profile.drain();
                }
                return;
            }
            long first = profile.accept(user, item, hasTime, time, record);
            if (first != 0) {
                String field = Objects.requireNonNull(uniqueField);
                String id = field.equals("USER_ID") ? user : item;
                error(
                        line,
                        record,
                        field,
                        id,
                        Rules.RULE_DUPLICATE_ID,
                        field + " must be unique in a " + schema.datasetType().apiName() + " dataset, but this"
                                + " value already appears in record " + first);
            }
        }

        private void checkText(long line, int j, String v, boolean quoted, int max, String rule, String limitText) {
            int len = v.length();
            if (len > max) {
                error(line, record, colName[j], v, rule, "is " + len + " characters; " + limitText + max);
            }
            if (!quoted) {
                return; // the reader ends unquoted values at line breaks
            }
            for (int k = 0; k < len; k++) {
                char c = v.charAt(k);
                if (c == '\n' || c == '\r') {
                    error(
                            line,
                            record,
                            colName[j],
                            v,
                            Rules.RULE_NEWLINE,
                            "contains a line break; Amazon Personalize needs each record on a single line");
                    return;
                }
            }
        }

        private void checkCategoricalParts(long line, int j, String v) {
            int start = 0;
            int len = v.length();
            while (true) {
                int bar = v.indexOf('|', start);
                int end = bar < 0 ? len : bar;
                if (end == start) {
                    error(
                            line,
                            record,
                            colName[j],
                            v,
                            Rules.RULE_CATEGORICAL_EMPTY,
                            "holds an empty categorical value (value " + (countBars(v, start) + 1)
                                    + " of the '|'-separated list); remove the stray '|'");
                    return;
                }
                if (bar < 0) {
                    return;
                }
                start = bar + 1;
            }
        }

        private int countBars(String v, int upTo) {
            int count = 0;
            for (int k = 0; k < upTo; k++) {
                if (v.charAt(k) == '|') {
                    count++;
                }
            }
            return count;
        }

        private void checkFloating(long line, int j, String v) {
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                boolean ok = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
                if (!ok) {
                    boolean word = v.equals("NaN") || v.endsWith("Infinity");
                    error(
                            line,
                            record,
                            colName[j],
                            v,
                            word ? Rules.RULE_NOT_FINITE : Rules.RULE_TYPE,
                            word ? "is not a finite number" : "is not a decimal number");
                    return;
                }
            }
            try {
                double d = Double.parseDouble(v);
                if (Double.isInfinite(d)) {
                    error(line, record, colName[j], v, Rules.RULE_NOT_FINITE, "is not a finite number (overflow)");
                }
            } catch (NumberFormatException e) {
                error(line, record, colName[j], v, Rules.RULE_TYPE, "is not a decimal number");
            }
        }
    }

    private static final long NOT_A_LONG = Long.MIN_VALUE;

    /** Parses a decimal long without allocation; returns {@link #NOT_A_LONG} when {@code s} is not one. */
    static long parseLong(String s) {
        int len = s.length();
        int i = 0;
        boolean negative = false;
        if (len > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == len || len - i > 19) {
            return len - i > 19 ? parseLongSlow(s) : NOT_A_LONG;
        }
        long x = 0;
        for (; i < len; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return NOT_A_LONG;
            }
            x = x * 10 + d;
            if (x < 0) {
                return parseLongSlow(s);
            }
        }
        return negative ? -x : x;
    }

    private static long parseLongSlow(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return NOT_A_LONG;
        }
    }

    /** Builds a {@link DatasetCsvValidator}. Not thread-safe. */
    public static final class Builder {
        private @Nullable DatasetSchema schema;
        private int maxErrors = 100;
        private Clock clock = Clock.systemUTC();
        private Duration futureTolerance = Duration.ofDays(1);

        private Builder() {}

        /**
         * The schema to validate against; required.
         *
         * @param schema the dataset schema
         * @return this builder
         */
        public Builder schema(DatasetSchema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /**
         * How many errors to keep in the report (default 100); all are counted.
         *
         * @param maxErrors at least 0
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder maxErrors(int maxErrors) {
            if (maxErrors < 0) {
                throw new IllegalArgumentException("maxErrors must be >= 0, was " + maxErrors);
            }
            this.maxErrors = maxErrors;
            return this;
        }

        /**
         * The clock that defines "now" for the future-timestamp check, read once per validation (default: the
         * system UTC clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How far in the future a timestamp may lie before it is an error (default 1 day).
         *
         * @param futureTolerance a non-negative duration
         * @return this builder
         * @throws IllegalArgumentException when the duration is negative
         */
        public Builder futureTolerance(Duration futureTolerance) {
            Objects.requireNonNull(futureTolerance, "futureTolerance");
            if (futureTolerance.isNegative()) {
                throw new IllegalArgumentException("futureTolerance must not be negative, was " + futureTolerance);
            }
            this.futureTolerance = futureTolerance;
            return this;
        }

        /**
         * Builds the validator.
         *
         * @return the validator
         * @throws NullPointerException when the schema is not set
         */
        public DatasetCsvValidator build() {
            return new DatasetCsvValidator(this);
        }
    }
}
