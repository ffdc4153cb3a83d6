package io.personalizekit.internal.batch;

import io.personalizekit.batch.BatchJobAwaiter;
import io.personalizekit.exception.PersonalizeKitException;
import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.exception.WaitTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.BatchInferenceJob;

/**
 * The default {@link BatchJobAwaiter}: polls {@code DescribeBatchInferenceJob} on a scheduler at a fixed interval
 * until the job is {@code ACTIVE} (returns), {@code CREATE FAILED} (throws {@link ResourceFailedException}) or the
 * timeout passes (throws {@link WaitTimeoutException} with the last status). No thread sleeps: each poll is a
 * scheduled task and the caller blocks on a future, so an interrupt ends the wait (flag restored).
 *
 * <p>A stop-gap until the toolkit's {@code ResourceWaiter} is wired in as the default.
 */
public final class PollingBatchJobAwaiter implements BatchJobAwaiter {
    static final String RESOURCE_TYPE = "batch inference job";
    private static final Logger log = LoggerFactory.getLogger(PollingBatchJobAwaiter.class);

    private final PersonalizeClient personalize;
    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;

    /**
     * Creates the awaiter.
     *
     * @param personalize the client (borrowed)
     * @param interval the delay between polls
     * @param timeout the overall time budget
     * @param clock the clock the budget is measured with
     */
    public PollingBatchJobAwaiter(PersonalizeClient personalize, Duration interval, Duration timeout, Clock clock) {
        this.personalize = Objects.requireNonNull(personalize, "personalize");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Whether a batch job status means success; tolerant of underscores and case.
     *
     * @param status the status as the service wrote it
     * @return true for {@code ACTIVE}
     */
    public static boolean isActive(@Nullable String status) {
        return "ACTIVE".equals(normalize(status));
    }

    /**
     * Whether a batch job status means failure; tolerant of underscores and case.
     *
     * @param status the status as the service wrote it
     * @return true for {@code CREATE FAILED} (or {@code FAILED})
     */
    public static boolean isFailed(@Nullable String status) {
        String s = normalize(status);
        return "CREATE FAILED".equals(s) || "FAILED".equals(s);
    }

    private static String normalize(@Nullable String status) {
        return status == null ? "" : status.trim().replace('_', ' ').toUpperCase(Locale.ROOT);
    }

    @Override
    public void await(String arn) {
        Instant start = clock.instant();
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "personalize-batch-poll");
            t.setDaemon(true);
            return t;
        });
        try {
            scheduler.execute(new Poll(arn, start, done, scheduler));
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersonalizeKitException("Interrupted while waiting for " + RESOURCE_TYPE + " " + arn, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new PersonalizeKitException("Waiting for " + RESOURCE_TYPE + " " + arn + " failed", cause);
        } finally {
            scheduler.shutdownNow();
        }
    }

    private final class Poll implements Runnable {
        private final String arn;
        private final Instant start;
        private final CompletableFuture<Void> done;
        private final ScheduledExecutorService scheduler;
        private int attempts;

        Poll(String arn, Instant start, CompletableFuture<Void> done, ScheduledExecutorService scheduler) {
            this.arn = arn;
            this.start = start;
            this.done = done;
            this.scheduler = scheduler;
        }

        @Override
        public void run() {
            try {
                attempts++;
                BatchInferenceJob job = personalize
                        .describeBatchInferenceJob(r -> r.batchInferenceJobArn(arn))
                        .batchInferenceJob();
                String status = job == null ? null : job.status();
                Duration elapsed = Duration.between(start, clock.instant());
                log.debug(
                        "Polled {} {}: status={} attempt={} elapsed={}", RESOURCE_TYPE, arn, status, attempts, elapsed);
                if (isActive(status)) {
                    done.complete(null);
                } else if (isFailed(status)) {
                    done.completeExceptionally(new ResourceFailedException(
                            arn, RESOURCE_TYPE, String.valueOf(status), job == null ? null : job.failureReason()));
                } else if (elapsed.compareTo(timeout) >= 0) {
                    done.completeExceptionally(
                            new WaitTimeoutException(arn, String.valueOf(status), attempts, elapsed));
                } else {
                    scheduler.schedule(this, interval.toNanos(), TimeUnit.NANOSECONDS);
                }
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }
    }
}
