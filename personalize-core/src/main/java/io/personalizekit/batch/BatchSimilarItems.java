package io.personalizekit.batch;

import io.personalizekit.exception.BatchDataException;
import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.internal.waiters.IdempotentCreate;
import io.personalizekit.resource.BatchInferenceJobRef;
import io.personalizekit.resource.ResourceStatus;
import io.personalizekit.resource.ResourceType;
import io.personalizekit.storage.DatasetUploader;
import io.personalizekit.waiter.ResourceWaiter;
import io.personalizekit.waiter.Sleeper;
import io.personalizekit.waiter.WaitPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.BatchInferenceJob;
import software.amazon.awssdk.services.personalize.model.BatchInferenceJobSummary;
import software.amazon.awssdk.services.personalize.model.CreateBatchInferenceJobRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs related-items batch inference jobs (Similar-Items, SIMS, Semantic-Similarity) end to end: upload the JSON
 * Lines input, {@code CreateBatchInferenceJob}, wait, and stream the output into {@link BatchResult}s.
 *
 * <pre>{@code
 * BatchSimilarItems batch = BatchSimilarItems.builder()
 *         .personalizeClient(personalize)                       // borrowed, never closed
 *         .s3Client(s3)                                         // borrowed, never closed
 *         .roleArn("arn:aws:iam::123456789012:role/PersonalizeBatch")
 *         .build();
 * BatchJob job = batch.run(r -> r.jobName("catalog-2026-11-28")
 *                 .solutionVersion(deployment.solutionVersion()) // no campaign needed
 *                 .numResults(25)
 *                 .input(S3Location.parse("s3://my-bucket/batch/in/items.json"))
 *                 .outputPrefix(S3Location.parse("s3://my-bucket/batch/out/")),
 *         catalogItemIds);
 * long n = batch.forEachResult(job, r -> store.put(r.itemId(), r.recommendedItems()));
 * }</pre>
 *
 * <p>The steps are also available one by one: {@link #start}, {@link #await}, {@link #openResults}. Waiting goes
 * through the toolkit's {@link ResourceWaiter} (the {@linkplain WaitPolicy#defaultFor batch inference job
 * policy}, or {@link Builder#waitPolicy}); pass your own with {@link Builder#resourceWaiter}, or replace waiting
 * altogether with a {@link BatchJobAwaiter}. Batch jobs typically take tens of minutes.
 *
 * <p>The role ({@link Builder#roleArn}) must let Personalize read the input and write the output: see {@link
 * io.personalizekit.storage.PersonalizeS3Policies} with {@code allowWrite(true)}.
 *
 * <p>Thread-safe. Holds no resources of its own (both clients are borrowed), so it is not {@code AutoCloseable}.
 */
public final class BatchSimilarItems {
    private static final Logger log = LoggerFactory.getLogger(BatchSimilarItems.class);
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:([a-z\\d-]+):iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    private static final String RESOURCE_TYPE = "batch inference job";

    private final PersonalizeClient personalize;
    private final S3Client s3;
    private final String roleArn;
    private final BatchJobAwaiter awaiter;
    private final DatasetUploader uploader;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration visibility;
    private final WaitPolicy createPolicy;

    private BatchSimilarItems(Builder b) {
        this.personalize = Objects.requireNonNull(b.personalizeClient, "personalizeClient");
        this.s3 = Objects.requireNonNull(b.s3Client, "s3Client");
        this.roleArn = Objects.requireNonNull(b.roleArn, "roleArn");
        this.awaiter =
                b.awaiter != null ? b.awaiter : resourceWaiterAwaiter(personalize, b.resourceWaiter, b.waitPolicy);
        this.uploader = DatasetUploader.builder().s3Client(s3).build();
        ResourceWaiter w = b.resourceWaiter;
        this.clock = w != null ? w.clock() : Clock.systemUTC();
        this.sleeper = w != null ? w.sleeper() : Sleeper.system();
        this.visibility = w != null ? w.notFoundGrace() : Duration.ofSeconds(10);
        this.createPolicy = b.waitPolicy != null
                ? b.waitPolicy
                : w != null
                        ? w.policyFor(ResourceType.BATCH_INFERENCE_JOB)
                        : WaitPolicy.defaultFor(ResourceType.BATCH_INFERENCE_JOB);
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private static BatchJobAwaiter resourceWaiterAwaiter(
            PersonalizeClient personalize, @Nullable ResourceWaiter borrowed, @Nullable WaitPolicy policy) {
        return arn -> {
            BatchInferenceJobRef ref = BatchInferenceJobRef.of(arn);
            if (borrowed != null) {
                waitWith(borrowed, ref, policy);
                return;
            }
            try (ResourceWaiter own = ResourceWaiter.create(personalize)) {
                waitWith(own, ref, policy);
            }
        };
    }

    private static void waitWith(ResourceWaiter waiter, BatchInferenceJobRef ref, @Nullable WaitPolicy policy) {
        if (policy == null) {
            waiter.waitUntilActive(ref);
        } else {
            waiter.waitUntilActive(ref, policy);
        }
    }

    /**
     * Uploads the request's {@linkplain BatchSimilarItemsRequest#inputFile() input file} (when set) and calls
     * {@code CreateBatchInferenceJob}. Does not wait.
     *
     * <p>A job is started once even when a reply is lost: after a failure that leaves open whether the service
     * started it (a 5xx answer, a connection reset or closed, a timeout), or a {@code
     * ResourceAlreadyExistsException} met by the SDK's retry of such a call, the solution version's jobs are listed
     * and a job of this name, input and output created since the request started is adopted; only when none shows
     * up within the waiter's not-found grace period is the call sent again. Such failures count against the wait
     * policy's {@linkplain WaitPolicy#errorBudget() error budget}.
     *
     * @param request what to run
     * @return the started job, with status {@code PENDING} (the status every new job starts in)
     * @throws io.personalizekit.exception.S3UploadException when uploading the input fails
     * @throws software.amazon.awssdk.services.personalize.model.PersonalizeException when the service rejects the
     *     job (for example {@code ResourceAlreadyExistsException} for a name used by an earlier job, {@code
     *     LimitExceededException} beyond 5 pending or running jobs)
     */
    public BatchJob start(BatchSimilarItemsRequest request) {
        Objects.requireNonNull(request, "request");
        request.inputFile().ifPresent(file -> uploader.upload(file, request.input()));
        CreateBatchInferenceJobRequest.Builder create = CreateBatchInferenceJobRequest.builder()
                .jobName(request.jobName())
                .solutionVersionArn(request.solutionVersionArn())
                .roleArn(roleArn)
                .jobInput(i -> i.s3DataSource(s -> s.path(request.input().uri())))
                .jobOutput(o ->
                        o.s3DataDestination(d -> d.path(request.outputPrefix().uri())));
        request.numResults().ifPresent(create::numResults);
        request.filterArn().ifPresent(create::filterArn);
        CreateBatchInferenceJobRequest call = create.build();
        Instant sent = clock.instant();
        String arn = new IdempotentCreate(
                        RESOURCE_TYPE + " " + request.jobName(), clock, sleeper, createPolicy, visibility)
                .run(
                        () -> personalize.createBatchInferenceJob(call).batchInferenceJobArn(),
                        () -> findStarted(request, sent));
        log.info("Started {} {} ({} -> {})", RESOURCE_TYPE, arn, request.input(), request.outputPrefix());
        return BatchJob.of(arn, request.jobName(), "PENDING", request.input(), request.resultsLocation());
    }

    /**
     * The job this request started, when its reply was lost: same name, same solution version, input and output,
     * created no earlier than the request's start less 5 minutes (the clock skew AWS accepts in signed requests).
     * An older job of that name is someone else's, or an earlier run's: its {@code ResourceAlreadyExistsException}
     * stands.
     */
    private Optional<String> findStarted(BatchSimilarItemsRequest request, Instant sent) {
        Instant notBefore = sent.minus(Duration.ofMinutes(5));
        for (BatchInferenceJobSummary j : personalize
                .listBatchInferenceJobsPaginator(r -> r.solutionVersionArn(request.solutionVersionArn()))
                .batchInferenceJobs()) {
            if (!request.jobName().equals(j.jobName())
                    || j.creationDateTime() != null && j.creationDateTime().isBefore(notBefore)) {
                continue;
            }
            BatchInferenceJob d = personalize
                    .describeBatchInferenceJob(r -> r.batchInferenceJobArn(j.batchInferenceJobArn()))
                    .batchInferenceJob();
            boolean sameInput = d.jobInput() != null
                    && d.jobInput().s3DataSource() != null
                    && request.input().uri().equals(d.jobInput().s3DataSource().path());
            boolean sameOutput = d.jobOutput() != null
                    && d.jobOutput().s3DataDestination() != null
                    && request.outputPrefix()
                            .uri()
                            .equals(d.jobOutput().s3DataDestination().path());
            if (sameInput && sameOutput) {
                return Optional.of(j.batchInferenceJobArn());
            }
        }
        return Optional.empty();
    }

    /**
     * {@link #start(BatchSimilarItemsRequest)} with a request built by a consumer.
     *
     * @param request sets up the request
     * @return the started job
     */
    public BatchJob start(Consumer<BatchSimilarItemsRequest.Builder> request) {
        return start(build(request));
    }

    /**
     * Waits for a job through the awaiter, then describes it once and checks that it is {@code ACTIVE}.
     *
     * @param job the job
     * @return the job with its final status
     * @throws ResourceFailedException when the job ended in {@code CREATE FAILED} (with the service's {@code
     *     failureReason})
     * @throws io.personalizekit.exception.WaitTimeoutException when the wait policy's timeout passes
     * @throws io.personalizekit.exception.WaitInterruptedException when the thread is interrupted while waiting
     * @throws IllegalStateException when a custom awaiter returned before the job was terminal
     */
    public BatchJob await(BatchJob job) {
        Objects.requireNonNull(job, "job");
        awaiter.await(job.arn());
        BatchInferenceJob described = personalize
                .describeBatchInferenceJob(r -> r.batchInferenceJobArn(job.arn()))
                .batchInferenceJob();
        String status = described == null ? null : described.status();
        ResourceStatus observed = ResourceStatus.fromValue(status);
        if (observed.isFailure()) {
            throw new ResourceFailedException(
                    job.arn(), RESOURCE_TYPE, String.valueOf(status), described.failureReason());
        }
        if (observed != ResourceStatus.ACTIVE) {
            throw new IllegalStateException("The awaiter returned but " + RESOURCE_TYPE + " " + job.arn()
                    + " is in status " + status + ", expected ACTIVE or CREATE FAILED");
        }
        log.info("{} {} is {}; results at {}", RESOURCE_TYPE, job.arn(), status, job.resultsLocation());
        return BatchJob.of(job.arn(), job.jobName(), String.valueOf(status), job.input(), job.resultsLocation());
    }

    /**
     * Starts a job and waits for it: {@code await(start(request))}.
     *
     * @param request what to run
     * @return the finished job
     * @throws ResourceFailedException when the job failed
     * @throws io.personalizekit.exception.WaitTimeoutException when the wait policy's timeout passes
     */
    public BatchJob run(BatchSimilarItemsRequest request) {
        return await(start(request));
    }

    /**
     * {@link #run(BatchSimilarItemsRequest)} with a request built by a consumer.
     *
     * @param request sets up the request
     * @return the finished job
     */
    public BatchJob run(Consumer<BatchSimilarItemsRequest.Builder> request) {
        return run(build(request));
    }

    /**
     * Writes the item ids as JSON Lines to a temporary file, uploads it to the request's input location, runs the
     * job and waits for it. The temporary file is deleted afterwards; a {@linkplain
     * BatchSimilarItemsRequest#inputFile() input file} in the request is ignored.
     *
     * @param request what to run
     * @param itemIds the items to get similar items for
     * @return the finished job
     * @throws IllegalArgumentException when an item id is empty or longer than 256 characters
     * @throws BatchDataException when the temporary input file cannot be written
     * @throws ResourceFailedException when the job failed
     */
    public BatchJob run(BatchSimilarItemsRequest request, Iterable<String> itemIds) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(itemIds, "itemIds");
        Path dir;
        try {
            dir = Files.createTempDirectory("personalize-batch-");
        } catch (IOException e) {
            throw new BatchDataException(null, 0, "Cannot create a temporary directory for the batch input: " + e, e);
        }
        Path file = dir.resolve(request.input().fileName());
        try {
            long lines = BatchInputWriter.writeFile(file, itemIds);
            log.debug("Wrote {} input lines for {} to {}", lines, request.jobName(), file);
            return run(request.copy(b -> b.inputFile(file)));
        } finally {
            try {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // best effort: the OS cleans its temp directory
            }
        }
    }

    /**
     * {@link #run(BatchSimilarItemsRequest, Iterable)} with a request built by a consumer.
     *
     * @param request sets up the request
     * @param itemIds the items to get similar items for
     * @return the finished job
     */
    public BatchJob run(Consumer<BatchSimilarItemsRequest.Builder> request, Iterable<String> itemIds) {
        return run(build(request), itemIds);
    }

    /**
     * Opens the job's output for streaming (the {@code .out} object is read as results are consumed). Close the
     * reader (or the stream it gives) when done.
     *
     * @param job a finished job
     * @return the reader
     * @throws software.amazon.awssdk.services.s3.model.NoSuchKeyException when the output does not exist (yet)
     */
    public BatchOutputReader openResults(BatchJob job) {
        return BatchOutputReader.fromS3(s3, Objects.requireNonNull(job, "job").resultsLocation());
    }

    /**
     * Feeds every result of the job's output to a consumer, for example a cache loader.
     *
     * @param job a finished job
     * @param consumer receives each result in file order
     * @return the number of results
     * @throws BatchDataException for a malformed output line
     */
    public long forEachResult(BatchJob job, Consumer<? super BatchResult> consumer) {
        return openResults(job).forEachResult(consumer);
    }

    private static BatchSimilarItemsRequest build(Consumer<BatchSimilarItemsRequest.Builder> request) {
        BatchSimilarItemsRequest.Builder b = BatchSimilarItemsRequest.builder();
        request.accept(b);
        return b.build();
    }

    /** Builds {@link BatchSimilarItems}. Not thread-safe. */
    public static final class Builder {
        private @Nullable PersonalizeClient personalizeClient;
        private @Nullable S3Client s3Client;
        private @Nullable String roleArn;
        private @Nullable BatchJobAwaiter awaiter;
        private @Nullable ResourceWaiter resourceWaiter;
        private @Nullable WaitPolicy waitPolicy;

        private Builder() {}

        /**
         * The control-plane client (required). Borrowed: never closed by this toolkit.
         *
         * @param client the client
         * @return this builder
         */
        public Builder personalizeClient(PersonalizeClient client) {
            this.personalizeClient = Objects.requireNonNull(client, "personalizeClient");
            return this;
        }

        /**
         * The S3 client that uploads the input and reads the output (required). Borrowed: never closed by this
         * toolkit.
         *
         * @param client the client
         * @return this builder
         */
        public Builder s3Client(S3Client client) {
            this.s3Client = Objects.requireNonNull(client, "s3Client");
            return this;
        }

        /**
         * The IAM role Personalize assumes to read the input and write the output (required).
         *
         * @param roleArn for example {@code arn:aws:iam::123456789012:role/PersonalizeBatch}
         * @return this builder
         * @throws IllegalArgumentException when {@code roleArn} is not an IAM role ARN of at most 256 characters
         */
        public Builder roleArn(String roleArn) {
            Objects.requireNonNull(roleArn, "roleArn");
            if (roleArn.length() > 256 || !ROLE_ARN.matcher(roleArn).matches()) {
                throw new IllegalArgumentException("roleArn '" + roleArn
                        + "' is not an IAM role ARN (arn:<partition>:iam::<12-digit account>:role/<name>)");
            }
            this.roleArn = roleArn;
            return this;
        }

        /**
         * Replaces waiting altogether: {@link #resourceWaiter} and {@link #waitPolicy} are then ignored. Default
         * unset (wait with a {@link ResourceWaiter}).
         *
         * @param awaiter the awaiter, or {@code null} for the default
         * @return this builder
         */
        public Builder awaiter(@Nullable BatchJobAwaiter awaiter) {
            this.awaiter = awaiter;
            return this;
        }

        /**
         * The waiter to wait for jobs with. Borrowed: never closed by this toolkit. Default unset: a waiter is
         * created (with {@link ResourceWaiter#create}) for each wait and closed after it.
         *
         * @param resourceWaiter the waiter, or {@code null} for the default
         * @return this builder
         */
        public Builder resourceWaiter(@Nullable ResourceWaiter resourceWaiter) {
            this.resourceWaiter = resourceWaiter;
            return this;
        }

        /**
         * The wait policy for batch jobs, overriding the waiter's policy for {@code BATCH_INFERENCE_JOB}. Default
         * unset (the waiter's policy).
         *
         * @param waitPolicy the policy, or {@code null} for the waiter's
         * @return this builder
         */
        public Builder waitPolicy(@Nullable WaitPolicy waitPolicy) {
            this.waitPolicy = waitPolicy;
            return this;
        }

        /**
         * The wait policy for batch jobs, built from the batch inference job default.
         *
         * @param waitPolicy changes applied to {@code WaitPolicy.defaultFor(BATCH_INFERENCE_JOB)}
         * @return this builder
         */
        public Builder waitPolicy(Consumer<WaitPolicy.Builder> waitPolicy) {
            return waitPolicy(
                    WaitPolicy.defaultFor(ResourceType.BATCH_INFERENCE_JOB).copy(waitPolicy));
        }

        /**
         * Builds the runner.
         *
         * @return the runner
         * @throws NullPointerException when {@code personalizeClient}, {@code s3Client} or {@code roleArn} is
         *     missing
         */
        public BatchSimilarItems build() {
            return new BatchSimilarItems(this);
        }
    }
}
