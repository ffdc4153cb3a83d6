package io.personalizekit.examples.dataops;

import static org.assertj.core.api.Assertions.assertThat;

import io.personalizekit.events.EventRecorder;
import io.personalizekit.events.RateLimiter;
import io.personalizekit.export.DatasetExport;
import io.personalizekit.export.DatasetExporter;
import io.personalizekit.export.ExportMode;
import io.personalizekit.export.ExportedFile;
import io.personalizekit.local.PersonalizeLocalExtension;
import io.personalizekit.pipeline.DatasetGroupBuilder;
import io.personalizekit.pipeline.ProvisionedDatasetGroup;
import io.personalizekit.resource.DatasetImportJobRef;
import io.personalizekit.resource.DatasetRef;
import io.personalizekit.resource.EventTrackerRef;
import io.personalizekit.schema.BoundSchema;
import io.personalizekit.schema.DatasetType;
import io.personalizekit.schema.SchemaBuilder;
import io.personalizekit.storage.S3Location;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalizeevents.PersonalizeEventsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link DatasetExporter} end to end on personalize-local: a bulk import and streamed events, exported in each
 * mode, and the part files read back.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DatasetExportLocalTest {
    static final String ROLE = "arn:aws:iam::000000000000:role/Personalize";

    @RegisterExtension
    static final PersonalizeLocalExtension LOCAL = PersonalizeLocalExtension.create();

    record Read(String user, String item, Instant at) {}

    static final BoundSchema<Read> READS = SchemaBuilder.forType(DatasetType.INTERACTIONS)
            .bind(Read.class)
            .stringField("USER_ID", Read::user)
            .stringField("ITEM_ID", Read::item)
            .timestampField("TIMESTAMP", Read::at)
            .build();

    @Test
    void export_ofBulkAndStreamedInteractions_writesPartFilesWithExactlyTheDatasetsRows(
            PersonalizeClient personalize, PersonalizeEventsClient events, S3Client s3) {
        s3.createBucket(b -> b.bucket("export-e2e"));
        StringBuilder csv = new StringBuilder("USER_ID,ITEM_ID,TIMESTAMP\n");
        for (int i = 0; i < 1200; i++) {
            csv.append("user-")
                    .append(i % 40)
                    .append(",item-")
                    .append(i)
                    .append(',')
                    .append(1_700_000_000L + i)
                    .append('\n');
        }
        s3.putObject(b -> b.bucket("export-e2e").key("in/reads.csv"), RequestBody.fromString(csv.toString()));
        ProvisionedDatasetGroup group = DatasetGroupBuilder.builder()
                .personalizeClient(personalize)
                .waiter(LOCAL.local().resourceWaiter())
                .name("export-e2e")
                .dataset(READS.schema())
                .provision();
        DatasetRef interactions = group.dataset(DatasetType.INTERACTIONS);
        String importArn = personalize
                .createDatasetImportJob(b -> b.jobName("export-e2e-reads")
                        .datasetArn(interactions.arn())
                        .roleArn(ROLE)
                        .dataSource(d -> d.dataLocation("s3://export-e2e/in/reads.csv")))
                .datasetImportJobArn();
        LOCAL.local().resourceWaiter().waitUntilActive(DatasetImportJobRef.of(importArn));
        String trackerArn = personalize
                .createEventTracker(b -> b.name("export-e2e")
                        .datasetGroupArn(group.datasetGroup().arn()))
                .eventTrackerArn();
        LOCAL.local().resourceWaiter().waitUntilActive(EventTrackerRef.of(trackerArn));
        String trackingId = personalize
                .describeEventTracker(b -> b.eventTrackerArn(trackerArn))
                .eventTracker()
                .trackingId();
        EventRecorder<Read> recorder = EventRecorder.builder(READS)
                .eventsClient(events)
                .trackingId(trackingId)
                .eventType("read")
                .rateLimiter(RateLimiter.unlimited())
                .build();
        List<Read> streamed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            streamed.add(new Read("user-" + i, "fresh-" + i, Instant.ofEpochSecond(1_800_000_000L + i)));
        }
        assertThat(recorder.record(streamed).failures()).isEmpty();
        DatasetExporter exporter = DatasetExporter.builder()
                .personalizeClient(personalize)
                .s3Client(s3)
                .resourceWaiter(LOCAL.local().resourceWaiter())
                .build();

        DatasetExport all = exporter.export(r -> r.dataset(interactions)
                .jobName("export-e2e-all")
                .mode(ExportMode.ALL)
                .output(S3Location.of("export-e2e", "out/all/"))
                .roleArn(ROLE));
        DatasetExport bulk = exporter.export(r -> r.dataset(group.deployment(), DatasetType.INTERACTIONS)
                .jobName("export-e2e-bulk")
                .mode(ExportMode.BULK)
                .output(S3Location.of("export-e2e", "out/bulk"))
                .roleArn(ROLE));
        DatasetExport put = exporter.export(r -> r.dataset(interactions)
                .jobName("export-e2e-put")
                .mode(ExportMode.PUT)
                .output(S3Location.of("export-e2e", "out/put/"))
                .roleArn(ROLE));

        assertThat(all.files())
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.location().key()).startsWith("out/all/export-e2e-all/"));
        assertThat(rows(s3, all)).hasSize(1207).contains("user-3,fresh-3,1800000003", "user-39,item-1199,1700001199");
        assertThat(rows(s3, bulk)).hasSize(1200).noneMatch(r -> r.contains("fresh-"));
        assertThat(rows(s3, put))
                .containsExactlyInAnyOrder(streamed.stream()
                        .map(r -> r.user() + "," + r.item() + "," + r.at().getEpochSecond())
                        .toArray(String[]::new));
        long listed = all.files().stream().mapToLong(ExportedFile::size).sum();
        assertThat(all.totalBytes()).isEqualTo(listed).isEqualTo(bytes(s3, all));
    }

    /** Every data row of every part file, each file's header checked and dropped. */
    static Set<String> rows(S3Client s3, DatasetExport export) {
        Set<String> rows = new HashSet<>();
        int total = 0;
        for (ExportedFile f : export.files()) {
            String body = s3.getObjectAsBytes(b ->
                            b.bucket(f.location().bucket()).key(f.location().key()))
                    .asString(StandardCharsets.UTF_8);
            List<String> lines = Arrays.asList(body.split("\n"));
            assertThat(lines.get(0)).startsWith("USER_ID,ITEM_ID,TIMESTAMP");
            for (String line : lines.subList(1, lines.size())) {
                rows.add(line.replaceAll(",+$", ""));
                total++;
            }
        }
        assertThat(rows).hasSize(total);
        return rows;
    }

    static long bytes(S3Client s3, DatasetExport export) {
        long sum = 0;
        for (ExportedFile f : export.files()) {
            sum += s3.getObjectAsBytes(b ->
                            b.bucket(f.location().bucket()).key(f.location().key()))
                    .asByteArray()
                    .length;
        }
        return sum;
    }
}
