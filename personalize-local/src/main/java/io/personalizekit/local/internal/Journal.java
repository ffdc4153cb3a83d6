package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --data-dir} persistence: every successful mutating request (control plane and events) is appended
 * to {@code journal.jsonl} with its time and response before the response is sent; a restart replays them in
 * order, at their recorded times and with their recorded generated ids, re-running imports and training from the
 * persisted S3 objects.
 *
 * <p>Format (version 2): one line per record, {@code {"crc32c":"<8 hex>","len":<n>,"rec":<record>}\n}, where
 * {@code <record>} is {@code n} bytes of UTF-8 JSON ({@code api}, {@code op}, {@code at}, {@code body},
 * {@code response}) and the CRC-32C is computed over exactly those bytes. A line is still a JSON object, so the
 * file stays readable with {@code jq}. Version 1 lines (the bare record, written before the checksum was added)
 * are still read, without a checksum.
 *
 * <p>On open, a record counts only when its line is complete (newline-terminated) and its length and checksum
 * match. Whatever follows the last good record (a torn write from a crash, the partial write of a full disk, zeros
 * a file system left behind) is cut off with a WARN naming the offset and byte count, so records appended later are
 * read at the next restart. A bad line between good records is skipped with a WARN; when it is a torn record with
 * a complete record appended to it (what the emulator wrote before version 2), the complete record is recovered.
 *
 * <p>A write that fails (disk full) is cut back to the last good record before the error propagates, and every
 * record is written at the end of the last good one, so a failed write never hides the records after it. Each
 * record is handed to the operating system with one write before the response is sent, so a killed process loses
 * nothing acknowledged; with {@code fsync} each record is also forced to the device before the response, so a
 * machine crash or power loss loses nothing acknowledged either. Thread-safe.
 */
