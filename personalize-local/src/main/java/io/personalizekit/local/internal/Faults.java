package io.personalizekit.local.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Injected faults for testing clients: added latency, a throttling rate and a server-error rate, per operation
 * name (e.g. {@code GetRecommendations}) or for all operations ({@code "*"}). A per-operation rule wins. The rules
 * can be replaced while the server runs; each request reads them once. Also counts the requests per operation.
 */
public final class Faults {
    /** One rule: latency, and the fractions (0..1) of calls answered with throttling or a server error. */
    public record Rule(Duration latency, double throttlingRate, double serverErrorRate) {
        /** No fault. */
        public static final Rule NONE = new Rule(Duration.ZERO, 0, 0);
    }

    private volatile Map<String, Rule> rules;
    private final ConcurrentHashMap<String, LongAdder> received = new ConcurrentHashMap<>();
    private final Consumer<Duration> pause;

    /** @param rules by operation name, {@code "*"} for all */
    public Faults(Map<String, Rule> rules) {
        this(rules, Faults::park);
    }

    /**
     * @param rules by operation name, {@code "*"} for all
     * @param pause adds an injected latency on the handler thread (tests observe it instead of timing it)
     */
    public Faults(Map<String, Rule> rules, Consumer<Duration> pause) {
        this.rules = Map.copyOf(rules);
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /** Park, not sleep: the handler thread models a slow service; an interrupt ends the wait early. */
    private static void park(Duration latency) {
        java.util.concurrent.locks.LockSupport.parkNanos(latency.toNanos());
    }

    /** @param rules the new rules, by operation name, {@code "*"} for all; the next request sees them */
    public void replace(Map<String, Rule> rules) {
        this.rules = Map.copyOf(rules);
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Counts one request to an operation, answered or not. */
    void received(String operation) {
        received.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    /**
     * @param operation the operation name, or {@code "*"} for all
     * @return the requests received for it since the emulator was built
     */
    public long requestCount(String operation) {
        if (operation.equals("*")) {
            return received.values().stream().mapToLong(LongAdder::sum).sum();
        }
        LongAdder n = received.get(operation);
        return n == null ? 0 : n.sum();
    }

    Rule ruleFor(String operation) {
        Rule r = rules.get(operation);
        if (r == null) {
            r = rules.get("*");
        }
        return r == null ? Rule.NONE : r;
    }

    /**
     * Applies the rule for an operation: sleeps the latency, then maybe returns an error to answer with.
     *
     * @return the injected error, or {@code null} to proceed
     */
    @Nullable
    ApiException apply(String operation) {
        Rule r = ruleFor(operation);
        if (!r.latency().isZero()) {
            pause.accept(r.latency());
        }
        double roll = ThreadLocalRandom.current().nextDouble();
        if (roll < r.throttlingRate()) {
            return new ApiException("ThrottlingException", 400, "Rate exceeded");
        }
        if (roll < r.throttlingRate() + r.serverErrorRate()) {
            return new ApiException(
                    "InternalFailure", 500, "The request processing has failed because of an unknown error.");
        }
        return null;
    }
}
