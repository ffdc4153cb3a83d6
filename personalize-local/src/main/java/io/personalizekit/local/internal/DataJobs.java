package io.personalizekit.local.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personalizekit.local.internal.DataService.S3Location;
import io.personalizekit.local.internal.data.CsvImporter;
import io.personalizekit.local.internal.data.CsvRows;
import io.personalizekit.local.internal.data.DatasetData;
import io.personalizekit.local.internal.data.ImportOutcome;
import io.personalizekit.local.internal.data.TrainedModel;
import io.personalizekit.local.internal.recipe.SegmentModel;
import io.personalizekit.local.internal.recipe.SegmentQuery;
import io.personalizekit.schema.DatasetSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.schema.SchemaField;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The work behind data deletion jobs, dataset export jobs and batch segment jobs. Each runs on the worker pool and
 * completes with {@code null} on success or with the failure reason in the service's words, like
 * {@link BackgroundJobs}.
 */
final class DataJobs {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** A data deletion job's input: a CSV with a USER_ID column. */
    private static final DatasetSchema DELETION_FILE = SchemaBuilder.forType(DatasetType.USERS)
            .stringField("USER_ID")
            .stringField("DELETION_PLACEHOLDER", f -> f.nullable().categorical())
            .build();
    /** The service's limit on the total size of a data deletion job's input files. */
    static final long MAX_DELETION_INPUT = 100L * 1024 * 1024;
    /** Rows per CSV part file of a dataset export. */
    static final int ROWS_PER_PART = 1_000_000;

    private final S3Storage storage;
    private final ExecutorService worker;
    private final DataState state;
    private final CsvImporter importer = CsvImporter.create();
    private final int rowsPerPart;
    /** By dataset group resource (identity: a group created again under the same name starts empty). */
    private final Map<Resource, DeletedUsers> deleted = new ConcurrentHashMap<>();

    DataJobs(S3Storage storage, ExecutorService worker, DataState state) {
        this(storage, worker, state, ROWS_PER_PART);
    }

    DataJobs(S3Storage storage, ExecutorService worker, DataState state, int rowsPerPart) {
        this.storage = storage;
        this.worker = worker;
        this.state = state;
        this.rowsPerPart = rowsPerPart;
    }

    // ------------------------------------------------------------------------------------ data deletion jobs

    /**
     * A data deletion job: reads the USER_IDs at its data location and removes those users' interactions (bulk and
     * streamed) and user records from every dataset of the group; records {@code numDeleted}, the number of users
     * of the file the group held.
     */
    CompletableFuture<@Nullable String> deleteUsers(Resource job, Resource group) {
        String location = job.attrs.path("dataSource").path("dataLocation").asText();
        return CompletableFuture.supplyAsync(
                () -> {
                    Set<String> users;
                    try {
                        users = readUserIds(location);
                    } catch (JobFailure f) {
                        return f.getMessage();
                    } catch (S3Storage.Failure f) {
                        return f.failureReason();
                    }
                    Set<String> held = new HashSet<>();
                    for (Resource d : state.cp().children(Kind.DATASET, "datasetGroupArn", group.arn)) {
                        synchronized (d) {
                            for (Object data : new Object[] {d.payload, d.streamed}) {
                                if (data instanceof DatasetData dd) {
                                    for (String u : users) {
                                        if (dd.hasUser(u)) {
                                            held.add(u);
                                        }
                                    }
                                    dd.removeUsers(users);
                                }
                            }
                        }
                    }
                    job.attrs.put("numDeleted", held.size());
                    deletedUsers(group).add(users, job.lifecycle.created());
                    if (!held.isEmpty()) {
                        state.cp().dataChanged(group.arn); // automatic training notices the deletion
                    }
                    return null;
                },
                worker);
    }

