package io.personalizekit.internal.csv;

import io.personalizekit.exception.PersonalizeKitException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Amazon Personalize's bulk-import CSV dialect, the one place that encodes and decodes it for every reader and
 * writer of personalize-core (the dataset writer, {@code DatasetCsvReader}, {@code DatasetCsvValidator} through it,
 * and the fetcher's catalogue reader). The dialect ("Bulk data format guidelines" of the developer guide):
 *
 * <ul>
 *   <li>UTF-8 text; a leading byte-order mark is skipped. Anything else (malformed UTF-8, a NUL character, which
 *       UTF-16 text and binary files are full of) stops reading with one error naming the byte offset;
 *   <li>records end with {@code \n}, {@code \r\n} or a lone {@code \r}; blank lines are skipped; writers end every
 *       record with {@code \n};
 *   <li>{@code ,} separates values; a value that starts with {@code "} is quoted and ends at the next {@code "} not
 *       escaped; inside it {@code \"} stands for {@code "} and {@code \\} for {@code \}; a backslash before any other
 *       character is kept as it is, and, leniently, {@code ""} stands for {@code "} (RFC 4180's escape, which the
 *       service does not document); a quoted value may span lines (the validator reports that, since the service
 *       wants one record per line); after the closing quote only {@code ,} or the end of the record may follow;
 *   <li>an unquoted value is taken literally up to the next {@code ,} or line end, quotes and backslashes included;
 *   <li>an empty cell, quoted ({@code ""}) or not, is null;
 *   <li>writers quote a value that holds {@code ,}, {@code "} or {@code \} (and every textual value), and escape
 *       {@code "} and {@code \} with a backslash; a line break can not be written (the writers reject it);
 *   <li>{@code |} separates the values of a multi-value (categorical) field; it has no escape.
 * </ul>
 *
 * Not API; may change without notice.
 */
public final class CsvDialect {
    /** The value separator. */
    public static final char SEPARATOR = ',';
    /** The quote character. */
    public static final char QUOTE = '"';
    /** The escape character inside quoted values. */
    public static final char ESCAPE = '\\';
    /** The separator of the values of a multi-value (categorical) field. */
    public static final char MULTI_VALUE_SEPARATOR = '|';
    /** The byte-order mark, skipped at the start of the input. */
    public static final char BOM = '\uFEFF';
    /** The record terminator that writers write. */
    public static final char RECORD_END = '\n';

    /** Characters a writer must look at in a value: the quoting triggers, line breaks and {@code |}. */
    private static final boolean[] SPECIAL = new boolean[MULTI_VALUE_SEPARATOR + 1];

    static {
        for (char c : new char[] {SEPARATOR, QUOTE, ESCAPE, MULTI_VALUE_SEPARATOR, '\n', '\r'}) {
            SPECIAL[c] = true;
        }
    }

    private CsvDialect() {}

    /**
     * Whether a writer must look closer at this character: {@code ,}, {@code "}, {@code \}, {@code |}, {@code \n} or
     * {@code \r}. A table lookup; the writers' inner loops call it per character.
     *
     * @param c the character
     * @return true for one of the six
     */
    public static boolean isSpecial(char c) {
        return c <= MULTI_VALUE_SEPARATOR && SPECIAL[c];
    }

    /**
     * Whether a value holding this character must be quoted: {@code ,}, {@code "} or {@code \}.
     *
     * @param c the character
     * @return true when it forces quotes
     */
    public static boolean forcesQuotes(char c) {
        return c == SEPARATOR || c == QUOTE || c == ESCAPE;
    }

    /**
     * Whether the character ends a record.
     *
     * @param c the character
     * @return true for {@code \n} and {@code \r}
     */
    public static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }

    /**
     * Writes a value in quotes, escaping {@code "} and {@code \} with a backslash.
     *
     * @param value the value (no line breaks; the caller checked)
     * @param dst the buffer, with room for {@code 2 * value.length() + 2} characters from {@code pos}
     * @param pos where to write
     * @return the position after the closing quote
     */
    public static int appendQuoted(String value, char[] dst, int pos) {
        int p = pos;
        dst[p++] = QUOTE;
        for (int k = 0, len = value.length(); k < len; k++) {
            char c = value.charAt(k);
            if (c == QUOTE || c == ESCAPE) {
                dst[p++] = ESCAPE;
            }
            dst[p++] = c;
        }
        dst[p++] = QUOTE;
        return p;
    }

    /**
     * Encodes one value as a writer does: as it is when it holds none of {@code , " \}, else quoted with escapes.
     *
     * @param value the value (no line breaks)
     * @param alwaysQuote quote even a plain value (textual fields)
     * @return the cell
     */
    public static String encode(String value, boolean alwaysQuote) {
        boolean quote = alwaysQuote;
        for (int k = 0; k < value.length() && !quote; k++) {
            quote = forcesQuotes(value.charAt(k));
        }
        if (!quote) {
            return value;
        }
        char[] buf = new char[2 * value.length() + 2];
        return new String(buf, 0, appendQuoted(value, buf, 0));
    }

    /** A record the tokenizer cannot read: text after a closing quote, an unterminated quote, a value too long. */
    public static final class MalformedException extends PersonalizeKitException {
        private static final long serialVersionUID = 1L;

        private final long line;

        MalformedException(long line, String message) {
            super(message, null);
            this.line = line;
        }

        /** No stack trace: a signal to {@code DatasetCsvReader}, which throws its own exception in its place. */
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }

        /**
         * The 1-based physical line of the problem.
         *
         * @return the line
         */
        public long line() {
            return line;
        }
    }

    /**
     * The input is not UTF-8 text: malformed UTF-8 or a NUL character. Reading cannot go on past it.
     */
    public static final class EncodingException extends PersonalizeKitException {
        private static final long serialVersionUID = 1L;

        private final long line;

        EncodingException(long line, String message) {
            super(message, null);
            this.line = line;
        }

        /** No stack trace: a signal to {@code DatasetCsvReader}, which throws its own exception in its place. */
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }

        /**
         * The 1-based physical line the bad byte is on.
         *
         * @return the line
         */
        public long line() {
            return line;
        }
    }

    /**
     * Splits a character or UTF-8 byte stream into records of the dialect, one {@link #next()} at a time, without
     * loading it: memory is the buffer plus the longest record. Not thread-safe.
     */
    public static final class Tokenizer {
        private static final int EOF = -1;
        private static final int END_OF_RECORD = '\n';

        private final @Nullable Reader charsIn;
        private final @Nullable InputStream bytesIn;
        private final @Nullable CharsetDecoder decoder;
        private final @Nullable ByteBuffer bytes;
        private final int maxValueLength;
        private final char[] buf;
        private int pos;
        private int limit;
        private boolean eof;
        private boolean bytesEof;
        private boolean started;
        private long line = 1;
        /** Bytes (or, for a character source, chars) of the input before {@code buf[0]}. */
        private long bufStart;
        /** Bytes the decoder has consumed so far. */
        private long bytesConsumed;
        /** Malformed UTF-8 found behind the characters in the buffer: its byte offset, or -1. */
        private long pendingBadByte = -1;

        private int pendingBadValue;
        private final StringBuilder sb = new StringBuilder(128);
        private String[] fields = new String[16];
        private boolean[] quoted = new boolean[16];
        private int count;
        private boolean anyQuoted;
        private long recordLine;

        /**
         * Reads characters.
         *
         * @param in the source, not closed by the tokenizer
         * @param bufferSize the buffer size in chars
         * @param maxValueLength the longest value before a record is malformed
         */
        public Tokenizer(Reader in, int bufferSize, int maxValueLength) {
            this.charsIn = in;
            this.bytesIn = null;
            this.decoder = null;
            this.bytes = null;
            this.buf = new char[bufferSize];
            this.maxValueLength = maxValueLength;
        }

        /**
         * Reads UTF-8 bytes, reporting malformed input instead of replacing it.
         *
         * @param in the source, not closed by the tokenizer
         * @param bufferSize the buffer size in chars (and bytes)
         * @param maxValueLength the longest value before a record is malformed
         */
        public Tokenizer(InputStream in, int bufferSize, int maxValueLength) {
            this.charsIn = null;
            this.bytesIn = in;
            this.decoder = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            this.bytes = ByteBuffer.allocate(bufferSize);
            this.bytes.flip();
            this.buf = new char[bufferSize];
            this.maxValueLength = maxValueLength;
        }

        /**
         * Reads the next record.
         *
         * @return false at the end of the input
         * @throws MalformedException when the record is malformed; the next call starts after it
         * @throws EncodingException when the input is not UTF-8 text; reading cannot continue
         * @throws IOException when reading fails
         */
        public boolean next() throws IOException {
            if (!started) {
                started = true;
                if (fill() && buf[0] == BOM) {
                    pos = 1;
                }
            }
            while (true) {
                if (pos >= limit && !fill()) {
                    return false;
                }
                char c = buf[pos];
                if (c == '\n' || c == '\r') {
                    pos++;
                    endLine(c);
                    continue;
                }
                break;
            }
            recordLine = line;
            count = 0;
            anyQuoted = false;
            int end;
            do {
                end = parseField();
            } while (end == SEPARATOR);
            return true;
        }

        /**
         * The 1-based physical line the last record starts on.
         *
         * @return the line
         */
        public long recordLine() {
            return recordLine;
        }

        /**
         * The physical line being read (for errors outside a record).
         *
         * @return the 1-based line
         */
        public long line() {
            return line;
        }

        /**
         * The number of values of the last record.
         *
         * @return the count
         */
        public int count() {
            return count;
        }

        /**
         * A copy of the values of the last record, escapes resolved.
         *
         * @return the values
         */
        public String[] values() {
            return Arrays.copyOf(fields, count);
        }

        /**
         * One value of the last record.
         *
         * @param i the 0-based column
         * @return the value, escapes resolved; empty for an empty cell
         */
        public String value(int i) {
            return fields[i];
        }

        /**
         * Which values of the last record were quoted.
         *
         * @return a copy of the flags, or null when none was
         */
        public boolean @Nullable [] quotedFlags() {
            return anyQuoted ? Arrays.copyOf(quoted, count) : null;
        }

        private boolean fill() throws IOException {
            bufStart += limit;
            pos = 0;
            limit = 0;
            if (eof) {
                return false;
            }
            if (charsIn != null) {
                int n;
                do {
                    n = charsIn.read(buf, 0, buf.length);
                } while (n == 0);
                if (n < 0) {
                    eof = true;
                    return false;
                }
                limit = n;
                return true;
            }
            return decode();
        }

        /** Decodes bytes into the whole buffer; stops before malformed input, which the next call reports. */
        private boolean decode() throws IOException {
            ByteBuffer in = bytes;
            CharsetDecoder dec = decoder;
            if (in == null || dec == null || bytesIn == null) {
                throw new IllegalStateException();
            }
            bufStart = bytesConsumed;
            if (pendingBadByte >= 0) {
                throw notUtf8(pendingBadByte, pendingBadValue);
            }
            CharBuffer out = CharBuffer.wrap(buf);
            while (true) {
                int before = in.position();
                CoderResult r = dec.decode(in, out, bytesEof);
                bytesConsumed += in.position() - before;
                if (r.isError()) {
                    pendingBadByte = bytesConsumed;
                    pendingBadValue = in.get(in.position()) & 0xff;
                    break;
                }
                if (r.isOverflow()) {
                    break;
                }
                // underflow: all input consumed (up to an incomplete sequence at its end)
                if (bytesEof) {
                    dec.flush(out);
                    break;
                }
                if (out.position() > 0) {
                    break; // as InputStreamReader: hand over what one read gave
                }
                in.compact();
                int n = bytesIn.read(in.array(), in.position(), in.remaining());
                if (n < 0) {
                    bytesEof = true;
                } else {
                    in.position(in.position() + n);
                }
                in.flip();
            }
            limit = out.position();
            if (limit == 0) {
                if (pendingBadByte >= 0) {
                    throw notUtf8(pendingBadByte, pendingBadValue);
                }
                eof = true;
                return false;
            }
            return true;
        }

        private EncodingException notUtf8(long offset, int value) {
            String hint = "";
            if (offset == 0 && (value == 0xff || value == 0xfe)) {
                hint = "; it starts with a UTF-16 byte-order mark: save the file as UTF-8";
            } else if (value >= 0x80) {
                hint = "; it looks like another encoding (Latin-1, Windows-1252?): save the file as UTF-8";
            }
            return new EncodingException(
                    line,
                    String.format(
                            Locale.ROOT,
                            "not UTF-8 text at byte %d (0x%02X)%s; Amazon Personalize reads UTF-8 only",
                            offset,
                            value,
                            hint));
        }

        /** A NUL character at {@code buf[index]}: binary data, or UTF-16 text. */
        private EncodingException nul(int index) {
            if (bytes == null) {
                return new EncodingException(
                        line,
                        "not UTF-8 text at character " + (bufStart + index) + ": a NUL character (binary data, or"
                                + " UTF-16 text?)");
            }
            long offset = bufStart
                    + StandardCharsets.UTF_8
                            .encode(CharBuffer.wrap(buf, 0, index))
                            .remaining();
            return new EncodingException(
                    line,
                    "not UTF-8 text at byte " + offset + " (0x00): a NUL byte (binary data, or UTF-16 text?); Amazon"
                            + " Personalize reads UTF-8 only");
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

        private void add(String value, boolean isQuoted) {
            int i = count++;
            if (i >= fields.length) {
                fields = Arrays.copyOf(fields, fields.length * 2);
                quoted = Arrays.copyOf(quoted, quoted.length * 2);
            }
            fields[i] = value;
            quoted[i] = isQuoted;
            anyQuoted |= isQuoted;
        }

        private int parseField() throws IOException {
            if (pos >= limit && !fill()) {
                add("", false);
                return EOF;
            }
            if (buf[pos] == QUOTE) {
                pos++;
                return parseQuoted();
            }
            int start = pos;
            boolean spilled = false;
            while (true) {
                char[] b = buf;
                int p = pos;
                int lim = limit;
                while (p < lim) {
                    char c = b[p];
                    if (c <= SEPARATOR && (c == SEPARATOR || c == '\n' || c == '\r' || c == 0)) {
                        break;
                    }
                    p++;
                }
                if (p < lim) {
                    char c = b[p];
                    if (c == 0) {
                        throw nul(p);
                    }
                    String v = spilled ? sb.append(b, start, p - start).toString() : new String(b, start, p - start);
                    add(v, false);
                    pos = p + 1;
                    if (c == SEPARATOR) {
                        return SEPARATOR;
                    }
                    endLine(c);
                    return END_OF_RECORD;
                }
                if (!spilled) {
                    sb.setLength(0);
                    spilled = true;
                }
                sb.append(b, start, p - start);
                pos = p;
                if (sb.length() > maxValueLength) {
                    throw tooLong();
                }
                if (!fill()) {
                    add(sb.toString(), false);
                    return EOF;
                }
                start = 0;
            }
        }

        private int parseQuoted() throws IOException {
            sb.setLength(0);
            while (true) {
                if (pos >= limit && !fill()) {
                    throw new MalformedException(
                            recordLine, "a quoted value starting on line " + recordLine + " is never closed");
                }
                char[] b = buf;
                int p = pos;
                int lim = limit;
                int start = p;
                while (p < lim) {
                    char c = b[p];
                    if (c <= ESCAPE && (c == QUOTE || c == ESCAPE || c == '\n' || c == 0)) {
                        break;
                    }
                    p++;
                }
                sb.append(b, start, p - start);
                pos = p;
                if (sb.length() > maxValueLength) {
                    throw tooLong();
                }
                if (p == lim) {
                    continue;
                }
                char c = b[pos++];
                if (c == 0) {
                    throw nul(pos - 1);
                } else if (c == '\n') {
                    line++;
                    sb.append(c);
                } else if (c == ESCAPE) {
                    if (pos >= limit && !fill()) {
                        throw new MalformedException(
                                recordLine, "a quoted value starting on line " + recordLine + " is never closed");
                    }
                    char e = buf[pos++];
                    if (e != QUOTE && e != ESCAPE) {
                        if (e == 0) {
                            throw nul(pos - 1);
                        }
                        sb.append(ESCAPE);
                        if (e == '\n') {
                            line++;
                        }
                    }
                    sb.append(e);
                } else {
                    if (pos >= limit) {
                        fill();
                    }
                    if (pos < limit && buf[pos] == QUOTE) {
                        sb.append(QUOTE);
                        pos++;
                        continue;
                    }
                    add(sb.toString(), true);
                    if (pos >= limit) {
                        return EOF;
                    }
                    char t = buf[pos++];
                    if (t == SEPARATOR) {
                        return SEPARATOR;
                    }
                    if (t == '\n' || t == '\r') {
                        endLine(t);
                        return END_OF_RECORD;
                    }
                    if (t == 0) {
                        throw nul(pos - 1);
                    }
                    long badLine = line;
                    skipRestOfLine();
                    throw new MalformedException(
                            badLine,
                            "unexpected character '" + t + "' after the closing quote of a value; inside a quoted"
                                    + " value escape \" and \\ with a backslash");
                }
            }
        }

        private MalformedException tooLong() throws IOException {
            long at = recordLine;
            skipRestOfLine();
            return new MalformedException(at, "a value is longer than " + maxValueLength + " characters");
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
    }
}
