package io.personalizekit.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.jspecify.annotations.Nullable;

/**
 * The {@code --data-dir} persistence: every successful mutating request (control plane and events) is appended
 * to {@code journal.jsonl} with its time and response; a restart replays them in order, at their recorded times
 * and with their recorded generated ids, re-running imports and training from the persisted S3 objects.
 */
final class Journal implements AutoCloseable {
    /** One recorded request. */
    record Entry(boolean controlPlane, String operation, Instant at, ObjectNode body, ObjectNode response) {}

    private final BufferedWriter writer;
    private final List<Entry> existing;

    private Journal(BufferedWriter writer, List<Entry> existing) {
        this.writer = writer;
        this.existing = existing;
    }

    static Journal open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("journal.jsonl");
        List<Entry> entries = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = LocalServer.MAPPER.readTree(line);
                    entries.add(new Entry(
                            n.path("api").asText().equals("cp"),
                            n.path("op").asText(),
                            Instant.ofEpochMilli(n.path("at").asLong()),
                            (ObjectNode) n.get("body"),
                            (ObjectNode) n.get("response")));
                } catch (IOException | RuntimeException e) {
                    // A torn last line (crash while writing) ends the journal.
                    break;
                }
            }
        }
        BufferedWriter writer = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new Journal(writer, entries);
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
                || operation.startsWith("Put");
    }

    synchronized void record(boolean controlPlane, String operation, Instant at, ObjectNode body, ObjectNode response) {
        ObjectNode n = LocalServer.MAPPER.createObjectNode();
        n.put("api", controlPlane ? "cp" : "rest");
        n.put("op", operation);
        n.put("at", at.toEpochMilli());
        n.set("body", body);
        n.set("response", response);
        try {
            writer.write(n.toString());
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the journal: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            // Nothing buffered is lost: every record is flushed when written.
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
