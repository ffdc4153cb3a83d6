package io.personalizekit.waiter;

import io.personalizekit.exception.ResourceFailedException;
import io.personalizekit.exception.WaitInterruptedException;
import io.personalizekit.exception.WaitTimeoutException;
import io.personalizekit.internal.observe.SafeListener;
import io.personalizekit.internal.waiters.PollingLoop;
import io.personalizekit.observe.PersonalizeKitListener;
import io.personalizekit.observe.WaitEvent;
import io.personalizekit.observe.WaitOutcome;
import io.personalizekit.resource.CampaignRef;
import io.personalizekit.resource.DatasetRef;
import io.personalizekit.resource.ResourceRef;
import io.personalizekit.resource.ResourceType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.personalize.PersonalizeClient;

/**
 * Waits until a Personalize resource reaches a terminal status, the waiter the AWS SDKs do not ship.
 *
 * <pre>{@code
 * try (ResourceWaiter waiter = ResourceWaiter.create(personalize)) {
 *     WaitResult r = waiter.waitUntilActive(SolutionVersionRef.of(arn));
 *     DescribeSolutionVersionResponse d = r.response(DescribeSolutionVersionResponse.class);
 * }
 * }</pre>
 *
 * <p>Each wait describes the resource at once, then after each delay of its {@link WaitPolicy}, until:
 *
 * <ul>
 *   <li>{@code ACTIVE}: returns a {@link WaitResult};
 *   <li>{@code CREATE FAILED} / {@code CREATE STOPPED} (or a delete under way): throws {@link
 *       io.personalizekit.exception.ResourceFailedException} with the ARN, type, status and the service's {@code
 *       failureReason};
 *   <li>the policy's deadline or attempt budget: throws {@link io.personalizekit.exception.WaitTimeoutException}
 *       with the last status seen;
 *   <li>an interrupt: restores the interrupt flag and throws {@link
 *       io.personalizekit.exception.WaitInterruptedException} at once.
 * </ul>
 *
 * <p>Describe calls that fail, once the SDK's own retries are spent, with an error that may pass (throttling or
 * {@code LimitExceededException}, a 5xx answer, a connection refused or reset, a timeout) are ridden out: the wait
 * keeps polling with the policy's backoff for up to the policy's {@linkplain WaitPolicy#errorBudget() error
 * budget} of consecutive failures, reporting each to {@link WaitListener#onPollFailed} and as a {@code "(riding out
 * errors: ...)"} progress line to {@link WaitListener#onPolled}, so a 12-hour training survives an endpoint or
 * network blip. Past the budget the last error is thrown. {@code ResourceNotFoundException} is retried within a short grace period (the
 * service is eventually consistent right after a create) and ends a {@link WaitCondition#DELETED} wait
 * successfully. Status changes are logged once at INFO, every poll at DEBUG.
 *
 * <p>A {@link Builder#listener(PersonalizeKitListener) PersonalizeKitListener} is told when each wait ends, with the
 * resource type, the outcome and the duration by the waiter's clock.
 *
 * <p>Thread-safe: one waiter may run many waits at once. The {@link PersonalizeClient} and any scheduler passed in
 * are borrowed and never closed; {@link #close()} shuts down only the scheduler the waiter created itself for
 * asynchronous waits.
 */
public final class ResourceWaiter implements AutoCloseable {
    private final PersonalizeClient client;
    private final Clock clock;
    private final Sleeper sleeper;
    private final WaitListener listener;
    private final PersonalizeKitListener observer;
    private final Map<ResourceType, WaitPolicy> policies;
    private final Duration notFoundGrace;
    private final @Nullable ScheduledExecutorService borrowedScheduler;
    private @Nullable ScheduledExecutorService ownedScheduler;

