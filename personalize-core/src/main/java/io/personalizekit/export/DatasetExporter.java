package io.personalizekit.export;

import io.personalizekit.exception.DataJobException;
import io.personalizekit.resource.DatasetExportJobRef;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.storage.S3Location;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.WaitResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.DatasetExportJob;
import software.amazon.awssdk.services.personalize.model.DescribeDatasetExportJobResponse;
import software.amazon.awssdk.services.personalize.model.IngestionMode;
import software.amazon.awssdk.services.personalize.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Exports a dataset to S3 in one call: {@code CreateDatasetExportJob}, a wait until the job is {@code ACTIVE}, and
 * a listing of the files it wrote.
 *
 * <pre>{@code
 * DatasetExporter exporter = DatasetExporter.builder()
 *         .personalizeClient(personalize)
 *         .s3Client(s3)
 *         .build();
 * DatasetExport export = exporter.export(request);
 * export.files().forEach(f -> System.out.println(f.location() + " " + f.size()));
 * }</pre>
 *
 * <p>Which files are the job's: the service writes under the output folder, in a layout it does not document
 * (personalize-local writes {@code <jobName>/part-00000.csv}, ...). The exporter lists the folder and keeps the
 * objects whose key below the folder starts with the job's name; when there are none, the objects written since the
 * job was created (less 5 minutes for clock skew). Give each export its own folder to be sure only its files are
 * listed.
 *
 * <p>A job is created once: the job name is chosen by the client, so a create whose reply was lost and that the
 * SDK retried meets {@code ResourceAlreadyExistsException}; the exporter then describes the job of that name and
 * adopts it when it exports the same dataset to the same folder (anything else is rethrown).
 *
 * <p>Thread-safe. The clients and a waiter passed in are borrowed and never closed; without a waiter, each export
 * creates one with the default policies and closes it.
 */
public final class DatasetExporter {
    private static final Logger log = LoggerFactory.getLogger(DatasetExporter.class);
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final PersonalizeClient personalize;
    private final S3Client s3;
    private final @Nullable ResourceWaiter waiter;
    private final Clock clock;

