package io.personalizekit.internal.cache;

import java.time.Clock;
import java.time.Duration;

/**
 * A consecutive-failure circuit breaker. CLOSED lets every call through; after {@code failureThreshold} failures in
 * a row it OPENs and refuses calls for {@code openDuration}; then it lets one trial call through (HALF_OPEN), which
 * closes it on success or re-opens it on failure. Thread-safe; the closed fast path is one volatile read.
 */
public final class CircuitBreaker {
    /** The breaker's state. */
    public enum State {
        /** Calls pass. */
        CLOSED,
        /** Calls are refused. */
        OPEN,
        /** One trial call is in flight. */
        HALF_OPEN
    }

    /** Told of each change of state, after it happened, outside the breaker's lock. */
    @FunctionalInterface
    public interface Transitions {
        /** Ignores every change. */
        Transitions NONE = (from, to) -> {};

        /**
         * The breaker moved from one state to another.
         *
         * @param from the state before
         * @param to the state after
         */
        void changed(State from, State to);
    }

    private final int failureThreshold;
    private final long openMillis;
    private final Clock clock;
    private final Transitions transitions;
    private volatile State state = State.CLOSED;
    private int failures;
    private volatile long openedAt;

    /**
     * Creates a breaker.
     *
     * @param failureThreshold consecutive failures that open it
     * @param openDuration how long it stays open before a trial
     * @param clock the time source
     */
    public CircuitBreaker(int failureThreshold, Duration openDuration, Clock clock) {
        this(failureThreshold, openDuration, clock, Transitions.NONE);
    }

    /**
     * Creates a breaker that reports its changes of state.
     *
     * @param failureThreshold consecutive failures that open it
     * @param openDuration how long it stays open before a trial
     * @param clock the time source
     * @param transitions told of each change of state
     */
    public CircuitBreaker(int failureThreshold, Duration openDuration, Clock clock, Transitions transitions) {
        this.failureThreshold = failureThreshold;
        this.openMillis = openDuration.toMillis();
        this.clock = clock;
        this.transitions = transitions;
    }

    /**
     * Whether a call may go through now; when it returns true the caller must report {@link #onSuccess()} or {@link
     * #onFailure()}.
     *
     * @return true to make the call
     */
    public boolean allow() {
        if (state == State.CLOSED) {
            return true;
        }
        synchronized (this) {
            if (state != State.OPEN || clock.millis() - openedAt < openMillis) {
                return state == State.CLOSED;
            }
            state = State.HALF_OPEN;
        }
        transitions.changed(State.OPEN, State.HALF_OPEN);
        return true;
    }

    /**
     * Whether a call would be refused now: open and not yet due for its trial, or half-open with the trial in
     * flight. Changes nothing, so callers can take a cheaper path (serve stale at once) before {@link #allow()}.
     *
     * @return true when {@link #allow()} would refuse
     */
    public boolean rejectsNow() {
        State s = state;
        return s == State.HALF_OPEN || (s == State.OPEN && clock.millis() - openedAt < openMillis);
    }

    /**
     * Reports a successful call.
     *
     * @return true when this success closed an open breaker (a recovery)
     */
    public boolean onSuccess() {
        if (state == State.CLOSED && failures == 0) {
            return false;
        }
        State from;
        synchronized (this) {
            from = state;
            failures = 0;
            state = State.CLOSED;
        }
        if (from == State.CLOSED) {
            return false;
        }
        transitions.changed(from, State.CLOSED);
        return true;
    }

    /**
     * Reports a failed call.
     *
     * @return true when this failure opened a closed breaker (not when a failed trial re-opened it)
     */
    public boolean onFailure() {
        State from;
        synchronized (this) {
            from = state;
            if (from == State.HALF_OPEN || (from == State.CLOSED && ++failures >= failureThreshold)) {
                state = State.OPEN;
                openedAt = clock.millis();
            } else {
                return false;
            }
        }
        transitions.changed(from, State.OPEN);
        return from == State.CLOSED;
    }

    /**
     * The current state.
     *
     * @return the state
     */
    public State state() {
        return state;
    }
}