    private ResourceWaiter(Builder b) {
        this.client = Objects.requireNonNull(b.client, "personalizeClient");
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.listener = b.listener;
        this.observer = SafeListener.wrap(b.observer);
        this.policies = new EnumMap<>(b.policies);
        this.notFoundGrace = b.notFoundGrace;
        this.borrowedScheduler = b.scheduler;
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A waiter with default policies, the system clock and real sleeping.
     *
     * @param personalizeClient the control-plane client; borrowed, never closed by the waiter
     * @return the waiter
     */
    public static ResourceWaiter create(PersonalizeClient personalizeClient) {
        return builder().personalizeClient(personalizeClient).build();
    }

    /**
     * The policy used for a type when a call passes none: the one configured on this waiter, else the built-in
     * default.
     *
     * @param type the resource type
     * @return the effective policy
     */
    public WaitPolicy policyFor(ResourceType type) {
        WaitPolicy p = policies.get(type);
        return p != null ? p : WaitPolicy.defaultFor(type);
    }

    /**
     * The clock this waiter measures time with.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * How long after a create a {@code ResourceNotFoundException} (or a {@code List*} call that does not show the
     * new resource yet) counts as "not visible yet" rather than "not there".
     *
     * @return the grace period
     */
    public Duration notFoundGrace() {
        return notFoundGrace;
    }

    /**
     * The sleeper this waiter pauses with.
     *
     * @return the sleeper
     */
    public Sleeper sleeper() {
        return sleeper;
    }

    /**
     * Waits until the resource is {@code ACTIVE}, with the type's policy.
     *
     * @param ref the resource
     * @return the result
     * @throws io.personalizekit.exception.ResourceFailedException on {@code CREATE FAILED} / {@code CREATE STOPPED}
     * @throws io.personalizekit.exception.WaitTimeoutException when the deadline passes
     * @throws io.personalizekit.exception.WaitInterruptedException when the thread is interrupted
     */
    public WaitResult waitUntilActive(ResourceRef ref) {
        return await(ref, WaitCondition.ACTIVE, null, null);
    }

    /**
     * Waits until the resource is {@code ACTIVE}, with a policy for this call only.
     *
     * @param ref the resource
     * @param policy the policy for this call
     * @return the result
     * @throws io.personalizekit.exception.ResourceFailedException on {@code CREATE FAILED} / {@code CREATE STOPPED}
     * @throws io.personalizekit.exception.WaitTimeoutException when the deadline passes
     * @throws io.personalizekit.exception.WaitInterruptedException when the thread is interrupted
     */
    public WaitResult waitUntilActive(ResourceRef ref, WaitPolicy policy) {
        return await(ref, WaitCondition.ACTIVE, Objects.requireNonNull(policy, "policy"), null);
    }

    /**
     * Waits until the resource is {@code ACTIVE}, with the type's policy changed by {@code policy} for this call.
     *
     * @param ref the resource
     * @param policy changes to the type's effective policy, for example {@code p -> p.timeout(ofHours(1))}
     * @return the result
     * @throws io.personalizekit.exception.ResourceFailedException on {@code CREATE FAILED} / {@code CREATE STOPPED}
     * @throws io.personalizekit.exception.WaitTimeoutException when the deadline passes
     * @throws io.personalizekit.exception.WaitInterruptedException when the thread is interrupted
     */
    public WaitResult waitUntilActive(ResourceRef ref, Consumer<WaitPolicy.Builder> policy) {
        return await(ref, WaitCondition.ACTIVE, policyFor(ref.type()).copy(policy), null);
    }

    /**
     * Waits until the resource is gone (the service answers {@code ResourceNotFoundException}). Call after the
     * {@code Delete*} request; a resource that is already gone returns at once.
     *
     * @param ref the resource
     * @return a result with status {@code DELETED} and no response
     * @throws io.personalizekit.exception.WaitTimeoutException when the deadline passes
     * @throws io.personalizekit.exception.WaitInterruptedException when the thread is interrupted
     */
    public WaitResult waitUntilDeleted(ResourceRef ref) {
        return await(ref, WaitCondition.DELETED, null, null);
    }

    /**
     * Waits until a campaign's latest update ({@code latestCampaignUpdate.status}) is {@code ACTIVE}.
     *
     * @param ref the campaign
     * @return the result; its response is the final {@code DescribeCampaignResponse}
     * @throws io.personalizekit.exception.ResourceFailedException when the update fails, with its {@code
     *     failureReason}
     * @throws io.personalizekit.exception.WaitTimeoutException when the deadline passes
     * @throws io.personalizekit.exception.WaitInterruptedException when the thread is interrupted
     */
    public WaitResult waitUntilCampaignUpdated(CampaignRef ref) {
        return await(ref, WaitCondition.CAMPAIGN_UPDATED, null, null);
    }

    /**
     * Waits until a dataset's latest update ({@code latestDatasetUpdate.status}) is {@code ACTIVE}.
     *
     * @param ref the dataset
     * @return the result; its response is the final {@code DescribeDatasetResponse}
     * @throws io.personalizekit.exception.ResourceFailedException when the update fails, with its {@code
     *     failureReason}
     * @throws io.personalizekit.exception.WaitTimeoutException when the deadline passes
     * @throws io.personalizekit.exception.WaitInterruptedException when the thread is interrupted
     */
    public WaitResult waitUntilDatasetUpdated(DatasetRef ref) {
        return await(ref, WaitCondition.DATASET_UPDATED, null, null);
    }

    /**
     * The general form of every wait: waits on the calling thread.
     *
     * @param ref the resource
     * @param condition what to wait for
     * @param policy the policy for this call, or {@code null} for {@link #policyFor(ResourceType)}
     * @param callListener a listener for this call only (in addition to the waiter's), or {@code null}
     * @return the result
     * @throws IllegalArgumentException if the condition does not apply to the resource type
     * @throws io.personalizekit.exception.ResourceFailedException on a failed terminal status
     * @throws io.personalizekit.exception.WaitTimeoutException when the deadline passes
     * @throws io.personalizekit.exception.WaitInterruptedException when the thread is interrupted
     */
    public WaitResult await(
            ResourceRef ref,
            WaitCondition condition,
            @Nullable WaitPolicy policy,
            @Nullable WaitListener callListener) {
        PollingLoop loop = loop(ref, condition, policy, callListener);
        if (observer == PersonalizeKitListener.NONE) {
            return loop.runSync(sleeper);
        }
        Instant start = clock.instant();
        WaitResult result;
        try {
            result = loop.runSync(sleeper);
        } catch (RuntimeException | Error e) {
            ended(ref, condition, start, e);
            throw e;
        }
        ended(ref, condition, start, null);
        return result;
    }

    private void ended(ResourceRef ref, WaitCondition condition, Instant start, @Nullable Throwable error) {
        Duration took = Duration.between(start, clock.instant());
        observer.onWaitCompleted(
                new WaitEvent(ref, condition, outcome(error), took.isNegative() ? Duration.ZERO : took, error));
    }

    private static WaitOutcome outcome(@Nullable Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e == null) {
            return WaitOutcome.SUCCEEDED;
        }
        if (e instanceof ResourceFailedException) {
            return WaitOutcome.FAILED;
        }
        if (e instanceof WaitTimeoutException) {
            return WaitOutcome.TIMED_OUT;
        }
        if (e instanceof WaitInterruptedException || e instanceof CancellationException) {
            return WaitOutcome.INTERRUPTED;
        }
        return WaitOutcome.ERROR;
    }

