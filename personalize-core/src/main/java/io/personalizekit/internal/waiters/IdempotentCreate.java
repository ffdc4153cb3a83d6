package io.personalizekit.internal.waiters;

import io.personalizekit.exception.WaitInterruptedException;
import io.personalizekit.waiter.Sleeper;
import io.personalizekit.waiter.WaitPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.personalize.model.ResourceAlreadyExistsException;

/**
 * Makes a create call take effect once although replies get lost.
 *
 * <p>When a create fails in a way that leaves open whether the service carried it out (a 5xx answer, a connection
 * reset or closed without an answer, a timeout: {@link Failures.Kind#AMBIGUOUS}), this looks for the resource the
 * call may have made before sending it again: it calls {@code find} at once and again with the policy's backoff
 * until one lookup has <em>succeeded</em> without finding it and the visibility window (the service's eventual
 * consistency after a create) has passed since the failure. Only then is the call sent again. A {@code
 * ResourceAlreadyExistsException} means an earlier send (or a concurrent caller) made it: it is looked for the same
 * way and adopted, or rethrown when it cannot be found. Throttled sends are sent again after a pause without a
 * lookup. Failed sends and failed lookups count against the policy's {@linkplain WaitPolicy#errorBudget() error
 * budget}, measured from the first failure; past it the last error is thrown. Final errors (4xx) are thrown at
 * once.
 *
 * <p>Creates without a client-chosen name must be sent {@linkplain #withoutSdkRetries() without the SDK's own
 * retries}, which would otherwise repeat a call whose reply was lost before this class sees anything. One
 * instance per create; not thread-safe.
 */
public final class IdempotentCreate {
    private static final Logger log = LoggerFactory.getLogger(IdempotentCreate.class);

    private static final AwsRequestOverrideConfiguration NO_SDK_RETRIES = AwsRequestOverrideConfiguration.builder()
            .addPlugin(config -> config.overrideConfiguration(config.overrideConfiguration().toBuilder()
                    .retryStrategy(AwsRetryStrategy.doNotRetry())
                    .build()))
            .build();

    private final String what;
    private final Clock clock;
    private final Sleeper sleeper;
    private final WaitPolicy policy;
    private final Duration visibility;
    private @Nullable Instant errorsSince;
    private int pauses;

    /**
     * Creates one for a single create.
     *
     * @param what names the create in messages, for example {@code "solution version of news-similar"}
     * @param clock measures the error budget and the visibility window
     * @param sleeper pauses between tries
     * @param policy the backoff between tries and the error budget
     * @param visibility how long after a create the service may take to list it
     */
    public IdempotentCreate(String what, Clock clock, Sleeper sleeper, WaitPolicy policy, Duration visibility) {
        this.what = what;
        this.clock = clock;
        this.sleeper = sleeper;
        this.policy = policy;
        this.visibility = visibility;
    }

    /**
     * A request override that turns off the SDK's retries for one call (a per-request plugin setting the client's
     * retry strategy to {@code AwsRetryStrategy.doNotRetry()}).
     *
     * @return the override, for {@code request.overrideConfiguration(..)}
     */
    public static AwsRequestOverrideConfiguration withoutSdkRetries() {
        return NO_SDK_RETRIES;
    }

    /**
     * Sends the create until it takes effect once.
     *
     * @param <T> what identifies the created resource (its ARN)
     * @param send the create call
     * @param find looks for the resource that an earlier send may have created
     * @return the created (or found) resource
     * @throws RuntimeException the create's final error, or its last error once the error budget is spent
     * @throws WaitInterruptedException when interrupted while pausing
     */
    public <T> T run(Supplier<T> send, Supplier<Optional<T>> find) {
        while (true) {
            try {
                return send.get();
            } catch (ResourceAlreadyExistsException e) {
                log.debug("{}: already exists; looking it up", what);
                return look(find, clock.instant(), e).orElseThrow(() -> e);
            } catch (RuntimeException e) {
                Failures.Kind kind = Failures.classify(e);
                if (kind == Failures.Kind.FINAL) {
                    throw e;
                }
                failed(e);
                if (kind == Failures.Kind.AMBIGUOUS) {
                    log.warn(
                            "{}: the create call failed ({}) and may have been carried out; looking for what it"
                                    + " created before sending it again",
                            what,
                            Failures.describe(e));
                    Optional<T> found = look(find, clock.instant(), e);
                    if (found.isPresent()) {
                        log.info("{}: found {}, created by the call whose reply was lost", what, found.get());
                        return found.get();
                    }
                    log.info("{}: not created by the failed call; sending it again", what);
                } else {
                    pause(null, e);
                }
            }
        }
    }

    /**
     * Looks for the resource until found, or until one lookup succeeded without it and the visibility window since
     * {@code failedAt} has passed.
     */
    private <T> Optional<T> look(Supplier<Optional<T>> find, Instant failedAt, RuntimeException cause) {
        Instant visibleBy = failedAt.plus(visibility);
        boolean lookedOk = false;
        while (true) {
            try {
                Optional<T> found = find.get();
                if (found.isPresent()) {
                    return found;
                }
                lookedOk = true;
            } catch (RuntimeException e) {
                if (!Failures.isTransient(e)) {
                    cause.addSuppressed(e);
                    throw cause; // the create's own failure says more than the lookup's
                }
                failed(e);
            }
            Instant now = clock.instant();
            if (lookedOk && !now.isBefore(visibleBy)) {
                return Optional.empty();
            }
            pause(lookedOk ? Duration.between(now, visibleBy) : null, cause);
        }
    }

    /** Starts or continues the run of failures; throws the error when the budget is spent. */
    private void failed(RuntimeException e) {
        Instant now = clock.instant();
        if (errorsSince == null) {
            errorsSince = now;
        }
        if (Duration.between(errorsSince, now).compareTo(policy.errorBudget()) >= 0) {
            throw e;
        }
    }

    private void pause(@Nullable Duration cap, RuntimeException cause) {
        pauses++;
        Duration delay = policy.delayAfter(pauses, ThreadLocalRandom.current().nextDouble());
        if (errorsSince != null) {
            Duration budgetLeft = policy.errorBudget().minus(Duration.between(errorsSince, clock.instant()));
            if (delay.compareTo(budgetLeft) > 0) {
                delay = budgetLeft;
            }
        }
        if (cap != null && delay.compareTo(cap) > 0) {
            delay = cap;
        }
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            Instant since = errorsSince == null ? clock.instant() : errorsSince;
            WaitInterruptedException wie = new WaitInterruptedException(
                    what,
                    "create failed: " + Failures.describe(cause),
                    pauses,
                    Duration.between(since, clock.instant()),
                    ie);
            wie.addSuppressed(cause);
            throw wie;
        }
    }
}
