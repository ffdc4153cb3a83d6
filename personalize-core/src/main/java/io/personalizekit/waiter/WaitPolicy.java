package io.personalizekit.waiter;

import io.personalizekit.resource.ResourceType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How often and for how long to poll: an exponential backoff (initial delay, multiplier, cap) with jitter, an
 * overall timeout, and an optional attempt budget.
 *
 * <p>The first describe call is made at once; the delay before attempt {@code n + 1} is {@code min(maxDelay,
 * initialDelay * multiplier^(n-1))}, varied by {@code ±jitter} (a fraction) and never past the deadline. One last
 * describe is made at the deadline before a {@code WaitTimeoutException}.
 *
 * <p>The <em>error budget</em> is how long a wait rides out describe calls that keep failing, once the SDK's own
 * retries are spent, with a failure that may pass: throttling, a 5xx answer, a connection refused or reset, a
 * timeout. The wait keeps polling with its backoff and reports each failed poll (see {@link
 * WaitListener#onPollFailed}); a successful poll ends the run of failures, and a run of failures that has lasted
 * longer than the budget ends the wait with the last error. Other errors (a 4xx such as access denied, a {@code
 * ResourceNotFoundException} after the not-found grace period) end the wait at once, as does a zero budget for
 * any error. The overall timeout still applies while errors are ridden out.
 *
 * <p>Defaults per resource type ({@link #defaultFor(ResourceType)}); all use multiplier 1.5, jitter 0.1 and no
 * attempt limit:
 *
 * <table>
 *   <caption>Default wait policies</caption>
 *   <tr><th>resource type</th><th>initial delay</th><th>max delay</th><th>timeout</th><th>error budget</th></tr>
 *   <tr><td>dataset group, dataset, schema</td><td>1 s</td><td>10 s</td><td>30 min</td><td>2 min</td></tr>
 *   <tr><td>filter, event tracker, solution, metric attribution</td><td>2 s</td><td>15 s</td><td>1 h</td><td>5 min</td></tr>
 *   <tr><td>dataset import job, dataset export job</td><td>15 s</td><td>60 s</td><td>6 h</td><td>15 min</td></tr>
 *   <tr><td>campaign</td><td>15 s</td><td>60 s</td><td>3 h</td><td>15 min</td></tr>
 *   <tr><td>solution version, batch inference job, recommender</td><td>30 s</td><td>2 min</td><td>12 h</td><td>30 min</td></tr>
 * </table>
 *
 * <p>Precedence: a policy passed to a single wait call &gt; a policy configured on the {@code ResourceWaiter} for
 * the type &gt; the built-in default. Immutable and thread-safe.
 */
public final class WaitPolicy {
    private static final Map<ResourceType, WaitPolicy> DEFAULTS = new EnumMap<>(ResourceType.class);

    static {
        WaitPolicy fast = builder()
                .initialDelay(Duration.ofSeconds(1))
                .maxDelay(Duration.ofSeconds(10))
                .timeout(Duration.ofMinutes(30))
                .errorBudget(Duration.ofMinutes(2))
                .build();
        WaitPolicy medium = builder()
                .initialDelay(Duration.ofSeconds(2))
                .maxDelay(Duration.ofSeconds(15))
                .timeout(Duration.ofHours(1))
                .errorBudget(Duration.ofMinutes(5))
                .build();
        WaitPolicy imports = builder()
                .initialDelay(Duration.ofSeconds(15))
                .maxDelay(Duration.ofSeconds(60))
                .timeout(Duration.ofHours(6))
                .errorBudget(Duration.ofMinutes(15))
                .build();
        WaitPolicy campaign = imports.toBuilder().timeout(Duration.ofHours(3)).build();
        WaitPolicy training = builder()
                .initialDelay(Duration.ofSeconds(30))
                .maxDelay(Duration.ofMinutes(2))
                .timeout(Duration.ofHours(12))
                .errorBudget(Duration.ofMinutes(30))
                .build();
        DEFAULTS.put(ResourceType.DATASET_GROUP, fast);
        DEFAULTS.put(ResourceType.DATASET, fast);
        DEFAULTS.put(ResourceType.SCHEMA, fast);
        DEFAULTS.put(ResourceType.FILTER, medium);
        DEFAULTS.put(ResourceType.EVENT_TRACKER, medium);
        DEFAULTS.put(ResourceType.SOLUTION, medium);
        DEFAULTS.put(ResourceType.DATASET_IMPORT_JOB, imports);
        DEFAULTS.put(ResourceType.DATASET_EXPORT_JOB, imports);
        DEFAULTS.put(ResourceType.CAMPAIGN, campaign);
        DEFAULTS.put(ResourceType.SOLUTION_VERSION, training);
        DEFAULTS.put(ResourceType.BATCH_INFERENCE_JOB, training);
        DEFAULTS.put(ResourceType.METRIC_ATTRIBUTION, medium);
        DEFAULTS.put(ResourceType.RECOMMENDER, training); // creating one trains its model
    }

    private final Duration initialDelay;
    private final double multiplier;
    private final Duration maxDelay;
    private final double jitter;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration errorBudget;

    private WaitPolicy(Builder b) {
        this.initialDelay = b.initialDelay;
        this.multiplier = b.multiplier;
        this.maxDelay = b.maxDelay;
        this.jitter = b.jitter;
        this.timeout = b.timeout;
        this.maxAttempts = b.maxAttempts;
        this.errorBudget = b.errorBudget;
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "maxDelay (" + maxDelay + ") must not be less than initialDelay (" + initialDelay + ")");
        }
    }

    /**
     * A builder starting from multiplier 1.5, jitter 0.1, initial delay 1 s, max delay 10 s, timeout 30 min, no
     * attempt limit, error budget 2 min.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The built-in default for a resource type (see the table in the class javadoc).
     *
     * @param type the resource type
     * @return the default policy
     */
    public static WaitPolicy defaultFor(ResourceType type) {
        return DEFAULTS.get(Objects.requireNonNull(type, "type"));
    }

    /**
     * A builder initialised from this policy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A copy of this policy changed by the given mutation.
     *
     * @param mutation changes to apply to a builder initialised from this policy
     * @return the new policy
     */
    public WaitPolicy copy(Consumer<Builder> mutation) {
        Builder b = toBuilder();
        mutation.accept(b);
        return b.build();
    }

    /**
     * The delay before the second describe call.
     *
     * @return the initial delay
     */
    public Duration initialDelay() {
        return initialDelay;
    }

    /**
     * The factor each delay grows by.
     *
     * @return the multiplier, at least 1
     */
    public double multiplier() {
        return multiplier;
    }

    /**
     * The cap on any single delay (before jitter).
     *
     * @return the maximum delay
     */
    public Duration maxDelay() {
        return maxDelay;
    }

    /**
     * The jitter fraction: each delay is multiplied by a random factor in {@code [1 - jitter, 1 + jitter]}.
     *
     * @return the jitter, between 0 and 1
     */
    public double jitter() {
        return jitter;
    }

    /**
     * The overall deadline of a wait, measured from its start.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The maximum number of describe calls ({@link Integer#MAX_VALUE} means no limit).
     *
     * @return the attempt budget
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * How long a run of consecutive failed describe calls (throttling, 5xx, connection refused or reset, timeouts)
     * is ridden out before the wait gives up with the last error; zero gives up at the first one.
     *
     * @return the error budget
     */
    public Duration errorBudget() {
        return errorBudget;
    }

    /**
     * The delay after the given attempt, before jitter: {@code min(maxDelay, initialDelay * multiplier^(attempt -
     * 1))}.
     *
     * @param attempt the 1-based attempt that just completed
     * @return the nominal delay before the next attempt
     * @throws IllegalArgumentException if {@code attempt < 1}
     */
    public Duration nominalDelayAfter(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
        double nanos = initialDelay.toNanos() * Math.pow(multiplier, attempt - 1);
        double cap = maxDelay.toNanos();
        return Duration.ofNanos((long) Math.min(nanos, cap));
    }

    /**
     * The delay after the given attempt with jitter applied.
     *
     * @param attempt the 1-based attempt that just completed
     * @param random a value in {@code [0, 1)} choosing the point in the jitter range
     * @return the delay before the next attempt
     * @throws IllegalArgumentException if {@code attempt < 1}
     */
    public Duration delayAfter(int attempt, double random) {
        Duration nominal = nominalDelayAfter(attempt);
        double factor = 1 + jitter * (2 * random - 1);
        return Duration.ofNanos((long) (nominal.toNanos() * factor));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof WaitPolicy)) {
            return false;
        }
        WaitPolicy p = (WaitPolicy) o;
        return Double.compare(p.multiplier, multiplier) == 0
                && Double.compare(p.jitter, jitter) == 0
                && maxAttempts == p.maxAttempts
                && errorBudget.equals(p.errorBudget)
                && initialDelay.equals(p.initialDelay)
                && maxDelay.equals(p.maxDelay)
                && timeout.equals(p.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialDelay, multiplier, maxDelay, jitter, timeout, maxAttempts, errorBudget);
    }

    @Override
    public String toString() {
        return "WaitPolicy{initialDelay=" + initialDelay + ", multiplier=" + multiplier + ", maxDelay=" + maxDelay
                + ", jitter=" + jitter + ", timeout=" + timeout
                + ", maxAttempts=" + (maxAttempts == Integer.MAX_VALUE ? "unlimited" : maxAttempts)
                + ", errorBudget=" + errorBudget + "}";
    }

    /** Builds a {@link WaitPolicy}. Not thread-safe. */
    public static final class Builder {
        private Duration initialDelay = Duration.ofSeconds(1);
        private double multiplier = 1.5;
        private Duration maxDelay = Duration.ofSeconds(10);
        private double jitter = 0.1;
        private Duration timeout = Duration.ofMinutes(30);
        private int maxAttempts = Integer.MAX_VALUE;
        private Duration errorBudget = Duration.ofMinutes(2);

        private Builder() {}

        private Builder(WaitPolicy p) {
            this.initialDelay = p.initialDelay;
            this.multiplier = p.multiplier;
            this.maxDelay = p.maxDelay;
            this.jitter = p.jitter;
            this.timeout = p.timeout;
            this.maxAttempts = p.maxAttempts;
            this.errorBudget = p.errorBudget;
        }

        /**
         * Sets the delay before the second describe call.
         *
         * @param initialDelay the delay, zero or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder initialDelay(Duration initialDelay) {
            this.initialDelay = nonNegative(initialDelay, "initialDelay");
            return this;
        }

        /**
         * Sets the growth factor of the delays.
         *
         * @param multiplier at least 1 (1 means a fixed delay)
         * @return this builder
         * @throws IllegalArgumentException if less than 1 or not finite
         */
        public Builder multiplier(double multiplier) {
            if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("multiplier must be >= 1 and finite: " + multiplier);
            }
            this.multiplier = multiplier;
            return this;
        }

        /**
         * Sets the cap on a single delay.
         *
         * @param maxDelay the cap, zero or positive, not less than the initial delay (checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = nonNegative(maxDelay, "maxDelay");
            return this;
        }

        /**
         * Sets the jitter fraction.
         *
         * @param jitter between 0 (none) and 1
         * @return this builder
         * @throws IllegalArgumentException if outside {@code [0, 1]}
         */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("jitter must be within [0, 1]: " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /**
         * Sets the overall deadline of a wait.
         *
         * @param timeout the deadline, zero or positive, measured from the start of the wait
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder timeout(Duration timeout) {
            this.timeout = nonNegative(timeout, "timeout");
            return this;
        }

        /**
         * Sets the maximum number of describe calls.
         *
         * @param maxAttempts at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets how long a run of consecutive failed describe calls that may pass (throttling, 5xx, connection
         * refused or reset, timeouts) is ridden out before the wait gives up with the last error.
         *
         * @param errorBudget the budget, zero (give up at the first such failure) or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder errorBudget(Duration errorBudget) {
            this.errorBudget = nonNegative(errorBudget, "errorBudget");
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalArgumentException if maxDelay is less than initialDelay
         */
        public WaitPolicy build() {
            return new WaitPolicy(this);
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative: " + d);
            }
            return d;
        }
    }
}