    private DatasetExporter(Builder b) {
        this.personalize = Objects.requireNonNull(b.personalize, "personalizeClient");
        this.s3 = Objects.requireNonNull(b.s3, "s3Client");
        this.waiter = b.waiter;
        this.clock = b.clock != null ? b.clock : b.waiter != null ? b.waiter.clock() : Clock.systemUTC();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the export and returns where its files landed.
     *
     * @param request what to export
     * @return the finished export with its files
     * @throws io.personalizekit.exception.ResourceFailedException when the job ends {@code CREATE FAILED}, with the
     *     service's {@code failureReason} (for example {@code Insufficient privileges for accessing data in Amazon
     *     S3.})
     * @throws io.personalizekit.exception.WaitTimeoutException when the job is not done within the wait policy
     * @throws DataJobException when the job's folder cannot be listed
     * @throws software.amazon.awssdk.services.personalize.model.PersonalizeException when the service refuses the
     *     job (an unknown dataset, a name in use for another export, ...)
     */
    public DatasetExport export(DatasetExportRequest request) {
        Objects.requireNonNull(request, "request");
        Instant start = clock.instant();
        String jobName = request.jobName().orElseGet(() -> defaultName(request, start));
        S3Location folder = request.output().asPrefix();
        DatasetExportJobRef job = create(request, jobName, folder);
        log.info(
                "Dataset export job {} started for {}",
                job.arn(),
                request.dataset().arn());
        WaitResult done = await(job);
        DatasetExportJob described =
                done.response(DescribeDatasetExportJobResponse.class).datasetExportJob();
        Instant created = described.creationDateTime() != null ? described.creationDateTime() : start;
        List<ExportedFile> files = list(folder, jobName, created.minus(SKEW));
        DatasetExport export = new DatasetExport(
                job, request.dataset(), request.mode(), folder, files, Duration.between(start, clock.instant()));
        log.info("Dataset export job {} wrote {} file(s), {} bytes", job.arn(), files.size(), export.totalBytes());
        return export;
    }

    /**
     * Runs the export described by the consumer.
     *
     * @param request sets the request
     * @return the finished export with its files
     * @throws io.personalizekit.exception.ResourceFailedException when the job ends {@code CREATE FAILED}
     * @throws io.personalizekit.exception.WaitTimeoutException when the job is not done within the wait policy
     * @throws DataJobException when the job's folder cannot be listed
     */
    public DatasetExport export(java.util.function.Consumer<DatasetExportRequest.Builder> request) {
        DatasetExportRequest.Builder b = DatasetExportRequest.builder();
        request.accept(b);
        return export(b.build());
    }

    private static String defaultName(DatasetExportRequest request, Instant now) {
        String base = request.dataset().datasetGroupName() + "-"
                + request.dataset()
                        .datasetType()
                        .name()
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '-');
        String suffix = "-" + now.getEpochSecond();
        String name = base.length() + suffix.length() > 63 ? base.substring(0, 63 - suffix.length()) : base;
        return name + suffix;
    }

    private DatasetExportJobRef create(DatasetExportRequest request, String jobName, S3Location folder) {
        String datasetArn = request.dataset().arn();
        try {
            String arn = personalize
                    .createDatasetExportJob(b -> b.jobName(jobName)
                            .datasetArn(datasetArn)
                            .ingestionMode(
                                    IngestionMode.fromValue(request.mode().name()))
                            .roleArn(request.roleArn())
                            .jobOutput(o -> o.s3DataDestination(d -> d.path(folder.uri())
                                    .kmsKeyArn(request.kmsKeyArn().orElse(null)))))
                    .datasetExportJobArn();
            return DatasetExportJobRef.of(arn, jobName);
        } catch (ResourceAlreadyExistsException e) {
            String arn = request.dataset()
                    .parsedArn()
                    .sibling(ResourceType.DATASET_EXPORT_JOB, jobName)
                    .toString();
            DatasetExportJob existing = personalize
                    .describeDatasetExportJob(b -> b.datasetExportJobArn(arn))
                    .datasetExportJob();
            String path = existing.jobOutput() == null || existing.jobOutput().s3DataDestination() == null
                    ? null
                    : existing.jobOutput().s3DataDestination().path();
            if (datasetArn.equals(existing.datasetArn())
                    && path != null
                    && S3Location.parse(path).asPrefix().equals(folder)) {
                log.info("Dataset export job {} exists for the same dataset and folder; adopting it", arn);
                return DatasetExportJobRef.of(arn, jobName);
            }
            throw e;
        }
    }

    private WaitResult await(DatasetExportJobRef job) {
        if (waiter != null) {
            return waiter.waitUntilActive(job);
        }
        try (ResourceWaiter own = ResourceWaiter.create(personalize)) {
            return own.waitUntilActive(job);
        }
    }

    private List<ExportedFile> list(S3Location folder, String jobName, Instant since) {
        List<ExportedFile> named = new ArrayList<>();
        List<ExportedFile> recent = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(
                            b -> b.bucket(folder.bucket()).prefix(folder.key().isEmpty() ? null : folder.key()))
                    .contents()) {
                if (o.key().endsWith("/")) {
                    continue;
                }
                ExportedFile file = new ExportedFile(S3Location.of(folder.bucket(), o.key()), o.size());
                if (o.key().substring(folder.key().length()).startsWith(jobName)) {
                    named.add(file);
                } else if (o.lastModified() != null && !o.lastModified().isBefore(since)) {
                    recent.add(file);
                }
            }
        } catch (SdkException e) {
            throw new DataJobException(
                    folder.uri(),
                    0,
                    "The export's folder " + folder.uri() + " could not be listed: " + e.getMessage()
                            + "; the job itself is ACTIVE, so list the folder again once S3 answers",
                    e);
        }
        List<ExportedFile> files = named.isEmpty() ? recent : named;
        files.sort(Comparator.comparing(f -> f.location().key()));
        return files;
    }

    /** Builder of {@link DatasetExporter}; not thread-safe. */
    public static final class Builder {
        private @Nullable PersonalizeClient personalize;
        private @Nullable S3Client s3;
        private @Nullable ResourceWaiter waiter;
        private @Nullable Clock clock;

        private Builder() {}

        /**
         * Sets the control-plane client (required). It is borrowed: the exporter never closes it.
         *
         * @param personalizeClient the client
         * @return this builder
         */
        public Builder personalizeClient(PersonalizeClient personalizeClient) {
            this.personalize = Objects.requireNonNull(personalizeClient, "personalizeClient");
            return this;
        }

        /**
         * Sets the S3 client the files are listed with (required). It is borrowed: the exporter never closes it.
         *
         * @param s3Client the client
         * @return this builder
         */
        public Builder s3Client(S3Client s3Client) {
            this.s3 = Objects.requireNonNull(s3Client, "s3Client");
            return this;
        }

        /**
         * Sets the waiter the job is awaited with (by default one with the default policies per export). It is
         * borrowed: the exporter never closes it. Its clock is the exporter's too, unless {@link #clock} is set.
         *
         * @param waiter the waiter, for example {@code local.resourceWaiter()} on personalize-local
         * @return this builder
         */
        public Builder resourceWaiter(ResourceWaiter waiter) {
            this.waiter = Objects.requireNonNull(waiter, "waiter");
            return this;
        }

        /**
         * Sets the clock that names jobs by default and measures {@link DatasetExport#elapsed()}; defaults to the
         * waiter's, else the system UTC clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the exporter.
         *
         * @return the exporter
         * @throws NullPointerException when a client is missing
         */
        public DatasetExporter build() {
            return new DatasetExporter(this);
        }
    }
}