final class Journal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    /** The journal's file name under the data directory. */
    static final String FILE_NAME = "journal.jsonl";

    private static final byte[] V2_PREFIX = "{\"crc32c\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_LEN = "\",\"len\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_REC = ",\"rec\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V1_PREFIX = "{\"api\":".getBytes(StandardCharsets.US_ASCII);

    /** One recorded request. */
    record Entry(boolean controlPlane, String operation, Instant at, ObjectNode body, ObjectNode response) {}

    private final Path file;
    private final FileChannel channel;
    private final boolean fsync;
    private final List<Entry> existing;
    /** The end of the last record known to be complete on disk; the next record is written here. */
    private long end;
    /** Set when a write failed and could not be cut back: the next write cuts back first. */
    private boolean dirty;

    private Journal(Path file, FileChannel channel, boolean fsync, List<Entry> existing, long end) {
        this.file = file;
        this.channel = channel;
        this.fsync = fsync;
        this.existing = existing;
        this.end = end;
    }

    /**
     * Opens (or creates) the journal under {@code dir}, reading its good records and cutting off anything after
     * the last one.
     *
     * @param fsync whether each record is forced to the device before {@link #record} returns
     */
    static Journal open(Path dir, boolean fsync) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        boolean created = !Files.exists(file);
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            List<Entry> entries = new ArrayList<>();
            long goodEnd = scan(file, entries);
            long size = channel.size();
            if (size > goodEnd) {
                log.warn(
                        "Journal {}: dropping {} bytes after the last intact record (offset {} to {}): a write"
                                + " torn by a crash or a full disk (never acknowledged), or damaged data",
                        file,
                        size - goodEnd,
                        goodEnd,
                        size);
                channel.truncate(goodEnd);
                channel.force(true);
            }
            if (created && fsync) {
                forceDirectory(dir);
            }
            return new Journal(file, channel, fsync, entries, goodEnd);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reads every good record into {@code entries}. @return the end offset of the last good record */
    private static long scan(Path file, List<Entry> entries) throws IOException {
        long offset = 0;
        long goodEnd = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
            while (true) {
                line.reset();
                int b;
                boolean terminated = false;
                while ((b = in.read()) >= 0) {
                    if (b == '\n') {
                        terminated = true;
                        break;
                    }
                    line.write(b);
                }
                if (!terminated) {
                    return goodEnd; // end of file, or a torn last line without its newline
                }
                byte[] bytes = line.toByteArray();
                long lineEnd = offset + bytes.length + 1;
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                if (isBlank(bytes, length)) {
                    if (goodEnd == offset) {
                        goodEnd = lineEnd;
                    }
                } else {
                    Entry e = decode(bytes, 0, length);
                    int from = 0;
                    // Only version 1 appended records after torn ones; a version-2 line that fails its checksum is
                    // never mined for a record inside it.
                    boolean legacy = !startsWith(bytes, 0, length, V2_PREFIX);
                    while (e == null && legacy && (from = nextRecordStart(bytes, from + 1, length)) > 0) {
                        e = decode(bytes, from, length);
                    }
                    if (e != null) {
                        if (offset > goodEnd || from > 0) {
                            log.warn(
                                    "Journal {}: skipped {} bytes of an incomplete record at offset {}; the"
                                            + " records after it are kept",
                                    file,
                                    offset - goodEnd + from,
                                    goodEnd);
                        }
                        entries.add(e);
                        goodEnd = lineEnd;
                    }
                }
                offset = lineEnd;
            }
        }
    }

    private static boolean isBlank(byte[] b, int length) {
        for (int i = 0; i < length; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The index of the next version-1 record start ({@code {"api":}) at or after {@code from}, or -1. */
    private static int nextRecordStart(byte[] b, int from, int length) {
        for (int i = from; i < length; i++) {
            if (b[i] == '{' && startsWith(b, i, length, V1_PREFIX)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int at, int length, byte[] prefix) {
        if (length - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Decodes one record from {@code b[from, to)}; null when it is not a complete, intact record. */
    static @Nullable Entry decode(byte[] b, int from, int to) {
        try {
            if (startsWith(b, from, to, V2_PREFIX)) {
                int p = from + V2_PREFIX.length;
                if (to - p < 8) {
                    return null;
                }
                long crc = Long.parseLong(new String(b, p, 8, StandardCharsets.US_ASCII), 16);
                p += 8;
                if (!startsWith(b, p, to, V2_LEN)) {
                    return null;
                }
                p += V2_LEN.length;
                int digitsEnd = p;
                while (digitsEnd < to && b[digitsEnd] >= '0' && b[digitsEnd] <= '9' && digitsEnd - p < 10) {
                    digitsEnd++;
                }
                if (digitsEnd == p) {
                    return null;
                }
                long len = Long.parseLong(new String(b, p, digitsEnd - p, StandardCharsets.US_ASCII));
                p = digitsEnd;
                if (!startsWith(b, p, to, V2_REC)) {
                    return null;
                }
                p += V2_REC.length;
                if (len != to - p - 1 || b[to - 1] != '}') {
                    return null;
                }
                CRC32C c = new CRC32C();
                c.update(b, p, (int) len);
                if (c.getValue() != crc) {
                    return null;
                }
                return entry(LocalServer.MAPPER.readTree(b, p, (int) len));
            }
            if (startsWith(b, from, to, V1_PREFIX)) {
                return entry(LocalServer.MAPPER.readTree(b, from, to - from));
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static @Nullable Entry entry(@Nullable JsonNode n) {
        if (n == null
                || !n.isObject()
                || !n.path("op").isTextual()
                || !n.path("at").canConvertToLong()
                || !(n.get("body") instanceof ObjectNode body)
                || !(n.get("response") instanceof ObjectNode response)) {
            return null;
        }
        return new Entry(
                n.path("api").asText().equals("cp"),
                n.path("op").asText(),
                Instant.ofEpochMilli(n.path("at").asLong()),
                body,
                response);
    }

    /** Encodes one record as its version-2 line, newline included. */
    static byte[] encode(boolean controlPlane, String operation, Instant at, ObjectNode body, ObjectNode response) {
        ObjectNode n = LocalServer.MAPPER.createObjectNode();
        n.put("api", controlPlane ? "cp" : "rest");
        n.put("op", operation);
        n.put("at", at.toEpochMilli());
        n.set("body", body);
        n.set("response", response);
        byte[] rec = n.toString().getBytes(StandardCharsets.UTF_8);
        CRC32C c = new CRC32C();
        c.update(rec);
        byte[] head = String.format(Locale.ROOT, "{\"crc32c\":\"%08x\",\"len\":%d,\"rec\":", c.getValue(), rec.length)
                .getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[head.length + rec.length + 2];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(rec, 0, line, head.length, rec.length);
        line[line.length - 2] = '}';
        line[line.length - 1] = '\n';
        return line;
    }

    List<Entry> entries() {
        return existing;
    }

    static boolean isMutating(String operation) {
        return operation.startsWith("Create")
                || operation.startsWith("Delete")
                || operation.startsWith("Update")
                || operation.startsWith("Tag")
                || operation.startsWith("Untag")
                || operation.startsWith("Stop")
                || operation.startsWith("Start")
                || operation.startsWith("Put");
    }

    /**
     * Appends one record; returns once the operating system has it (and, with fsync, the device).
     *
     * @throws UncheckedIOException when it cannot be written; the journal is then cut back to its last good record
     */
    synchronized void record(boolean controlPlane, String operation, Instant at, ObjectNode body, ObjectNode response) {
        byte[] line = encode(controlPlane, operation, at, body, response);
        try {
            if (dirty) {
                channel.truncate(end);
                dirty = false;
            }
            ByteBuffer buf = ByteBuffer.wrap(line);
            long position = end;
            while (buf.hasRemaining()) {
                position += channel.write(buf, position);
            }
            if (fsync) {
                channel.force(false);
            }
            end = position;
        } catch (IOException e) {
            dirty = true;
            try {
                channel.truncate(end);
                dirty = false;
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw new UncheckedIOException("Cannot write the journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Forces what was written to the device (also without fsync: a clean stop is durable), then closes. */
    @Override
    public synchronized void close() {
        try {
            if (channel.isOpen()) {
                channel.force(true);
            }
        } catch (IOException e) {
            log.warn("Journal {}: cannot force it to the device on close: {}", file, e.toString());
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("Journal {}: close failed: {}", file, e.toString());
        }
    }

    /** Makes a newly created file's directory entry durable (best effort: not every platform can). */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("Cannot force directory {}: {}", dir, e.toString());
        }
    }

    /** A clock that reads a fixed instant while a journal is replayed, then its source. */
    static final class ReplayClock extends Clock {
        private final Clock source;
        private volatile @Nullable Instant fixed;

        ReplayClock(Clock source) {
            this.source = source;
        }

        void fix(@Nullable Instant at) {
            this.fixed = at;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            Instant f = fixed;
            return f != null ? f : source.instant();
        }
    }
}
