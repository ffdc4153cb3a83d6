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

    private final int failureThreshold;
    private final long openMillis;
    private final Clock clock;
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
        this.failureThreshold = failureThreshold;
        this.openMillis = openDuration.toMillis();
        this.clock = clock;
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
            if (state == State.OPEN && clock.millis() - openedAt >= openMillis) {
                state = State.HALF_OPEN;
                return true;
            }
            return state == State.CLOSED;
        }
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
        synchronized (this) {
            boolean recovered = state != State.CLOSED;
            failures = 0;
            state = State.CLOSED;
            return recovered;
        }
    }

    /**
     * Reports a failed call.
     *
     * @return true when this failure opened a closed breaker (not when a failed trial re-opened it)
     */
    public synchronized boolean onFailure() {
        if (state == State.HALF_OPEN) {
            state = State.OPEN;
            openedAt = clock.millis();
            return false;
        }
        if (state == State.CLOSED && ++failures >= failureThreshold) {
            state = State.OPEN;
            openedAt = clock.millis();
            return true;
        }
        return false;
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
