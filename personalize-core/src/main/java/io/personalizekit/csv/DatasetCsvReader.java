package io.personalizekit.csv;

import io.personalizekit.exception.CsvReadException;
import io.personalizekit.exception.CsvValidationException;
import io.personalizekit.internal.csv.CsvDialect;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Streams a CSV file in Amazon Personalize's bulk-import dialect, one {@link CsvRecord} at a time, without loading
 * the file. The first record is the header, read when the reader is built.
 *
 * <pre>{@code
 * try (DatasetCsvReader reader = DatasetCsvReader.open(Path.of("interactions.csv"))) {
 *     List<String> header = reader.header();
 *     for (CsvRecord r : reader) {
 *         String userId = r.get(0); // r.line(): physical line (header = 1); r.record(): data record (first = 1)
 *     }
 * }
 * }</pre>
 *
 * <p>The dialect, shared with the writers and the validator: comma separator; UTF-8 (a leading byte-order mark is
 * skipped); records end with {@code \n}, {@code \r\n} or {@code \r}; blank lines are skipped; a value starting
 * with {@code "} is quoted, and inside it {@code \"} and {@code \\} stand for {@code "} and {@code \} (a backslash
 * before any other character is kept as it is) and, leniently, {@code ""} stands for {@code "}. A quoted value may
 * span lines (the record reports the line it starts on); {@link DatasetCsvValidator} reports that as an error
 * because the service wants one record per line. Unquoted values are taken literally. An empty cell, quoted or not,
 * reads as the empty string; {@link CsvRecord#isQuoted(int)} tells them apart.
 *
 * <p>Errors. A malformed record (text after a closing quote, a value longer than {@link
 * Builder#maxValueLength(int)}) makes {@link #next()} throw a {@link CsvValidationException} with rule {@value
 * #RULE_MALFORMED}; reading can go on with the next call, which starts at the following line. An unterminated quote
 * consumes the rest of the input. Input that is not UTF-8 text (malformed UTF-8, or a NUL character, which UTF-16
 * text and binary files are full of) throws one {@link CsvValidationException} with rule {@value #RULE_ENCODING}
 * ("not UTF-8 text at byte N", N the 0-based byte offset) and ends the input: the next {@link #next()} returns null.
 * For a {@link Builder#reader(Reader)} the characters are already decoded, so only NUL characters are caught, by
 * character offset. I/O failures throw {@link CsvReadException}.
 *
 * <p>Not thread-safe. Memory is bounded by the buffer size plus the longest record.
 */
public final class DatasetCsvReader implements AutoCloseable, Iterable<CsvRecord> {
    /** The rule identifier of malformed-record errors. */
    public static final String RULE_MALFORMED = "malformed";
    /** The rule identifier of the error for input that is not UTF-8 text. */
    public static final String RULE_ENCODING = Rules.RULE_ENCODING;

    private final @Nullable Closeable ownedInput;
    private final CsvDialect.Tokenizer tokenizer;
    private final String sourceName;
    private final List<String> header;
    private final boolean[] headerQuoted;
    private long records;
    private boolean ended;
    private boolean headerRead;

    private DatasetCsvReader(Builder b) throws IOException {
        this.sourceName = b.sourceName;
        if (b.path != null) {
            InputStream in = Files.newInputStream(b.path);
            this.ownedInput = in;
            this.tokenizer = new CsvDialect.Tokenizer(in, b.bufferSize, b.maxValueLength);
        } else if (b.inputStream != null) {
            this.ownedInput = null;
            this.tokenizer = new CsvDialect.Tokenizer(b.inputStream, b.bufferSize, b.maxValueLength);
        } else {
            this.ownedInput = null;
            this.tokenizer = new CsvDialect.Tokenizer(Objects.requireNonNull(b.reader), b.bufferSize, b.maxValueLength);
        }
        CsvRecord h;
        try {
            h = next();
        } catch (RuntimeException e) {
            closeQuietly(e);
            throw e;
        }
        if (h == null) {
            closeQuietly(null);
            throw new CsvValidationException(
                    sourceName,
                    1,
                    0,
                    null,
                    null,
                    "header-missing",
                    sourceName + " line 1 (header): the file is empty; Amazon Personalize needs a header row with the"
                            + " schema's field names [header-missing]");
        }
        this.header = h.values();
        this.headerQuoted = new boolean[h.size()];
        for (int i = 0; i < h.size(); i++) {
            headerQuoted[i] = h.isQuoted(i);
        }
        this.records = 0;
        this.headerRead = true;
    }

    private void closeQuietly(@Nullable Throwable primary) {
        if (ownedInput == null) {
            return;
        }
        try {
            ownedInput.close();
        } catch (IOException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            }
        }
    }

    /**
     * Opens a file for reading with default settings.
     *
     * @param path the CSV file
     * @return a reader positioned after the header
     * @throws CsvReadException when the file cannot be opened or read
     * @throws CsvValidationException when the file is empty, its header is malformed or it is not UTF-8 text
     */
    public static DatasetCsvReader open(Path path) {
        return builder().path(path).build();
    }

    /**
     * A builder; set exactly one of {@link Builder#path}, {@link Builder#reader} or {@link Builder#inputStream}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The header's column names, as read from the first line (escapes resolved, not trimmed).
     *
     * @return an unmodifiable list of the column names
     */
    public List<String> header() {
        return header;
    }

    /**
     * Whether a header cell was written in double quotes (the service wants an unquoted header).
     *
     * @param index the 0-based column index
     * @return true when the header cell was quoted
     * @throws IndexOutOfBoundsException when the header has no such column
     */
    public boolean headerQuoted(int index) {
        return headerQuoted[index];
    }

    /**
     * The name used for this input in messages: the file name, or the name given to the builder.
     *
     * @return the source name
     */
    public String sourceName() {
        return sourceName;
    }

    /**
     * The number of data records returned so far (the header not included): the {@link CsvRecord#record()} of the
     * last one. A malformed record counts too, so record numbers stay in step with the file.
     *
     * @return the record count
     */
    public long recordsRead() {
        return records;
    }

    /**
     * Reads the next data record.
     *
     * @return the record, or {@code null} at the end of the input (and after an encoding error)
     * @throws CsvValidationException when the record is malformed (rule {@value #RULE_MALFORMED}; the next call
     *     continues at the following line), or the input is not UTF-8 text (rule {@value #RULE_ENCODING}; the input
     *     ends there)
     * @throws CsvReadException when reading fails
     */
    public @Nullable CsvRecord next() {
        if (ended) {
            return null;
        }
        long record = headerRead ? records + 1 : 0;
        try {
            if (!tokenizer.next()) {
                ended = true;
                return null;
            }
            records = record;
            return new CsvRecord(tokenizer.recordLine(), record, tokenizer.values(), tokenizer.quotedFlags());
        } catch (CsvDialect.MalformedException e) {
            records = record;
            throw Rules.error(sourceName, e.line(), record, null, null, RULE_MALFORMED, e.getMessage());
        } catch (CsvDialect.EncodingException e) {
            ended = true;
            throw Rules.error(sourceName, e.line(), record, null, null, RULE_ENCODING, e.getMessage());
        } catch (IOException e) {
            throw new CsvReadException(
                    sourceName,
                    tokenizer.line(),
                    record,
                    sourceName + " " + Rules.position(tokenizer.line(), record) + ": reading failed: " + e,
                    e);
        }
    }

    /**
     * Iterates over the remaining data records. The reader can be iterated once; exceptions are those of {@link
     * #next()}.
     *
     * @return an iterator over the remaining records
     */
    @Override
    public Iterator<CsvRecord> iterator() {
        return new Iterator<>() {
            private @Nullable CsvRecord nextRecord;

            @Override
            public boolean hasNext() {
                if (nextRecord == null) {
                    nextRecord = DatasetCsvReader.this.next();
                }
                return nextRecord != null;
            }

            @Override
            public CsvRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                CsvRecord r = nextRecord;
                nextRecord = null;
                return Objects.requireNonNull(r);
            }
        };
    }

    /**
     * Closes the file this reader opened; a {@link Reader} or {@link InputStream} passed to the builder is
     * borrowed and left open. Idempotent.
     *
     * @throws CsvReadException when closing the file fails
     */
    @Override
    public void close() {
        ended = true;
        if (ownedInput != null) {
            try {
                ownedInput.close();
            } catch (IOException e) {
                throw new CsvReadException(
                        sourceName, tokenizer.line(), records, sourceName + ": closing failed: " + e, e);
            }
        }
    }

    /** Builds a {@link DatasetCsvReader}. Not thread-safe. */
    public static final class Builder {
        private @Nullable Path path;
        private @Nullable Reader reader;
        private @Nullable InputStream inputStream;
        private String sourceName = "<stream>";
        private boolean sourceNameSet;
        private int bufferSize = 1 << 16;
        private int maxValueLength = 1 << 20;

        private Builder() {}

        /**
         * Reads a file (UTF-8, checked: see the class javadoc); the reader opens and closes it.
         *
         * @param path the file
         * @return this builder
         */
        public Builder path(Path path) {
            this.path = Objects.requireNonNull(path, "path");
            if (!sourceNameSet) {
                Path name = path.getFileName();
                this.sourceName = name == null ? path.toString() : name.toString();
            }
            return this;
        }

        /**
         * Reads characters from a {@link Reader}, which is borrowed: the reader never closes it. The characters are
         * decoded already, so malformed UTF-8 cannot be caught here; prefer {@link #path} or {@link #inputStream}.
         *
         * @param reader the character source
         * @return this builder
         */
        public Builder reader(Reader reader) {
            this.reader = Objects.requireNonNull(reader, "reader");
            return this;
        }

        /**
         * Reads UTF-8 bytes (checked: see the class javadoc) from an {@link InputStream}, which is borrowed: the
         * reader never closes it.
         *
         * @param inputStream the byte source
         * @return this builder
         */
        public Builder inputStream(InputStream inputStream) {
            this.inputStream = Objects.requireNonNull(inputStream, "inputStream");
            return this;
        }

        /**
         * The name of the input in messages (default: the file name, or {@code <stream>}).
         *
         * @param sourceName the name
         * @return this builder
         */
        public Builder sourceName(String sourceName) {
            this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
            this.sourceNameSet = true;
            return this;
        }

        /**
         * The size of the character buffer (default 65,536).
         *
         * @param bufferSize the size in chars, at least 16
         * @return this builder
         * @throws IllegalArgumentException when the size is below 16
         */
        public Builder bufferSize(int bufferSize) {
            if (bufferSize < 16) {
                throw new IllegalArgumentException("bufferSize must be >= 16, was " + bufferSize);
            }
            this.bufferSize = bufferSize;
            return this;
        }

        /**
         * The longest value accepted before the record is reported malformed (default 1,048,576 chars); bounds
         * memory on a file with an unterminated quote.
         *
         * @param maxValueLength the limit in chars, at least 1
         * @return this builder
         * @throws IllegalArgumentException when the limit is below 1
         */
        public Builder maxValueLength(int maxValueLength) {
            if (maxValueLength < 1) {
                throw new IllegalArgumentException("maxValueLength must be >= 1, was " + maxValueLength);
            }
            this.maxValueLength = maxValueLength;
            return this;
        }

        /**
         * Opens the input and reads the header.
         *
         * @return the reader, positioned after the header
         * @throws IllegalStateException when not exactly one of path, reader and inputStream is set
         * @throws CsvReadException when the input cannot be opened or read
         * @throws CsvValidationException when the input is empty or the header is malformed
         */
        public DatasetCsvReader build() {
            int sources = (path != null ? 1 : 0) + (reader != null ? 1 : 0) + (inputStream != null ? 1 : 0);
            if (sources != 1) {
                throw new IllegalStateException(
                        "Set exactly one of path, reader and inputStream; " + sources + " were set");
            }
            try {
                return new DatasetCsvReader(this);
            } catch (IOException e) {
                throw new CsvReadException(sourceName, 0, 0, sourceName + ": cannot open: " + e, e);
            }
        }
    }
}