    /**
     * Waits until the resource is {@code ACTIVE}, asynchronously. Cancelling the future stops the polling.
     *
     * @param ref the resource
     * @return a future completing with the result, or exceptionally with the exceptions of {@link
     *     #waitUntilActive(ResourceRef)}
     */
    public CompletableFuture<WaitResult> waitUntilActiveAsync(ResourceRef ref) {
        return awaitAsync(ref, WaitCondition.ACTIVE, null, null);
    }

    /**
     * Waits until the resource is {@code ACTIVE}, asynchronously, with a policy for this call only.
     *
     * @param ref the resource
     * @param policy the policy for this call
     * @return a future completing with the result
     */
    public CompletableFuture<WaitResult> waitUntilActiveAsync(ResourceRef ref, WaitPolicy policy) {
        return awaitAsync(ref, WaitCondition.ACTIVE, Objects.requireNonNull(policy, "policy"), null);
    }

    /**
     * The general form of every asynchronous wait. Describe calls run on the scheduler given to the builder, or on
     * one daemon thread this waiter creates (and {@link #close() closes}). Cancelling the future stops the
     * polling.
     *
     * @param ref the resource
     * @param condition what to wait for
     * @param policy the policy for this call, or {@code null} for {@link #policyFor(ResourceType)}
     * @param callListener a listener for this call only, or {@code null}
     * @return a future completing with the result
     * @throws IllegalArgumentException if the condition does not apply to the resource type
     */
    public CompletableFuture<WaitResult> awaitAsync(
            ResourceRef ref,
            WaitCondition condition,
            @Nullable WaitPolicy policy,
            @Nullable WaitListener callListener) {
        PollingLoop loop = loop(ref, condition, policy, callListener);
        if (observer == PersonalizeKitListener.NONE) {
            return loop.runAsync(scheduler());
        }
        Instant start = clock.instant();
        CompletableFuture<WaitResult> future = loop.runAsync(scheduler());
        future.whenComplete((r, e) -> ended(ref, condition, start, e));
        return future;
    }

