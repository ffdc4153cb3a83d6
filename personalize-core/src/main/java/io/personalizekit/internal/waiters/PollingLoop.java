package io.personalizekit.internal.waiters;

import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.exception.WaitInterruptedException;
import io.personalizekit.exception.WaitTimeoutException;
import io.personalizekit.resource.ResourceRef;
import io.personalizekit.resource.ResourceStatus;
import io.personalizekit.waiter.Sleeper;
import io.personalizekit.waiter.WaitCondition;
import io.personalizekit.waiter.WaitListener;
import io.personalizekit.waiter.WaitPolicy;
import io.personalizekit.waiter.WaitResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.LimitExceededException;
import software.amazon.awssdk.services.personalize.model.PersonalizeException;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;

/**
 * One wait: polls a resource under a policy, synchronously (with a {@link Sleeper}) or asynchronously (on a
 * scheduler). Not thread-safe; one instance per wait.
 */
public final class PollingLoop {
    private static final Logger log = LoggerFactory.getLogger(PollingLoop.class);
    private static final String NONE = "(none)";

    private final PersonalizeClient client;
    private final ResourceRef ref;
    private final WaitCondition condition;
    private final WaitPolicy policy;
    private final Clock clock;
    private final DoubleSupplier random;
    private final List<WaitListener> listeners;
    private final Duration notFoundGrace;

    private @Nullable Instant start;
    private @Nullable Instant deadline;
    private int attempts;
    private String lastRaw = NONE;
    private @Nullable ResourceStatus lastStatus;
    private @Nullable Instant errorsSince;
    private int failedPolls;

    /**
     * Creates a loop.
     *
     * @param client the control-plane client
     * @param ref the resource
     * @param condition what to wait for
     * @param policy the effective policy
     * @param clock the clock deadlines are measured with
     * @param random jitter source, values in [0, 1)
     * @param listeners progress listeners
     * @param notFoundGrace how long {@code ResourceNotFoundException} counts as "not visible yet"
     */
    public PollingLoop(
            PersonalizeClient client,
            ResourceRef ref,
            WaitCondition condition,
            WaitPolicy policy,
            Clock clock,
            DoubleSupplier random,
            List<WaitListener> listeners,
            Duration notFoundGrace) {
        this.client = client;
        this.ref = ref;
        this.condition = condition;
        this.policy = policy;
        this.clock = clock;
        this.random = random;
        this.listeners = listeners;
        this.notFoundGrace = notFoundGrace;
    }

