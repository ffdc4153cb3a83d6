package io.personalizekit.local.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A change of state after creation, such as stopping or starting a recommender: {@code <X> PENDING} for the first
 * fifth of its duration, then {@code <X> IN_PROGRESS}, then its end state. Computed from the clock when read, like
 * {@link Lifecycle} and {@link Deletion}. Immutable; thread-safe.
 */
final class Transition {
    private final Clock clock;
    private final Instant started;
    private final Instant inProgressAt;
    private final Instant doneAt;
    private final String verb;
    private final String endState;

    /**
     * @param verb {@code STOP} or {@code START}
     * @param endState the status once done, for example {@code INACTIVE}
     */
    Transition(Clock clock, Duration duration, String verb, String endState) {
        this.clock = clock;
        this.started = clock.instant();
        this.inProgressAt = started.plus(duration.dividedBy(5));
        this.doneAt = started.plus(duration);
        this.verb = verb;
        this.endState = endState;
    }

    /** A stop: {@code STOP PENDING}, {@code STOP IN_PROGRESS}, {@code INACTIVE}. */
    static Transition stop(Clock clock, Duration duration) {
        return new Transition(clock, duration, "STOP", "INACTIVE");
    }

    /** A start: {@code START PENDING}, {@code START IN_PROGRESS}, {@code ACTIVE}. */
    static Transition start(Clock clock, Duration duration) {
        return new Transition(clock, duration, "START", "ACTIVE");
    }

    String status() {
        Instant now = clock.instant();
        if (now.isBefore(inProgressAt)) {
            return verb + " PENDING";
        }
        return now.isBefore(doneAt) ? verb + " IN_PROGRESS" : endState;
    }

    boolean isDone() {
        return !clock.instant().isBefore(doneAt);
    }

    Instant lastUpdated() {
        Instant now = clock.instant();
        if (now.isBefore(inProgressAt)) {
            return started;
        }
        return now.isBefore(doneAt) ? inProgressAt : doneAt;
    }
}