    private PollingLoop loop(
            ResourceRef ref,
            WaitCondition condition,
            @Nullable WaitPolicy policy,
            @Nullable WaitListener callListener) {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(condition, "condition");
        if (condition == WaitCondition.CAMPAIGN_UPDATED && ref.type() != ResourceType.CAMPAIGN
                || condition == WaitCondition.DATASET_UPDATED && ref.type() != ResourceType.DATASET
                || condition == WaitCondition.SOLUTION_UPDATED && ref.type() != ResourceType.SOLUTION
                || (condition == WaitCondition.RECOMMENDER_UPDATED || condition == WaitCondition.INACTIVE)
                        && ref.type() != ResourceType.RECOMMENDER) {
            throw new IllegalArgumentException(
                    condition + " does not apply to a " + ref.type().displayName());
        }
        List<WaitListener> listeners = new ArrayList<>(2);
        listeners.add(listener);
        if (callListener != null) {
            listeners.add(callListener);
        }
        return new PollingLoop(
                client,
                ref,
                condition,
                policy != null ? policy : policyFor(ref.type()),
                clock,
                () -> ThreadLocalRandom.current().nextDouble(),
                listeners,
                notFoundGrace);
    }

    private synchronized ScheduledExecutorService scheduler() {
        if (borrowedScheduler != null) {
            return borrowedScheduler;
        }
        if (ownedScheduler == null) {
            ownedScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "personalize-kit-waiter");
                t.setDaemon(true);
                return t;
            });
        }
        return ownedScheduler;
    }

    /** Shuts down the scheduler this waiter created for asynchronous waits, if any. Idempotent. */
    @Override
    public synchronized void close() {
        if (ownedScheduler != null) {
            ownedScheduler.shutdownNow();
            ownedScheduler = null;
        }
    }

    /** Builds a {@link ResourceWaiter}. Not thread-safe. */
    public static final class Builder {
        private @Nullable PersonalizeClient client;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        private WaitListener listener = WaitListener.NONE;
        private PersonalizeKitListener observer = PersonalizeKitListener.NONE;
        private final Map<ResourceType, WaitPolicy> policies = new EnumMap<>(ResourceType.class);
        private Duration notFoundGrace = Duration.ofSeconds(10);
        private @Nullable ScheduledExecutorService scheduler;

        private Builder() {}

        /**
         * Sets the control-plane client (required). It is borrowed: the waiter never closes it.
         *
         * @param personalizeClient the client
         * @return this builder
         */
        public Builder personalizeClient(PersonalizeClient personalizeClient) {
            this.client = Objects.requireNonNull(personalizeClient, "personalizeClient");
            return this;
        }

        /**
         * Sets the clock deadlines are measured with (default: the system UTC clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how synchronous waits pause (default: {@link Sleeper#system()}).
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Sets the scheduler asynchronous waits run on. It is borrowed: the waiter never shuts it down. Default: one
         * daemon thread created on first use and shut down by {@link ResourceWaiter#close()}.
         *
         * @param scheduler the scheduler
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Sets a listener for the progress of every wait.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(WaitListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets a listener told when each wait ends ({@link PersonalizeKitListener#onWaitCompleted}), with the
         * resource, the outcome and the duration; defaults to {@link PersonalizeKitListener#NONE}. Unlike a {@link
         * WaitListener}, which follows every poll, it sees one event per wait; an exception it throws is logged and
         * never reaches the waiting caller.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(PersonalizeKitListener listener) {
            this.observer = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Overrides the built-in default policy for one resource type.
         *
         * @param type the resource type
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(ResourceType type, WaitPolicy policy) {
            policies.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /**
         * Overrides the built-in default policy for one resource type by changing it.
         *
         * @param type the resource type
         * @param policy changes to the built-in default
         * @return this builder
         */
        public Builder policy(ResourceType type, Consumer<WaitPolicy.Builder> policy) {
            return policy(type, WaitPolicy.defaultFor(type).copy(policy));
        }

        /**
         * Sets the same policy for every resource type (for tests and benchmarks, mostly).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policyForAll(WaitPolicy policy) {
            for (ResourceType t : ResourceType.values()) {
                policy(t, policy);
            }
            return this;
        }

        /**
         * Sets how long after the start of a wait a {@code ResourceNotFoundException} is treated as "not visible
         * yet" rather than an error (default 10 s; the service is eventually consistent right after a create).
         *
         * @param notFoundGrace the grace period, zero or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder notFoundGrace(Duration notFoundGrace) {
            if (notFoundGrace.isNegative()) {
                throw new IllegalArgumentException("notFoundGrace must not be negative: " + notFoundGrace);
            }
            this.notFoundGrace = notFoundGrace;
            return this;
        }

        /**
         * Builds the waiter.
         *
         * @return the waiter
         * @throws NullPointerException if no client was set
         */
        public ResourceWaiter build() {
            return new ResourceWaiter(this);
        }
    }
}