    /**
     * Waits on the calling thread.
     *
     * @param sleeper pauses between polls
     * @return the result
     */
    public WaitResult runSync(Sleeper sleeper) {
        begin();
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted(null);
            }
            Step step = step();
            if (step.result != null) {
                return step.result;
            }
            try {
                sleeper.sleep(step.delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(e);
            }
        }
    }

    /**
     * Waits on a scheduler. Cancelling the returned future stops the polling.
     *
     * @param scheduler runs the describe calls
     * @return the future result
     */
    public CompletableFuture<WaitResult> runAsync(ScheduledExecutorService scheduler) {
        CompletableFuture<WaitResult> future = new CompletableFuture<>();
        begin();
        Tick tick = new Tick(scheduler, future);
        tick.schedule(Duration.ZERO);
        future.whenComplete((r, t) -> tick.cancel());
        return future;
    }

    private final class Tick implements Runnable {
        private final ScheduledExecutorService scheduler;
        private final CompletableFuture<WaitResult> future;
        private volatile @Nullable ScheduledFuture<?> pending;

        Tick(ScheduledExecutorService scheduler, CompletableFuture<WaitResult> future) {
            this.scheduler = scheduler;
            this.future = future;
        }

        void schedule(Duration delay) {
            pending = scheduler.schedule(this, delay.toNanos(), TimeUnit.NANOSECONDS);
        }

        void cancel() {
            ScheduledFuture<?> p = pending;
            if (p != null) {
                p.cancel(false);
            }
        }

        @Override
        public void run() {
            if (future.isDone()) {
                return;
            }
            try {
                Step step = step();
                if (step.result != null) {
                    future.complete(step.result);
                } else if (!future.isDone()) {
                    schedule(step.delay);
                }
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }
    }

    private void begin() {
        start = clock.instant();
        deadline = start.plus(policy.timeout());
    }

    private Duration elapsed() {
        return Duration.between(start, clock.instant());
    }

    private Step step() {
        attempts++;
        String raw;
        @Nullable String failureReason = null;
        Observation observation = null;
        try {
            observation = ResourceDescriber.describe(client, ref, condition);
        } catch (ResourceNotFoundException e) {
            endErrorRun();
            if (condition == WaitCondition.DELETED) {
                observe(ResourceStatus.DELETED.wireValue());
                log.debug("{} {} is gone after {} attempt(s)", ref.type().displayName(), ref.arn(), attempts);
                return Step.done(WaitResult.of(ref, ResourceStatus.DELETED.wireValue(), null, attempts, elapsed()));
            }
            if (elapsed().compareTo(notFoundGrace) >= 0) {
                throw e;
            }
            log.debug("{} not visible yet (attempt {}); retrying within the grace period", ref.arn(), attempts);
        } catch (AbortedException e) {
            throw interruptedBy(e);
        } catch (PersonalizeException e) {
            if (isThrottling(e)) {
                return rideOut(e, "throttled");
            }
            if (!Failures.isTransient(e)) {
                throw e;
            }
            return rideOut(e, Failures.describe(e));
        } catch (SdkClientException e) {
            if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                throw interruptedBy(e);
            }
            if (!Failures.isTransient(e)) {
                throw e;
            }
            return rideOut(e, Failures.describe(e));
        }
        if (observation != null) {
            endErrorRun();
            raw = observation.rawStatus() == null ? "UNKNOWN" : observation.rawStatus();
            failureReason = observation.failureReason();
            ResourceStatus status = observe(raw);
            if (condition != WaitCondition.DELETED) {
                ResourceStatus wanted =
                        condition == WaitCondition.INACTIVE ? ResourceStatus.INACTIVE : ResourceStatus.ACTIVE;
                if (status == wanted) {
                    return Step.done(WaitResult.of(ref, raw, observation.response(), attempts, elapsed()));
                }
                if (status.isFailure() || status.isDeleting()) {
                    throw new ResourceFailedException(ref.arn(), ref.type().displayName(), raw, failureReason);
                }
            }
        }
        return next(null, null);
    }

    /** A describe call failed with an error that may pass: poll again, unless the error budget is spent. */
    private Step rideOut(RuntimeException e, String reason) {
        Instant now = clock.instant();
        if (errorsSince == null) {
            errorsSince = now;
        }
        failedPolls++;
        Duration failingFor = Duration.between(errorsSince, now);
        Duration budget = policy.errorBudget();
        if (failingFor.compareTo(budget) >= 0) {
            throw e;
        }
        String line = "riding out errors: " + failedPolls + (failedPolls == 1 ? " failed poll" : " failed polls")
                + " in " + human(failingFor) + " (" + reason + "); budget " + human(budget);
        if (failedPolls == 1) {
            log.warn("{} {}: {}. Last error: {}", ref.type().displayName(), ref.arn(), line, e.getMessage());
        } else {
            log.info("{} {}: {}", ref.type().displayName(), ref.arn(), line);
        }
        notifyPolled("(" + line + ")");
        for (WaitListener l : listeners) {
            l.onPollFailed(ref, e, failedPolls, failingFor, budget);
        }
        return next(e, budget.minus(failingFor));
    }

    private void endErrorRun() {
        if (errorsSince != null) {
            log.info(
                    "{} {}: describe calls succeed again after {} failed poll(s) in {}",
                    ref.type().displayName(),
                    ref.arn(),
                    failedPolls,
                    human(Duration.between(errorsSince, clock.instant())));
            errorsSince = null;
            failedPolls = 0;
        }
    }

    /** The pause before the next poll, or a timeout when the deadline or the attempt budget is reached. */
    private Step next(@Nullable RuntimeException error, @Nullable Duration budgetLeft) {
        Instant now = clock.instant();
        Duration elapsed = Duration.between(start, now);
        if (attempts >= policy.maxAttempts() || !now.isBefore(deadline)) {
            WaitTimeoutException timeout = new WaitTimeoutException(ref.arn(), lastRaw, attempts, elapsed);
            if (error != null) {
                timeout.addSuppressed(error);
            }
            throw timeout;
        }
        Duration delay = policy.delayAfter(attempts, random.getAsDouble());
        Duration remaining = Duration.between(now, deadline);
        if (delay.compareTo(remaining) > 0) {
            delay = remaining;
        }
        if (budgetLeft != null && delay.compareTo(budgetLeft) > 0) {
            delay = budgetLeft;
        }
        log.debug(
                "Waiting for {} {}: status={}, attempt={}, nextDelay={}",
                ref.type().displayName(),
                ref.arn(),
                lastRaw,
                attempts,
                delay);
        return Step.next(delay);
    }

    /** A duration for a progress line: {@code 4.2 s}, {@code 10 min}, {@code 2.5 h}. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        if (ms < 3_600_000) {
            return ms % 60_000 == 0 ? ms / 60_000 + " min" : String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
        }
        return ms % 3_600_000 == 0 ? ms / 3_600_000 + " h" : String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
    }

    private ResourceStatus observe(String raw) {
        ResourceStatus status = ResourceStatus.fromValue(raw);
        lastRaw = raw;
        notifyPolled(raw);
        if (status != lastStatus) {
            lastStatus = status;
            log.info("{} {} is {}", ref.type().displayName(), ref.arn(), raw);
            for (WaitListener l : listeners) {
                l.onStatusChanged(ref, status, raw);
            }
        }
        return status;
    }

    private void notifyPolled(String raw) {
        Duration elapsed = elapsed();
        for (WaitListener l : listeners) {
            l.onPolled(ref, raw, attempts, elapsed);
        }
    }

    private static boolean isThrottling(PersonalizeException e) {
        return e.isThrottlingException() || e instanceof LimitExceededException;
    }

    private WaitInterruptedException interruptedBy(SdkClientException e) {
        Thread.currentThread().interrupt();
        return interrupted(e);
    }

    private WaitInterruptedException interrupted(@Nullable Throwable cause) {
        return new WaitInterruptedException(ref.arn(), lastRaw, attempts, elapsed(), cause);
    }

    private static final class Step {
        final @Nullable WaitResult result;
        final Duration delay;

        private Step(@Nullable WaitResult result, Duration delay) {
            this.result = result;
            this.delay = delay;
        }

        static Step done(WaitResult result) {
            return new Step(result, Duration.ZERO);
        }

        static Step next(Duration delay) {
            return new Step(null, delay);
        }
    }
}
