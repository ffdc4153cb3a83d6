package io.personalizekit.csv;

import io.personalizekit.exception.CsvReadException;
import io.personalizekit.exception.CsvValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Streams a CSV file in Amazon Personalize's bulk-import dialect, one {@link CsvRecord} at a time, without loading
 * the file. The first record is the header, read when the reader is built.
 *
 * <p>Dialect accepted: comma separator; UTF-8 (a leading byte-order mark is skipped; malformed UTF-8 is
 * replaced, not rejected); records end with {@code \n}, {@code \r\n} or {@code \r}; blank lines are skipped; a
 * value starting with {@code "} is quoted, and inside it {@code \"} and {@code \\} stand for {@code "} and
 * {@code \} (a backslash before any other character is kept as is) and, leniently, {@code ""} stands for
 * {@code "}. A quoted value may span lines (the record reports the line it starts on); {@link
 * DatasetCsvValidator} reports that as an error because the service wants one record per line. Unquoted values
 * are taken literally.
 *
 * <pre>{@code
 * try (DatasetCsvReader reader = DatasetCsvReader.open(Path.of("interactions.csv"))) {
 *     List<String> header = reader.header();
 *     for (CsvRecord r : reader) {
 *         String userId = r.get(0); // r.line() is the 1-based physical line
 *     }
 * }
 * }</pre>
 *
 * <p>A malformed record (text after a closing quote, a value longer than {@link Builder#maxValueLength(int)})
 * makes {@link #next()} throw a {@link CsvValidationException} with rule {@code "malformed"}; reading can go on
 * with the next call, which starts at the following line. An unterminated quote consumes the rest of the input.
 * I/O failures throw {@link CsvReadException}.
 *
 * <p>Not thread-safe. Memory is bounded by the buffer size plus the longest record.
 */
public final class DatasetCsvReader implements AutoCloseable, Iterable<CsvRecord> {
    /** The rule identifier of malformed-record errors. */
    public static final String RULE_MALFORMED = "malformed";

    private static final int EOF = -1;
    private static final int END_OF_LINE = '\n';
    private static final int COMMA = ',';

    private final Reader in;
    private final boolean closeInput;
    private final String sourceName;
    private final int maxValueLength;
    private final char[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private long line = 1;
    private final StringBuilder sb = new StringBuilder(128);
    private String[] fields = new String[16];
    private int fieldCount;
    private boolean[] quotedScratch = new boolean[16];
    private boolean anyQuoted;
    private final List<String> header;
    private final boolean[] headerQuoted;
    private long records;

    private DatasetCsvReader(Builder b) throws IOException {
        this.sourceName = b.sourceName;
        this.maxValueLength = b.maxValueLength;
        this.buf = new char[b.bufferSize];
        if (b.path != null) {
            this.in = new InputStreamReader(
                    Files.newInputStream(b.path),
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE));
            this.closeInput = true;
        } else if (b.inputStream != null) {
            this.in = new InputStreamReader(b.inputStream, StandardCharsets.UTF_8);
            this.closeInput = false;
        } else {
            this.in = Objects.requireNonNull(b.reader);
            this.closeInput = false;
        }
        CsvRecord h;
        try {
            if (fill() && buf[0] == '\uFEFF') {
                pos = 1;
            }
            h = next();
        } catch (RuntimeException | IOException e) {
            if (closeInput) {
                in.close();
            }
            throw e;
        }
        if (h == null) {
            if (closeInput) {
                in.close();
            }
            throw new CsvValidationException(
                    sourceName,
                    1,
                    null,
                    null,
                    "header-missing",
                    sourceName + ": the file is empty; Amazon"
                            + " Personalize needs a header row with the schema's field names");
        }
        this.header = h.values();
        this.headerQuoted = new boolean[h.size()];
        for (int i = 0; i < h.size(); i++) {
            headerQuoted[i] = h.isQuoted(i);
        }
        this.records = 0;
    }

    /**
     * Opens a file for reading with default settings.
     *
     * @param path the CSV file
     * @return a reader positioned after the header
     * @throws CsvReadException when the file cannot be opened or read
     * @throws CsvValidationException when the file is empty or its header is malformed
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
     * The header's column names, as read from the first line.
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
     * The number of data records returned so far (the header not included).
     *
     * @return the record count
     */
    public long recordsRead() {
        return records;
    }

    /**
     * Reads the next data record.
     *
     * @return the record, or {@code null} at the end of the input
     * @throws CsvValidationException when the record is malformed (rule {@value #RULE_MALFORMED}); the next call
     *     continues at the following line
     * @throws CsvReadException when reading fails
     */
    public @Nullable CsvRecord next() {
        try {
            while (true) {
                if (pos >= limit && !fill()) {
                    return null;
                }
                char c = buf[pos];
                if (c == '\n' || c == '\r') {
                    pos++;
                    endLine(c);
                    continue;
                }
                break;
            }
            long startLine = line;
            fieldCount = 0;
            anyQuoted = false;
            int end;
            do {
                end = parseField(startLine);
            } while (end == COMMA);
            String[] values = new String[fieldCount];
            System.arraycopy(fields, 0, values, 0, fieldCount);
            boolean[] quoted = anyQuoted ? Arrays.copyOf(quotedScratch, fieldCount) : null;
            records++;
            return new CsvRecord(startLine, values, quoted);
        } catch (IOException e) {
            throw new CsvReadException(sourceName, line, sourceName + ": reading line " + line + " failed: " + e, e);
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
     * borrowed and left open.
     *
     * @throws CsvReadException when closing the file fails
     */
    @Override
    public void close() {
        if (closeInput) {
            try {
                in.close();
            } catch (IOException e) {
                throw new CsvReadException(sourceName, line, sourceName + ": closing failed: " + e, e);
            }
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            pos = 0;
            limit = 0;
            return false;
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            pos = 0;
            limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** Called after consuming a line terminator {@code c} at {@code pos - 1}. */
    private void endLine(char c) throws IOException {
        line++;
        if (c == '\r') {
            if (pos >= limit) {
                fill();
            }
            if (pos < limit && buf[pos] == '\n') {
                pos++;
            }
        }
    }

    private void add(String value, boolean quoted) {
        int i = fieldCount++;
        if (i >= fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
            quotedScratch = Arrays.copyOf(quotedScratch, quotedScratch.length * 2);
        }
        fields[i] = value;
        quotedScratch[i] = quoted;
        anyQuoted |= quoted;
    }

    private int parseField(long startLine) throws IOException {
        if (pos >= limit && !fill()) {
            add("", false);
            return EOF;
        }
        if (buf[pos] == '"') {
            pos++;
            return parseQuoted(startLine);
        }
        int start = pos;
        boolean spilled = false;
        while (true) {
            char[] b = buf;
            int p = pos;
            int lim = limit;
            while (p < lim) {
                char c = b[p];
                if (c == ',' || c == '\n' || c == '\r') {
                    break;
                }
                p++;
            }
            if (p < lim) {
                String v;
                if (spilled) {
                    v = sb.append(b, start, p - start).toString();
                } else {
                    v = new String(b, start, p - start);
                }
                add(v, false);
                char c = b[p];
                pos = p + 1;
                if (c == ',') {
                    return COMMA;
                }
                endLine(c);
                return END_OF_LINE;
            }
            if (!spilled) {
                sb.setLength(0);
                spilled = true;
            }
            sb.append(b, start, p - start);
            pos = p;
            if (sb.length() > maxValueLength) {
                throw tooLong(startLine);
            }
            if (!fill()) {
                add(sb.toString(), false);
                return EOF;
            }
            start = 0;
        }
    }

    private int parseQuoted(long startLine) throws IOException {
        sb.setLength(0);
        while (true) {
            if (pos >= limit && !fill()) {
                throw malformed(startLine, "a quoted value starting on line " + startLine + " is never closed");
            }
            char[] b = buf;
            int p = pos;
            int lim = limit;
            int start = p;
            while (p < lim) {
                char c = b[p];
                if (c == '"' || c == '\\' || c == '\n') {
                    break;
                }
                p++;
            }
            sb.append(b, start, p - start);
            pos = p;
            if (sb.length() > maxValueLength) {
                throw tooLong(startLine);
            }
            if (p == lim) {
                continue;
            }
            char c = b[pos++];
            if (c == '\n') {
                line++;
                sb.append(c);
            } else if (c == '\\') {
                if (pos >= limit && !fill()) {
                    throw malformed(startLine, "a quoted value starting on line " + startLine + " is never closed");
                }
                char e = buf[pos++];
                if (e != '"' && e != '\\') {
                    sb.append('\\');
                    if (e == '\n') {
                        line++;
                    }
                }
                sb.append(e);
            } else {
                if (pos >= limit) {
                    fill();
                }
                if (pos < limit && buf[pos] == '"') {
                    sb.append('"');
                    pos++;
                    continue;
                }
                add(sb.toString(), true);
                if (pos >= limit) {
                    return EOF;
                }
                char t = buf[pos++];
                if (t == ',') {
                    return COMMA;
                }
                if (t == '\n' || t == '\r') {
                    endLine(t);
                    return END_OF_LINE;
                }
                long badLine = line;
                skipRestOfLine();
                throw malformed(
                        badLine,
                        "unexpected character '" + t + "' after the closing quote of a value; inside a quoted value"
                                + " escape \" and \\ with a backslash");
            }
        }
    }

    private CsvValidationException tooLong(long startLine) throws IOException {
        skipRestOfLine();
        return malformed(startLine, "a value is longer than " + maxValueLength + " characters");
    }

    private void skipRestOfLine() throws IOException {
        while (true) {
            if (pos >= limit && !fill()) {
                return;
            }
            char c = buf[pos++];
            if (c == '\n' || c == '\r') {
                endLine(c);
                return;
            }
        }
    }

    private CsvValidationException malformed(long atLine, String what) {
        return new CsvValidationException(
                sourceName, atLine, null, null, RULE_MALFORMED, sourceName + " line " + atLine + ": " + what);
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
         * Reads a file (UTF-8); the reader opens and closes it.
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
         * Reads characters from a {@link Reader}, which is borrowed: the reader never closes it.
         *
         * @param reader the character source
         * @return this builder
         */
        public Builder reader(Reader reader) {
            this.reader = Objects.requireNonNull(reader, "reader");
            return this;
        }

        /**
         * Reads UTF-8 bytes from an {@link InputStream}, which is borrowed: the reader never closes it.
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
                throw new CsvReadException(sourceName, 0, sourceName + ": cannot open: " + e, e);
            }
        }
    }
}
