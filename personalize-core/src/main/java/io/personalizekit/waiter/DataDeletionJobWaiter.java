package io.personalizekit.waiter;

import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.exception.WaitInterruptedException;
import io.personalizekit.exception.WaitTimeoutException;
import io.personalizekit.resource.ResourceType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.DataDeletionJob;

/**
 * Waits for a data deletion job ({@code CreateDataDeletionJob}) to finish, polling {@code DescribeDataDeletionJob}:
 * {@code PENDING} and {@code IN_PROGRESS} go on, {@code COMPLETED} returns the job, {@code FAILED} throws. Data
 * deletion jobs are not a {@link io.personalizekit.resource.ResourceRef} kind, so they have this waiter of their
 * own, paced by a {@link WaitPolicy} (by default that of dataset import jobs, which take about as long), timed by
 * the injected {@link Clock} and {@link Sleeper}. Throttling, 5xx and network errors of a poll are retried within
 * the policy's error budget. Thread-safe.
 */
public final class DataDeletionJobWaiter {
    private static final Logger log = LoggerFactory.getLogger(DataDeletionJobWaiter.class);
    private static final String KIND = "data deletion job";

    private final PersonalizeClient personalize;
    private final WaitPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;

    private DataDeletionJobWaiter(Builder b) {
        this.personalize = Objects.requireNonNull(b.personalize, "personalizeClient");
        this.policy = b.policy;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
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
     * Waits until the job is {@code COMPLETED}.
     *
     * @param jobArn the job's ARN
     * @return the completed job, as {@code DescribeDataDeletionJob} described it last ({@code numDeleted}, {@code
     *     lastUpdatedDateTime})
     * @throws ResourceFailedException when the job is {@code FAILED}, with its {@code failureReason}
     * @throws WaitTimeoutException when the policy's timeout or attempt limit passes
     * @throws WaitInterruptedException when the thread is interrupted
     */
    public DataDeletionJob waitUntilCompleted(String jobArn) {
        Objects.requireNonNull(jobArn, "jobArn");
        Instant start = clock.instant();
        String last = "(none)";
        int attempts = 0;
        @org.jspecify.annotations.Nullable Instant firstError = null;
        while (true) {
            attempts++;
            try {
                DataDeletionJob job = personalize
                        .describeDataDeletionJob(r -> r.dataDeletionJobArn(jobArn))
                        .dataDeletionJob();
                firstError = null;
                String status = job.status() == null ? "(none)" : job.status();
                if (!status.equals(last)) {
                    log.info("Data deletion job {} is {}", jobArn, status);
                }
                last = status;
                if (status.equals("COMPLETED")) {
                    return job;
                }
                if (status.contains("FAILED")) {
                    throw new ResourceFailedException(jobArn, KIND, status, job.failureReason());
                }
            } catch (SdkServiceException | SdkClientException e) {
                if (!transientError(e)) {
                    throw e;
                }
                Instant now = clock.instant();
                firstError = firstError == null ? now : firstError;
                if (Duration.between(firstError, now).compareTo(policy.errorBudget()) > 0) {
                    throw e;
                }
                log.debug("DescribeDataDeletionJob {} failed, polling again: {}", jobArn, e.toString());
            }
            Duration elapsed = Duration.between(start, clock.instant());
            if (elapsed.compareTo(policy.timeout()) >= 0
                    || (policy.maxAttempts() > 0 && attempts >= policy.maxAttempts())) {
                throw new WaitTimeoutException(jobArn, last, attempts, elapsed);
            }
            try {
                sleeper.sleep(
                        policy.delayAfter(attempts, ThreadLocalRandom.current().nextDouble()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WaitInterruptedException(jobArn, last, attempts, Duration.between(start, clock.instant()), e);
            }
        }
    }

    private static boolean transientError(RuntimeException e) {
        if (e instanceof SdkServiceException s) {
            return s.isThrottlingException() || s.statusCode() >= 500 || s.statusCode() == 429;
        }
        return true; // a network error
    }

    @Override
    public String toString() {
        return "DataDeletionJobWaiter{" + policy + "}";
    }

    /** Builder of {@link DataDeletionJobWaiter}; not thread-safe. */
    public static final class Builder {
        private @org.jspecify.annotations.Nullable PersonalizeClient personalize;
        private WaitPolicy policy = WaitPolicy.defaultFor(ResourceType.DATASET_IMPORT_JOB);
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();

        private Builder() {}

        /**
         * Sets the client to poll with (required); borrowed, never closed.
         *
         * @param personalizeClient the SDK client
         * @return this builder
         */
        public Builder personalizeClient(PersonalizeClient personalizeClient) {
            this.personalize = Objects.requireNonNull(personalizeClient, "personalizeClient");
            return this;
        }

        /**
         * Sets the polling policy; defaults to {@code WaitPolicy.defaultFor(DATASET_IMPORT_JOB)}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(WaitPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Takes the clock, the sleeper and the dataset import job policy of a {@link ResourceWaiter}, so that a
         * waiter configured for an emulator or a test paces this one too.
         *
         * @param waiter the resource waiter
         * @return this builder
         */
        public Builder like(ResourceWaiter waiter) {
            Objects.requireNonNull(waiter, "waiter");
            this.clock = waiter.clock();
            this.sleeper = waiter.sleeper();
            this.policy = waiter.policyFor(ResourceType.DATASET_IMPORT_JOB);
            return this;
        }

        /**
         * Sets the clock that measures the timeout; defaults to the UTC system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets what pauses between polls; defaults to {@link Sleeper#system()}.
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Builds the waiter.
         *
         * @return the waiter
         * @throws NullPointerException when the client is missing
         */
        public DataDeletionJobWaiter build() {
            return new DataDeletionJobWaiter(this);
        }
    }
}