    /** A job's failure, with its reason in the service's words. */
    private static final class JobFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JobFailure(String reason) {
            super(reason, null, false, false);
        }
    }

    private Set<String> readUserIds(String location) {
        S3Location loc = S3Location.parse(location);
        if (loc == null) {
            throw new JobFailure("Invalid Data location.");
        }
        if (!storage.bucketExists(loc.bucket())) {
            throw new JobFailure(S3Storage.NO_ACCESS);
        }
        Map<String, byte[]> files = storage.read(loc);
        if (files.isEmpty()) {
            throw new JobFailure("Invalid Data location.");
        }
        long total = files.values().stream().mapToLong(b -> b.length).sum();
        if (total > MAX_DELETION_INPUT) {
            throw new JobFailure(
                    "The data deletion input files total " + total + " bytes, more than the maximum of 100 MB.");
        }
        ImportOutcome outcome = importer.importCsv(DELETION_FILE, new ArrayList<>(files.values()));
        if (!outcome.isOk()) {
            throw new JobFailure(outcome.failureReason().orElse("Invalid Data location."));
        }
        return new LinkedHashSet<>(outcome.data().recordIds());
    }

    private DeletedUsers deletedUsers(Resource group) {
        return deleted.computeIfAbsent(group, g -> new DeletedUsers());
    }

    /**
     * The users data deletion jobs removed from a dataset group, and when each job was created, so that batch
     * segment jobs leave them out of segments made by models trained before (the service "no longer considers the
     * users when generating user segments").
     */
    private static final class DeletedUsers {
        private final List<Map.Entry<Instant, Set<String>>> deletions = new ArrayList<>();

        synchronized void add(Set<String> users, Instant at) {
            deletions.add(Map.entry(at, Set.copyOf(users)));
        }

        /** @return the users deleted by jobs created at or after {@code since} */
        synchronized Set<String> since(Instant since) {
            Set<String> out = new HashSet<>();
            for (Map.Entry<Instant, Set<String>> d : deletions) {
                if (!d.getKey().isBefore(since)) {
                    out.addAll(d.getValue());
                }
            }
            return out;
        }
    }

    // ------------------------------------------------------------------------------------ dataset export jobs

    /**
     * A dataset export job: the dataset's bulk records, the ones put one by one, or both ({@code ingestionMode}),
     * as CSV part files with a header row ({@code part-00000.csv}, ...) in a folder named after the job under the
     * output path. Records equal in every field are written once; with ALL, an item or user put one by one replaces
     * its bulk record.
     */
    CompletableFuture<@Nullable String> exportDataset(Resource job, Resource dataset) {
        String output = job.attrs
                .path("jobOutput")
                .path("s3DataDestination")
                .path("path")
                .asText();
        String mode = job.attrs.path("ingestionMode").asText("PUT");
        DatasetData data;
        synchronized (dataset) {
            DatasetData bulk = (DatasetData) dataset.payload;
            DatasetData put = (DatasetData) dataset.streamed;
            data = switch (mode) {
                case "BULK" -> bulk == null ? null : bulk.copy();
                case "ALL" -> {
                    DatasetData all = DataState.effective(dataset);
                    yield all == null ? null : all.copy();
                }
                default -> put == null ? null : put.copy();
            };
        }
        DatasetSchema schema = state.cp()
                .find(Kind.SCHEMA, dataset.attr("schemaArn"))
                .map(r -> (DatasetSchema) r.payload)
                .orElse(null);
        DatasetType type = DatasetType.valueOf(dataset.attr("datasetType"));
        DatasetData exported = data;
        return CompletableFuture.supplyAsync(
                () -> {
                    S3Location out = S3Location.parse(output);
                    if (out == null || schema == null) {
                        return "Invalid S3 output path: " + output;
                    }
                    try {
                        if (!storage.bucketExists(out.bucket())) {
                            return S3Storage.NO_ACCESS;
                        }
                        String prefix = out.key().isEmpty() || out.key().endsWith("/") ? out.key() : out.key() + "/";
                        writeParts(out.bucket(), prefix + job.name + "/", schema, type, exported);
                    } catch (S3Storage.Failure f) {
                        return f.failureReason();
                    }
                    return null;
                },
                worker);
    }

    private void writeParts(
            String bucket, String folder, DatasetSchema schema, DatasetType type, @Nullable DatasetData data) {
        List<String> columns = new ArrayList<>();
        for (SchemaField f : schema.fields()) {
            columns.add(f.name());
        }
        String header = String.join(",", columns) + "\n";
        PartWriter parts =
                new PartWriter(header, rowsPerPart, (name, file) -> storage.put(bucket, folder + name, file));
        if (data != null) {
            if (type == DatasetType.INTERACTIONS) {
                int[] users = data.userColumn();
                int[] items = data.itemColumn();
                long[] timestamps = data.timestampColumn();
                for (int i = 0; i < users.length; i++) {
                    String[] row = new String[columns.size()];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = switch (columns.get(c)) {
                            case "USER_ID" -> data.userId(users[i]);
                            case "ITEM_ID" -> data.itemId(items[i]);
                            case "TIMESTAMP" -> Long.toString(timestamps[i]);
                            case "EVENT_TYPE" -> data.eventTypeAt(i);
                            case "EVENT_VALUE" -> number(data.eventValueAt(i));
                            default -> null;
                        };
                    }
                    parts.row(line(row));
                }
            } else {
                for (String id : data.recordIds()) {
                    Map<String, String> record = data.record(id);
                    String[] row = new String[columns.size()];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = record == null ? null : record.get(columns.get(c));
                    }
                    parts.row(line(row));
                }
            }
        }
        parts.close();
    }

    static String line(@Nullable String[] values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(CsvRows.field(values[i]));
        }
        return b.append('\n').toString();
    }

    private static @Nullable String number(@Nullable Float v) {
        if (v == null) {
            return null;
        }
        String s = Float.toString(v);
        return s.indexOf('E') >= 0 ? new BigDecimal(s).toPlainString() : s;
    }

    /**
     * Writes rows into CSV part files ({@code part-00000.csv}, ...) of at most {@code rowsPerPart} rows, each with the
     * header, skipping rows written before; there is always at least one part (the header alone when no rows).
     */
    static final class PartWriter {
        private final String header;
        private final int rowsPerPart;
        private final java.util.function.BiConsumer<String, byte[]> sink;
        private final LongHashes seen = new LongHashes();
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private int rows;
        private int part;

        /** @param sink receives each part's file name and content */
        PartWriter(String header, int rowsPerPart, java.util.function.BiConsumer<String, byte[]> sink) {
            this.header = header;
            this.rowsPerPart = rowsPerPart;
            this.sink = sink;
        }

        void row(String line) {
            if (!seen.add(line)) {
                return;
            }
            if (rows == rowsPerPart) {
                flush();
            }
            current.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            rows++;
        }

        private void flush() {
            byte[] body = current.toByteArray();
            byte[] head = header.getBytes(StandardCharsets.UTF_8);
            byte[] file = new byte[head.length + body.length];
            System.arraycopy(head, 0, file, 0, head.length);
            System.arraycopy(body, 0, file, head.length, body.length);
            sink.accept(String.format(Locale.ROOT, "part-%05d.csv", part++), file);
            current.reset();
            rows = 0;
        }

        void close() {
            if (rows > 0 || part == 0) {
                flush();
            }
        }
    }

    /**
     * The rows written so far, as 64-bit hashes (a collision among a few million rows is far less likely than a
     * disk error), so exporting millions of interactions does not hold them twice.
     */
    private static final class LongHashes {
        private long[] table = new long[1 << 10];
        private int size;

        boolean add(String line) {
            long h = hash(line);
            if (h == 0) {
                h = 1;
            }
            if (size * 2 >= table.length) {
                long[] old = table;
                table = new long[old.length * 2];
                size = 0;
                for (long v : old) {
                    if (v != 0) {
                        insert(v);
                    }
                }
            }
            return insert(h);
        }

        private boolean insert(long h) {
            int mask = table.length - 1;
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (table[i] != 0) {
                if (table[i] == h) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            table[i] = h;
            size++;
            return true;
        }

        private static long hash(String s) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < s.length(); i++) {
                h ^= s.charAt(i);
                h *= 0x100000001b3L;
            }
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            return h;
        }
    }

    // ------------------------------------------------------------------------------------ batch segment jobs

    /**
     * A batch segment job: for each input line ({@code {"itemId": ...}} or {@code {"itemAttributes": ...}}), the
     * users the model ranks highest, as {@code {"input": ..., "output": {"recommendedUsers": [...]}, "error": null}}
     * lines in {@code <input file>.out} under the output path. Users removed by a data deletion job created after the
     * solution version are left out.
     */
    CompletableFuture<@Nullable String> batchSegments(Resource job, Resource version) {
        String input =
                job.attrs.path("jobInput").path("s3DataSource").path("path").asText();
        String output = job.attrs
                .path("jobOutput")
                .path("s3DataDestination")
                .path("path")
                .asText();
        int numResults = job.attrs.path("numResults").asInt(25);
        String groupArn = version.attr("datasetGroupArn");
        return CompletableFuture.supplyAsync(
                () -> {
                    S3Location in = S3Location.parse(input);
                    S3Location out = S3Location.parse(output);
                    if (in == null) {
                        return "Invalid S3 input path: " + input;
                    }
                    if (out == null) {
                        return "Invalid S3 output path: " + output;
                    }
                    TrainedModel trained = DataState.model(version);
                    if (trained == null || !(trained.model() instanceof SegmentModel model)) {
                        return "The solution version " + version.arn + " cannot create user segments: it was not"
                                + " trained with a USER_SEGMENTATION recipe.";
                    }
                    Set<String> deleted = state.cp()
                            .find(Kind.DATASET_GROUP, groupArn)
                            .map(g -> deletedUsers(g).since(version.lifecycle.created()))
                            .orElse(Set.of());
                    try {
                        Map<String, byte[]> files = storage.read(in);
                        if (files.isEmpty()) {
                            return "Invalid S3 input path: no input file found at " + input;
                        }
                        if (!storage.bucketExists(out.bucket())) {
                            return "Invalid S3 output path: bucket " + out.bucket() + " does not exist.";
                        }
                        String prefix = out.key().isEmpty() || out.key().endsWith("/") ? out.key() : out.key() + "/";
                        for (Map.Entry<String, byte[]> file : files.entrySet()) {
                            String name = file.getKey().substring(file.getKey().lastIndexOf('/') + 1);
                            storage.put(
                                    out.bucket(),
                                    prefix + name + ".out",
                                    segmentFile(file.getValue(), model, numResults, deleted));
                        }
                    } catch (S3Storage.Failure f) {
                        return f.failureReason();
                    }
                    return null;
                },
                worker);
    }

    private static byte[] segmentFile(byte[] input, SegmentModel model, int numResults, Set<String> deleted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : new String(input, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            ObjectNode result = JSON.objectNode();
            try {
                JsonNode in = LocalServer.MAPPER.readTree(line);
                result.set("input", in);
                if (in == null || !in.isObject()) {
                    throw new IllegalArgumentException("Input record must be a JSON object.");
                }
                String itemId = in.hasNonNull("itemId") ? in.get("itemId").asText() : null;
                String attributes = in.hasNonNull("itemAttributes")
                        ? in.get("itemAttributes").asText()
                        : null;
                if ((itemId == null) == (attributes == null)) {
                    throw new IllegalArgumentException(
                            "Input record must have exactly one of itemId and" + " itemAttributes.");
                }
                List<String> users = model.usersFor(new SegmentQuery(itemId, attributes), numResults + deleted.size());
                ArrayNode list = result.putObject("output").putArray("recommendedUsers");
                int n = 0;
                for (String u : users) {
                    if (n < numResults && !deleted.contains(u)) {
                        list.add(u);
                        n++;
                    }
                }
                result.putNull("error");
            } catch (JsonProcessingException | RuntimeException e) {
                if (!result.has("input")) {
                    result.put("input", line);
                }
                result.remove("output");
                result.put("error", e.getMessage());
            }
            out.writeBytes(result.toString().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }
}
